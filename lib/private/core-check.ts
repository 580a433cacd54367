/**
 * One core of CDK for Terraform per program. A CDK Terrain (cdktn) project that uses this library
 * must point the name `cdktf` at cdktn (the README's override); without it the library and the
 * provider bindings load cdktf while the program's stacks are cdktn's, and the first synth fails
 * deep inside the core with `TypeError: e._resetResolveDiscoveredProviderFeatureUsage is not a
 * function`. This module finds that situation when the library loads and fails with the override
 * to add instead.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A core package as installed: its name (`cdktf` or `cdktn`), version and folder. */
export interface CoreInstall {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** What the check looks at; `twoCoresProblem` is a pure function of it. */
export interface CoreSituation {
  /** The core the library itself loads (`require('cdktf')` from the library). */
  readonly library: CoreInstall;
  /** Cores already loaded in this process (from `require.cache`), the library's included or not. */
  readonly loaded: CoreInstall[];
  /** The program's package.json, when one was found: its file and its manifest. */
  readonly app?: { readonly file: string; readonly manifest: Record<string, unknown> };
  /** The installed constructs version, for the snippet. */
  readonly constructsVersion?: string;
  /** Where relative paths in the message start. */
  readonly cwd: string;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** The README's override for npm, with the versions of this project filled in. */
export function overrideSnippet(cdktnVersion: string, constructsVersion: string): string {
  return [
    '{',
    `  "dependencies": { "cdktf": "npm:cdktn@${cdktnVersion}", "constructs": "${constructsVersion}" },`,
    '  "overrides": { "cdktf": "$cdktf", "constructs": "$constructs" }',
    '}',
  ].join('\n');
}

/** The message when the program has two cores, or undefined when it has one. */
export function twoCoresProblem(situation: CoreSituation): string | undefined {
  const { library } = situation;
  const where = (dir: string) => path.relative(situation.cwd, dir) || '.';
  // Two copies of one release share their global registries and methods; a cdktf element in a
  // cdktn stack (or another release) lacks what the other core calls at synth.
  const other = situation.loaded.find((core) => core.dir !== library.dir && (core.name !== library.name || core.version !== library.version));
  let program: string | undefined;
  let cdktnVersion: string | undefined;
  if (other) {
    program = `${other.name} ${other.version} (${where(other.dir)})`;
    cdktnVersion = other.name === 'cdktn' ? other.version : undefined;
  } else if (situation.app && library.name !== 'cdktn') {
    for (const field of DEPENDENCY_FIELDS) {
      const deps = situation.app.manifest[field];
      const spec = deps && typeof deps === 'object' ? (deps as Record<string, unknown>).cdktn : undefined;
      if (typeof spec === 'string') {
        program = `cdktn ${spec} (${where(situation.app.file)} ${field})`;
        cdktnVersion = /^\d+\.\d+\.\d+$/.test(spec) ? spec : undefined;
        break;
      }
    }
  }
  if (program === undefined) {
    return undefined;
  }
  return [
    `cdktf-entra-private-access: this program has two cores of CDK for Terraform: ${program}, and ${library.name} ${library.version} (${where(library.dir)}), which this library and the provider bindings use.`,
    'Constructs of one core cannot be synthesized by the other: synth would fail with "TypeError: e._resetResolveDiscoveredProviderFeatureUsage is not a function".',
    'Point the name cdktf at CDK Terrain, so that your program, the library and the bindings share one core. In package.json (npm):',
    '',
    overrideSnippet(cdktnVersion ?? '0.24.0', situation.constructsVersion && /^10\.[67]\./.test(situation.constructsVersion) ? situation.constructsVersion : '10.7.2'),
    '',
    'then run npm install (pnpm: "pnpm": { "overrides": { "cdktf": "npm:cdktn@…" } }; yarn: "resolutions"), and import from cdktf or cdktn alike. See the README, "CDK Terrain (cdktn)".',
  ].join('\n');
}

/** The package at `dir`, or undefined when it has no readable package.json. */
function installAt(dir: string): CoreInstall | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
    return { name: String(manifest.name), version: String(manifest.version), dir: realpath(dir) };
  } catch {
    return undefined;
  }
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The nearest package.json above `start` that is not inside node_modules. */
function findAppManifest(start: string): CoreSituation['app'] {
  let dir = start;
  for (let i = 0; i < 64; i++) {
    const file = path.join(dir, 'package.json');
    if (!dir.split(path.sep).includes('node_modules') && fs.existsSync(file)) {
      try {
        return { file, manifest: JSON.parse(fs.readFileSync(file, 'utf8')) };
      } catch {
        return undefined;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
  return undefined;
}

/** The situation of this process. */
export function currentSituation(): CoreSituation | undefined {
  let library: CoreInstall | undefined;
  try {
    library = installAt(path.dirname(require.resolve('cdktf/package.json')));
  } catch {
    return undefined;
  }
  if (!library) {
    return undefined;
  }
  const cache: Record<string, unknown> = (typeof require !== 'undefined' && require.cache) || {};
  const loaded: CoreInstall[] = [];
  for (const file of Object.keys(cache)) {
    const match = /^(.*[\\/]node_modules[\\/](?:cdktf|cdktn))[\\/]lib[\\/]index\.js$/.exec(file);
    const install = match ? installAt(match[1]) : undefined;
    if (install && (install.name === 'cdktf' || install.name === 'cdktn') && !loaded.some((l) => l.dir === install.dir)) {
      loaded.push(install);
    }
  }
  const main = typeof require !== 'undefined' ? require.main?.filename : undefined;
  let constructsVersion: string | undefined;
  try {
    constructsVersion = installAt(path.dirname(require.resolve('constructs/package.json')))?.version;
  } catch {
    constructsVersion = undefined;
  }
  return { library, loaded, app: findAppManifest(main ? path.dirname(main) : process.cwd()), constructsVersion, cwd: process.cwd() };
}

/** Fails with the override to add when this process has two cores; run when the library loads. */
export function assertOneCore(): void {
  const situation = currentSituation();
  const problem = situation && twoCoresProblem(situation);
  if (problem) {
    throw new Error(problem);
  }
}
