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

  test('holds the LICENSE, the CHANGELOG and the jsii assembly of this version, which Construct Hub reads for the API documentation', () => {
    const read = (file: string) => run('tar', ['-xzOf', tarball, `package/${file}`], work);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(read('LICENSE')).toMatch(/^MIT License\n/);
    expect(manifest.license).toBe('MIT');
    // The section of this version, which the release workflow also requires of a tag.
    expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')} \\(\\d{4}-\\d{2}-\\d{2}\\)$`, 'm'));
    // Under `npm run test:cdktn` cdktf is CDK Terrain, whose assembly jsii cannot resolve: the
    // package is packed without it there (releases are built with cdktf).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (require('cdktf/package.json').name !== 'cdktf') {
      return;
    }
    const assembly = JSON.parse(read('.jsii'));
    expect([assembly.schema, assembly.name, assembly.version, assembly.license]).toEqual(['jsii/0.10.0', manifest.name, manifest.version, 'MIT']);
    expect(assembly.repository).toEqual(manifest.repository);
    expect(Object.keys(assembly.types)).toEqual(expect.arrayContaining(['cdktf-entra-private-access.SshAdminAccess', 'cdktf-entra-private-access.Destination']));
    // The documentation comes from the doc comments.
    expect(assembly.types['cdktf-entra-private-access.SshAdminAccess'].docs.summary).toMatch(/\S/);
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
});
