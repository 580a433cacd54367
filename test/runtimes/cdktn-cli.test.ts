/**
 * The CDK Terrain CLI on the starter: a copy of examples/starter set up for cdktn as the README's
 * "CDK Terrain (cdktn)" section documents (its package.json snippet, cdktn-cli in place of
 * cdktf-cli, the packed library in vendor/), installed and synthesized with `cdktn synth` on Node 22
 * (the CLI needs 22.19 or later) and on Node 24; the starter's plan-review snapshots, written with
 * cdktf, pass on CDK Terrain.
 */
import * as fs from 'fs';
import * as path from 'path';
import { quietMissingTerraformCliConfig } from '../../scripts/terraform-cli-config';
import { envWithNode, installNode, NPM, run, RUNTIMES } from '../../scripts/toolchain';
import { copyExample, mustRun, removeTemp, ROOT, tempDir } from './util';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(README.indexOf('### CDK Terrain (cdktn)'), README.indexOf('\n## ', README.indexOf('### CDK Terrain (cdktn)')));
const { cdktn: CDKTN, 'cdktn-cli': CDKTN_CLI, constructs: CONSTRUCTS } = RUNTIMES.cdktn;

interface Manifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
  scripts: Record<string, string>;
}

describe('the CDK Terrain CLI', () => {
  let work: string;
  let starter: string;
  // Where the starter keeps its state and which connector group it uses, as a pipeline sets them
  // (TFSTATE_*, CONNECTOR_GROUP_ID); synth never contacts either.
  const STATE_ENV = {
    TFSTATE_RESOURCE_GROUP: 'rg-terraform-state',
    TFSTATE_STORAGE_ACCOUNT: 'sttfstatecontoso',
    TFSTATE_CONTAINER: 'tfstate',
    CONNECTOR_GROUP_ID: '0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f',
  };
  const envOn = (major: string) =>
    envWithNode(installNode(major).binDir, quietMissingTerraformCliConfig({ ...process.env, ...STATE_ENV, CHECKPOINT_DISABLE: '1' }));

  beforeAll(() => {
    const env = envOn(RUNTIMES.cdktn.node);
    work = tempDir('cdktn-cli');
    const packed = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env }));
    const tarball = packed[0].filename as string;
    starter = path.join(work, 'starter');
    copyExample(path.join(ROOT, 'examples', 'starter'), starter);
    fs.rmSync(path.join(starter, 'vendor'), { recursive: true, force: true });
    fs.mkdirSync(path.join(starter, 'vendor'));
    fs.renameSync(path.join(work, tarball), path.join(starter, 'vendor', tarball));

    // The README's package.json snippet for npm, merged into the starter's.
    const snippet = /```json\n([\s\S]*?)\n```/.exec(SECTION);
    expect(snippet).not.toBeNull();
    const documented = JSON.parse(snippet![1]) as Pick<Manifest, 'dependencies' | 'overrides'>;
    const file = path.join(starter, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    expect(manifest.dependencies['cdktf-entra-private-access']).toBe(`file:vendor/${tarball}`);
    manifest.dependencies = { ...manifest.dependencies, ...documented.dependencies };
    manifest.overrides = { ...manifest.overrides, ...documented.overrides };
    // `npm uninstall cdktf-cli && npm install --save-dev cdktn-cli@…`, as the README says.
    delete manifest.devDependencies['cdktf-cli'];
    manifest.devDependencies['cdktn-cli'] = CDKTN_CLI;
    fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
    fs.rmSync(path.join(starter, 'package-lock.json'), { force: true });
    mustRun(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: starter, env });
  }, 15 * 60 * 1000);

  afterAll(() => removeTemp(work));

  test('the README documents the versions this test uses', () => {
    expect(SECTION).toContain(`"cdktf": "npm:cdktn@${CDKTN}"`);
    expect(SECTION).toContain(`"constructs": "${CONSTRUCTS}"`);
    expect(SECTION).toContain(`npm install --save-dev cdktn-cli@${CDKTN_CLI}`);
    expect(SECTION).toContain('npx cdktn synth');
    const installed = JSON.parse(fs.readFileSync(path.join(starter, 'node_modules', 'cdktf', 'package.json'), 'utf8'));
    expect(`${installed.name}@${installed.version}`).toBe(`cdktn@${CDKTN}`);
    // One core: the library resolves the same cdktf as the program (the override).
    expect(fs.existsSync(path.join(starter, 'node_modules', 'cdktf-entra-private-access', 'node_modules', 'cdktf'))).toBe(false);
  });

  test.each(Object.keys(RUNTIMES.node))('cdktn synth synthesizes the starter on Node %s', (major) => {
    const out = path.join(starter, 'cdktf.out');
    fs.rmSync(out, { recursive: true, force: true });
    const env = envOn(major);
    const log = mustRun(path.join(starter, 'node_modules', '.bin', 'cdktn'), ['synth'], { cwd: starter, env });
    expect(log).toContain('Generated Terraform code for the stacks: private-access');
    const dir = path.join(out, 'stacks', 'private-access');
    const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    // Synthesized by CDK Terrain's core, through the CLI (which writes the manifest).
    expect(tf['//'].metadata.version).toBe(CDKTN);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).version).toBe(CDKTN);
    expect(Object.keys(tf.terraform.backend)).toEqual(['azurerm']);
    expect(Object.keys(tf.resource).sort()).toEqual(
      expect.arrayContaining(['azuread_app_role_assignment', 'azuread_application_from_template', 'azuread_conditional_access_policy', 'msgraph_resource']),
    );
    expect(fs.readFileSync(path.join(dir, 'access-review.md'), 'utf8')).toContain('Linux servers (SSH)');
    expect(mustRun('node', ['-p', 'process.version'], { env }).trim()).toBe(`v${RUNTIMES.node[major].version}`);
  });

  test('the starter plan-review snapshots, written with cdktf, pass on CDK Terrain', () => {
    const log = mustRun(path.join(starter, 'node_modules', '.bin', 'jest'), ['--ci'], { cwd: starter, env: envOn(RUNTIMES.cdktn.node) });
    expect(log).toMatch(/Tests:\s+3 passed, 3 total/);
    expect(log).toMatch(/Snapshots:\s+2 passed, 2 total/);
  });
});
