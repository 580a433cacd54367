'use strict';
// The one place that finds or builds the tools this project runs beside Node, and the cache their
// heavy downloads and builds go to:
//
// - the Terraform engine (`terraform` >= 1.5 on PATH, else OpenTofu built from the Go module proxy)
//   and the providers the apply tests run for real (microsoft/msgraph; hashicorp/azuread when the
//   proxy serves it), laid out as a `filesystem_mirror` with a CLI configuration, so that `init`
//   runs offline: `ensureEngine()`, `ensureProvider(name)`, `writeMirror(providers)`;
// - Python and Go for the runtime checks: `findTool('python3' | 'go')` looks on PATH (or at $PYTHON
//   / $GO), checks the version against scripts/runtimes.json, and otherwise fails with a message
//   that says what to install;
// - the Node versions under test, from the npm registry: `installNode(major)`;
// - Go bindings of jsii dependencies whose Go modules the proxy refuses: `goBinding(npmName)`;
// - pinned Python requirements, downloaded once: `pythonWheelhouse(python, requirements)`.
//
// The cache is ~/.cache/cdktf-entra-private-access/<thing>/<version> ($CDKTF_EPA_CACHE moves it).
// Everything in it is keyed by version, made atomically (built beside its place and renamed) and
// made again when missing: nothing needs it to be warm.
//
//   node scripts/toolchain.js engine      prints the engine's path (building OpenTofu if needed)
//   node scripts/toolchain.js providers   builds the providers and prints the mirror's CLI config
//   node scripts/toolchain.js probe       says which provider versions the Go module proxy serves
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
 * Finds a tool chain: $PYTHON / $GO when set, else `python3` / `go` on PATH, else the first of
 * `alsoAt` that exists. Returns { path, version }; throws an error that names what is missing and
 * how to get it.
 */
function findTool(name, alsoAt = []) {
  const tool = TOOLS[name];
  if (!tool) {
    throw new Error(`findTool: unknown tool ${name}`);
  }
  const fromEnv = process.env[tool.variable];
  const found = fromEnv || which(name) || alsoAt.find((p) => fs.existsSync(p));
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
    GOFLAGS: '-modcacherw -buildvcs=false',
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


/** The OpenTofu release built when no `terraform` >= 1.5 is on PATH (MPL-2.0; served by the proxy). */
const OPENTOFU_VERSION = '1.10.6';
const OPENTOFU_MODULE = 'github.com/opentofu/opentofu';

/** The oldest engine that has `import` and `check` blocks, which synthesized stacks use. */
const MIN_ENGINE = [1, 5, 0];

/**
 * The providers, by name: the version the synthesized JSON pins, and the Go module versions to
 * try, newest first (the proxy refuses some: see `probe`).
 */
const PROVIDERS = {
  msgraph: {
    source: 'registry.terraform.io/microsoft/msgraph',
    module: 'github.com/microsoft/terraform-provider-msgraph',
    pinned: '0.5.0',
    // Provider version -> Go module version. The proxy answered 403 for v0.5.0 (and v0.5.1, v0.6.0)
    // on 2026-11-30; v0.4.0 is served.
    candidates: [
      ['0.5.0', 'v0.5.0'],
      ['0.4.0', 'v0.4.0'],
    ],
  },
  azuread: {
    source: 'registry.terraform.io/hashicorp/azuread',
    module: 'github.com/hashicorp/terraform-provider-azuread',
    pinned: '3.7.0',
    // Its tags lack the /v3 module suffix: the commit of v3.7.0 as a pseudo-version (facts §13).
    // The proxy answered 403 for it on 2026-11-30.
    candidates: [['3.7.0', 'v1.6.1-0.20251118193153-72ee4ffe4628']],
  },
};

/** The Terraform platform name of this machine (linux_amd64 and the like). */
function platform() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] || process.arch;
  const osName = process.platform === 'win32' ? 'windows' : process.platform;
  return `${osName}_${arch}`;
}

/** Compares [major, minor, patch] arrays: negative, zero or positive. */
function compareVersionParts(a, b) {
  for (let i = 0; i < 3; i++) {
    if ((a[i] || 0) !== (b[i] || 0)) {
      return (a[i] || 0) - (b[i] || 0);
    }
  }
  return 0;
}

/** The version of a terraform or tofu binary, from `version -json`, as [major, minor, patch]. */
function engineVersion(binary) {
  const run = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: engineEnv(), timeout: 30000 });
  if (run.status !== 0) {
    return undefined;
  }
  try {
    const version = JSON.parse(run.stdout).terraform_version;
    return { text: version, parts: version.split(/[.-]/).slice(0, 3).map(Number) };
  } catch {
    return undefined;
  }
}

/** The environment engines run with here: no telemetry, no user CLI configuration. */
function engineEnv(extra = {}) {
  return { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: os.devNull, TF_IN_AUTOMATION: '1', ...extra };
}

/**
 * The engine, if one is at hand without building: `terraform` >= 1.5 on PATH, else `tofu` >= 1.6 on
 * PATH, else the cached OpenTofu build. Returns `{ path, kind, version, source }` or undefined.
 * TF_ENGINE=tofu skips terraform (to test the OpenTofu path on a machine that has terraform).
 */
function findEngine() {
  if (process.env.TF_ENGINE !== 'tofu') {
    const terraform = which('terraform');
    const version = terraform && engineVersion(terraform);
    if (version && compareVersionParts(version.parts, MIN_ENGINE) >= 0) {
      return { path: terraform, kind: 'terraform', version: version.text, source: 'PATH' };
    }
  }
  const tofu = which('tofu');
  const tofuVersion = tofu && engineVersion(tofu);
  if (tofuVersion && compareVersionParts(tofuVersion.parts, [1, 6, 0]) >= 0) {
    return { path: tofu, kind: 'tofu', version: tofuVersion.text, source: 'PATH' };
  }
  const cached = path.join(cacheRoot(), 'opentofu', OPENTOFU_VERSION, 'tofu');
  if (fs.existsSync(cached)) {
    return { path: cached, kind: 'tofu', version: OPENTOFU_VERSION, source: 'cache' };
  }
  return undefined;
}

/** The Go toolchain's path; throws, saying what to install (or that terraform on PATH would do), without one. */
function findGo() {
  try {
    // Go's own installer and Debian's package put it here, off a non-login shell's PATH.
    return findTool('go', ['/usr/local/go/bin/go', '/usr/lib/go/bin/go']).path;
  } catch (err) {
    throw new Error(`${err.message} Go builds OpenTofu and the Terraform providers from the Go module proxy; with terraform >= 1.5 on PATH, only the providers need it.`);
  }
}

/** Error raised when the Go module proxy refuses a module version. */
class RefusedError extends Error {}

/** Downloads a module version into the Go module cache; returns its folder. Throws RefusedError if the proxy refuses it. */
function goDownload(go, module, version, log) {
  log(`go mod download ${module}@${version}`);
  const run = spawnSync(go, ['mod', 'download', '-json', `${module}@${version}`], { encoding: 'utf8', env: goEnv(), cwd: os.tmpdir(), maxBuffer: 1 << 24 });
  let info;
  try {
    info = JSON.parse(run.stdout);
  } catch {
    info = undefined;
  }
  if (run.status !== 0 || !info || info.Error || !info.Dir) {
    const why = (info && info.Error) || run.stderr.trim() || `exit ${run.status}`;
    if (/not available|403|404|410|not found|unknown revision|invalid version/i.test(why)) {
      throw new RefusedError(`the Go module proxy does not serve ${module}@${version}: ${why}`);
    }
    throw new Error(`go mod download ${module}@${version} failed: ${why}`);
  }
  return info.Dir;
}

/**
 * Holds a lock (a folder next to `out`) while `fn` runs, so that two processes do not build the same
 * thing at once; waits for another holder up to 30 minutes, then takes over a lock that old.
 */
function withLock(out, fn) {
  const lock = `${out}.lock`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') {
        throw err;
      }
      if (Date.now() > deadline) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 2000)']);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds package `pkg` of the module in `dir` into `out` (a file path), atomically. */
function goBuild(go, dir, pkg, out, log) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  log(`go build ${pkg} (in ${dir}) -> ${out}`);
  const run = spawnSync(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, pkg], { cwd: dir, env: { ...goEnv(), CGO_ENABLED: '0' }, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'], maxBuffer: 1 << 26 });
  if (run.status !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`go build ${pkg} in ${dir} failed (exit ${run.status}):\n${(run.stderr || '').slice(-4000)}`);
  }
  fs.renameSync(tmp, out);
  return out;
}

/** The engine, building OpenTofu from the Go module proxy when none is at hand. */
function ensureEngine(log = defaultLog) {
  const found = findEngine();
  if (found) {
    return found;
  }
  const go = findGo();
  const started = Date.now();
  log(`no terraform >= ${MIN_ENGINE.join('.')} on PATH: building OpenTofu ${OPENTOFU_VERSION} from the Go module proxy (a few minutes, once; cached)`);
  const out = path.join(cacheRoot(), 'opentofu', OPENTOFU_VERSION, 'tofu');
  withLock(out, () => {
    if (!fs.existsSync(out)) {
      goBuild(go, goDownload(go, OPENTOFU_MODULE, `v${OPENTOFU_VERSION}`, log), './cmd/tofu', out, log);
    }
  });
  log(`built OpenTofu ${OPENTOFU_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  const engine = findEngine();
  if (!engine) {
    throw new Error(`OpenTofu ${OPENTOFU_VERSION} was built but does not run; remove ${path.join(cacheRoot(), 'opentofu')} and try again`);
  }
  return engine;
}

/** The engine, found or built; for synchronous callers (the tests' helpers) that cannot await. */
/**
 * The environment that makes cdktf run `engine` where it runs `terraform`: at synth, cdktf checks
 * `terraform version` for every resource with an import block (adoption), through the shell, by
 * the name in TERRAFORM_BINARY_NAME. Empty when `terraform` on PATH is the engine.
 */
function cdktfEngineEnv(engine) {
  if (engine.kind === 'terraform' && engine.source === 'PATH') {
    return {};
  }
  return { TERRAFORM_BINARY_NAME: /^[\w@%+=:,./-]+$/.test(engine.path) ? engine.path : `'${engine.path.replace(/'/g, `'\\''`)}'` };
}

function requireEngine() {
  return ensureEngine(defaultLog);
}

function providerBinaryName(name, version) {
  return `terraform-provider-${name}_v${version}${process.platform === 'win32' ? '.exe' : ''}`;
}

/**
 * A provider, found in the cache or built from the Go module proxy: the newest candidate version
 * the proxy serves. Returns `{ name, source, version, pinned, binary, refused: [messages] }`, or
 * `{ name, refused }` without `binary` when the proxy serves no candidate.
 */
function ensureProvider(name, log = defaultLog) {
  const spec = PROVIDERS[name];
  if (!spec) {
    throw new Error(`unknown provider ${JSON.stringify(name)}; known: ${Object.keys(PROVIDERS).join(', ')}`);
  }
  const refused = [];
  for (const [version, goVersion] of spec.candidates) {
    const binary = path.join(cacheRoot(), 'providers', name, version, providerBinaryName(name, version));
    if (fs.existsSync(binary)) {
      return { name, source: spec.source, version, pinned: spec.pinned, binary, refused };
    }
    const refusedMarker = path.join(cacheRoot(), 'providers', name, version, 'REFUSED');
    if (fs.existsSync(refusedMarker) && Date.now() - fs.statSync(refusedMarker).mtimeMs < 24 * 3600 * 1000) {
      refused.push(fs.readFileSync(refusedMarker, 'utf8').trim());
      continue;
    }
    const go = findGo();
    let dir;
    try {
      dir = goDownload(go, spec.module, goVersion, log);
    } catch (err) {
      if (!(err instanceof RefusedError)) {
        throw err;
      }
      refused.push(err.message);
      log(err.message);
      // Remembered for a day, so that every run does not ask again.
      fs.mkdirSync(path.dirname(refusedMarker), { recursive: true });
      fs.writeFileSync(refusedMarker, `${err.message}\n`);
      continue;
    }
    const started = Date.now();
    withLock(binary, () => {
      if (!fs.existsSync(binary)) {
        goBuild(go, dir, '.', binary, log);
      }
    });
    log(`built ${name} ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
    return { name, source: spec.source, version, pinned: spec.pinned, binary, refused };
  }
  return { name, source: spec.source, pinned: spec.pinned, refused };
}

/**
 * Lays the given built providers out as an unpacked `filesystem_mirror`
 * (`<mirror>/<host>/<namespace>/<type>/<version>/<platform>/terraform-provider-<type>_v<version>`)
 * and writes a CLI configuration that installs only from it. Returns `{ mirror, cliConfig }`.
 * The mirror lives in the cache, keyed by the providers' names and versions; a provider is never
 * laid out under a version other than the one it was built as.
 */
function writeMirror(providers) {
  const key = providers.map((p) => `${p.name}-${p.version}`).sort().join('+');
  const mirror = path.join(cacheRoot(), 'mirror', key);
  for (const p of providers) {
    const dir = path.join(mirror, ...p.source.split('/'), p.version, platform());
    const target = path.join(dir, providerBinaryName(p.name, p.version));
    if (!fs.existsSync(target)) {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(p.binary, `${target}.tmp`);
      fs.chmodSync(`${target}.tmp`, 0o755);
      fs.renameSync(`${target}.tmp`, target);
    }
  }
  const cliConfig = path.join(mirror, 'terraform.rc');
  const text =
    'provider_installation {\n' +
    `  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${providers.map((p) => JSON.stringify(p.source)).join(', ')}]\n  }\n` +
    '}\n';
  fs.writeFileSync(cliConfig, text);
  return { mirror, cliConfig };
}

/** Asks the proxy (through `go mod download`) which candidate versions it serves; prints a line each. */
function probe(log = defaultLog) {
  const go = findGo();
  const out = [];
  const candidates = [...Object.values(PROVIDERS).flatMap((p) => p.candidates.map(([v, g]) => [p.module, v, g])), [OPENTOFU_MODULE, OPENTOFU_VERSION, `v${OPENTOFU_VERSION}`]];
  for (const [module, version, goVersion] of candidates) {
    try {
      goDownload(go, module, goVersion, () => undefined);
      out.push(`served   ${module}@${goVersion} (${version})`);
    } catch (err) {
      out.push(`REFUSED  ${module}@${goVersion} (${version}): ${err.message}`);
    }
  }
  out.forEach((line) => log(line));
  return out;
}

function defaultLog(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

module.exports = {
  ROOT,
  RUNTIMES,
  NPM,
  OPENTOFU_VERSION,
  PROVIDERS,
  cacheRoot,
  cacheDir,
  cached,
  run,
  which,
  onPath: which,
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
  engineEnv,
  ensureEngine,
  cdktfEngineEnv,
  ensureProvider,
  findEngine,
  findGo,
  platform,
  probe,
  requireEngine,
  writeMirror,
};

if (require.main === module) {
  const command = process.argv[2];
  try {
    if (command === 'engine') {
      const engine = ensureEngine();
      process.stdout.write(`${engine.path}\n`);
      defaultLog(`${engine.kind} ${engine.version} (${engine.source})`);
    } else if (command === 'providers') {
      const built = ['msgraph', 'azuread'].map((n) => ensureProvider(n));
      const usable = built.filter((p) => p.binary);
      for (const p of built) {
        defaultLog(p.binary ? `${p.name} ${p.version}${p.version !== p.pinned ? ` (the stacks pin ${p.pinned}; not served by the proxy)` : ''}: ${p.binary}` : `${p.name}: not buildable here: ${p.refused.join('; ')}`);
      }
      process.stdout.write(`${writeMirror(usable).cliConfig}\n`);
    } else if (command === 'probe') {
      probe();
    } else {
      process.stderr.write('usage: node scripts/toolchain.js engine|providers|probe\n');
      process.exit(2);
    }
  } catch (err) {
    process.stderr.write(`[toolchain] ${err.message}\n`);
    process.exit(1);
  }
}
