import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';

const ROOT = path.join(__dirname, '..');

/** A YAML file, parsed; a syntax error or a duplicate key fails the test. */
function load(file: string): any {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, file), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map(String)).toEqual([]);
  return doc.toJS();
}

/** Every `run`/`script`/`inlineScript` of a pipeline, joined. */
function scripts(node: any): string {
  if (Array.isArray(node)) {
    return node.map(scripts).join('\n');
  }
  if (node && typeof node === 'object') {
    return Object.entries(node)
      .map(([k, v]) => (['run', 'script', 'inlineScript'].includes(k) && typeof v === 'string' ? v : scripts(v)))
      .join('\n');
  }
  return '';
}

describe('examples/pipelines/github-actions.yml', () => {
  const wf = load('examples/pipelines/github-actions.yml');
  const { plan, deploy } = wf.jobs;

  test('plans and comments on pull requests, deploys main in a protected environment after the tests', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.on.push.branches).toEqual(['main']);
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    const planScript = scripts(plan.steps);
    for (const command of ['npm ci', 'npm test -- --ci', 'npx cdktf synth', 'npx cdktf diff', 'npx entra-private-access review-diff', 'gh pr comment']) {
      expect(planScript).toContain(command);
    }
    expect(plan.permissions['pull-requests']).toBe('write');
    expect(deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(deploy.environment).toBe('private-access-production');
    const deployScript = scripts(deploy.steps);
    expect(deployScript.indexOf('npm test -- --ci')).toBeGreaterThan(-1);
    expect(deployScript.indexOf('npx cdktf deploy "$STACK" --auto-approve')).toBeGreaterThan(deployScript.indexOf('npm test -- --ci'));
  });

  test('authenticates by OIDC (no client secret), installs Terraform, caches the plugins', () => {
    expect(wf.permissions['id-token']).toBe('write');
    expect(wf.env.ARM_USE_OIDC).toBe('true');
    expect(wf.env.ARM_TENANT_ID).toBeDefined();
    expect(plan.env.ARM_CLIENT_ID).toContain('AZURE_PLAN_CLIENT_ID');
    expect(deploy.env.ARM_CLIENT_ID).toContain('AZURE_DEPLOY_CLIENT_ID');
    expect(JSON.stringify(wf)).not.toMatch(/CLIENT_SECRET|client-secret/i);
    for (const job of [plan, deploy]) {
      const uses = job.steps.map((s: any) => s.uses).filter(Boolean);
      expect(uses).toEqual(expect.arrayContaining(['hashicorp/setup-terraform@v3', 'actions/cache@v4', 'actions/setup-node@v4']));
      expect(job.steps.find((s: any) => s.uses === 'hashicorp/setup-terraform@v3').with.terraform_wrapper).toBe(false);
    }
    expect(wf.env.TF_PLUGIN_CACHE_DIR).toContain('.terraform-plugin-cache');
  });
});

describe('examples/pipelines/azure-pipelines.yml', () => {
  const p = load('examples/pipelines/azure-pipelines.yml');
  const [planStage, deployStage] = p.stages;

  test('plans and comments on pull requests, deploys main through an environment after the tests', () => {
    expect(p.trigger.branches.include).toEqual(['main']);
    expect(p.pr.branches.include).toEqual(['main']);
    expect(planStage.condition).toContain("'PullRequest'");
    const planScript = scripts(planStage);
    for (const command of ['npm ci', 'npm test -- --ci', 'npx cdktf synth', 'npx cdktf diff', 'npx entra-private-access review-diff', 'pullRequests/$(System.PullRequest.PullRequestId)/threads']) {
      expect(planScript).toContain(command);
    }
    expect(deployStage.condition).toContain("'refs/heads/main'");
    const job = deployStage.jobs[0];
    expect(job.environment).toBe('private-access-production');
    const deployScript = scripts(job);
    expect(deployScript.indexOf('npx cdktf deploy "$STACK" --auto-approve')).toBeGreaterThan(deployScript.indexOf('npm test -- --ci'));
  });

  test('authenticates through workload identity service connections, installs Terraform, caches the plugins', () => {
    const tasks = (node: any): any[] => (Array.isArray(node) ? node.flatMap(tasks) : node && typeof node === 'object' ? [...(node.task ? [node] : []), ...Object.values(node).flatMap(tasks)] : []);
    const all = tasks(p.stages);
    const cli = all.filter((t) => t.task === 'AzureCLI@2');
    expect(cli.map((t) => t.inputs.azureSubscription)).toEqual(['private-access-plan', 'private-access-deploy']);
    for (const t of cli) {
      expect(t.inputs.addSpnToEnvironment).toBe(true);
      expect(t.inputs.inlineScript).toContain('ARM_OIDC_TOKEN="$idToken"');
      expect(t.inputs.inlineScript).toContain('ARM_USE_OIDC=true');
    }
    expect(all.filter((t) => t.task === 'TerraformInstaller@1')).toHaveLength(2);
    expect(all.filter((t) => t.task === 'Cache@2' && String(t.inputs.path).includes('TF_PLUGIN_CACHE_DIR')).length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(p)).not.toMatch(/CLIENT_SECRET/i);
  });
});

describe('.github/workflows/release.yml', () => {
  const wf = load('.github/workflows/release.yml');
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  test('on a version tag: checks the version and CHANGELOG and runs CI, with Python and Go set up', () => {
    expect(wf.on.push.tags).toEqual(['v*.*.*']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const script = scripts(wf.jobs.test.steps);
    expect(script).toContain('require("./package.json").version');
    expect(script).toContain('CHANGELOG.md');
    expect(script).toContain('bash .ci/run');
    const uses = wf.jobs.test.steps.map((s: { uses?: string }) => s.uses).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining([expect.stringMatching(/^actions\/setup-python@/), expect.stringMatching(/^actions\/setup-go@/)]));
  });

  test('after the tests, publishes npm with provenance, the Python package to PyPI and the Go module to its repository', () => {
    for (const job of ['npm', 'pypi', 'go']) {
      expect(wf.jobs[job].needs).toBe('test');
    }
    expect(scripts(wf.jobs.npm.steps)).toContain('npm publish --provenance');
    expect(wf.jobs.npm.permissions['id-token']).toBe('write');

    expect(scripts(wf.jobs.pypi.steps)).toContain('npm run package:python');
    const publish = wf.jobs.pypi.steps.find((s: { uses?: string }) => s.uses?.startsWith('pypa/gh-action-pypi-publish@'));
    expect(publish.with['packages-dir']).toBe(`${manifest.jsii.outdir}/python`);
    expect(wf.jobs.pypi.permissions['id-token']).toBe('write'); // trusted publishing: no token

    const go = manifest.jsii.targets.go;
    const goScript = scripts(wf.jobs.go.steps);
    expect(goScript).toContain('npm run package:go');
    expect(goScript).toContain(`cp -r ${manifest.jsii.outdir}/go/${go.packageName} go-repository/${go.packageName}`);
    expect(goScript).toContain(`git tag "${go.packageName}/v\${version}"`);
    const repository = wf.jobs.go.steps.find((s: { with?: { repository?: string } }) => s.with?.repository);
    expect(`github.com/${repository.with.repository}`).toBe(go.moduleName);
  });
});

describe('docs/pipelines.md', () => {
  test('covers what the pipelines need', () => {
    const guide = fs.readFileSync(path.join(ROOT, 'docs', 'pipelines.md'), 'utf8').replace(/\s+/g, ' ');
    for (const topic of [
      'id-token: write',
      'workload identity',
      'ARM_USE_OIDC',
      'TF_PLUGIN_CACHE_DIR',
      'AzurermBackend',
      'lease',
      'admin consent',
      'Global Secure Access Administrator',
      'ConnectorGroup.fromConnectorGroupId',
      'registration token',
      'review-diff',
    ]) {
      expect(guide).toContain(topic);
    }
  });
});
