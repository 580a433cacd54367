/** Types of scripts/toolchain.js, for the tests (test/runtimes, test/apply, test/util.ts). */
export interface NodePin {
  readonly version: string;
  readonly package: string;
  readonly integrity: string;
}
export interface Runtimes {
  readonly node: { readonly [major: string]: NodePin };
  readonly nodeSubset: string[];
  readonly jsiiNode: string;
  readonly cdktn: { readonly cdktn: string; readonly 'cdktn-cli': string; readonly constructs: string; readonly node: string };
  readonly python: { readonly minimum: string; readonly test: { readonly [name: string]: string } };
  readonly go: { readonly minimum: string; readonly bindingsBuiltLocally: { readonly [npmName: string]: string } };
}
export declare const ROOT: string;
export declare const RUNTIMES: Runtimes;
export declare const NPM: string;
export declare function cacheRoot(): string;
export declare function cacheDir(thing: string, version: string): string;
export declare function run(cmd: string, args: string[], options?: import('child_process').SpawnSyncOptions): string;
export declare function which(cmd: string): string | undefined;
export declare function findTool(name: 'python3' | 'go', alsoAt?: string[]): { path: string; version: string };
export declare function toolProblem(name: 'python3' | 'go'): string | undefined;
export declare function installNode(major: string): { node: string; binDir: string; version: string };
export declare function envWithNode(binDir: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function goEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function goModuleOf(npmName: string): { module: string; packageName: string; version: string };
export declare function goBinding(npmName: string, log?: (line: string) => void): string;
export declare function installedManifest(npmName: string): { name: string; version: string; [key: string]: unknown };
export declare function pythonRequirements(npmNames: string[]): string[];
export declare function pythonWheelhouse(python: string, requirements: string[]): string;

/** The engine (terraform or OpenTofu) and the providers the apply tests run (test/apply). */
export interface Engine {
  readonly path: string;
  readonly kind: 'terraform' | 'tofu';
  readonly version: string;
  readonly source: string;
}
export interface BuiltProvider {
  readonly name: string;
  readonly source: string;
  readonly pinned: string;
  readonly version?: string;
  /** Absent when the Go module proxy serves no candidate version. */
  readonly binary?: string;
  readonly refused: string[];
}
export declare const OPENTOFU_VERSION: string;
export declare function onPath(cmd: string): string | undefined;
export declare function platform(): string;
export declare function engineEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function findEngine(): Engine | undefined;
/** Throws, saying what to install, without Go. */
export declare function findGo(): string;
export declare function ensureEngine(log?: (message: string) => void): Engine;
export declare function requireEngine(): Engine;
/** `{ TERRAFORM_BINARY_NAME }` when cdktf must run `engine` in place of `terraform` on PATH; else empty. */
export declare function cdktfEngineEnv(engine: Engine): { TERRAFORM_BINARY_NAME?: string };
export declare function ensureProvider(name: string, log?: (message: string) => void): BuiltProvider;
export declare function writeMirror(providers: BuiltProvider[]): { mirror: string; cliConfig: string };
export declare function probe(log?: (message: string) => void): string[];
