/**
 * docs/pipelines.md's runbook against the pipelines it sets up: its commands are valid bash, and
 * what it creates is what the workflows read (variables, secrets, the environment in the deploy
 * identity's federated credential, read-only permissions for the plan identity). A rename on one
 * side without the other fails here instead of in someone's first run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadYaml } from './runner';

const ROOT = path.join(__dirname, '..', '..');
const GUIDE = fs.readFileSync(path.join(ROOT, 'docs', 'pipelines.md'), 'utf8');
const GITHUB = path.join(ROOT, 'examples', 'pipelines', 'github-actions.yml');
const AZURE = path.join(ROOT, 'examples', 'pipelines', 'azure-pipelines.yml');

/** The ```sh blocks of the guide. */
const shellBlocks = [...GUIDE.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
const runbook = shellBlocks.join('\n');

/** The names a workflow reads from a context (`vars.X`, `secrets.X`). */
function contextNames(file: string, context: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(new RegExp(`\\b${context}\\.([A-Z0-9_]+)`, 'g'))].map((m) => m[1]))].sort();
}

describe('docs/pipelines.md runbook', () => {
  test('every shell block is valid bash', () => {
    expect(shellBlocks.length).toBeGreaterThanOrEqual(8);
    for (const block of shellBlocks) {
      const r = spawnSync('bash', ['-n'], { input: block, encoding: 'utf8' });
      expect({ block: block.slice(0, 60), stderr: r.stderr }).toEqual({ block: block.slice(0, 60), stderr: '' });
    }
  });

  test('sets exactly the repository variables and secrets the GitHub workflow reads', () => {
    const set = (kind: string) => [...new Set([...runbook.matchAll(new RegExp(`gh ${kind} set ([A-Z0-9_]+)`, 'g'))].map((m) => m[1]))].sort();
    expect(set('variable')).toEqual(contextNames(GITHUB, 'vars'));
    expect(set('secret')).toEqual(contextNames(GITHUB, 'secrets'));
  });

  test('the deploy identity\'s federated credential names the environment the apply job runs in', () => {
    const wf = loadYaml(GITHUB);
    const environments = Object.values<any>(wf.jobs).map((j) => j.environment).filter(Boolean);
    expect(environments).toEqual(['private-access-production']);
    expect(runbook).toContain(`federate "$DEPLOY_APP_ID" github-production "repo:$REPO:environment:${environments[0]}"`);
    const azure = loadYaml(AZURE);
    const deployments = azure.stages.flatMap((s: any) => s.jobs).filter((j: any) => j.deployment);
    expect(deployments.map((j: any) => j.environment)).toEqual(environments);
  });

  test('grants the plan identity read permissions only, and the deploy identity what the facts list', () => {
    const grants = (who: string) =>
      (new RegExp(`grant "\\$${who}_APP_ID" ((?:[^\\n]*\\\\\\n)*[^\\n]*)`).exec(runbook)?.[1] ?? '').replace(/\\\n/g, ' ').split(/\s+/).filter(Boolean).sort();
    const plan = grants('PLAN');
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.filter((p) => /Write/.test(p))).toEqual([]);
    expect(grants('DEPLOY')).toEqual(
      expect.arrayContaining([
        'Application.ReadWrite.All',
        'AppRoleAssignment.ReadWrite.All',
        'Directory.ReadWrite.All',
        'NetworkAccess.ReadWrite.All',
        'Policy.Read.All',
        'Policy.ReadWrite.ConditionalAccess',
      ]),
    );
    expect(runbook).toMatch(/--role "Storage Blob Data Reader" --scope "\$STATE_SCOPE"/);
  });

  test('the Azure pipeline\'s secret and group variables are the ones the runbook puts in the group', () => {
    // Secret variables reach a script only through a step's env: mapping.
    const envValues = (node: any): string[] =>
      Array.isArray(node) ? node.flatMap(envValues) : node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => (k === 'env' ? Object.values<string>(v as any) : envValues(v))) : [];
    const macros = [...new Set(envValues(loadYaml(AZURE)).flatMap((v) => [...String(v).matchAll(/\$\(([A-Z][A-Z0-9_]+)\)/g)].map((m) => m[1])))].sort();
    expect(macros).toEqual(['CONNECTOR_ADMIN_PASSWORD', 'CONNECTOR_REGISTRATION_TOKEN', 'TFPLAN_PASSPHRASE']);
    for (const name of [...macros, 'ARM_SUBSCRIPTION_ID', 'TFSTATE_RESOURCE_GROUP', 'TFSTATE_STORAGE_ACCOUNT', 'TFSTATE_CONTAINER']) {
      expect(GUIDE).toContain(name);
    }
    expect(runbook).toContain('az pipelines variable-group create --name private-access');
    expect(loadYaml(AZURE).variables[0]).toEqual({ group: 'private-access' });
  });
});
