import * as fs from 'fs';
import * as path from 'path';
import { REVIEW_FORMAT_VERSION } from '../analysis/analyse';
import type { AccessFactsDocument } from '../analysis/facts';
import type { AccessReviewDocument } from '../analysis/review-document';
import { verifyTenant, VerifyReport } from '../analysis/verify';
import { PrivateAccessChecks } from '../checks/private-access-checks';
import { AccessModel, ModelPrincipal, ModelPrincipalReference, ModelPrincipalType } from '../model/access-model';
import { withDeadline } from '../private/deadline';
import { logLine } from '../private/log-text';
import { renderVerifyReport } from '../private/verify-markdown';
import { readTenantModel } from '../readers/tenant-reader';
import { readStackModel } from '../readers/stack-reader';
import { CliCommand, parseArgs, stringOption, UsageError } from './command';
import { GraphClient } from './graph-client';
import { graphToken } from './token';

/** The exit code when the tenant differs from the code. */
export const DRIFT_EXIT_CODE = 2;

/** The options of `entra-private-access verify`. */
export interface VerifyOptions {
  /** Synthesized stacks: a stack's directory (`cdktf.out/stacks/NAME`) or its `cdk.tf.json`. */
  readonly stacks: string[];
  /** Approved access reviews (`access-review.json`, format 2). */
  readonly reviews: string[];
  readonly graphEndpoint: string;
  readonly format: 'markdown' | 'json';
  readonly connectorGroups: boolean;
  /** The most time the tenant's reads may take (ms). */
  readonly timeoutMs: number;
  /** Whether to print what is being read. */
  readonly progress: boolean;
}

/** The code's models (and the facts their reviews state), read from stacks and reviews. */
export function readCode(stacks: string[], reviews: string[]): { models: AccessModel[]; facts?: AccessFactsDocument } {
  const models: AccessModel[] = [];
  const facts: AccessFactsDocument = { names: [], memberships: [] };
  for (const stack of stacks) {
    const file = fs.existsSync(stack) && fs.statSync(stack).isDirectory() ? path.join(stack, 'cdk.tf.json') : stack;
    let json: any;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read the synthesized stack ${file}: ${(err as Error).message} (run cdktf synth, and give --stack cdktf.out/stacks/NAME)`);
    }
    const name = typeof json?.['//']?.metadata?.stackName === 'string' ? json['//'].metadata.stackName : path.basename(path.dirname(path.resolve(file)));
    models.push(readStackModel(json, { name }));
  }
  for (const file of reviews) {
    let doc: AccessReviewDocument;
    try {
      doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    }
    if (doc?.formatVersion !== REVIEW_FORMAT_VERSION || !doc.model) {
      throw new Error(
        `${file} is access review format ${doc?.formatVersion ?? '0 (before versions)'}${doc?.model ? '' : ' without the access model'}; verify reads format ${REVIEW_FORMAT_VERSION}, which carries it: synthesize the review with this version of cdktf-entra-private-access`,
      );
    }
    models.push(doc.model);
    facts.names.push(...(doc.facts?.names ?? []));
    facts.memberships.push(...(doc.facts?.memberships ?? []));
  }
  const names = models.map((m) => m.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    throw new Error(`the stack ${JSON.stringify(twice)} is given twice; give each stack once (as --stack or as --review)`);
  }
  return { models, ...(facts.names.length + facts.memberships.length > 0 ? { facts } : {}) };
}

/** Whether the code names principals of a type by name, which only the tenant's names can match. */
function namesNeeded(models: AccessModel[], type: ModelPrincipalType, inAssignments: boolean): boolean {
  const principals: ModelPrincipal[] = models.flatMap((m) => [
    ...(inAssignments ? m.applications.flatMap((a) => a.assignments.map((x) => x.principal)) : []),
    ...m.policies.flatMap((p) => [...p.includes, ...p.excludes]),
  ]);
  return principals.some((p) => p.principalType === type && p.name !== undefined && (p.reference === ModelPrincipalReference.NAME || p.reference === ModelPrincipalReference.RESOURCE));
}

/** The tenant ID in a JWT access token (`tid`), for naming the report; the token is not verified, or printed. */
function tenantIdOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) {
    return undefined;
  }
  try {
    const tid = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))?.tid;
    return typeof tid === 'string' && /^[0-9a-f-]{36}$/i.test(tid) ? tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `entra-private-access verify`: reads the tenant's Private Access configuration and compares it
 * with the code. Returns the report; never writes to the tenant.
 */
export async function runVerify(options: VerifyOptions, log: (message: string) => void): Promise<VerifyReport> {
  const code = readCode(options.stacks, options.reviews);
  const token = graphToken();
  const progress = options.progress ? (m: string) => log(m) : () => undefined;
  // The client's own messages (throttling, retries) are printed always: a pipeline's log shows why a run was slow.
  const graph = new GraphClient({ endpoint: options.graphEndpoint, token, progress: (m) => log(logLine(m)) });
  progress(`reading Private Access from ${logLine(options.graphEndpoint)}`);
  const tenant = await withDeadline(
    readTenantModel(graph, {
      endpoint: options.graphEndpoint,
      name: tenantIdOf(token) ?? 'tenant',
      progress,
      connectorGroups: options.connectorGroups,
      userNames: namesNeeded(code.models, ModelPrincipalType.USER, true),
      groupNames: namesNeeded(code.models, ModelPrincipalType.GROUP, false),
    }),
    options.timeoutMs,
    'reading the tenant',
  );
  return verifyTenant({ code: code.models, tenant, rules: new PrivateAccessChecks().rules, ...(code.facts ? { facts: code.facts } : {}) });
}

/** Takes every `--name value` and `--name=value` of a repeatable option out of the arguments. */
function takeRepeated(args: string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === `--${name}`) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} needs a value`);
      }
      values.push(value);
      i++;
    } else if (arg.startsWith(`--${name}=`)) {
      values.push(arg.slice(name.length + 3));
    } else {
      rest.push(arg);
    }
  }
  return { values, rest };
}

/** `entra-private-access verify`. */
export const VERIFY_COMMAND: CliCommand = {
  name: 'verify',
  usage: `verify (--stack <cdktf.out/stacks/NAME> | --review <access-review.json>)... [--format markdown|json]
         [--graph-endpoint <url>] [--skip-connector-groups] [--timeout <seconds>] [--progress]
    Reads the tenant's Private Access apps, segments, DNS suffixes, connector groups and their
    connectors, assignments, the Conditional Access policies that target the apps and the
    forwarding profile, and holds them against the code: synthesized stacks, or approved access
    reviews (both repeatable; an app in the tenant that none of them declares is reported).
    Reports what was added, removed or changed outside the code, connector groups without an
    active connector, and the rule pack's findings on the tenant as it is now. Read-only.
    Token: ENTRA_PRIVATE_ACCESS_TOKEN, else \`az account get-access-token\`.
    Exit code: 0 the tenant matches, 2 drift (or a usage error), 1 an error.
    --format                 markdown for people (default), json for tools
    --graph-endpoint         Microsoft Graph (default: https://graph.microsoft.com)
    --skip-connector-groups  do not read connector groups (Microsoft supports those reads for
                             signed-in users only, not application permissions)
    --timeout                the most seconds the reads may take (default: 900)
    --progress               print what is being read (default: when stderr is a terminal)`,
  run: async (args, io) => {
    const stacks = takeRepeated(args, 'stack');
    const reviews = takeRepeated(stacks.rest, 'review');
    const parsed = parseArgs(reviews.rest, ['skip-connector-groups', 'progress'], ['format', 'graph-endpoint', 'timeout']);
    if (parsed.positional.length > 0) {
      throw new UsageError(`unknown argument ${JSON.stringify(parsed.positional[0])}`);
    }
    if (stacks.values.length + reviews.values.length === 0) {
      throw new UsageError('verify needs the code to compare with: --stack cdktf.out/stacks/NAME or --review access-review.json');
    }
    const format = stringOption(parsed, 'format', 'markdown');
    if (format !== 'markdown' && format !== 'json') {
      throw new UsageError(`--format ${JSON.stringify(format)} is neither markdown nor json`);
    }
    const timeoutText = stringOption(parsed, 'timeout', '900');
    const timeout = Number(timeoutText);
    if (!/^\d+$/.test(timeoutText) || timeout < 1 || timeout > 86400) {
      throw new UsageError(`--timeout ${JSON.stringify(timeoutText)} is not a number of seconds from 1 to 86400`);
    }
    const report = await runVerify(
      {
        stacks: stacks.values,
        reviews: reviews.values,
        graphEndpoint: stringOption(parsed, 'graph-endpoint', 'https://graph.microsoft.com'),
        format,
        connectorGroups: parsed.options['skip-connector-groups'] !== true,
        timeoutMs: timeout * 1000,
        progress: parsed.options.progress === true || process.stderr.isTTY === true,
      },
      io.log,
    );
    io.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderVerifyReport(report));
    return report.matches ? 0 : DRIFT_EXIT_CODE;
  },
};
