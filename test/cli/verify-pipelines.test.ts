import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');

function load(file: string): any {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, file), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map(String)).toEqual([]);
  return doc.toJS();
}

/**
 * Runs a pipeline's bash script with a fake `npx` first on PATH that prints a report and exits
 * with `code`, as `entra-private-access verify` would; returns the script's exit status and files.
 */
function runScript(script: string, code: number, env: Record<string, string> = {}): { status: number | null; dir: string; npxArgs: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-pipeline-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\necho "$@" > "${dir}/npx-args"\necho "## report"\nexit ${code}\n`, { mode: 0o755 });
  const result = spawnSync('bash', ['-e', '-c', script], {
    cwd: dir,
    env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary'), STACK: 'private-access', ...env },
    encoding: 'utf8',
  });
  const npxArgs = fs.existsSync(path.join(dir, 'npx-args')) ? fs.readFileSync(path.join(dir, 'npx-args'), 'utf8').trim() : '';
  return { status: result.status, dir, npxArgs };
}

describe('examples/pipelines/verify-nightly.github.yml', () => {
  const wf = load('examples/pipelines/verify-nightly.github.yml');
  const steps: any[] = wf.jobs.verify.steps;
  const verify = steps.find((s) => s.id === 'verify');

  test('runs nightly and on demand, signs in by OIDC with a read-only identity, never deploys', () => {
    expect(wf.on.schedule).toEqual([{ cron: '17 3 * * *' }]);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    expect(wf.permissions).toEqual({ contents: 'read', 'id-token': 'write', issues: 'write' });
    const login = steps.find((s) => s.uses === 'azure/login@v2');
    expect(login.with).toEqual({ 'client-id': '${{ vars.AZURE_VERIFY_CLIENT_ID }}', 'tenant-id': '${{ vars.AZURE_TENANT_ID }}', 'allow-no-subscriptions': true });
    const text = JSON.stringify(wf);
    expect(text).not.toMatch(/CLIENT_SECRET|client-secret|cdktf deploy|terraform apply|--auto-approve/i);
    expect(steps.findIndex((s) => s.run === 'npx cdktf synth')).toBeLessThan(steps.indexOf(verify));
  });

  test('the verify step: the report to the summary, exit 1 fails at once, drift (2) opens an issue and fails the run', () => {
    for (const code of [0, 1, 2]) {
      const r = runScript(verify.run, code);
      expect(r.npxArgs).toBe('entra-private-access verify --stack cdktf.out/stacks/private-access --skip-connector-groups');
      expect(r.status).toBe(code === 1 ? 1 : 0);
      if (code !== 1) {
        expect(fs.readFileSync(path.join(r.dir, 'output'), 'utf8')).toBe(`code=${code}\n`);
        expect(fs.readFileSync(path.join(r.dir, 'summary'), 'utf8')).toBe('## report\n');
      }
      fs.rmSync(r.dir, { recursive: true, force: true });
    }
    const issue = steps.find((s) => s.name === 'Open or update the drift issue');
    const fail = steps.find((s) => s.name === 'Fail on drift');
    expect(issue.if).toBe("steps.verify.outputs.code == '2'");
    expect(issue.run).toContain('gh issue create');
    expect(issue.run).toContain('gh issue comment');
    expect(fail.if).toBe("steps.verify.outputs.code == '2'");
    expect(fail.run).toContain('exit 2');
  });
});

describe('examples/pipelines/verify-nightly.azure-pipelines.yml', () => {
  const p = load('examples/pipelines/verify-nightly.azure-pipelines.yml');
  const task = p.steps.find((s: any) => s.task === 'AzureCLI@2');

  test('runs nightly on main even without commits, through a workload identity service connection, never deploys', () => {
    expect(p.trigger).toBe('none');
    expect(p.pr).toBe('none');
    expect(p.schedules).toEqual([{ cron: '17 3 * * *', displayName: 'Nightly verify', branches: { include: ['main'] }, always: true }]);
    expect(task.inputs.azureSubscription).toBe('private-access-verify');
    expect(JSON.stringify(p)).not.toMatch(/CLIENT_SECRET|cdktf deploy|terraform apply|--auto-approve/i);
  });

  test('the verify script: the report as the summary, and the exit code of verify as the step\'s', () => {
    const script = String(task.inputs.inlineScript).replace(/\$\(STACK\)/g, 'private-access').replace(/\$\(System\.DefaultWorkingDirectory\)/g, '$PWD');
    for (const code of [0, 1, 2]) {
      const run = runScript(script, code);
      expect(run.npxArgs).toBe('entra-private-access verify --stack cdktf.out/stacks/private-access --skip-connector-groups');
      expect(run.status).toBe(code);
      expect(fs.readFileSync(path.join(run.dir, 'verify.md'), 'utf8')).toBe('## report\n');
      fs.rmSync(run.dir, { recursive: true, force: true });
    }
    expect(task.inputs.inlineScript).toContain('##vso[task.uploadsummary]');
  });
});

describe('docs/verify.md', () => {
  test('lists the permissions, the exit codes, the matching and grouping rules and both pipelines', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'verify.md'), 'utf8').replace(/\s+/g, ' ');
    for (const topic of [
      'Application.Read.All',
      'Policy.Read.All',
      'User.Read.All',
      'GroupMember.Read.All',
      'Directory.ReadWrite.All',
      'delegated only',
      'NetworkAccess.Read.All',
      'NetworkAccess-Reports.Read.All',
      'Global Secure Access Log Reader',
      '--skip-connector-groups',
      '**0** the tenant matches the code, **2** drift',
      'verify-nightly.github.yml',
      'verify-nightly.azure-pipelines.yml',
      '--group-by-domain-labels',
      '--group-by-prefix',
      'Placeholder_Replace_Me',
    ]) {
      expect(doc).toContain(topic);
    }
  });
});
