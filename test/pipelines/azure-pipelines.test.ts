/**
 * examples/pipelines/azure-pipelines.yml, run here as Azure Pipelines would run it: parsed with a
 * real YAML parser, stages and jobs in dependency order with their conditions evaluated for each
 * kind of run, `script:` and AzureCLI@2 steps in the shells the agent uses (without -e), against
 * stand-ins of the tools (stand-ins.ts) that can be told to fail, with a real git repository for
 * `checkout: self` and the target branch.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Estate, synthesizeEstate } from './estate';
import { filesHolding, filesUnder, userCheckout } from './fixtures';
import { callName, callsOf, gitRepository, requireTools, results, runAzurePipeline, RunResult } from './runner';

const FILE = path.join(__dirname, '..', '..', 'examples', 'pipelines', 'azure-pipelines.yml');
const GROUP = {
  ARM_SUBSCRIPTION_ID: '22222222-0000-0000-0000-000000000002',
  TFSTATE_RESOURCE_GROUP: 'rg-terraform-state',
  TFSTATE_STORAGE_ACCOUNT: 'sttfstatecontoso',
  TFSTATE_CONTAINER: 'tfstate',
};
const GROUP_SECRETS = {
  TFPLAN_PASSPHRASE: 'plan-passphrase-7d1e0c',
  CONNECTOR_ADMIN_PASSWORD: 'Admin-password-9f8e7d!',
  CONNECTOR_REGISTRATION_TOKEN: 'registration-token-6c5b4a',
};
const SECRET_VALUES = Object.values(GROUP_SECRETS);
const CONNECTIONS = {
  'private-access-plan': { id: 'sc-plan-0001', clientId: 'plan-client-id', tenantId: 'tenant-1' },
  'private-access-deploy': { id: 'sc-deploy-0002', clientId: 'deploy-client-id', tenantId: 'tenant-1' },
};
const SCENARIO = { STANDIN_READER_CLIENT_ID: CONNECTIONS['private-access-plan'].clientId };

/** The predefined variables of a kind of run. */
const PULL_REQUEST = {
  'Build.Reason': 'PullRequest',
  'Build.SourceBranch': 'refs/pull/7/merge',
  'System.PullRequest.TargetBranch': 'refs/heads/main',
  'System.PullRequest.PullRequestId': '7',
  'System.PullRequest.IsFork': 'False',
};
const FORK = { ...PULL_REQUEST, 'System.PullRequest.IsFork': 'True' };
const PUSH_MAIN = { 'Build.Reason': 'IndividualCI', 'Build.SourceBranch': 'refs/heads/main' };

let work: string;
let repository: string;
let mainOnly: string;
let hostsEstate: Estate;
let runs = 0;

function run(variables: Record<string, string>, options: { scenario?: Record<string, string>; groupSecrets?: Record<string, string>; repository?: string } = {}): RunResult {
  const pull = variables['Build.Reason'] === 'PullRequest';
  return runAzurePipeline(FILE, {
    work: path.join(work, `run-${++runs}`),
    variables,
    group: GROUP,
    groupSecrets: options.groupSecrets ?? GROUP_SECRETS,
    serviceConnections: CONNECTIONS,
    repository: options.repository ?? (pull ? repository : mainOnly),
    checkoutRef: pull ? 'origin/pull' : 'origin/main',
    scenario: { ...SCENARIO, ...options.scenario },
  });
}

beforeAll(() => {
  requireTools();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'azure-pipelines-'));
  const baseEstate = synthesizeEstate(path.join(work, 'estate-base'), { apps: 20, segmentsPerApp: 12, groupsPerApp: 3, mfa: true });
  const headEstate = synthesizeEstate(path.join(work, 'estate-head'), { apps: 20, segmentsPerApp: 12, groupsPerApp: 3, shift: 100 });
  const base = userCheckout(path.join(work, 'checkout-base'), { estate: baseEstate });
  const head = userCheckout(path.join(work, 'checkout-head'), { estate: headEstate });
  repository = gitRepository(path.join(work, 'repository.git'), base, head);
  mainOnly = gitRepository(path.join(work, 'main.git'), head);
  hostsEstate = synthesizeEstate(path.join(work, 'estate-hosts'), { apps: 1, segmentsPerApp: 1, groupsPerApp: 1 });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('examples/pipelines/azure-pipelines.yml', () => {
  test('which stages run: a pull request (from a pr trigger or a build validation policy) plans and comments; main plans and deploys; nothing else deploys', () => {
    expect(run(PULL_REQUEST).stages).toEqual({ PullRequest: 'succeeded', PlanMain: 'skipped', Deploy: 'skipped' });
    for (const reason of ['IndividualCI', 'BatchedCI', 'Manual']) {
      const r = run({ ...PUSH_MAIN, 'Build.Reason': reason });
      expect({ reason, stages: r.stages }).toEqual({ reason, stages: { PullRequest: 'skipped', PlanMain: 'succeeded', Deploy: 'succeeded' } });
      expect(r.jobs['Deploy.apply'].environment).toBe('private-access-production');
    }
    expect(run({ 'Build.Reason': 'Manual', 'Build.SourceBranch': 'refs/heads/feature' }).stages).toEqual({ PullRequest: 'skipped', PlanMain: 'skipped', Deploy: 'skipped' });
  });

  test('a pull request from a fork: the tests run; no plan, no comment', () => {
    const r = run(FORK);
    expect(results(r)).toMatchObject({ 'PullRequest.test': 'success', 'PullRequest.plan': 'skipped', 'PullRequest.comment': 'skipped' });
    expect(r.calls.filter((c) => c.tool === 'terraform' || c.tool === 'curl')).toEqual([]);
  });

  test('a pull request: the plan gets the task\'s federated token (not the pipeline\'s access token) and takes no lock; the comment, fitted to the limit, is written by the target branch\'s installation', () => {
    const r = run(PULL_REQUEST, { scenario: { STANDIN_REAL_CLI: '1', STANDIN_PLAN_RESOURCES: '2400' } });
    expect(results(r)).toMatchObject({ 'PullRequest.test': 'success', 'PullRequest.plan': 'success', 'PullRequest.comment': 'success' });
    const [plan] = callsOf(r, 'PullRequest.plan', 'terraform', 'plan');
    expect(plan.args).toEqual(expect.arrayContaining(['-no-color', '-lock=false']));
    expect(plan.env).toMatchObject({ ARM_CLIENT_ID: 'plan-client-id', ARM_OIDC_TOKEN: 'federated-token-for-plan-client-id', ARM_USE_OIDC: 'true' });
    expect(plan.env.SYSTEM_ACCESSTOKEN).toBeUndefined();
    expect(Object.values(plan.env)).not.toEqual(expect.arrayContaining(SECRET_VALUES));
    expect(r.calls.filter((c) => c.env.SYSTEM_ACCESSTOKEN === 'present').map((c) => `${c.job} ${c.tool}`)).toEqual(['PullRequest.comment curl']);
    const comment = r.calls.filter((c) => c.job === 'PullRequest.comment');
    expect(comment.filter((c) => c.tool === 'entra-private-access').every((c) => /PullRequest\.comment\/s\/node_modules\/\.bin\/entra-private-access$/.test(c.installation!))).toBe(true);
    const [curl] = callsOf(r, 'PullRequest.comment', 'curl');
    expect(curl.url).toBe('https://dev.azure.com/contoso/Infrastructure/_apis/git/repositories/c0ffee00-0000-0000-0000-000000000001/pullRequests/7/threads?api-version=7.1');
    const thread = JSON.parse(curl.data!);
    const body: string = thread.comments[0].content;
    expect(body.length).toBeLessThanOrEqual(65536);
    expect(body).not.toMatch(/\u001b/);
    expect(body).toMatch(/^## Entra Private Access: private-access\n\n## Access delta: private-access\n/);
    expect(body).toContain('no enforced policy requiring MFA on every way in guards the app any more'); // base = the target branch's review
    expect(body).toContain('Plan: 2400 to add, 0 to change, 0 to destroy.');
    expect(body).toContain('https://dev.azure.com/contoso/Infrastructure/_build/results?buildId=1234&view=artifacts');
    expect(filesUnder(r.artifacts['pull-request-plan'])).toEqual(['access-review.json', 'access-review.md', 'plan.txt']);
  });

  test('main: the plan is saved, shown with its review and the gate in the run summary, and exactly that plan is applied with the service connection\'s refreshing tokens', () => {
    const r = run(PUSH_MAIN, { scenario: { STANDIN_REAL_CLI: '1' } });
    expect(results(r)).toEqual({ 'PlanMain.plan': 'success', 'Deploy.apply': 'success' });
    const [plan] = callsOf(r, 'PlanMain.plan', 'terraform', 'plan');
    expect(plan.args).toEqual(expect.arrayContaining(['-no-color', '-lock=false', '-out=tfplan']));
    expect(plan.env).toMatchObject({ TF_VAR_paconn_admin_password: GROUP_SECRETS.CONNECTOR_ADMIN_PASSWORD, TF_VAR_paconn_registration_token: GROUP_SECRETS.CONNECTOR_REGISTRATION_TOKEN });
    const deploy = r.calls.filter((c) => c.job === 'Deploy.apply');
    expect(deploy.filter((c) => c.tool === 'terraform').map((c) => c.args[0])).toEqual(['init', 'show', 'apply']);
    const applied = deploy.find((c) => c.tool === 'terraform' && c.args[0] === 'apply')!;
    expect(applied.applied).toBe(plan.planId);
    // No ARM_OIDC_TOKEN (a token that expires after about 10 minutes): the service connection's ID
    // with the access token, which azuread, azurerm, msgraph and the backend use to fetch fresh ones.
    for (const [call, clientId, connection] of [
      [plan, 'plan-client-id', 'sc-plan-0001'],
      [applied, 'deploy-client-id', 'sc-deploy-0002'],
    ] as const) {
      expect(call.env.ARM_OIDC_TOKEN).toBeUndefined();
      expect(call.env).toMatchObject({
        ARM_CLIENT_ID: clientId,
        ARM_TENANT_ID: 'tenant-1',
        ARM_USE_OIDC: 'true',
        ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: connection,
        ARM_OIDC_AZURE_SERVICE_CONNECTION_ID: connection,
        ARM_OIDC_REQUEST_TOKEN: 'system-access-token',
        ARM_OIDC_REQUEST_URL: 'https://dev.azure.com/contoso/_apis/distributedtask/hubs/build/plans/x/jobs/y/oidctoken',
      });
    }
    expect(deploy.findIndex((c) => callName(c) === 'entra-private-access:review')).toBeLessThan(deploy.indexOf(applied));
    expect(r.jobs['PlanMain.plan'].summary).toMatch(/^## Entra Private Access: private-access\n\nThe plan grants exactly what the approved access review shows\.\n/);
    expect(r.jobs['PlanMain.plan'].summary).toContain('<details><summary>Terraform plan</summary>');
    const artifact = r.artifacts['approved-plan'];
    expect(filesUnder(artifact)).toEqual(['access-review.json', 'access-review.md', 'cdk.tf.json', 'gate.md', 'plan.txt', 'terraform.lock.hcl', 'tfplan.enc']);
    expect(filesHolding(artifact, SECRET_VALUES)).toEqual([]);
  });

  test('the gate stops a plan that grants what its review does not show: the Deploy stage does not run', () => {
    const r = run(PUSH_MAIN, { scenario: { STANDIN_GATE: 'fail' } });
    expect(r.stages).toEqual({ PullRequest: 'skipped', PlanMain: 'failed', Deploy: 'skipped' });
    expect(r.calls.filter((c) => c.tool === 'terraform' && c.args[0] === 'apply')).toEqual([]);
  });

  test('without TFPLAN_PASSPHRASE the main plan stops before planning, naming the variable to add', () => {
    const { TFPLAN_PASSPHRASE, ...secrets } = GROUP_SECRETS;
    void TFPLAN_PASSPHRASE;
    const r = run(PUSH_MAIN, { groupSecrets: secrets });
    expect(r.stages).toMatchObject({ PlanMain: 'failed', Deploy: 'skipped' });
    expect(callsOf(r, 'PlanMain.plan', 'terraform')).toEqual([]);
    expect(r.jobs['PlanMain.plan'].steps.find((s) => s.status === 'failure')!.output).toContain('Add the secret variable TFPLAN_PASSPHRASE to the variable group');
  });

  test('a stack with connector hosts: their secrets come from the group, and one that is not defined stops the plan instead of becoming the password "$(NAME)"', () => {
    const withHosts = userCheckout(path.join(work, 'checkout-hosts'), { estate: hostsEstate, variables: ['paconn_admin_password', 'paconn_registration_token'] });
    const repo = gitRepository(path.join(work, 'hosts.git'), withHosts);
    const ok = run(PUSH_MAIN, { repository: repo });
    expect(ok.stages).toMatchObject({ PlanMain: 'succeeded', Deploy: 'succeeded' });
    const { CONNECTOR_ADMIN_PASSWORD, ...secrets } = GROUP_SECRETS;
    void CONNECTOR_ADMIN_PASSWORD;
    const r = run(PUSH_MAIN, { repository: repo, groupSecrets: secrets });
    expect(r.stages).toMatchObject({ PlanMain: 'failed', Deploy: 'skipped' });
    const [plan] = callsOf(r, 'PlanMain.plan', 'terraform', 'plan');
    expect(plan.env.TF_VAR_paconn_admin_password).toBeUndefined();
    expect(plan.message).toMatch(/No value for required variable: the root module input variable "paconn_admin_password" is not set/);
    expect(r.jobs['PlanMain.plan'].steps.find((s) => s.status === 'failure')!.output).toContain('TF_VAR_paconn_admin_password: its secret variable is not defined in the variable group');
    // A pull request plans with placeholders, so it needs none of them.
    const pull = run(PULL_REQUEST, { repository: gitRepository(path.join(work, 'hosts-pull.git'), withHosts, withHosts) });
    expect(results(pull)).toMatchObject({ 'PullRequest.plan': 'success' });
  });

  test('every call of a tool that fails fails its step and job, also in the middle of a script or before a pipe: no comment, no apply', () => {
    const pullRequest = run(PULL_REQUEST);
    const main = run(PUSH_MAIN);
    const cases = [pullRequest, main].flatMap((r, i) =>
      [...new Set(r.calls.filter((c) => !(c.tool === 'entra-private-access' && c.args.includes('--help')) && c.tool !== 'npx').map((c) => `${c.job}/${callName(c)}`))].map((spec) => ({
        variables: i === 0 ? PULL_REQUEST : PUSH_MAIN,
        spec,
      })),
    );
    expect(cases.map((c) => c.spec)).toEqual(
      expect.arrayContaining([
        'PullRequest.test/npm:test',
        'PullRequest.plan/terraform:plan',
        'PullRequest.comment/curl:POST',
        'PlanMain.plan/terraform:plan',
        'PlanMain.plan/entra-private-access:review',
        'Deploy.apply/terraform:apply',
      ]),
    );
    for (const { variables, spec } of cases) {
      const r = run(variables, { scenario: { STANDIN_FAIL: spec } });
      const job = spec.split('/')[0];
      expect({ spec, result: r.jobs[job].result }).toEqual({ spec, result: 'failure' });
      const steps = r.jobs[job].steps;
      const failedStep = steps.findIndex((s) => s.status === 'failure');
      expect({ spec, after: steps.slice(failedStep + 1).map((s) => s.status) }).toEqual({ spec, after: steps.slice(failedStep + 1).map(() => 'skipped') });
      if (job.startsWith('PullRequest.') && job !== 'PullRequest.comment') {
        expect({ spec, curl: r.calls.filter((c) => c.tool === 'curl') }).toEqual({ spec, curl: [] });
      }
      if (job !== 'Deploy.apply' || !spec.endsWith('terraform:apply')) {
        expect({ spec, applied: r.calls.filter((c) => c.tool === 'terraform' && c.args[0] === 'apply' && !c.failed && job.startsWith('PlanMain')) }).toEqual({ spec, applied: [] });
      }
    }
  });

  test('the first pull request (no program on the target branch) still gets a comment', () => {
    const head = userCheckout(path.join(work, 'first-head'), { estate: synthesizeEstate(path.join(work, 'first-estate'), { apps: 1, segmentsPerApp: 1, groupsPerApp: 1 }) });
    const first = gitRepository(path.join(work, 'first.git'), undefined, head);
    const r = run(PULL_REQUEST, { repository: first });
    expect(results(r)).toMatchObject({ 'PullRequest.plan': 'success', 'PullRequest.comment': 'success' });
    expect(JSON.parse(callsOf(r, 'PullRequest.comment', 'curl')[0].data!).comments[0].content).toMatch(/The target branch has no entra-private-access with pr-comment yet/);
  });

  test('Node 22, Terraform 1.11, and every script in the shell the agent uses', () => {
    const r = run(PULL_REQUEST);
    const m = run(PUSH_MAIN);
    const jobs = [...Object.values(r.jobs), ...Object.values(m.jobs)];
    const actions = jobs.flatMap((j) => j.actions);
    expect(actions.filter((a) => a.uses === 'UseNode@1').map((a) => a.with.version)).toEqual(expect.arrayContaining(['22.x']));
    expect(actions.filter((a) => a.uses.startsWith('UseNode') || a.uses.startsWith('NodeTool')).every((a) => a.with.version === '22.x')).toBe(true);
    expect(actions.filter((a) => a.uses === 'TerraformInstaller@1').every((a) => a.with.terraformVersion === '1.11.4')).toBe(true);
    expect(new Set(jobs.flatMap((j) => j.steps.filter((s) => s.shell).map((s) => s.shell!.join(' '))))).toEqual(new Set(['bash --noprofile --norc <script>', 'bash <script>']));
  });
});
