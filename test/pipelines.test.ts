import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';

// The example pipelines and the CI workflow are run, not read: test/pipelines/*.test.ts runs
// their jobs here with the shells the runners use, against stand-ins of the tools.

const ROOT = path.join(__dirname, '..');

/** A YAML file, parsed; a syntax error or a duplicate key fails the test. */
function load(file: string): any {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, file), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map(String)).toEqual([]);
  return doc.toJS();
}

/** Every `run`/`script`/`inlineScript` of a pipeline, joined. */
function scripts(node: any): string {
  if (Array.isArray(node)) {
    return node.map(scripts).join('\n');
  }
  if (node && typeof node === 'object') {
    return Object.entries(node)
      .map(([k, v]) => (['run', 'script', 'inlineScript'].includes(k) && typeof v === 'string' ? v : scripts(v)))
      .join('\n');
  }
  return '';
}

describe('.github/workflows/release.yml', () => {
  const wf = load('.github/workflows/release.yml');
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  test('on a version tag: checks the version and CHANGELOG and runs CI, with Python and Go set up', () => {
    expect(wf.on.push.tags).toEqual(['v*.*.*']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const script = scripts(wf.jobs.test.steps);
    expect(script).toContain('require("./package.json").version');
    expect(script).toContain('CHANGELOG.md');
    expect(script).toContain('bash .ci/run');
    const uses = wf.jobs.test.steps.map((s: { uses?: string }) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining([expect.stringMatching(/^actions\/setup-python@/), expect.stringMatching(/^actions\/setup-go@/)]));
  });

  test('after the tests, publishes npm with provenance, the Python package to PyPI and the Go module to its repository', () => {
    for (const job of ['npm', 'pypi', 'go']) {
      expect(wf.jobs[job].needs).toBe('test');
    }
    expect(scripts(wf.jobs.npm.steps)).toContain('npm publish --provenance');
    expect(wf.jobs.npm.permissions['id-token']).toBe('write');

    expect(scripts(wf.jobs.pypi.steps)).toContain('npm run package:python');
    const publish = wf.jobs.pypi.steps.find((s: { uses?: string }) => s.uses?.startsWith('pypa/gh-action-pypi-publish@'));
    expect(publish.with['packages-dir']).toBe(`${manifest.jsii.outdir}/python`);
    expect(wf.jobs.pypi.permissions['id-token']).toBe('write'); // trusted publishing: no token

    const go = manifest.jsii.targets.go;
    const goScript = scripts(wf.jobs.go.steps);
    expect(goScript).toContain('npm run package:go');
    expect(goScript).toContain(`cp -r ${manifest.jsii.outdir}/go/${go.packageName} go-repository/${go.packageName}`);
    expect(goScript).toContain(`git tag "${go.packageName}/v\${version}"`);
    const repository = wf.jobs.go.steps.find((s: { with?: { repository?: string } }) => s.with?.repository);
    expect(`github.com/${repository.with.repository}`).toBe(go.moduleName);
  });
});
