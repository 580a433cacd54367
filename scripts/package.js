'use strict';
// `npm run package:python` and `npm run package:go`: the library's packages for other languages,
// built with jsii-pacmak from its jsii assembly (scripts/jsii-assembly.js), into dist-jsii/<language>.
//
// - python: the wheel and the sdist of the `cdktf-entra-private-access` distribution (module
//   `cdktf_entra_private_access`); jsii-pacmak builds them in a virtual environment of its own with
//   setuptools, wheel and twine from PyPI.
// - go: the Go module `<jsii.targets.go.moduleName>/<packageName>` in dist-jsii/go/<packageName>,
//   the folder a release pushes to the Go repository. It is tidied and compiled against its
//   dependencies: the cdktf and constructs modules from the Go module proxy, and the providers
//   whose Go modules the proxy refuses generated locally (scripts/toolchain.js `goBinding`) and
//   placed beside it, where jsii-pacmak's build finds them (a `replace` in a local go.mod that is
//   not part of the module).
//
// Usage: node scripts/package.js <python|go> [--outdir <dir>]
const fs = require('fs');
const os = require('os');
const path = require('path');
const { compileAssembly, pacmak, readManifest } = require('./jsii-assembly');
const { ROOT, RUNTIMES, cacheRoot, findTool, goBinding, goEnv, goModuleOf } = require('./toolchain');

const LANGUAGES = ['python', 'go'];

/** The environment jsii-pacmak builds `language` in. */
function buildEnv(language) {
  if (language === 'python') {
    const python = findTool('python3');
    return {
      ...process.env,
      PATH: `${path.dirname(python.path)}${path.delimiter}${process.env.PATH}`,
      PIP_CACHE_DIR: path.join(cacheRoot(), 'pip'),
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
    };
  }
  return { ...goEnv(), JSII_BUILD_GO: '1' };
}

/**
 * Builds the package of `language` into `<outdir>/<language>` (replacing what was there) and
 * returns that folder. `log` receives progress lines.
 */
function buildPackage(language, outdir = path.join(ROOT, readManifest().jsii.outdir), log = (line) => process.stdout.write(`${line}\n`)) {
  if (!LANGUAGES.includes(language)) {
    throw new Error(`package: unknown language "${language}"; one of ${LANGUAGES.join(', ')}`);
  }
  const env = buildEnv(language); // finds the tool chain first: fail before the long compile
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `package-${language}-`));
  try {
    log(`Compiling the jsii assembly …`);
    const { status, output, problems, assembly } = compileAssembly(work);
    if (status !== 0 || !assembly) {
      throw new Error(`jsii failed:\n${output}\n${problems.join('\n')}`);
    }
    const target = path.join(outdir, language);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    if (language === 'go') {
      // The dependencies the proxy does not serve, where jsii-pacmak's Go build looks for local modules.
      for (const dep of Object.keys(assembly.dependencies ?? {}).filter((d) => RUNTIMES.go.bindingsBuiltLocally[d])) {
        const { packageName } = goModuleOf(dep);
        fs.symlinkSync(goBinding(dep, log), path.join(target, packageName), 'dir');
      }
    }
    log(`jsii-pacmak: building the ${language} package …`);
    const run = pacmak(work, ['--targets', language, '--outdir', outdir], env);
    if (run.status !== 0) {
      throw new Error(`jsii-pacmak --targets ${language} failed:\n${run.stdout}\n${run.stderr}`);
    }
    if (language === 'go') {
      // Only the library's module is the package; the local dependencies stay in the cache.
      for (const entry of fs.readdirSync(target)) {
        if (fs.lstatSync(path.join(target, entry)).isSymbolicLink()) {
          fs.unlinkSync(path.join(target, entry));
        }
      }
    }
    return target;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The files a built package consists of, relative to its folder (for logs and tests). */
function listPackage(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

module.exports = { LANGUAGES, buildPackage, listPackage };

if (require.main === module) {
  const args = process.argv.slice(2);
  const language = args[0];
  const at = args.indexOf('--outdir');
  const outdir = at >= 0 ? path.resolve(args[at + 1]) : undefined;
  const started = Date.now();
  try {
    const dir = buildPackage(language, outdir);
    const files = listPackage(dir);
    const shown = language === 'python' ? files : files.filter((f) => !f.includes(path.sep) || f.endsWith('go.mod'));
    process.stdout.write(`package:${language}: ${path.relative(process.cwd(), dir) || dir} (${files.length} files, ${Math.round((Date.now() - started) / 1000)} s)\n${shown.map((f) => `  ${f}`).join('\n')}\n`);
  } catch (err) {
    process.stderr.write(`package:${language ?? ''}: ${err.message}\n`);
    process.exit(1);
  }
}
