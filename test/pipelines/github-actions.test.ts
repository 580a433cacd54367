/**
 * examples/pipelines/github-actions.yml, run here as GitHub Actions would run it: parsed with a
 * real YAML parser, jobs ordered by `needs` with their `if:` evaluated for each event, every `run:`
 * step in the shell the runner uses, against stand-ins of the tools (stand-ins.ts) that can be
 * told to fail. What is checked is what happens: which jobs run, what fails, what Terraform is
 * asked to do with which identity, what is commented and what is applied.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { colouredPlan, Estate, synthesizeEstate } from './estate';
import { filesHolding, filesUnder, userCheckout } from './fixtures';
import { callName, callsOf, GithubEvent, requireTools, results, runGithubWorkflow, RunResult } from './runner';

const FILE = path.join(__dirname, '..', '..', 'examples', 'pipelines', 'github-actions.yml');
const REPO = 'contoso/private-access';
const VARS = {
  AZURE_TENANT_ID: '11111111-0000-0000-0000-000000000001',
  AZURE_SUBSCRIPTION_ID: '22222222-0000-0000-0000-000000000002',
  AZURE_PLAN_CLIENT_ID: 'plan-client-id',
  AZURE_DEPLOY_CLIENT_ID: 'deploy-client-id',
  TFSTATE_RESOURCE_GROUP: 'rg-terraform-state',
  TFSTATE_STORAGE_ACCOUNT: 'sttfstatecontoso',
  TFSTATE_CONTAINER: 'tfstate',
};
const SECRETS = {
  TFPLAN_PASSPHRASE: 'plan-passphrase-7d1e0c',
  CONNECTOR_ADMIN_PASSWORD: 'Admin-password-9f8e7d!',
  CONNECTOR_REGISTRATION_TOKEN: 'registration-token-6c5b4a',
};
const SECRET_VALUES = [SECRETS.CONNECTOR_ADMIN_PASSWORD, SECRETS.CONNECTOR_REGISTRATION_TOKEN, SECRETS.TFPLAN_PASSPHRASE];
// The read-only identity cannot take the state's lease (Storage Blob Data Reader).
const SCENARIO = { STANDIN_READER_CLIENT_ID: VARS.AZURE_PLAN_CLIENT_ID };

const PULL_REQUEST: GithubEvent = { name: 'pull_request', ref: 'refs/pull/7/merge', headRepository: REPO, number: 7 };
const FORK: GithubEvent = { ...PULL_REQUEST, headRepository: 'mallory/private-access' };
const PUSH_MAIN: GithubEvent = { name: 'push', ref: 'refs/heads/main' };

let work: string;
let base: string;
let head: string;
let runs = 0;

function run(event: GithubEvent, options: { scenario?: Record<string, string>; secrets?: Record<string, string>; base?: string } = {}): RunResult {
  return runGithubWorkflow(FILE, {
    work: path.join(work, `run-${++runs}`),
    event,
    repository: REPO,
    checkout: { head, base: options.base ?? base },
    vars: VARS,
    secrets: options.secrets ?? SECRETS,
    scenario: { ...SCENARIO, ...options.scenario },
  });
}

beforeAll(() => {
  requireTools();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'github-actions-'));
  // The base branch has an MFA policy on 20 apps; the pull request moves every segment and drops it.
  const baseEstate: Estate = synthesizeEstate(path.join(work, 'estate-base'), { apps: 20, segmentsPerApp: 12, groupsPerApp: 3, mfa: true });
  const headEstate: Estate = synthesizeEstate(path.join(work, 'estate-head'), { apps: 20, segmentsPerApp: 12, groupsPerApp: 3, shift: 100 });
  base = userCheckout(path.join(work, 'checkout-base'), { estate: baseEstate });
  head = userCheckout(path.join(work, 'checkout-head'), { estate: headEstate });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('examples/pipelines/github-actions.yml', () => {
  test('a pull request: tests, a plan with the read-only identity and no lock, and a comment written by the base branch\'s installation', () => {
    const r = run(PULL_REQUEST, { scenario: { STANDIN_REAL_CLI: '1' } });
    expect(results(r)).toEqual({ test: 'success', plan: 'success', comment: 'success', 'plan-main': 'skipped', apply: 'skipped' });
    const [plan] = callsOf(r, 'plan', 'terraform', 'plan');
    expect(plan.args).toEqual(expect.arrayContaining(['-no-color', '-lock=false']));
    expect(plan.env).toMatchObject({ ARM_CLIENT_ID: VARS.AZURE_PLAN_CLIENT_ID, ARM_USE_OIDC: 'true', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'present' });
    // The pull request's code never sees the connector secrets: its plan gets placeholders.
    expect(Object.values(plan.env)).not.toEqual(expect.arrayContaining(SECRET_VALUES));
    expect(plan.env.TF_VAR_paconn_admin_password).toBe('Placeholder-for-pull-request-plans-1');
    expect(r.calls.filter((c) => c.tool === 'terraform' && c.args[0] === 'apply')).toEqual([]);
    expect(r.calls.filter((c) => c.tool === 'cdktf' && c.args[0] !== 'synth')).toEqual([]);
    // The comment job installs and runs the base branch only, and has the only write token.
    const comment = r.calls.filter((c) => c.job === 'comment');
    expect(comment.filter((c) => c.tool === 'npm').map((c) => path.basename(c.cwd))).toEqual(['base']);
    expect(comment.filter((c) => c.tool === 'entra-private-access').map((c) => c.installation)).toEqual(
      comment.filter((c) => c.tool === 'entra-private-access').map(() => expect.stringMatching(/\/comment-0\/workspace\/base\/node_modules\/\.bin\/entra-private-access$/)),
    );
    expect(r.calls.filter((c) => c.env.GH_TOKEN === 'present').map((c) => c.job)).toEqual(['comment']);
    const [gh] = callsOf(r, 'comment', 'gh');
    expect(gh.args.slice(0, 3)).toEqual(['pr', 'comment', '7']);
    expect(gh.repo).toBe(REPO);
    // The delta from the base branch's review to the pull request's: the lost MFA policy is there.
    expect(gh.body).toMatch(/^## Entra Private Access: private-access\n\n## Access delta: private-access\n/);
    expect(gh.body).toContain('no enforced policy requiring MFA on every way in guards the app any more');
  });

  test('a 20-app estate with a long, coloured plan: the comment fits GitHub\'s 65,536 characters, without colour codes, and links the artifact with the whole plan', () => {
    const r = run(PULL_REQUEST, { scenario: { STANDIN_REAL_CLI: '1', STANDIN_PLAN_RESOURCES: '2400' } });
    expect(results(r)).toMatchObject({ plan: 'success', comment: 'success' });
    const [gh] = callsOf(r, 'comment', 'gh');
    expect(gh.body!.length).toBeLessThanOrEqual(65536);
    expect(gh.body).not.toMatch(/\u001b/);
    expect(gh.body).toContain('Plan: 2400 to add, 0 to change, 0 to destroy.');
    expect(gh.body).toContain(`[the pipeline's artifact](https://github.com/${REPO}/actions/runs/42/artifacts/1)`);
    const artifact = r.artifacts['pull-request-plan'];
    expect(filesUnder(artifact)).toEqual(['access-review.json', 'access-review.md', 'plan.txt']);
    const planText = fs.readFileSync(path.join(artifact, 'plan.txt'), 'utf8');
    expect(planText).toBe(colouredPlan(2400).replace(/\u001b\[[0-9;]*m/g, ''));
  });

  test('a pull request from a fork: the tests run, without any token; no plan, no comment', () => {
    const r = run(FORK);
    expect(results(r)).toEqual({ test: 'success', plan: 'skipped', comment: 'skipped', 'plan-main': 'skipped', apply: 'skipped' });
    expect(r.calls.filter((c) => c.tool === 'terraform' || c.tool === 'gh')).toEqual([]);
    expect(r.calls.every((c) => c.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN === undefined && c.env.GH_TOKEN === undefined)).toBe(true);
  });

  test('a push to main: the plan is saved and shown with its access review and the gate before the approval, and exactly that plan is applied', () => {
    const r = run(PUSH_MAIN, { scenario: { STANDIN_REAL_CLI: '1' } });
    expect(results(r)).toEqual({ test: 'skipped', plan: 'skipped', comment: 'skipped', 'plan-main': 'success', apply: 'success' });
    expect(r.jobs['plan-main'].environment).toBeUndefined();
    expect(r.jobs.apply.environment).toBe('private-access-production');
    const [plan] = callsOf(r, 'plan-main', 'terraform', 'plan');
    expect(plan.args).toEqual(expect.arrayContaining(['-no-color', '-lock=false', '-out=tfplan']));
    expect(plan.env).toMatchObject({
      ARM_CLIENT_ID: VARS.AZURE_PLAN_CLIENT_ID,
      TF_VAR_paconn_admin_password: SECRETS.CONNECTOR_ADMIN_PASSWORD,
      TF_VAR_paconn_registration_token: SECRETS.CONNECTOR_REGISTRATION_TOKEN,
    });
    // The apply job plans nothing: it applies the saved plan, with the deploy identity, after the gate.
    const apply = r.calls.filter((c) => c.job === 'apply');
    expect(apply.filter((c) => c.tool === 'terraform').map((c) => c.args[0])).toEqual(['init', 'show', 'apply']);
    const applied = apply.find((c) => c.tool === 'terraform' && c.args[0] === 'apply')!;
    expect(applied.applied).toBe(plan.planId);
    expect(applied.env.ARM_CLIENT_ID).toBe(VARS.AZURE_DEPLOY_CLIENT_ID);
    expect(apply.map(callName)).toEqual(expect.arrayContaining(['entra-private-access:review']));
    expect(apply.findIndex((c) => callName(c) === 'entra-private-access:review')).toBeLessThan(apply.indexOf(applied));
    // What the approver reads before approving: the gate's verdict, the review and the plan.
    const summary = r.jobs['plan-main'].summary;
    expect(summary).toMatch(/^## Entra Private Access: private-access\n\nThe plan grants exactly what the approved access review shows\.\n/);
    expect(summary).toContain('<details><summary>Access review</summary>');
    expect(summary).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    // The saved plan crosses to the apply job encrypted: no file of the artifact holds a secret in clear.
    const artifact = r.artifacts['approved-plan'];
    expect(filesUnder(artifact)).toEqual(['access-review.json', 'access-review.md', 'cdk.tf.json', 'gate.md', 'plan.txt', 'terraform.lock.hcl', 'tfplan.enc']);
    expect(filesHolding(artifact, SECRET_VALUES)).toEqual([]);
    const decrypted = spawnSync('openssl', ['enc', '-d', '-aes-256-cbc', '-pbkdf2', '-iter', '600000', '-pass', 'env:P', '-in', path.join(artifact, 'tfplan.enc')], {
      env: { ...process.env, P: SECRETS.TFPLAN_PASSPHRASE },
      encoding: 'utf8',
    });
    expect(decrypted.stderr).toBe('');
    expect(decrypted.stdout).toContain(SECRETS.CONNECTOR_ADMIN_PASSWORD); // what the encryption protects
  });

  test('the gate stops a plan that grants what its review does not show: nothing is applied, and the summary says why', () => {
    const r = run(PUSH_MAIN, { scenario: { STANDIN_GATE: 'fail', STANDIN_REAL_CLI: '1' } });
    expect(results(r)).toMatchObject({ 'plan-main': 'failure', apply: 'skipped' });
    expect(r.calls.filter((c) => c.tool === 'terraform' && c.args[0] === 'apply')).toEqual([]);
    expect(r.jobs['plan-main'].summary).toContain('### Granted by the plan, not in the approved review (1)');
    expect(r.jobs['plan-main'].steps.find((s) => s.status === 'failure')!.output).toContain('The plan does not grant what its access review shows');
  });

  test('without the TFPLAN_PASSPHRASE secret the main plan stops before planning, naming the secret to set', () => {
    const { TFPLAN_PASSPHRASE, ...secrets } = SECRETS;
    void TFPLAN_PASSPHRASE;
    const r = run(PUSH_MAIN, { secrets });
    expect(results(r)).toMatchObject({ 'plan-main': 'failure', apply: 'skipped' });
    expect(callsOf(r, 'plan-main', 'terraform')).toEqual([]);
    expect(r.jobs['plan-main'].steps.find((s) => s.status === 'failure')!.output).toContain('set the repository secret TFPLAN_PASSPHRASE');
  });

  test('a stack with connector hosts: their secrets come from repository secrets, and one that is not set stops the plan instead of becoming an empty password', () => {
    const estate = synthesizeEstate(path.join(work, 'estate-hosts'), { apps: 1, segmentsPerApp: 1, groupsPerApp: 1 });
    const withHosts = userCheckout(path.join(work, 'checkout-hosts'), { estate, variables: ['paconn_admin_password', 'paconn_registration_token'] });
    const ok = runGithubWorkflow(FILE, { work: path.join(work, `run-${++runs}`), event: PUSH_MAIN, repository: REPO, checkout: { head: withHosts }, vars: VARS, secrets: SECRETS, scenario: SCENARIO });
    expect(results(ok)).toMatchObject({ 'plan-main': 'success', apply: 'success' });
    const { CONNECTOR_ADMIN_PASSWORD, ...secrets } = SECRETS;
    void CONNECTOR_ADMIN_PASSWORD;
    const r = runGithubWorkflow(FILE, { work: path.join(work, `run-${++runs}`), event: PUSH_MAIN, repository: REPO, checkout: { head: withHosts }, vars: VARS, secrets, scenario: SCENARIO });
    expect(results(r)).toMatchObject({ 'plan-main': 'failure', apply: 'skipped' });
    const [plan] = callsOf(r, 'plan-main', 'terraform', 'plan');
    expect(plan.env.TF_VAR_paconn_admin_password).toBeUndefined();
    expect(plan.message).toMatch(/No value for required variable: the root module input variable "paconn_admin_password" is not set/);
    expect(r.jobs['plan-main'].steps.find((s) => s.status === 'failure')!.output).toContain('TF_VAR_paconn_admin_password: its repository secret is not set');
    // A pull request plans with placeholders, so it needs none of them.
    const pull = runGithubWorkflow(FILE, { work: path.join(work, `run-${++runs}`), event: PULL_REQUEST, repository: REPO, checkout: { head: withHosts, base: withHosts }, vars: VARS, secrets: {}, scenario: SCENARIO });
    expect(results(pull)).toMatchObject({ plan: 'success' });
  });

  test('every call of a tool that fails fails its job, and nothing after it runs: no comment, no apply', () => {
    const pullRequest = run(PULL_REQUEST);
    const main = run(PUSH_MAIN);
    expect([results(pullRequest), results(main)]).toEqual([
      { test: 'success', plan: 'success', comment: 'success', 'plan-main': 'skipped', apply: 'skipped' },
      { test: 'skipped', plan: 'skipped', comment: 'skipped', 'plan-main': 'success', apply: 'success' },
    ]);
    const cases = [pullRequest, main].flatMap((r, i) =>
      [...new Set(r.calls.filter((c) => !(c.tool === 'entra-private-access' && c.args.includes('--help')) && c.tool !== 'npx').map((c) => `${c.job}/${callName(c)}`))].map((spec) => ({
        event: i === 0 ? PULL_REQUEST : PUSH_MAIN,
        spec,
      })),
    );
    expect(cases.map((c) => c.spec)).toEqual(
      expect.arrayContaining(['test/npm:ci', 'plan/terraform:init', 'plan/terraform:plan', 'comment/gh:pr', 'plan-main/terraform:plan', 'plan-main/entra-private-access:review', 'apply/terraform:apply']),
    );
    for (const { event, spec } of cases) {
      const r = run(event, { scenario: { STANDIN_FAIL: spec } });
      const job = spec.split('/')[0];
      const failing = r.jobs[job];
      expect({ spec, result: failing.result }).toEqual({ spec, result: 'failure' });
      const failedStep = failing.steps.findIndex((s) => s.status === 'failure');
      expect({ spec, after: failing.steps.slice(failedStep + 1).map((s) => s.status) }).toEqual({ spec, after: failing.steps.slice(failedStep + 1).map(() => 'skipped') });
      const later = { comment: ['test', 'plan', 'comment'], apply: ['plan-main', 'apply'] };
      if (later.comment.includes(job) && job !== 'comment') {
        expect({ spec, gh: r.calls.filter((c) => c.tool === 'gh') }).toEqual({ spec, gh: [] });
      }
      if (later.apply.includes(job)) {
        expect({ spec, applied: r.calls.filter((c) => c.tool === 'terraform' && c.args[0] === 'apply' && !c.failed) }).toEqual({ spec, applied: [] });
      }
    }
  });

  test('the first pull request (no program on the base branch) and a base with an older entra-private-access still get a comment', () => {
    const empty = run(PULL_REQUEST, { base: userCheckout(path.join(work, 'checkout-empty'), {}), scenario: { STANDIN_REAL_CLI: '1' } });
    expect(results(empty)).toMatchObject({ comment: 'success' });
    expect(callsOf(empty, 'comment', 'gh')[0].body).toMatch(/^## Entra Private Access\n\nThe base branch has no entra-private-access with pr-comment yet/);
    const old = run(PULL_REQUEST, { base: userCheckout(path.join(work, 'checkout-old'), { estate: undefined, oldCli: true }) });
    expect(results(old)).toMatchObject({ comment: 'success' });
    const withOldCli = userCheckout(path.join(work, 'checkout-old-cli'), { estate: { ...readEstate(base) }, oldCli: true });
    const r = run(PULL_REQUEST, { base: withOldCli });
    expect(results(r)).toMatchObject({ comment: 'success' });
    expect(callsOf(r, 'comment', 'gh')[0].body).toContain(`[the pipeline's artifact](https://github.com/${REPO}/actions/runs/42/artifacts/1)`);
  });

  test('a comment on a pull request without an earlier one is created (gh --edit-last finds none)', () => {
    const r = run(PULL_REQUEST, { scenario: { STANDIN_GH_NO_PREVIOUS: '1' } });
    expect(results(r)).toMatchObject({ comment: 'success' });
    expect(callsOf(r, 'comment', 'gh').map((c) => [c.args.includes('--edit-last'), Boolean(c.failed)])).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  test('Node 22, current action versions, Terraform without its wrapper, and no cache restored in the jobs with a write token or the deploy identity', () => {
    const r = run(PULL_REQUEST);
    const m = run(PUSH_MAIN);
    const actions = [...Object.values(r.jobs), ...Object.values(m.jobs)].flatMap((j) => j.actions.map((a) => ({ job: j.id, ...a })));
    expect([...new Set(actions.map((a) => a.uses))].sort()).toEqual([
      'actions/cache@v5',
      'actions/checkout@v7',
      'actions/download-artifact@v8',
      'actions/setup-node@v7',
      'actions/upload-artifact@v7',
      'hashicorp/setup-terraform@v4',
    ]);
    for (const a of actions.filter((x) => x.uses.startsWith('actions/setup-node'))) {
      expect(a.with['node-version']).toBe(22);
    }
    for (const a of actions.filter((x) => x.uses.startsWith('hashicorp/setup-terraform'))) {
      expect(a.with.terraform_wrapper).toBe(false);
    }
    for (const job of ['comment', 'plan-main', 'apply']) {
      expect(actions.filter((a) => a.job === job && (a.uses.startsWith('actions/cache') || (a.uses.startsWith('actions/setup-node') && a.with['package-manager-cache'] !== false)))).toEqual([]);
    }
    // Every run step ran as bash -eo pipefail.
    for (const j of [...Object.values(r.jobs), ...Object.values(m.jobs)]) {
      for (const s of j.steps.filter((x) => x.shell)) {
        expect(s.shell).toEqual(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '<script>']);
      }
    }
  });
});

/** The estate files of a checkout. */
function readEstate(checkout: string): Estate {
  const dir = path.join(checkout, '.estate');
  return { cdkTfJson: path.join(dir, 'cdk.tf.json'), review: path.join(dir, 'access-review.json'), reviewMarkdown: path.join(dir, 'access-review.md') };
}
