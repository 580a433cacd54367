/**
 * The Python package, built and used as a Python user would: `npm run package:python` builds the
 * wheel, a fresh virtual environment installs it with cdktf, constructs and the provider packages
 * from PyPI at the versions of the TypeScript dependencies, the Python SSH example synthesizes the
 * same Terraform as the TypeScript one, and the plan-review tests of examples/python pass (and
 * fail when the plan changes).
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildPackage } from '../../scripts/package';
import { cacheRoot, findTool, installNode, pythonRequirements, pythonWheelhouse, RUNTIMES } from '../../scripts/toolchain';
import { copyExample, exec, expectSameAsTypeScriptExample, mustRun, removeTemp, ROOT, tempDir } from './util';

const EXAMPLE = path.join(ROOT, 'examples', 'python');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The jsii dependencies of the example: the library's three, and azurerm for the network constructs. */
const DEPENDENCIES = ['cdktf', 'constructs', '@cdktf/provider-azuread', '@cdktf/provider-azurerm'];

describe('the Python package', () => {
  let work: string;
  let python: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    const system = findTool('python3'); // fails here, saying what to install, when there is none
    work = tempDir('python');
    buildPackage('python', path.join(work, 'dist'), () => {});
    const wheels = fs.readdirSync(path.join(work, 'dist', 'python')).filter((f) => f.endsWith('.whl'));
    expect(wheels).toEqual([`cdktf_entra_private_access-${VERSION}-py3-none-any.whl`]);

    const venv = path.join(work, 'venv');
    mustRun(system.path, ['-m', 'venv', venv]);
    python = path.join(venv, 'bin', 'python');
    env = {
      ...process.env,
      PIP_CACHE_DIR: path.join(cacheRoot(), 'pip'),
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      // The jsii kernel runs on a supported Node (20 is past its end of life), from the cache.
      JSII_NODE: installNode(RUNTIMES.jsiiNode).node,
    };
    const testTools = Object.entries(RUNTIMES.python.test).map(([name, version]) => `${name}==${version}`);
    // The requirements come from PyPI once (into the cache); this environment installs them from there.
    const wheelhouse = pythonWheelhouse(python, [...pythonRequirements(DEPENDENCIES), ...testTools]);
    mustRun(python, ['-m', 'pip', 'install', '--no-input', '--no-index', '--find-links', wheelhouse, path.join(work, 'dist', 'python', wheels[0]), ...pythonRequirements(DEPENDENCIES), ...testTools], {
      env,
    });
  }, 15 * 60 * 1000);

  afterAll(() => removeTemp(work));

  test('installs as the cdktf-entra-private-access distribution, module cdktf_entra_private_access, with the TypeScript dependencies as requirements', () => {
    const script = [
      'import importlib.metadata as m, json, cdktf_entra_private_access as epa',
      'd = m.distribution("cdktf-entra-private-access")',
      'print(json.dumps({"version": d.version, "requires": sorted(d.requires), "module": epa.__name__}))',
    ].join('\n');
    const info = JSON.parse(mustRun(python, ['-c', script], { env }).trim().split('\n').pop()!);
    expect(info.version).toBe(VERSION);
    expect(info.module).toBe('cdktf_entra_private_access');
    // The peers of package.json, azurerm (optional there) left out: the network constructs load it
    // only when a program makes one, and such a program imports it for its provider anyway.
    expect(info.requires.filter((r: string) => /^cdktf|^constructs/.test(r))).toEqual([
      'cdktf-cdktf-provider-azuread<15.0.0,>=14.3.1',
      'cdktf<0.22.0,>=0.21.0',
      'constructs<11.0.0,>=10.4.2',
    ]);
  });

  test('examples/python/requirements.txt pins the versions of package.json', () => {
    const pinned = fs
      .readFileSync(path.join(EXAMPLE, 'requirements.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const testTools = Object.entries(RUNTIMES.python.test).map(([name, version]) => `${name}==${version}`);
    expect(pinned.sort()).toEqual([`cdktf-entra-private-access==${VERSION}`, ...pythonRequirements(DEPENDENCIES), ...testTools].sort());
  });

  test('the Python SSH example synthesizes the same Terraform and access review as the TypeScript example', () => {
    const out = path.join(work, 'python-out');
    mustRun(python, ['main.py'], { cwd: EXAMPLE, env: { ...env, CDKTF_OUTDIR: out } });
    expectSameAsTypeScriptExample(path.join(out, 'stacks', 'ssh-admin'), work);
  });

  test('the plan-review tests of examples/python pass with pytest, and fail when the plan changes', () => {
    const pytest = (cwd: string) => exec(python, ['-m', 'pytest', '-p', 'no:cacheprovider', '-q'], { cwd, env });
    if (process.env.UPDATE_EXAMPLE_SNAPSHOTS === '1') {
      // An intended change of the example: rewrite its snapshots (then review their diff), as jest -u does.
      mustRun(python, ['-m', 'pytest', '-p', 'no:cacheprovider', '-q', '--snapshot-update'], { cwd: EXAMPLE, env });
    }
    const passing = pytest(EXAMPLE);
    if (passing.status === 5) {
      throw new Error(`pytest collected no tests in examples/python\n${passing.output}`);
    }
    expect(passing.output).toMatch(/\b2 passed\b/);
    expect(passing.output).not.toMatch(/\bfailed\b|\berror\b/);
    expect(passing.status).toBe(0);

    // The same tests against a plan that is not the one reviewed: the snapshot test catches it.
    const changed = path.join(work, 'changed');
    copyExample(EXAMPLE, changed);
    const main = path.join(changed, 'main.py');
    const source = fs.readFileSync(main, 'utf8');
    expect(source).toContain('display_name="Linux servers (SSH)"');
    fs.writeFileSync(main, source.replace('display_name="Linux servers (SSH)"', 'display_name="Linux servers (SSH, renamed)"'));
    const failing = pytest(changed);
    expect(failing.output).toMatch(/\b2 failed\b/);
    expect(failing.output).toContain('[- snapshot]');
    expect(failing.status).toBe(1);
  });
});
