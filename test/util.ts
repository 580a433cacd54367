import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { MsgraphProvider } from '../lib';
import type { AnalysisResult } from '../lib/analysis/analyse';
import { analyseStackNow } from '../lib/private/stack-analysis';

/** A stack with the providers the library's resources need, as a user's stack would have. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AzureadProvider(stack, 'azuread');
  new MsgraphProvider(stack, 'msgraph');
  return stack;
}

/** Synthesizes a stack, running its validations, and returns the JSON text. */
export function synthStack(stack: TerraformStack, runValidations = true): string {
  return Testing.synth(stack, runValidations);
}

/** Builds a test stack with `build`, synthesizes it (with validations) and returns the JSON text. */
export function synth(build: (stack: TerraformStack) => void, runValidations = true): string {
  const stack = testStack();
  build(stack);
  return synthStack(stack, runValidations);
}

/** Like `synth`, parsed. */
export function synthObject(build: (stack: TerraformStack) => void, runValidations = true): any {
  return JSON.parse(synth(build, runValidations));
}

/** The addresses (type.name) of every resource and data source of a synthesized stack. */
export function addresses(tf: any): string[] {
  const out: string[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, items] of Object.entries<Record<string, unknown>>(tf[kind] ?? {})) {
      for (const name of Object.keys(items)) {
        out.push(`${kind === 'data' ? 'data.' : ''}${type}.${name}`);
      }
    }
  }
  return out.sort();
}

/** The resources of one type, keyed by Terraform name. */
export function resources(tf: any, type: string): Record<string, any> {
  return tf.resource?.[type] ?? {};
}

/** The bodies of the application segments of a synthesized stack, in address order. */
export function segmentBodies(tf: any): any[] {
  return Object.entries(resources(tf, 'msgraph_resource'))
    .filter(([, r]) => String(r.url).endsWith('/applicationSegments'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, r]) => r.body);
}

/** Every annotation (info, warning, error) in the tree of `scope`, as `level path: message`, sorted. */
export function annotationsOf(scope: IConstruct): string[] {
  const levels: Record<string, string> = { '@cdktf/info': 'info', '@cdktf/warn': 'warning', '@cdktf/error': 'error' };
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => levels[m.type]).map((m) => `${levels[m.type]} ${c.node.path}: ${m.data}`))
    .sort();
}

/** The message of the error `fn` throws. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/**
 * The engine the tests run: `terraform` >= 1.5 on PATH, else OpenTofu, built from the Go module
 * proxy once and cached (scripts/toolchain.js, the one place that finds or builds it; it fails
 * with a message that says what to install when neither can be had).
 */
function engine(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../scripts/toolchain') as { requireEngine(): { path: string } }).requireEngine().path;
}

/**
 * What Terraform makes of the given JSON strings: each is written as a local value of a JSON
 * configuration (where Terraform reads every string as a template) and evaluated by `terraform
 * console`, which needs no provider. A `${…}` or `%{…}` that was not escaped is evaluated, or fails.
 */
export function terraformEvaluates(values: Record<string, string>): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { execFileSync } = require('child_process') as typeof import('child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-eval-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ locals: { values } }));
    const out = execFileSync(engine(), ['console'], {
      cwd: dir,
      input: 'jsonencode(local.values)\n',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: os.devNull },
      encoding: 'utf8',
    });
    // eslint-disable-next-line no-control-regex
    return JSON.parse(JSON.parse(out.replace(/\u001b\[[0-9;]*m/g, '').trim()));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What `terraform validate` reports about a synthesized stack, other than the providers it cannot
 * download here: Terraform parses the configuration (templates, references' syntax, block
 * structure such as `check` and `moved`) before it needs a provider, so any other diagnostic is a
 * real error of the synthesized JSON. The backend is left out, since it would need `init`.
 */
export function terraformValidationErrors(tf: Record<string, any>): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-validate-'));
  try {
    const { backend, ...terraform } = tf.terraform ?? {};
    void backend;
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ ...tf, terraform }));
    const run = spawnSync(engine(), ['validate', '-json', '-no-color'], {
      cwd: dir,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: os.devNull },
      encoding: 'utf8',
    });
    const result = JSON.parse(run.stdout) as { diagnostics: Array<{ severity: string; summary: string; detail?: string }> };
    return result.diagnostics
      .filter((d) => d.severity === 'error' && d.summary !== 'Missing required provider')
      .map((d) => `${d.summary}: ${d.detail ?? ''}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The analysis of the stack as it is now (its configuration synthesized and read, nothing
 * enforced): the findings and the review document the library computes from it.
 */
export function analysisOf(stack: TerraformStack): AnalysisResult {
  return analyseStackNow(stack);
}

/** The open findings of the stack's analysis, as `level path: [rule] message`, sorted. */
export function findingsOf(stack: TerraformStack): string[] {
  return analysisOf(stack)
    .findings.filter((f) => !f.suppression)
    .map((f) => `${f.level} ${f.path}: ${/^[A-Z]/.test(f.rule) ? `[${f.rule}] ` : ''}${f.message}`)
    .sort();
}
