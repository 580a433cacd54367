import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { AccessTest, Principal } from '../lib';
import { buildApp, SshAdminStack } from '../examples/ssh-admin/main';
import { terraformValidationErrors } from './util';

/** Synthesizes the example into a fresh folder, as `npm run synth` does, and returns its cdk.tf.json text. */
function synthExample(): { text: string; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-admin-'));
  buildApp(outdir).synth();
  return { text: fs.readFileSync(path.join(outdir, 'stacks', 'ssh-admin', 'cdk.tf.json'), 'utf8'), outdir };
}

describe('examples/ssh-admin', () => {
  const { text, outdir } = synthExample();
  const tf = JSON.parse(text);

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('synthesizes the reviewed plan (the snapshot is the review)', () => {
    // Parsed, and without the version of cdktf (or CDK Terrain) that wrote it: the same plan
    // compares equal on both.
    const { version, ...metadata } = tf['//'].metadata;
    void version;
    expect({ ...tf, '//': { ...tf['//'], metadata } }).toMatchSnapshot();
  });

  test('contains every part of the SSH flow', () => {
    expect(Object.keys(tf.resource).sort()).toEqual([
      'azuread_app_role_assignment',
      'azuread_application_from_template',
      'azuread_conditional_access_policy',
      'azurerm_application_security_group',
      'azurerm_network_interface',
      'azurerm_network_interface_application_security_group_association',
      'azurerm_network_security_rule',
      'azurerm_virtual_machine_extension',
      'azurerm_windows_virtual_machine',
      'msgraph_resource',
      'msgraph_resource_action',
      'msgraph_update_resource',
    ]);
    const hosts = Object.values<any>(tf.resource.msgraph_resource)
      .map((r) => r.body.destinationHost)
      .filter(Boolean)
      .sort();
    expect(hosts).toEqual(['10.20.0.4', '10.20.1.0/24', 'bastion.corp.contoso.com']);
  });

  test('derives the network rules from the same server list as the segments', () => {
    const rule = Object.values<any>(tf.resource.azurerm_network_security_rule).find((r) => r.direction === 'Inbound');
    expect([rule.name, rule.priority, rule.destination_port_ranges, rule.destination_address_prefixes]).toEqual([
      'LinuxSsh-tcp-22',
      1354, // the rule's own slot from priorityBase 1000, chosen by its name
      ['22'],
      ['10.20.0.4', '10.20.1.0/24', '10.20.2.10'],
    ]);
  });

  test('holds no secret in clear: secrets are sensitive variables without values, used by reference only', () => {
    expect(tf.variable).toEqual({
      paconn_admin_password: expect.objectContaining({ sensitive: true }),
      paconn_registration_token: expect.objectContaining({ sensitive: true }),
    });
    expect(Object.values<any>(tf.variable).some((v) => 'default' in v)).toBe(false);
    for (const vm of Object.values<any>(tf.resource.azurerm_windows_virtual_machine)) {
      expect(vm.admin_password).toBe('${var.paconn_admin_password}');
    }
    for (const ext of Object.values<any>(tf.resource.azurerm_virtual_machine_extension)) {
      expect(ext.settings).toBeUndefined();
      expect(ext.protected_settings).toContain("ConvertTo-SecureString '${var.paconn_registration_token}'");
    }
  });

  test('pins every provider to an exact version', () => {
    expect(tf.terraform.required_providers).toEqual({
      azuread: { source: 'hashicorp/azuread', version: '3.7.0' },
      azurerm: { source: 'azurerm', version: '4.55.0' },
      msgraph: { source: 'registry.terraform.io/microsoft/msgraph', version: '0.5.0' },
    });
  });

  test('keeps state by a relative path and holds no path of this machine', () => {
    expect(tf.terraform.backend.local.path).toBe('../../../terraform.ssh-admin.tfstate');
    const manifest = fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8');
    for (const p of [process.cwd(), outdir, os.homedir(), os.tmpdir()]) {
      expect(text).not.toContain(p);
      expect(manifest).not.toContain(p);
    }
  });

  test('passes the rule pack: no error or warning, one finding suppressed with its reason', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['ssh-admin'].annotations.map((a: any) => [a.level, a.constructPath, a.message.slice(0, 24)])).toEqual([
      ['@cdktf/info', 'ssh-admin/LinuxSsh/App', '[EPA-CA-2] suppressed (T'],
    ]);
    const app = Object.values<any>(tf.resource.azuread_application_from_template)[0];
    expect(app['//'].checks.suppressed.map((x: any) => x.rule)).toEqual(['EPA-CA-2']);
  });

  test('writes the access review next to cdk.tf.json', () => {
    const dir = path.join(outdir, 'stacks', 'ssh-admin');
    expect(fs.readFileSync(path.join(dir, 'access-review.md'), 'utf8')).toMatchSnapshot();
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'access-review.json'), 'utf8'))).toMatchSnapshot();
  });

  test('Terraform parses it: no error but the providers it cannot download here', () => {
    expect(terraformValidationErrors(tf)).toEqual([]);
    expect(terraformValidationErrors({ ...tf, check: { broken: { assert: [{ condition: '${lower(', error_message: 'x' }] } } })).not.toEqual([]);
  });

  test('is deterministic: the same program synthesizes byte-identical output', () => {
    const again = synthExample();
    const files = ['cdk.tf.json', 'access-review.md', 'access-review.json'];
    const read = (dir: string) => files.map((f) => fs.readFileSync(path.join(dir, 'stacks', 'ssh-admin', f), 'utf8'));
    try {
      expect(read(again.outdir)).toEqual(read(outdir));
    } finally {
      fs.rmSync(again.outdir, { recursive: true, force: true });
    }
  });

  test('a failing access test added to the example fails synth and says why', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssh-admin-'));
    try {
      const app = new App({ outdir: dir });
      const stack = new SshAdminStack(app, 'ssh-admin');
      new AccessTest(stack, 'AdminsReachTheDatabase', { principal: Principal.group('Linux Admins'), accept: ['10.20.9.5:5432'] });
      expect(() => app.synth()).toThrow(
        '[ssh-admin/AdminsReachTheDatabase] access test failed: accept "10.20.9.5:5432": no segment of any Private Access app covers tcp/5432 to 10.20.9.5',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
