/**
 * A CDK Terrain project that forgot the README's override has two cores: its stacks are cdktn's,
 * the library and the provider bindings load cdktf. The library finds that when it loads and fails
 * with the override to add, instead of `TypeError: e._resetResolveDiscoveredProviderFeatureUsage is
 * not a function` at synth.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CoreInstall, overrideSnippet, twoCoresProblem } from '../lib/private/core-check';

const ROOT = path.join(__dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ON_CDKTN = require('cdktf/package.json').name === 'cdktn';

const cwd = '/project';
const cdktf: CoreInstall = { name: 'cdktf', version: '0.21.0', dir: '/project/node_modules/cdktf' };
const cdktn: CoreInstall = { name: 'cdktn', version: '0.24.0', dir: '/project/node_modules/cdktn' };

describe('two cores of CDK for Terraform', () => {
  test('a cdktn core loaded next to the library\'s cdktf is found, and the message gives the override with the installed versions', () => {
    const problem = twoCoresProblem({ library: cdktf, loaded: [cdktn, cdktf], constructsVersion: '10.7.2', cwd });
    expect(problem).toContain('two cores of CDK for Terraform: cdktn 0.24.0 (node_modules/cdktn), and cdktf 0.21.0 (node_modules/cdktf)');
    expect(problem).toContain('TypeError: e._resetResolveDiscoveredProviderFeatureUsage is not a function');
    expect(problem).toContain(overrideSnippet('0.24.0', '10.7.2'));
    expect(JSON.parse(overrideSnippet('0.24.0', '10.7.2'))).toEqual({
      dependencies: { cdktf: 'npm:cdktn@0.24.0', constructs: '10.7.2' },
      overrides: { cdktf: '$cdktf', constructs: '$constructs' },
    });
    expect(problem).not.toContain(cwd); // paths relative to the project
  });

  test('a program whose package.json depends on cdktn is found before cdktn is loaded', () => {
    const app = { file: '/project/package.json', manifest: { dependencies: { cdktn: '0.24.1', constructs: '10.6.0' } } };
    const problem = twoCoresProblem({ library: cdktf, loaded: [], app, constructsVersion: '10.6.0', cwd });
    expect(problem).toContain('cdktn 0.24.1 (package.json dependencies)');
    expect(problem).toContain('"cdktf": "npm:cdktn@0.24.1", "constructs": "10.6.0"');
  });

  test('one core is fine: cdktf alone, cdktn behind the override, or two copies of one release', () => {
    expect(twoCoresProblem({ library: cdktf, loaded: [cdktf], cwd })).toBeUndefined();
    const aliased: CoreInstall = { ...cdktn, dir: '/project/node_modules/cdktf' };
    const app = { file: '/project/package.json', manifest: { dependencies: { cdktf: 'npm:cdktn@0.24.0' }, overrides: { cdktf: '$cdktf' } } };
    expect(twoCoresProblem({ library: aliased, loaded: [aliased], app, cwd })).toBeUndefined();
    expect(twoCoresProblem({ library: aliased, loaded: [aliased, cdktn], cwd })).toBeUndefined();
    expect(twoCoresProblem({ library: cdktf, loaded: [], app: { file: '/project/package.json', manifest: { dependencies: { cdktf: '0.21.0' } } }, cwd })).toBeUndefined();
  });

  // The real thing: cdktn installed from the registry into an empty project, whose program imports
  // cdktn and then the library (which loads this repository's cdktf 0.21). Without the check this
  // program dies at synth with the TypeError; with it, it stops when the library loads.
  (ON_CDKTN ? test.skip : test)('a cdktn program that loads the library without the override stops at load with the override to add', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktn-no-override-'));
    try {
      fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'cdktn-app', version: '1.0.0', private: true }));
      const install = spawnSync(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', 'cdktn@0.24.0', 'constructs@10.7.2'], {
        cwd: project,
        encoding: 'utf8',
      });
      expect(install.stderr).not.toMatch(/ERR!/);
      expect(install.status).toBe(0);
      fs.writeFileSync(
        path.join(project, 'main.js'),
        [
          `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.json'))} });`,
          "const { App, TerraformStack } = require('cdktn');",
          `const { Destination, MsgraphProvider, Principal, SshAdminAccess } = require(${JSON.stringify(path.join(ROOT, 'lib', 'index.ts'))});`,
          "const app = new App({ outdir: 'cdktf.out' });",
          "const stack = new TerraformStack(app, 'ssh');",
          "new MsgraphProvider(stack, 'msgraph');",
          "new SshAdminAccess(stack, 'LinuxSsh', { displayName: 'Linux servers', servers: [Destination.ipAddress('10.20.0.4')], principals: [Principal.groupId('11111111-1111-1111-1111-111111111111')] });",
          'app.synth();',
        ].join('\n'),
      );
      const run = spawnSync(process.execPath, ['main.js'], { cwd: project, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
      expect(run.status).not.toBe(0);
      expect(run.stderr).not.toMatch(/^TypeError/m); // the crash at synth, not the message that names it
      expect(run.stderr).toContain('cdktf-entra-private-access: this program has two cores of CDK for Terraform: cdktn 0.24.0 (node_modules/cdktn)');
      expect(run.stderr).toContain('"cdktf": "npm:cdktn@0.24.0", "constructs": "10.7.2"');
      expect(fs.existsSync(path.join(project, 'cdktf.out'))).toBe(false);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
