/**
 * Helpers of the runtime checks (test/runtimes): the TypeScript example's synthesized output, the
 * comparison of two synthesized stacks, and commands whose output lands in the failure message.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../../examples/ssh-admin/main';

export const ROOT = path.join(__dirname, '..', '..');

/** The files a stack's synthesis writes that the languages must agree on. */
export const STACK_FILES = ['cdk.tf.json', 'access-review.json', 'access-review.md'];

/** A new temporary folder; removed by `removeTemp`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeTemp(dir: string | undefined): void {
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command; returns its status and output. */
export function exec(cmd: string, args: string[], options: SpawnSyncOptions = {}): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  return { status: r.status, output: `${r.error ? `${r.error.message}\n` : ''}${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Runs a command that must succeed; throws with its output otherwise. */
export function mustRun(cmd: string, args: string[], options: SpawnSyncOptions = {}): string {
  const { status, output } = exec(cmd, args, options);
  if (status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${status}\n${output}`);
  }
  return output;
}

/** Synthesizes the TypeScript SSH example (examples/ssh-admin) into `outdir`; returns the stack's folder. */
export function synthTypeScriptExample(outdir: string): string {
  buildApp(outdir).synth();
  return path.join(outdir, 'stacks', 'ssh-admin');
}

/** A value with cdktf's `//` metadata (construct paths, the cdktf version) removed at every level. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutMetadata);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => k !== '//').map(([k, v]) => [k, withoutMetadata(v)]));
  }
  return value;
}

/**
 * The synthesized files of two stack folders, side by side, for `expect(actual).toEqual(expected)`:
 * cdk.tf.json parsed and without metadata, the access review as written.
 */
export function stackFiles(dir: string): Record<string, unknown> {
  return Object.fromEntries(
    STACK_FILES.map((f) => {
      const file = path.join(dir, f);
      if (!fs.existsSync(file)) {
        return [f, `(missing: ${file})`];
      }
      const text = fs.readFileSync(file, 'utf8');
      return [f, f === 'cdk.tf.json' ? withoutMetadata(JSON.parse(text)) : text];
    }),
  );
}

/**
 * Expects the stack folder another language's SSH example wrote to hold what the TypeScript
 * example writes: the same cdk.tf.json (metadata aside) with the resources of every provider, and
 * the same access review. The TypeScript example is synthesized into `work`.
 */
export function expectSameAsTypeScriptExample(dir: string, work: string): void {
  const other = stackFiles(dir);
  expect(Object.keys((other['cdk.tf.json'] as { resource?: object }).resource ?? {})).toEqual(
    expect.arrayContaining(['azuread_application_from_template', 'azurerm_windows_virtual_machine', 'azurerm_network_security_rule', 'msgraph_resource']),
  );
  expect(other).toEqual(stackFiles(synthTypeScriptExample(path.join(work, 'typescript-out'))));
}

/** Copies a folder, leaving out what a run leaves behind (outputs, caches, virtual environments). */
export function copyExample(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => !/(^|[\\/])(cdktf\.out|node_modules|__pycache__|\.pytest_cache|\.venv)$/.test(src),
  });
}
