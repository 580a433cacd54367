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
  test('on a version tag: checks the version and CHANGELOG, runs CI, publishes with provenance', () => {
    const wf = load('.github/workflows/release.yml');
    expect(wf.on.push.tags).toEqual(['v*.*.*']);
    expect(wf.permissions['id-token']).toBe('write');
    const script = scripts(wf.jobs.release.steps);
    expect(script).toContain('require("./package.json").version');
    expect(script).toContain('CHANGELOG.md');
    expect(script).toContain('bash .ci/run');
    expect(script).toContain('npm publish --provenance');
  });
});
