'use strict';
// `npm run jsii`: compiles the public API with jsii, as `npm run package:<language>` does to build
// the Python and Go packages, and fails on any error or on a warning outside the generated
// msgraph bindings. Then jsii-pacmak generates the code of every target configured in
// package.json's `jsii.targets` (`--code-only`: building the packages needs each language's tool
// chain and registry, which `npm run package:<language>` and `npm run test:runtimes` use), so the
// target configuration is checked too. How the assembly is staged: scripts/jsii-assembly.js.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { compileAssembly, pacmak, readManifest } = require('./jsii-assembly');

/** Compiles; returns { status, problems, assembly, targets, generated, output }. */
function jsiiCheck() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-'));
  try {
    const { status, output: compiled, problems, assembly } = compileAssembly(work);
    const manifest = readManifest();
    const targets = Object.keys(manifest.jsii.targets);
    let generated = [];
    let output = compiled;
    if (status === 0 && assembly) {
      const run = pacmak(work, ['--code-only', ...targets.flatMap((t) => ['--targets', t])]);
      output += `${run.stdout}\n${run.stderr}`;
      const outdir = path.join(work, manifest.jsii.outdir);
      generated = run.status === 0 && fs.existsSync(outdir) ? fs.readdirSync(outdir).filter((t) => targets.includes(t)).sort() : [];
    }
    return { status, problems, assembly, targets: [...targets].sort(), generated, output };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { jsiiCheck };

if (require.main === module) {
  const { status, problems, assembly, targets, generated, output } = jsiiCheck();
  if (status !== 0 || problems.length > 0 || !assembly || generated.join() !== targets.join()) {
    process.stderr.write(`${output}\njsii: ${problems.length} problem(s) in the library's own code\n${problems.join('\n')}\n`);
    process.exit(1);
  }
  const types = Object.keys(assembly.types ?? {}).length;
  process.stdout.write(`jsii: the public API compiles into an assembly of ${types} types, with no error and no warning in the library's own code; jsii-pacmak generated ${generated.join(', ')}\n`);
}
