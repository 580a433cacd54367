'use strict';
// The jsii assembly of the library, compiled in a staging folder: shared by `npm run jsii` (the
// compile check) and `npm run package:<language>` (the Python, Go, ... packages).
//
// jsii compiles a copy of lib/ with a manifest made from package.json:
// - `exports`, `typesVersions`, `scripts` and `files` go (npm pack, which jsii-pacmak runs, must
//   not run the TypeScript build, and `files` names dist/);
// - the runtime dependencies are bundled, as jsii wants for dependencies that are not jsii modules;
// - optional peer dependencies (`peerDependenciesMeta.*.optional`, @cdktf/provider-azurerm) are
//   left out of the assembly's dependencies. jsii has no optional dependencies: every dependency of
//   the assembly becomes a required one of the Python distribution and an import of the Go module.
//   The public API names no type of theirs (the network constructs type their children as
//   `TerraformResource`), and the library loads them only when a network construct is made, from
//   whatever the program has loaded: a Python or Go program that makes one imports the azurerm
//   provider package for its `AzurermProvider` anyway, as a TypeScript one does.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

/** package.json, as the repository has it. */
function readManifest() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/**
 * The range of a peer dependency in the assembly. A range with alternatives (`cdktf`'s
 * `^0.21.0 || ^0.24.0`, for cdktf and for CDK Terrain's core under the same name) keeps the one the
 * assembly is compiled against, the pinned devDependency: jsii-pacmak would write the alternatives
 * as one unsatisfiable requirement (Python's `cdktf>=0.21.0,>=0.24.0,<0.22.0,<0.25.0`), and the
 * other languages' packages of CDK Terrain have other names anyway.
 */
function assemblyRange(name, range, pinned) {
  const alternatives = range.split('||').map((r) => r.trim());
  if (alternatives.length === 1) {
    return range;
  }
  const match = alternatives.filter((alt) => {
    const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(alt);
    const p = /^(\d+)\.(\d+)\.(\d+)$/.exec(pinned ?? '');
    if (!m || !p) {
      throw new Error(`jsii assembly: cannot choose from the range "${range}" of ${name} (pinned ${pinned}): only ^x.y.z alternatives and an exact devDependency are understood`);
    }
    const [, major, minor, patch] = m.map(Number);
    const [, pMajor, pMinor, pPatch] = p.map(Number);
    const sameLine = major === 0 ? pMajor === 0 && pMinor === minor : pMajor === major;
    return sameLine && (pMinor > minor || (pMinor === minor && pPatch >= patch) || pMajor > major);
  });
  if (match.length !== 1) {
    throw new Error(`jsii assembly: the devDependency ${name}@${pinned} matches ${match.length} of the alternatives of "${range}"; it must match one`);
  }
  return match[0];
}

/** The manifest jsii compiles with (see the header). */
function assemblyManifest(manifest = readManifest()) {
  const staged = { ...manifest };
  for (const key of ['exports', 'typesVersions', 'scripts', 'files']) {
    delete staged[key];
  }
  const optional = Object.keys(manifest.peerDependenciesMeta ?? {}).filter((name) => manifest.peerDependenciesMeta[name].optional);
  staged.peerDependencies = Object.fromEntries(
    Object.entries(manifest.peerDependencies ?? {})
      .filter(([name]) => !optional.includes(name))
      .map(([name, range]) => [name, assemblyRange(name, range, manifest.devDependencies?.[name])]),
  );
  delete staged.peerDependenciesMeta;
  staged.bundleDependencies = Object.keys(manifest.dependencies ?? {});
  return staged;
}

/**
 * Copies lib/, README.md, LICENSE (when there is one) and the assembly manifest into `work`, links
 * node_modules, and runs jsii there. Returns { status, output, problems, assembly }: `problems`
 * are jsii's errors and warnings outside the generated msgraph bindings (cdktf's generator output
 * keeps its `delete` members), `assembly` the parsed `.jsii` when one was written.
 */
function compileAssembly(work) {
  fs.cpSync(path.join(ROOT, 'lib'), path.join(work, 'lib'), { recursive: true });
  for (const file of ['README.md', 'LICENSE']) {
    if (fs.existsSync(path.join(ROOT, file))) {
      fs.copyFileSync(path.join(ROOT, file), path.join(work, file));
    }
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(work, 'package.json'), `${JSON.stringify(assemblyManifest(), null, 2)}\n`);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jsii', 'bin', 'jsii')], { cwd: work, encoding: 'utf8' });
  const output = `${run.stdout}\n${run.stderr}`;
  const problems = output
    .split('\n')
    .filter((l) => /\b(error|warning) JSII\d+/.test(l))
    .filter((l) => !/^lib\/gen\/.* warning JSII5018: "delete" is a reserved word/.test(l));
  const assemblyFile = path.join(work, '.jsii');
  const assembly = fs.existsSync(assemblyFile) ? JSON.parse(fs.readFileSync(assemblyFile, 'utf8')) : undefined;
  return { status: run.status, output, problems, assembly };
}

/** Runs jsii-pacmak in a staged, compiled folder with `args`; returns spawnSync's result. */
function pacmak(work, args, env = process.env) {
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
}

module.exports = { ROOT, readManifest, assemblyManifest, compileAssembly, pacmak };
