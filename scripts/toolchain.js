'use strict';
// The one place that finds the tool chains the runtime checks need (Python, Go, the Node versions
// under test) and the cache their heavy downloads and builds go to.
//
// - `findTool('python3' | 'go')` looks on PATH (or at $PYTHON / $GO), checks the version against
//   scripts/runtimes.json, and otherwise fails with a message that says what to install.
// - `installNode(major)` installs a Node binary from the npm registry (the node-<platform>-<arch>
//   package, checked against the integrity recorded in scripts/runtimes.json) into the cache.
// - `goEnv()` is the environment of every `go` command: module downloads and builds in the cache.
// - `goBinding(npmName)` generates the Go module of a jsii dependency from its npm package's own
//   assembly with jsii-pacmak, for the providers whose prebuilt Go modules the proxy refuses.
// - `pythonWheelhouse(python, requirements)` downloads pinned Python requirements once.
//
// The cache is ~/.cache/cdktf-entra-private-access/<thing>/<version> ($CDKTF_EPA_CACHE moves it).
// Everything in it is keyed by version and made again when missing: nothing needs it to be warm.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const RUNTIMES = JSON.parse(fs.readFileSync(path.join(__dirname, 'runtimes.json'), 'utf8'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The root of the cache. */
function cacheRoot() {
  return process.env.CDKTF_EPA_CACHE || path.join(os.homedir(), '.cache', 'cdktf-entra-private-access');
}

/** The cache folder of one thing at one version. */
function cacheDir(thing, version) {
  return path.join(cacheRoot(), thing, version);
}

/**
 * Returns the cache folder `dir`, filling it first with `fill(tmp)` when it is not complete. The
 * folder is written beside its place and renamed into it, so an interrupted run leaves nothing
 * half-made behind.
 */
function cached(dir, fill) {
  if (fs.existsSync(path.join(dir, '.complete'))) {
    return dir;
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(`${dir}.tmp-`);
  try {
    fill(tmp);
    fs.writeFileSync(path.join(tmp, '.complete'), '');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

/** Runs a command; throws with its output when it fails. */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error || r.status !== 0) {
    const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim();
    throw new Error(`${cmd} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ` with exit code ${r.status}`}\n${output}`);
  }
  return r.stdout;
}

/** The full path of an executable on PATH, or undefined. */
function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Compares dotted versions: negative, zero or positive. */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

const TOOLS = {
  python3: {
    variable: 'PYTHON',
    what: 'Python',
    versionArgs: ['--version'],
    parse: (out) => /Python (\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1],
    minimum: () => RUNTIMES.python.minimum,
    install: 'install Python 3 with venv and pip (Debian: apt-get install python3 python3-venv python3-pip), or set PYTHON to its path',
  },
  go: {
    variable: 'GO',
    what: 'Go',
    versionArgs: ['version'],
    parse: (out) => /go(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1],
    minimum: () => RUNTIMES.go.minimum,
    install: 'install Go (https://go.dev/doc/install, or Debian: apt-get install golang), or set GO to its path',
  },
};

/**
 * Finds a tool chain: $PYTHON / $GO when set, else `python3` / `go` on PATH. Returns { path,
 * version }; throws an error that names what is missing and how to get it.
 */
function findTool(name) {
  const tool = TOOLS[name];
  if (!tool) {
    throw new Error(`findTool: unknown tool ${name}`);
  }
  const fromEnv = process.env[tool.variable];
  const found = fromEnv || which(name);
  if (!found) {
    throw new Error(`${tool.what} is needed and was not found: no ${name} on PATH. To run this check, ${tool.install}.`);
  }
  const r = spawnSync(found, tool.versionArgs, { encoding: 'utf8' });
  const version = r.status === 0 ? tool.parse(`${r.stdout}${r.stderr}`) : undefined;
  if (!version) {
    throw new Error(`${tool.what} at ${found}${fromEnv ? ` ($${tool.variable})` : ''} does not run or tell its version: ${r.error?.message ?? `${r.stdout}${r.stderr}`.trim()}. ${tool.install}.`);
  }
  if (compareVersions(version, tool.minimum()) < 0) {
    throw new Error(`${tool.what} ${version} at ${found} is too old: these checks need ${tool.minimum()} or later. ${tool.install}.`);
  }
  return { path: found, version };
}

/** Whether the tool can be had; for tests that say why they cannot run rather than crash. */
function toolProblem(name) {
  try {
    findTool(name);
    return undefined;
  } catch (err) {
    return err.message;
  }
}

/**
 * Installs Node `major` (a key of runtimes.json's `node`) from the npm registry into the cache and
 * returns { node, binDir, version }. The binary is the npm package's own, checked against the
 * recorded integrity before it is unpacked; nothing is downloaded from anywhere else.
 */
function installNode(major) {
  const pin = RUNTIMES.node[major];
  if (!pin) {
    throw new Error(`No Node ${major} in scripts/runtimes.json; known: ${Object.keys(RUNTIMES.node).join(', ')}`);
  }
  const wanted = `node-${process.platform}-${process.arch}`;
  if (wanted !== pin.package) {
    throw new Error(`Node ${pin.version} is pinned as ${pin.package}; this machine needs ${wanted}. Add its integrity (npm view ${wanted}@${pin.version} dist.integrity) to scripts/runtimes.json.`);
  }
  const dir = cached(cacheDir('node', pin.version), (tmp) => {
    const packed = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', tmp, `${pin.package}@${pin.version}`], { cwd: tmp }));
    if (packed[0].integrity !== pin.integrity) {
      throw new Error(`${pin.package}@${pin.version} from the registry has integrity ${packed[0].integrity}, not the recorded ${pin.integrity}`);
    }
    const tarball = path.join(tmp, packed[0].filename);
    run('tar', ['-xzf', tarball, '-C', tmp, 'package/bin/node', 'package/LICENSE']);
    fs.renameSync(path.join(tmp, 'package', 'bin'), path.join(tmp, 'bin'));
    fs.renameSync(path.join(tmp, 'package', 'LICENSE'), path.join(tmp, 'LICENSE'));
    fs.rmSync(path.join(tmp, 'package'), { recursive: true, force: true });
    fs.rmSync(tarball);
  });
  const node = path.join(dir, 'bin', 'node');
  const version = run(node, ['--version']).trim();
  if (version !== `v${pin.version}`) {
    throw new Error(`${node} is ${version}, expected v${pin.version}; remove ${dir} and run again`);
  }
  return { node, binDir: path.dirname(node), version: pin.version };
}

/** An environment whose PATH finds `binDir`'s node (and so npm, npx and scripts run with it) first. */
function envWithNode(binDir, base = process.env) {
  return { ...base, PATH: `${binDir}${path.delimiter}${base.PATH ?? ''}` };
}

/**
 * The environment of every `go` command: modules and builds in the cache, no toolchain switch
 * (GOTOOLCHAIN=local: go.mod's `go` line never downloads another Go), writable module files (so
 * that the cache can be removed).
 */
function goEnv(base = process.env) {
  const go = findTool('go');
  return {
    ...base,
    PATH: `${path.dirname(go.path)}${path.delimiter}${base.PATH ?? ''}`,
    GOMODCACHE: path.join(cacheRoot(), 'go', 'mod'),
    GOCACHE: path.join(cacheRoot(), 'go', 'build'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
  };
}

/** package.json of an installed dependency. */
function installedManifest(npmName) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', npmName, 'package.json'), 'utf8'));
}

/** The Go module path of an installed jsii package, as jsii-pacmak names it: moduleName/packageName, with /vN from v2 on. */
function goModuleOf(npmName) {
  const manifest = installedManifest(npmName);
  const go = manifest.jsii?.targets?.go;
  if (!go) {
    throw new Error(`${npmName} has no Go target in its jsii configuration`);
  }
  const major = Number(manifest.version.split('.')[0]);
  // Without a packageName, jsii-pacmak names the package after the npm package, letters and digits only.
  const packageName = go.packageName ?? npmName.replace(/^@[^/]+\//, '').replace(/[^a-z0-9]/gi, '').toLowerCase();
  const base = `${go.moduleName}/${packageName}`;
  return { module: major >= 2 ? `${base}/v${major}` : base, packageName, version: manifest.version };
}

/**
 * The Go module of a jsii dependency, generated by jsii-pacmak from the assembly its npm package
 * ships (node_modules/<npmName>/.jsii), cached by the package's and jsii-pacmak's versions. For the
 * providers whose prebuilt Go modules the Go module proxy refuses (runtimes.json's
 * `go.bindingsBuiltLocally`); a `replace` directive points a program at it. Returns its folder.
 */
function goBinding(npmName, log = () => {}) {
  const reason = RUNTIMES.go.bindingsBuiltLocally[npmName];
  if (!reason) {
    throw new Error(`${npmName} is not among the Go bindings built locally (scripts/runtimes.json go.bindingsBuiltLocally)`);
  }
  const manifest = installedManifest(npmName);
  const pacmakVersion = installedManifest('jsii-pacmak').version;
  const { packageName } = goModuleOf(npmName);
  const dir = cached(cacheDir(path.join('go-bindings', npmName.replace(/^@/, '').replace(/\//g, '+')), `${manifest.version}-pacmak-${pacmakVersion}`), (tmp) => {
    log(`Generating the Go module of ${npmName}@${manifest.version} with jsii-pacmak ${pacmakVersion} (${reason}) …`);
    run(process.execPath, [path.join(ROOT, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'), '--code-only', '--targets', 'go', '--outdir', path.join(tmp, 'out'), path.join(ROOT, 'node_modules', npmName)], {
      cwd: ROOT,
    });
    fs.renameSync(path.join(tmp, 'out', 'go', packageName), path.join(tmp, packageName));
    fs.rmSync(path.join(tmp, 'out'), { recursive: true, force: true });
  });
  return path.join(dir, packageName);
}

/**
 * The Python requirements that match the TypeScript dependencies: each jsii dependency named in
 * package.json's devDependencies, at that exact version, by its Python distribution name (from its
 * own jsii configuration).
 */
function pythonRequirements(npmNames) {
  const dev = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies;
  return npmNames.map((name) => {
    const manifest = installedManifest(name);
    const dist = manifest.jsii?.targets?.python?.distName;
    if (!dist) {
      throw new Error(`${name} has no Python target in its jsii configuration`);
    }
    if (dev[name] !== manifest.version) {
      throw new Error(`${name}: package.json pins ${dev[name]}, node_modules has ${manifest.version}; run npm ci`);
    }
    return `${dist}==${manifest.version}`;
  });
}

/**
 * A folder of wheels holding `requirements` (exact `name==version` pins) and everything they need,
 * downloaded once from PyPI with `python -m pip download`, cached by the Python version and the
 * requirements; `pip install --no-index --find-links <it>` then installs offline.
 */
function pythonWheelhouse(python, requirements) {
  const version = run(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']).trim();
  const key = require('crypto').createHash('sha256').update([...requirements].sort().join('\n')).digest('hex').slice(0, 16);
  return cached(cacheDir('python-wheels', `py${version}-${key}`), (tmp) => {
    run(python, ['-m', 'pip', 'download', '--no-input', '--disable-pip-version-check', '--dest', tmp, ...requirements]);
    fs.writeFileSync(path.join(tmp, 'requirements.txt'), `${[...requirements].sort().join('\n')}\n`);
  });
}

module.exports = {
  ROOT,
  RUNTIMES,
  NPM,
  cacheRoot,
  cacheDir,
  cached,
  run,
  which,
  findTool,
  toolProblem,
  installNode,
  envWithNode,
  goEnv,
  goModuleOf,
  goBinding,
  installedManifest,
  pythonRequirements,
  pythonWheelhouse,
};
