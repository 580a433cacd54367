import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

const CONSUMER = `
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Destination, MsgraphProvider, Port, Principal, SshAdminAccess } from 'cdktf-entra-private-access';
import { ChangeAction, ChangeSafety } from 'cdktf-entra-private-access/testing';

const app = new App({ outdir: 'cdktf.out' });
const stack = new TerraformStack(app, 'consumer');
new AzureadProvider(stack, 'azuread');
new MsgraphProvider(stack, 'msgraph');
new LocalBackend(stack, { path: 'terraform.consumer.tfstate' });
new SshAdminAccess(stack, 'Ssh', {
  displayName: 'Consumer SSH',
  servers: [Destination.ipAddress('10.9.0.4')],
  ports: [Port.SSH],
  principals: [Principal.groupId('11111111-1111-1111-1111-111111111111')],
});
app.synth();
// The testing entry point resolves, with its types, from the package.
const same = ChangeSafety.compare({ resource: {} }, { resource: {} });
if (same.changes.length !== 0 || ChangeAction.REPLACE !== 'replace') {
  throw new Error('the testing entry point does not work');
}
`;

describe('the npm package', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-'));
    const packed = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', work], ROOT));
    tarball = path.join(work, packed[0].filename);
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('holds the compiled library with declarations, the generated bindings and the README, and no sources or tests', () => {
    const files: string[] = run('tar', ['-tzf', tarball], work)
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/ssh-admin-access.d.ts',
        'dist/gen/providers/msgraph/provider/index.js',
        'dist/gen/providers/msgraph/provider/index.d.ts',
        'dist/cli/index.js',
      ]),
    );
    expect(files.filter((f) => /^(lib|test|examples|scripts)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  test('installs into a fresh TypeScript project, type-checks and synthesizes there', () => {
    const consumer = path.join(work, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    run(
      NPM,
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        tarball,
        'cdktf@0.21.0',
        'constructs@10.4.2',
        '@cdktf/provider-azuread@14.3.1',
      ],
      consumer,
    );
    fs.writeFileSync(path.join(consumer, 'main.ts'), CONSUMER);
    run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--strict',
        '--skipLibCheck',
        '--target',
        'ES2022',
        '--module',
        'commonjs',
        '--outDir',
        'out',
        'main.ts',
      ],
      consumer,
    );
    // The library's declarations name no azurerm type: a project without @cdktf/provider-azurerm
    // type-checks them too, with skipLibCheck off.
    expect(fs.existsSync(path.join(consumer, 'node_modules', '@cdktf', 'provider-azurerm'))).toBe(false);
    run(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--noEmit', '--skipLibCheck', 'false', '--target', 'ES2022', '--module', 'commonjs', 'main.ts'],
      consumer,
    );
    run(process.execPath, ['out/main.js'], consumer);
    const tf = JSON.parse(fs.readFileSync(path.join(consumer, 'cdktf.out', 'stacks', 'consumer', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(tf.resource).sort()).toEqual([
      'azuread_app_role_assignment',
      'azuread_application_from_template',
      'azuread_conditional_access_policy',
      'msgraph_resource',
      'msgraph_resource_action',
      'msgraph_update_resource',
    ]);
    expect(tf.terraform.required_providers.msgraph.version).toBe('0.5.0');
    // The package's one command line, installed as a bin.
    expect(run(path.join(consumer, 'node_modules', '.bin', 'entra-private-access'), ['--help'], consumer)).toMatch(/^usage: entra-private-access <command>/);
  });

  test('examples/starter, with the packed library in vendor/, installs, synthesizes and passes its plan-review tests', () => {
    const starter = path.join(work, 'starter');
    fs.cpSync(path.join(ROOT, 'examples', 'starter'), starter, { recursive: true, filter: (src) => !/node_modules|cdktf\.out/.test(src) });
    const dependency = JSON.parse(fs.readFileSync(path.join(starter, 'package.json'), 'utf8')).dependencies['cdktf-entra-private-access'];
    expect(dependency).toBe(`file:vendor/${path.basename(tarball)}`); // the starter names the tarball this version packs
    fs.mkdirSync(path.join(starter, 'vendor'));
    fs.copyFileSync(tarball, path.join(starter, 'vendor', path.basename(tarball)));
    run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], starter);
    const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
    // cdktf-cli 0.21 loads node-pty, which ships no binary for Node 24's ABI and is not compiled
    // here (--ignore-scripts): on such a Node the app runs as cdktf.json tells `cdktf synth` to run
    // it. (The CDK Terrain CLI runs there: test/runtimes/cdktn-cli.test.ts.)
    const pty = path.join(starter, 'node_modules', '@cdktf', 'node-pty-prebuilt-multiarch', 'prebuilds', `${process.platform}-${process.arch}`);
    if (fs.existsSync(path.join(pty, `node.abi${process.versions.modules}.node`))) {
      execFileSync(NPM, ['run', 'synth'], { cwd: starter, env, stdio: 'pipe' });
    } else {
      const app = JSON.parse(fs.readFileSync(path.join(starter, 'cdktf.json'), 'utf8')).app as string;
      expect(app).toBe('npx ts-node main.ts');
      execFileSync(NPM, ['exec', '--', 'ts-node', 'main.ts'], { cwd: starter, env, stdio: 'pipe' });
    }
    const dir = path.join(starter, 'cdktf.out', 'stacks', 'private-access');
    const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(tf.terraform.backend)).toEqual(['azurerm']);
    expect(tf.terraform.backend.azurerm).toMatchObject({ key: 'private-access/private-access.tfstate', use_azuread_auth: true });
    run(path.join(starter, 'node_modules', '.bin', 'jest'), ['--ci'], starter);
    const review = path.join(dir, 'access-review.json');
    expect(run(path.join(starter, 'node_modules', '.bin', 'entra-private-access'), ['review-diff', review, review], starter)).toBe(
      'Access delta of private-access: no change in who can reach what, or in the Conditional Access that guards it.\n',
    );
  });
});
