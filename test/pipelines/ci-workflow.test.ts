/**
 * .github/workflows/ci.yml runs `.ci/run` on pull requests and on main, as the README says CI does,
 * and fails when the tests fail: the workflow and the real `.ci/run` run here with stand-ins of npm
 * (see stand-ins.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { requireTools, GithubEvent, runGithubWorkflow } from './runner';

const ROOT = path.join(__dirname, '..', '..');
const FILE = path.join(ROOT, '.github', 'workflows', 'ci.yml');
const REPO = 'cdktf-entra-private-access/cdktf-entra-private-access';

let work: string;
let checkout: string;
let runs = 0;

beforeAll(() => {
  requireTools();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-workflow-'));
  checkout = path.join(work, 'checkout');
  fs.mkdirSync(path.join(checkout, '.ci'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, '.ci', 'run'), path.join(checkout, '.ci', 'run'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(checkout, 'package.json'));
  fs.writeFileSync(path.join(checkout, 'package-lock.json'), '{}');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const run = (event: GithubEvent, scenario: Record<string, string> = {}) =>
  runGithubWorkflow(FILE, { work: path.join(work, `run-${++runs}`), event, repository: REPO, checkout: { head: checkout }, scenario });

const PULL_REQUEST: GithubEvent = { name: 'pull_request', ref: 'refs/pull/3/merge', headRepository: 'someone/cdktf-entra-private-access', number: 3 };

describe('.github/workflows/ci.yml', () => {
  test('runs .ci/run once on every pull request (forks too) and on main: npm ci, npm test, test:cdktn, test:apply, test:node 22 and 24, test:runtimes', () => {
    for (const event of [PULL_REQUEST, { name: 'push', ref: 'refs/heads/main' } as GithubEvent]) {
      const r = run(event);
      expect(r.jobs.ci.result).toBe('success');
      expect(r.calls.map((c) => `${c.tool} ${c.args.join(' ')}`)).toEqual([
        'npm ci --no-audit --no-fund',
        'npm test',
        'npm run test:cdktn',
        'npm run test:apply',
        'npm run test:node -- 22',
        'npm run test:node -- 24',
        'npm run test:runtimes',
      ]);
      // Six suites, each reporting 12 passed in the stand-in.
      expect(r.jobs.ci.steps.find((s) => s.name.startsWith('npm ci,'))!.output).toContain('72 passed, 0 failed');
      expect(r.jobs.ci.actions.filter((a) => a.uses.startsWith('actions/setup-node')).map((a) => a.with['node-version'])).toEqual([20]);
      expect(r.jobs.ci.actions.filter((a) => /setup-(python|go)$/.test(a.uses.split('@')[0])).map((a) => a.uses.split('@')[0])).toEqual(['actions/setup-python', 'actions/setup-go']);
    }
  });

  test('fails when the tests fail, when the install fails, or when the CDK Terrain run fails', () => {
    for (const fail of ['npm:test', 'npm:ci', 'npm:run']) {
      const r = run(PULL_REQUEST, { STANDIN_FAIL: fail });
      expect({ fail, result: r.jobs.ci.result }).toEqual({ fail, result: 'failure' });
      expect(r.jobs.ci.steps.find((s) => s.status === 'failure')!.output).toMatch(/\d+ passed, [1-9]\d* failed/);
    }
  });
});
