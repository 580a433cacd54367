'use strict';
// `npm run docgen`: writes API.md, the API reference generated from the doc comments by
// jsii-docgen (the format Construct Hub shows), from the jsii assembly of lib/. The assembly is
// the one `npm run jsii` compiles in a temporary folder (scripts/jsii-check.js); it is documented
// in another, so the working tree's .jsii and dist/ are left alone. test/api-reference.test.ts
// fails when API.md is not what the doc comments generate.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { jsiiCheck } = require('./jsii-check');

const ROOT = path.join(__dirname, '..');

/** Generates the API reference; returns { text } or { error }. */
function generateApiReference() {
  const { status, problems, assembly, output } = jsiiCheck();
  if (status !== 0 || problems.length > 0 || !assembly) {
    return { error: `jsii could not compile the public API:\n${problems.join('\n') || output}` };
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'api-reference-'));
  try {
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(work, 'package.json'));
    fs.writeFileSync(path.join(work, '.jsii'), JSON.stringify(assembly));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const out = path.join(work, 'API.md');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jsii-docgen', 'bin', 'jsii-docgen'), '--output', out], { cwd: work, encoding: 'utf8' });
    if (run.status !== 0 || !fs.existsSync(out)) {
      return { error: `jsii-docgen failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}` };
    }
    return { text: fs.readFileSync(out, 'utf8') };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { generateApiReference };

if (require.main === module) {
  const { text, error } = generateApiReference();
  if (error) {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  }
  fs.writeFileSync(path.join(ROOT, 'API.md'), text);
  process.stdout.write(`API.md: written from the doc comments of the public API (${text.split('\n').length} lines)\n`);
}
