'use strict';
// `node scripts/npm-assembly.js <file>` (run by `prepack`): writes the jsii assembly of the public
// API to <file>, so that the npm package carries its `.jsii` and Construct Hub can list it with its
// API documentation. The assembly is the one `npm run jsii` compiles (scripts/jsii-check.js), and
// it is written only when that check passes: no error, no warning in the library's own code.
//
// On CDK Terrain (cdktf aliased to cdktn, as `npm run test:cdktn` installs it) jsii cannot resolve
// cdktf's assembly: this says so and writes nothing. Releases are built with cdktf.
const fs = require('fs');
const path = require('path');
const { jsiiCheck } = require('./jsii-check');

const ROOT = path.join(__dirname, '..');

/** Writes the assembly to `file`; returns the exit code. */
function writeAssembly(file) {
  const core = JSON.parse(fs.readFileSync(require.resolve('cdktf/package.json', { paths: [ROOT] }), 'utf8'));
  if (core.name !== 'cdktf') {
    process.stderr.write(`jsii: cdktf is ${core.name}@${core.version} here, whose jsii assembly jsii cannot resolve; the package is packed without its .jsii (releases are built with cdktf)\n`);
    return 0;
  }
  const { status, problems, assembly, output } = jsiiCheck();
  if (status !== 0 || problems.length > 0 || !assembly) {
    process.stderr.write(`${output}\njsii: the assembly was not written: ${problems.length} problem(s) in the library's own code\n${problems.join('\n')}\n`);
    return 1;
  }
  fs.writeFileSync(file, `${JSON.stringify(assembly, null, 2)}\n`);
  // stderr: `npm pack --json` prints its JSON on stdout, after the lifecycle scripts.
  process.stderr.write(`jsii: wrote the assembly to ${path.relative(process.cwd(), file) || file}\n`);
  return 0;
}

module.exports = { writeAssembly };

if (require.main === module) {
  if (!process.argv[2]) {
    process.stderr.write('usage: node scripts/npm-assembly.js <file>\n');
    process.exit(2);
  }
  process.exit(writeAssembly(path.resolve(process.argv[2])));
}
