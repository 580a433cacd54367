/**
 * Stand-ins for the tools the pipelines call (npm, npx, cdktf, terraform, gh, curl, az and the
 * installed entra-private-access), put first on PATH when a pipeline's steps run here. Each records
 * its call (tool, arguments, folder, and the credentials it could see) as a JSON line in
 * $STANDIN_LOG, and behaves as the real tool does where the pipelines depend on it:
 *
 * - any call named in $STANDIN_FAIL (`terraform:plan`, `cdktf`, `npm:test`, …) prints an error and
 *   exits 1, as the real tool does when it fails;
 * - `terraform plan` prints colour codes unless `-no-color`, refuses to take the state lock for the
 *   read-only identity ($STANDIN_READER_CLIENT_ID) unless `-lock=false`, and `-out` writes a plan
 *   file that holds the TF_VAR_ values in clear (as a saved plan does); `show -json` prints them
 *   too; `apply <file>` records exactly which plan it applied;
 * - `cdktf synth` needs TFSTATE_* as the starter does, and writes the checkout's `.estate/` files
 *   (a real synthesized review) as the stack's output;
 * - `npm ci` needs package-lock.json, and installs an `entra-private-access` whose `review` (the
 *   gate) passes or fails as $STANDIN_GATE says, and whose other commands are the real command
 *   line of this repository when $STANDIN_REAL_CLI is 1 (a fast stand-in otherwise). A checkout with
 *   a `.old-cli` file gets a version without pr-comment.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The shared prelude of every stand-in: logging and failure by $STANDIN_FAIL. */
const PRELUDE = `
const fs = require('fs');
const path = require('path');
const TOOL = '__TOOL__';
const args = process.argv.slice(2);
const sub = args.find((a) => !a.startsWith('-'));
function record(extra) {
  if (!process.env.STANDIN_LOG) return;
  const seen = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(ARM_|TF_VAR_|AZURESUBSCRIPTION_)/.test(k)) seen[k] = v;
  }
  seen.ACTIONS_ID_TOKEN_REQUEST_TOKEN = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ? 'present' : undefined;
  seen.SYSTEM_ACCESSTOKEN = process.env.SYSTEM_ACCESSTOKEN ? 'present' : undefined;
  seen.GH_TOKEN = process.env.GH_TOKEN ? 'present' : undefined;
  seen.idToken = process.env.idToken ? 'present' : undefined;
  fs.appendFileSync(process.env.STANDIN_LOG, JSON.stringify({ tool: TOOL, args, cwd: process.cwd(), job: process.env.STANDIN_JOB, env: seen, ...extra }) + '\\n');
}
function failIfAsked() {
  // Entries are tool, tool:subcommand, or either after "<job>/" to fail in that job only.
  const fail = (process.env.STANDIN_FAIL || '').split(',').filter(Boolean).flatMap((f) => {
    const slash = f.lastIndexOf('/');
    return slash < 0 ? [f] : f.slice(0, slash) === process.env.STANDIN_JOB ? [f.slice(slash + 1)] : [];
  });
  if (fail.includes(TOOL) || fail.includes(TOOL + ':' + sub)) {
    record({ failed: true });
    process.stderr.write(TOOL + ': ' + (sub || '') + ' failed (stand-in)\\n');
    process.exit(1);
  }
}
function die(message) {
  record({ failed: true, message });
  process.stderr.write(message + '\\n');
  process.exit(1);
}
`;

const SCRIPTS: Record<string, string> = {
  cdktf: `
failIfAsked();
if (sub !== 'synth') { record({}); die('cdktf ' + sub + ': the pipelines run Terraform themselves; only synth is expected'); }
const missing = ['TFSTATE_RESOURCE_GROUP', 'TFSTATE_STORAGE_ACCOUNT', 'TFSTATE_CONTAINER'].filter((n) => !process.env[n]);
if (missing.length) die(missing.join(', ') + ' not set: the stack keeps its Terraform state in your Azure storage account (stand-in for the starter)');
if (!fs.existsSync('.estate')) die('cdktf synth: no program here (.estate missing in the checkout)');
const out = path.join('cdktf.out', 'stacks', process.env.STACK || 'private-access');
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync('.estate')) fs.copyFileSync(path.join('.estate', f), path.join(out, f));
record({});
process.stdout.write('private-access: synthesized\\n');
`,
  npx: `
const rest = args.filter((a) => a !== '--no-install' && a !== '-y' && a !== '--yes');
const tool = rest[0];
const { spawnSync } = require('child_process');
const local = path.join(process.cwd(), 'node_modules', '.bin', tool || '');
const target = tool === 'cdktf' ? path.join(__dirname, 'cdktf') : fs.existsSync(local) ? local : undefined;
record({});
if (!target) die('npm error could not determine executable to run: ' + tool);
const r = spawnSync(target, rest.slice(1), { stdio: 'inherit' });
process.exit(r.status === null ? 1 : r.status);
`,
  npm: `
failIfAsked();
record({});
if (sub === 'ci') {
  if (!fs.existsSync('package-lock.json')) die('npm error The \\'npm ci\\' command can only install with an existing package-lock.json');
  const bin = path.join('node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  const old = fs.existsSync('.old-cli');
  const cli = fs.readFileSync(path.join(__dirname, '.entra-private-access.js'), 'utf8').replace('__OLD__', String(old));
  fs.writeFileSync(path.join(bin, 'entra-private-access'), cli, { mode: 0o755 });
  process.stdout.write('added 321 packages\\n');
} else if (sub === 'test' || sub === 'run') {
  process.stdout.write('Tests:       12 passed, 12 total\\n');
}
`,
  terraform: `
failIfAsked();
const has = (flag) => args.includes(flag);
const option = (name) => { const a = args.find((x) => x.startsWith(name + '=')); return a === undefined ? undefined : a.slice(name.length + 1); };
const reader = process.env.STANDIN_READER_CLIENT_ID && process.env.ARM_CLIENT_ID === process.env.STANDIN_READER_CLIENT_ID;
if (sub === 'init') {
  if (!fs.existsSync('cdk.tf.json')) die('terraform init: no configuration here (stand-in): ' + process.cwd());
  if (option('-lockfile') === 'readonly' && !fs.existsSync('.terraform.lock.hcl')) die('Error: Provider dependency changes detected: -lockfile=readonly and no .terraform.lock.hcl');
  if (!fs.existsSync('.terraform.lock.hcl')) fs.writeFileSync('.terraform.lock.hcl', '# lock ' + Math.random().toString(36).slice(2) + '\\n');
  record({});
  process.stdout.write('Terraform has been successfully initialized!\\n');
} else if (sub === 'plan') {
  if (!fs.existsSync('.terraform.lock.hcl')) die('Error: Inconsistent dependency lock file (terraform init first)');
  const config = JSON.parse(fs.readFileSync('cdk.tf.json', 'utf8'));
  for (const [name, variable] of Object.entries(config.variable || {})) {
    if (!('default' in variable) && process.env['TF_VAR_' + name] === undefined) {
      die('Error: No value for required variable: the root module input variable "' + name + '" is not set, and has no default value. Use a -var or -var-file command line argument or set a TF_VAR_' + name + ' environment variable.');
    }
  }
  if (reader && !has('-lock=false')) die('Error: Error acquiring the state lock: storage: service returned error: StatusCode=403, ErrorCode=AuthorizationPermissionMismatch (the read-only identity cannot take the blob lease)');
  const n = Number(process.env.STANDIN_PLAN_RESOURCES || 3);
  const colour = !has('-no-color');
  const c = (code, text) => (colour ? '\\u001b[' + code + 'm' + text + '\\u001b[0m' : text);
  const lines = ['Terraform used the selected providers to generate the following execution plan.', ''];
  for (let r = 0; r < n; r++) {
    lines.push('  ' + c('1', '# msgraph_resource.App' + r + '_Segment') + ' will be created');
    lines.push(c('32', '  +') + ' resource "msgraph_resource" "App' + r + '_Segment" {');
    lines.push('      ' + c('32', '+') + ' body = { destinationHost = "10.' + (r % 250) + '.0.4" } ' + '·'.repeat(60));
    lines.push('    }');
  }
  lines.push('', c('1', 'Plan:') + ' ' + n + ' to add, 0 to change, 0 to destroy.');
  process.stdout.write(lines.join('\\n') + '\\n');
  const out = option('-out');
  const tfvars = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('TF_VAR_')));
  const planId = Math.random().toString(36).slice(2);
  if (out) fs.writeFileSync(out, JSON.stringify({ plan: planId, lock: fs.readFileSync('.terraform.lock.hcl', 'utf8'), tfvars }));
  record({ out, planId: out ? planId : undefined });
} else if (sub === 'show') {
  const file = args[args.length - 1];
  if (!has('-json') || !fs.existsSync(file)) die('terraform show: expected -json <plan file>');
  const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
  record({});
  process.stdout.write(JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes: [], variables: plan.tfvars, plan: plan.plan }) + '\\n');
} else if (sub === 'apply') {
  const file = args.filter((a) => !a.startsWith('-')).slice(1)[0];
  if (reader) die('Error: Error acquiring the state lock: AuthorizationPermissionMismatch (the read-only identity cannot apply)');
  if (!file) { record({ applied: 'a fresh plan' }); process.stdout.write('Apply complete!\\n'); process.exit(0); }
  if (!fs.existsSync(file)) die('terraform apply: no plan file ' + file);
  const plan = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (plan.lock !== (fs.existsSync('.terraform.lock.hcl') ? fs.readFileSync('.terraform.lock.hcl', 'utf8') : '')) die('Error: the saved plan was made with other providers than the ones installed (.terraform.lock.hcl differs)');
  record({ applied: plan.plan });
  process.stdout.write('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.\\n');
} else {
  record({});
}
`,
  gh: `
failIfAsked();
const at = args.indexOf('--body-file');
const body = at >= 0 && fs.existsSync(args[at + 1]) ? fs.readFileSync(args[at + 1], 'utf8') : undefined;
if (args.includes('--edit-last') && process.env.STANDIN_GH_NO_PREVIOUS === '1') die('no comments found for current user');
record({ body, repo: process.env.GH_REPO });
`,
  curl: `
failIfAsked();
const at = args.findIndex((a) => a === '--data' || a === '-d');
const data = at >= 0 && args[at + 1].startsWith('@') ? fs.readFileSync(args[at + 1].slice(1), 'utf8') : args[at + 1];
const url = args.find((a) => /^https:/.test(a));
const auth = args.find((a) => /^Authorization: Bearer /.test(a));
if (!auth || auth === 'Authorization: Bearer ') die('curl: (22) The requested URL returned error: 401 (no access token)');
record({ data, url });
process.stdout.write('{"id": 1}\\n');
`,
  az: `
record({});
die('az ' + args.join(' ') + ': the pipelines\\' scripts must not need the Azure CLI (stand-in)');
`,
};

/** The installed command line (node_modules/.bin/entra-private-access), written by the npm stand-in. */
const CLI = `
const OLD = __OLD__;
const { spawnSync } = require('child_process');
record({ installation: __filename });
if (sub === 'review') {
  failIfAsked();
  const opt = (n) => args[args.indexOf(n) + 1];
  const plan = JSON.parse(fs.readFileSync(opt('--plan'), 'utf8'));
  const approved = JSON.parse(fs.readFileSync(opt('--approved'), 'utf8'));
  if (!plan.format_version || typeof approved.stack !== 'string') die('entra-private-access review: bad input (stand-in)');
  if (process.env.STANDIN_GATE === 'fail') {
    process.stdout.write('### Granted by the plan, not in the approved review (1)\\n\\n| principal | destination |\\n|---|---|\\n| group "Everyone" | 10.0.0.0/8 |\\n');
    process.exit(2);
  }
  process.stdout.write('The plan grants exactly what the approved access review shows.\\n');
  process.exit(0);
}
if (OLD && sub === 'pr-comment') die('entra-private-access: unknown command "pr-comment"');
if (process.env.STANDIN_REAL_CLI === '1' && !args.includes('--help')) {
  failIfAsked();
  const r = spawnSync(process.execPath, ['-r', ${JSON.stringify(path.join(ROOT, 'node_modules', 'ts-node', 'register', 'transpile-only'))}, ${JSON.stringify(path.join(ROOT, 'lib', 'cli', 'index.ts'))}, ...args], {
    stdio: 'inherit',
    env: { ...process.env, TS_NODE_PROJECT: ${JSON.stringify(path.join(ROOT, 'tsconfig.json'))} },
  });
  process.exit(r.status === null ? 1 : r.status);
}
if (args.includes('--help')) { process.stdout.write('usage: entra-private-access ' + sub + ' (stand-in)\\n'); process.exit(0); }
failIfAsked();
process.stdout.write('## Entra Private Access (stand-in comment)\\n\\n' + args.join(' ') + '\\n');
`;

/** Writes the stand-ins into `dir` (to put first on PATH) and returns it. */
export function writeStandIns(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const shebang = `#!${process.execPath}\n'use strict';\n`;
  for (const [tool, body] of Object.entries(SCRIPTS)) {
    fs.writeFileSync(path.join(dir, tool), shebang + PRELUDE.replace("'__TOOL__'", JSON.stringify(tool)) + body, { mode: 0o755 });
  }
  fs.writeFileSync(path.join(dir, '.entra-private-access.js'), shebang + PRELUDE.replace("'__TOOL__'", JSON.stringify('entra-private-access')) + CLI);
  return dir;
}

/** One recorded call of a stand-in. */
export interface ToolCall {
  readonly tool: string;
  readonly args: string[];
  readonly cwd: string;
  readonly job?: string;
  readonly env: Record<string, string | undefined>;
  readonly failed?: boolean;
  readonly message?: string;
  readonly body?: string;
  readonly data?: string;
  readonly url?: string;
  readonly applied?: string;
  readonly out?: string;
  readonly planId?: string;
  readonly installation?: string;
  readonly repo?: string;
}

/** The calls recorded in a log file. */
export function readCalls(log: string): ToolCall[] {
  if (!fs.existsSync(log)) {
    return [];
  }
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ToolCall);
}
