'use strict';
// `npm run jsii`: compiles the public API with jsii, as a release would to build the Python, .NET,
// Java and Go packages, and fails on any error or on a warning outside the generated msgraph
// bindings (cdktf's output keeps its `delete` members). Then jsii-pacmak generates the code of
// every target configured in package.json's `jsii.targets` (`--code-only`: building the packages
// needs the registries of each language), so the target configuration is checked too.
//
// jsii compiles a copy of lib/ in a temporary folder with the package's manifest. jsii wants
// publishing metadata (`repository`, `author`); until package.json has them, the copy gets
// neutral values, so the assembly proves the API compiles but is not one to publish.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');

/** Compiles; returns { status, problems, assembly } (the assembly's JSON when it was written). */
function jsiiCheck() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jsii-'));
  try {
    fs.cpSync(path.join(ROOT, 'lib'), path.join(work, 'lib'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'README.md'), path.join(work, 'README.md'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    // npm pack (which jsii-pacmak runs) must not run the TypeScript build, and `files` names dist/.
    for (const key of ['exports', 'typesVersions', 'scripts', 'files']) {
      delete manifest[key];
    }
    fs.writeFileSync(
      path.join(work, 'package.json'),
      JSON.stringify({
        ...manifest,
        author: manifest.author ?? { name: 'jsii compile check', organization: true },
        repository: manifest.repository ?? { type: 'git', url: 'file:///jsii-compile-check' },
        bundleDependencies: Object.keys(manifest.dependencies ?? {}),
      }),
    );
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jsii', 'bin', 'jsii')], { cwd: work, encoding: 'utf8' });
    const problems = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter((l) => /\b(error|warning) JSII\d+/.test(l))
      .filter((l) => !/^lib\/gen\/.* warning JSII5018: "delete" is a reserved word/.test(l));
    const assemblyFile = path.join(work, '.jsii');
    const assembly = fs.existsSync(assemblyFile) ? JSON.parse(fs.readFileSync(assemblyFile, 'utf8')) : undefined;
    const targets = Object.keys(manifest.jsii.targets);
    let generated = [];
    let output = `${run.stdout}\n${run.stderr}`;
    if (run.status === 0 && assembly) {
      const pacmak = spawnSync(
        process.execPath,
        [path.join(ROOT, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'), '--code-only', ...targets.flatMap((t) => ['--targets', t])],
        { cwd: work, encoding: 'utf8' },
      );
      output += `${pacmak.stdout}\n${pacmak.stderr}`;
      const outdir = path.join(work, manifest.jsii.outdir);
      generated = pacmak.status === 0 && fs.existsSync(outdir) ? fs.readdirSync(outdir).filter((t) => targets.includes(t)).sort() : [];
    }
    return { status: run.status, problems, assembly, targets: [...targets].sort(), generated, output };
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
