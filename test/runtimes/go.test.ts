/**
 * The Go module, built and used as a Go user would: `npm run package:go` generates and compiles the
 * module; a copy of examples/go is pointed at it (and at the provider modules generated here, which
 * the Go module proxy refuses) with `replace` directives, takes cdktf, constructs and the jsii
 * runtime from the Go module proxy, synthesizes the same Terraform as the TypeScript example, and
 * its plan-review tests pass (and fail when the plan changes).
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildPackage } from '../../scripts/package';
import { findTool, goBinding, goEnv, goModuleOf, installNode, installedManifest, RUNTIMES } from '../../scripts/toolchain';
import { copyExample, exec, expectSameAsTypeScriptExample, mustRun, removeTemp, ROOT, tempDir } from './util';

const EXAMPLE = path.join(ROOT, 'examples', 'go');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  jsii: { targets: { go: { moduleName: string; packageName: string } } };
};
const LIBRARY = `${MANIFEST.jsii.targets.go.moduleName}/${MANIFEST.jsii.targets.go.packageName}`;

/** The `require` lines of a go.mod: module -> version. */
function requires(goMod: string): Record<string, string> {
  return Object.fromEntries([...goMod.matchAll(/^\s*(?:require\s+)?([\w.\-/]+\.[\w.\-/]+)\s+(v[\w.\-+]+)(\s*\/\/ indirect)?\s*$/gm)].filter((m) => !m[3]).map((m) => [m[1], m[2]]));
}

describe('the Go module', () => {
  let work: string;
  let example: string;
  let go: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    go = findTool('go').path; // fails here, saying what to install, when there is none
    env = { ...goEnv(), JSII_NODE: installNode(RUNTIMES.jsiiNode).node };
    work = tempDir('go');
    const built = buildPackage('go', path.join(work, 'dist'), () => {});
    example = path.join(work, 'example');
    copyExample(EXAMPLE, example);
    // Where a Go user of an unpublished module, or of a provider the proxy refuses, points go.mod.
    const replacements: Array<[string, string]> = [
      [LIBRARY, path.join(built, MANIFEST.jsii.targets.go.packageName)],
      ...Object.keys(RUNTIMES.go.bindingsBuiltLocally).map((npm): [string, string] => [goModuleOf(npm).module, goBinding(npm)]),
    ];
    mustRun(go, ['mod', 'edit', ...replacements.map(([from, to]) => `-replace=${from}=${to}`)], { cwd: example, env });
    mustRun(go, ['build', '-o', 'ssh-admin', '.'], { cwd: example, env });
  }, 15 * 60 * 1000);

  afterAll(() => removeTemp(work));

  test('is the module the jsii configuration names, requiring the TypeScript dependencies', () => {
    const built = path.join(work, 'dist', 'go', MANIFEST.jsii.targets.go.packageName);
    const goMod = fs.readFileSync(path.join(built, 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`^module ${LIBRARY.replace(/[.]/g, '\\.')}$`, 'm'));
    const azuread = goModuleOf('@cdktf/provider-azuread');
    // azurerm, an optional peer, is no dependency: the module compiles without it.
    expect(requires(goMod)).toEqual({
      'github.com/aws/jsii-runtime-go': `v${installedManifest('jsii-pacmak').version}`,
      [azuread.module]: `v${azuread.version}`,
      [goModuleOf('cdktf').module]: `v${installedManifest('cdktf').version}`,
      [goModuleOf('constructs').module]: `v${installedManifest('constructs').version}`,
    });
    // Only the library's module is the package: the locally generated providers are not in it.
    expect(fs.readdirSync(path.join(work, 'dist', 'go'))).toEqual([MANIFEST.jsii.targets.go.packageName]);
  });

  test('examples/go/go.mod requires the versions of package.json', () => {
    const goMod = fs.readFileSync(path.join(EXAMPLE, 'go.mod'), 'utf8');
    expect(goMod).not.toMatch(/^replace\b/m); // replacements are the machine's, added by this test
    const modules = ['cdktf', 'constructs', '@cdktf/provider-azuread', '@cdktf/provider-azurerm'].map(goModuleOf);
    expect(requires(goMod)).toEqual({
      'github.com/aws/jsii-runtime-go': `v${installedManifest('jsii-pacmak').version}`,
      [LIBRARY]: `v${MANIFEST.version}`,
      ...Object.fromEntries(modules.map((m) => [m.module, `v${m.version}`])),
    });
  });

  test('the Go SSH example synthesizes the same Terraform and access review as the TypeScript example', () => {
    const out = path.join(work, 'go-out');
    mustRun(path.join(example, 'ssh-admin'), [], { cwd: example, env: { ...env, CDKTF_OUTDIR: out } });
    expectSameAsTypeScriptExample(path.join(out, 'stacks', 'ssh-admin'), work);
  });

  test('the plan-review tests of examples/go pass with go test, and fail when the plan changes', () => {
    const goTest = () => exec(go, ['test', '-count=1', '-v', './...'], { cwd: example, env });
    if (process.env.UPDATE_EXAMPLE_SNAPSHOTS === '1') {
      // An intended change of the example: rewrite its golden files (then review their diff), as jest -u does.
      mustRun(go, ['test', '-count=1', './...', '-update'], { cwd: example, env });
      fs.cpSync(path.join(example, 'testdata'), path.join(EXAMPLE, 'testdata'), { recursive: true });
    }
    const passing = goTest();
    expect(passing.output).toMatch(/--- PASS: TestThePlan\b/);
    expect(passing.output).toMatch(/--- PASS: TestWhoCanReachWhat\b/);
    expect(passing.status).toBe(0);

    // The same tests against a plan that is not the one reviewed: the golden files catch it.
    const main = path.join(example, 'main.go');
    const source = fs.readFileSync(main, 'utf8');
    expect(source).toContain('DisplayName: jsii.String("Linux servers (SSH)")');
    fs.writeFileSync(main, source.replace('DisplayName: jsii.String("Linux servers (SSH)")', 'DisplayName: jsii.String("Linux servers (SSH, renamed)")'));
    try {
      const failing = goTest();
      expect(failing.output).toMatch(/--- FAIL: TestThePlan\b/);
      expect(failing.output).toMatch(/--- FAIL: TestWhoCanReachWhat\b/);
      expect(failing.output).toContain('differs from the stack');
      expect(failing.status).toBe(1);
    } finally {
      fs.writeFileSync(main, source);
    }
  });
});
