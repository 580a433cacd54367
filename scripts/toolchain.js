'use strict';
// The one place that finds or builds what runs Terraform configurations here: the engine
// (`terraform` >= 1.5 on PATH, else OpenTofu built from the Go module proxy) and the providers
// the apply tests run for real (microsoft/msgraph; hashicorp/azuread when the proxy serves it),
// laid out as a Terraform `filesystem_mirror` with a CLI configuration, so that `init` runs offline.
//
// Builds are cached under ~/.cache/cdktf-entra-private-access/<thing>/<version> (override the root
// with CDKTF_EPA_CACHE) and made atomically (built into a temporary folder, then renamed), so an
// interrupted build leaves nothing half-made. Everything works cold: the first run builds.
//
//   node scripts/toolchain.js engine      prints the engine's path (building OpenTofu if needed)
//   node scripts/toolchain.js providers   builds the providers and prints the mirror's CLI config
//   node scripts/toolchain.js probe       says which provider versions the Go module proxy serves
//
// Nothing here calls `terraform`, `tofu` or `go` without finding it first; a missing tool fails
// with a message that says what to install.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

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

/** The cache root. */
function cacheRoot() {
  return process.env.CDKTF_EPA_CACHE || path.join(os.homedir(), '.cache', 'cdktf-entra-private-access');
}

/** The Terraform platform name of this machine (linux_amd64 and the like). */
function platform() {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch] || process.arch;
  const osName = process.platform === 'win32' ? 'windows' : process.platform;
  return `${osName}_${arch}`;
}

/** The full path of `command` on PATH, or undefined. */
function onPath(command) {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) {
          return candidate;
        }
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function compareVersions(a, b) {
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
    const terraform = onPath('terraform');
    const version = terraform && engineVersion(terraform);
    if (version && compareVersions(version.parts, MIN_ENGINE) >= 0) {
      return { path: terraform, kind: 'terraform', version: version.text, source: 'PATH' };
    }
  }
  const tofu = onPath('tofu');
  const tofuVersion = tofu && engineVersion(tofu);
  if (tofuVersion && compareVersions(tofuVersion.parts, [1, 6, 0]) >= 0) {
    return { path: tofu, kind: 'tofu', version: tofuVersion.text, source: 'PATH' };
  }
  const cached = path.join(cacheRoot(), 'opentofu', OPENTOFU_VERSION, 'tofu');
  if (fs.existsSync(cached)) {
    return { path: cached, kind: 'tofu', version: OPENTOFU_VERSION, source: 'cache' };
  }
  return undefined;
}

/** The Go toolchain: `go` on PATH or in /usr/local/go/bin; throws, saying what to do, without one. */
function findGo() {
  const go = onPath('go') || ['/usr/local/go/bin/go', '/usr/lib/go/bin/go'].find((p) => fs.existsSync(p));
  if (!go) {
    throw new Error(
      'Go is needed to build OpenTofu and the Terraform providers from the Go module proxy, and none was found (no `go` on PATH, nor /usr/local/go/bin/go). ' +
        'Install Go 1.22 or later, or put terraform >= 1.5 on PATH for the engine.',
    );
  }
  return go;
}

function goEnv() {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' };
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
  const run = spawnSync(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', tmp, pkg], { cwd: dir, env: goEnv(), encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'], maxBuffer: 1 << 26 });
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
  OPENTOFU_VERSION,
  PROVIDERS,
  cacheRoot,
  engineEnv,
  ensureEngine,
  ensureProvider,
  findEngine,
  findGo,
  onPath,
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
