/**
 * The one place that finds tool chains (scripts/toolchain.js) and the manifest jsii compiles the
 * assembly with (scripts/jsii-assembly.js): what they refuse and how they say it. The runtime
 * checks that use them for real run with `npm run test:runtimes`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findTool, goModuleOf, installNode, pythonRequirements, toolProblem } from '../scripts/toolchain';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemblyManifest } = require('../scripts/jsii-assembly') as { assemblyManifest: (manifest?: object) => any };

/** Runs `fn` with environment variables set (undefined removes one), then restores them. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = v;
      }
    }
  };
  apply(vars);
  try {
    return fn();
  } finally {
    apply(saved);
  }
}

describe('findTool', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolchain-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** An executable script in `dir` that prints `text`. */
  function fakeTool(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `#!/bin/sh\necho '${text}'\n`, { mode: 0o755 });
    return file;
  }

  test('says what to install when the tool is not on PATH', () => {
    withEnv({ PATH: dir, PYTHON: undefined, GO: undefined }, () => {
      expect(() => findTool('python3')).toThrow(/^Python is needed and was not found: no python3 on PATH\. To run this check, install Python 3 with venv/);
      expect(toolProblem('go')).toMatch(/^Go is needed and was not found: no go on PATH\. .*install Go/);
    });
  });

  test('refuses a version older than scripts/runtimes.json asks for, and one that does not tell its version', () => {
    withEnv({ GO: fakeTool('go-old', 'go version go1.20.3 linux/amd64'), PYTHON: fakeTool('python-mute', 'hello') }, () => {
      expect(() => findTool('go')).toThrow(/^Go 1\.20\.3 at .*go-old is too old: these checks need 1\.23 or later/);
      expect(() => findTool('python3')).toThrow(/^Python at .*python-mute \(\$PYTHON\) does not run or tell its version/);
    });
  });

  test('takes $GO or $PYTHON when they name a recent enough tool', () => {
    withEnv({ GO: fakeTool('go-new', 'go version go1.26.8 linux/amd64') }, () => {
      expect(findTool('go')).toEqual({ path: path.join(dir, 'go-new'), version: '1.26.8' });
    });
  });
});

describe('installNode', () => {
  test('installs only the Node versions pinned in scripts/runtimes.json', () => {
    expect(() => installNode('19')).toThrow(/^No Node 19 in scripts\/runtimes\.json; known: 22, 24/);
  });
});

/** Under `npm run test:cdktn`, `cdktf` and `constructs` are CDK Terrain's, whose packages have other coordinates. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ON_CDKTN = require('cdktf/package.json').name === 'cdktn';

describe('derived coordinates', () => {
  (ON_CDKTN ? test.skip : test)('Python requirements and Go modules of the jsii dependencies, at the versions package.json pins', () => {
    expect(pythonRequirements(['cdktf', 'constructs', '@cdktf/provider-azuread'])).toEqual([
      'cdktf==0.21.0',
      'constructs==10.4.2',
      'cdktf-cdktf-provider-azuread==14.3.1',
    ]);
    expect(goModuleOf('@cdktf/provider-azurerm')).toEqual({
      module: 'github.com/cdktf/cdktf-provider-azurerm-go/azurerm/v14',
      packageName: 'azurerm',
      version: '14.23.1',
    });
    expect(goModuleOf('constructs').module).toBe('github.com/aws/constructs-go/constructs/v10');
    expect(goModuleOf('cdktf').module).toBe('github.com/hashicorp/terraform-cdk-go/cdktf'); // v0: no suffix
  });
});

describe('the manifest of the jsii assembly', () => {
  const base = {
    name: 'x',
    scripts: { build: 'tsc' },
    files: ['dist'],
    dependencies: { tldts: '^7.5.5' },
    peerDependencies: { cdktf: '^0.21.0 || ^0.24.0', constructs: '^10.4.2', '@cdktf/provider-azurerm': '^14.23.1' },
    peerDependenciesMeta: { '@cdktf/provider-azurerm': { optional: true } },
    devDependencies: { cdktf: '0.21.0', constructs: '10.4.2', '@cdktf/provider-azurerm': '14.23.1' },
  };

  test('leaves out optional peers, keeps the alternative of a range the pinned version is in, and bundles the runtime dependencies', () => {
    const m = assemblyManifest(base);
    expect(m.peerDependencies).toEqual({ cdktf: '^0.21.0', constructs: '^10.4.2' });
    expect(m.peerDependenciesMeta).toBeUndefined();
    expect(m.bundleDependencies).toEqual(['tldts']);
    expect(m.scripts).toBeUndefined();
    expect(m.files).toBeUndefined();
    expect(assemblyManifest({ ...base, devDependencies: { ...base.devDependencies, cdktf: '0.24.3' } }).peerDependencies.cdktf).toBe('^0.24.0');
  });

  test('refuses a range it cannot choose from', () => {
    expect(() => assemblyManifest({ ...base, devDependencies: { ...base.devDependencies, cdktf: '0.22.0' } })).toThrow(
      /the devDependency cdktf@0\.22\.0 matches 0 of the alternatives of "\^0\.21\.0 \|\| \^0\.24\.0"/,
    );
    expect(() => assemblyManifest({ ...base, peerDependencies: { ...base.peerDependencies, cdktf: '>=0.21 || ^0.24.0' } })).toThrow(
      /cannot choose from the range ">=0\.21 \|\| \^0\.24\.0" of cdktf/,
    );
  });
});
