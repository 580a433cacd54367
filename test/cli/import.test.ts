import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';
import { terraformValidationErrors } from '../util';
import { FakeGraph, IDS, startFakeGraph, TOKEN } from './fake-graph';

const ROOT = path.join(__dirname, '..', '..');

/** Runs the CLI in this process with a token in the environment; returns its exit code and log. */
async function run(args: string[], env: Record<string, string | undefined> = { ENTRA_PRIVATE_ACCESS_TOKEN: TOKEN }): Promise<{ code: number; log: string[] }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) {
      delete process.env[k];
    }
  }
  const log: string[] = [];
  try {
    return { code: await main(args, (m) => log.push(m)), log };
  } finally {
    process.env = saved;
  }
}

describe('entra-private-access import', () => {
  let graph: FakeGraph;
  let work: string;
  beforeAll(async () => {
    graph = await startFakeGraph();
  });
  afterAll(() => graph.close());
  beforeEach(() => {
    // Inside the repository, so that the written program resolves cdktf and the providers.
    work = fs.mkdtempSync(path.join(ROOT, '.import-test-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('reads every page, waits out a 429 and a 503, and writes the adopting program, which synthesizes import blocks', async () => {
    const out = path.join(work, 'adopted.ts');
    const { code, log } = await run(['import', '--out', out, '--graph-endpoint', graph.url, '--library', path.join(ROOT, 'lib')]);
    expect(log.filter((l) => l.startsWith('entra-private-access:'))).toEqual([]);
    expect(code).toBe(0);
    expect(graph.requests.filter((r) => r.includes('skiptoken=page2'))).toHaveLength(1);
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Graph is throttling \(429\) GET applications\/.*; retrying in 1 s$/),
        expect.stringMatching(/^Graph answered 503 to GET servicePrincipals\/.*; retrying in 1 s$/),
        'reading 1/3: "Linux servers (SSH)"',
        expect.stringMatching(/^warning: policy Block legacy clients: targets all cloud apps \(it covers these apps too, but belongs to the tenant's baseline\)$/),
        expect.stringMatching(/^warning: policy Quick Access: compliant device: has platform, location, device or risk conditions$/),
        'wrote ' + out + ': 3 app(s), 6 segment(s), 4 assignment(s), 2 connector group(s), 1 policy(ies)',
      ]),
    );
    const program = fs.readFileSync(out, 'utf8');
    expect(program).toContain(`const groupLinuxAdmins = Principal.groupId('${IDS.linuxAdmins}', 'Linux Admins');`);
    expect(program).toContain("{ destination: Destination.cidr('10.20.1.0/24'), ports: [Port.tcp(22), Port.tcpRange(2200, 2299)] },");
    expect(program).toContain("{ destination: Destination.ipRange('10.20.2.10', '10.20.2.19'), ports: [Port.udp(60001)] },");
    expect(program).toContain("dnsSuffixes: ['contoso.local'],");
    expect(program).toContain(`new PrivateAccessApplication(stack, 'Intranet "web"', {`);
    expect(program).toContain("new QuickAccessApplication(stack, 'QuickAccess', {"); // no policy refers to it: no variable
    expect(program).toContain(`const linuxConnectorsGroup = new ConnectorGroup(stack, 'ConnectorGroup-Linux connectors', { name: 'Linux connectors', region: ConnectorGroupRegion.EUROPE, adopt: { connectorGroupId: '${IDS.group}' } });`);
    expect(program).toContain("const tenantDefaultGroup = ConnectorGroup.fromTenantDefault(stack, 'TenantDefaultConnectorGroup');");
    expect(program).toContain('signInFrequency: SignInFrequency.hours(8),');
    expect(program).toContain("// Not adopted: the Conditional Access policy 'Block legacy clients'");

    // The program, type-checked and run as a user would run it, synthesizes into CDKTF_OUTDIR.
    const outdir = path.join(work, 'cdktf.out');
    const synth = spawnSync(process.execPath, ['-r', 'ts-node/register', out], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
    });
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'adopted', 'cdk.tf.json'), 'utf8'));
    const imports = Object.fromEntries((tf.import as Array<{ to: string; id: string }>).map((i) => [i.to.replace(/_[0-9A-F]{8}$/, ''), i.id]));
    expect(imports).toEqual({
      'msgraph_resource.ConnectorGroup-Linuxconnectors': `/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${IDS.group}?api-version=beta`,
      'azuread_application_from_template.LinuxserversSSH': `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${IDS.sshApp}/${IDS.sshSp}`,
      'msgraph_resource.LinuxserversSSH_Segment-tcp-cidr-10_20_1_0-24': `/applications/${IDS.sshApp}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments/9ceef8f4-7dff-803a-8046-a3fcb133dc1f?api-version=beta`,
      'msgraph_resource.LinuxserversSSH_Segment-tcp-fqdn-bastion_corp_contoso_com': expect.stringMatching(/applicationSegments\/9ceef8f4-7dff-803a-8046-a3fcb133dc20\?api-version=beta$/),
      'msgraph_resource.LinuxserversSSH_Segment-udp-range-10_20_2_10--10_20_2_19': expect.stringMatching(/applicationSegments\/9ceef8f4-7dff-803a-8046-a3fcb133dc21\?api-version=beta$/),
      'azuread_app_role_assignment.LinuxserversSSH_Assignment-group-c1c2c3c4-0000-4000-8000-000000000001': `/servicePrincipals/${IDS.sshSp}/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE`,
      'azuread_app_role_assignment.LinuxserversSSH_Assignment-user-c1c2c3c4-0000-4000-8000-000000000002': `/servicePrincipals/${IDS.sshSp}/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJF`,
      'azuread_application_from_template.Intranetweb': `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${IDS.webApp}/${IDS.webSp}`,
      'msgraph_resource.Intranetweb_Segment-tcp-ip-10_30_0_4': expect.stringMatching(/applicationSegments\/9ceef8f4-7dff-803a-8046-a3fcb133dc22\?api-version=beta$/),
      'azuread_app_role_assignment.Intranetweb_Assignment-group-c1c2c3c4-0000-4000-8000-000000000003': `/servicePrincipals/${IDS.webSp}/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJG`,
      'azuread_application_from_template.QuickAccess': `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${IDS.quickApp}/${IDS.quickSp}`,
      'msgraph_resource.QuickAccess_Segment-tcp-cidr-10_0_0_0-16': expect.stringMatching(/applicationSegments\/9ceef8f4-7dff-803a-8046-a3fcb133dc23\?api-version=beta$/),
      'msgraph_resource.QuickAccess_DnsSuffix-contoso_local': expect.stringMatching(/applicationSegments\/9ceef8f4-7dff-803a-8046-a3fcb133dc24\?api-version=beta$/),
      'azuread_app_role_assignment.QuickAccess_Assignment-group-c1c2c3c4-0000-4000-8000-000000000003': `/servicePrincipals/${IDS.quickSp}/appRoleAssignedTo/41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJH`,
      'azuread_conditional_access_policy.Policy-PrivateAccessrequireMFA': `/identity/conditionalAccess/policies/${IDS.mfaPolicy}`,
    });
    expect(terraformValidationErrors(tf)).toEqual([]);
  }, 60_000);

  test('a 403 names the missing permission, and no file is written', async () => {
    const forbidding = await startFakeGraph({ forbidPolicies: true });
    try {
      const out = path.join(work, 'adopted.ts');
      const { code, log } = await run(['import', '--out', out, '--graph-endpoint', forbidding.url]);
      expect(code).toBe(1);
      expect(log[log.length - 1]).toBe(
        'entra-private-access import: Graph refused GET /identity/conditionalAccess/policies (403: AccessDenied: You cannot perform the requested operation, required scopes are missing in the token.). The signed-in identity needs Policy.Read.All, consented by an admin; reading Private Access settings also needs a role such as Global Secure Access Administrator or Application Administrator (or their reader roles)',
      );
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      await forbidding.close();
    }
  }, 30_000);

  test('never overwrites a file without --force', async () => {
    const out = path.join(work, 'adopted.ts');
    fs.writeFileSync(out, '// mine');
    const refused = await run(['import', '--out', out, '--graph-endpoint', graph.url]);
    expect([refused.code, refused.log]).toEqual([1, [`entra-private-access import: ${out} exists; choose another --out, or pass --force to overwrite it`]]);
    expect(fs.readFileSync(out, 'utf8')).toBe('// mine');
    const forced = await run(['import', '--out', out, '--graph-endpoint', graph.url, '--force', '--stack', 'tenant']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain("const stack = new TerraformStack(app, 'tenant');");
  }, 30_000);

  test('without a token or the Azure CLI it says how to get one', async () => {
    const { code, log } = await run(['import', '--out', path.join(work, 'a.ts'), '--graph-endpoint', graph.url], { ENTRA_PRIVATE_ACCESS_TOKEN: undefined, PATH: work });
    expect(code).toBe(1);
    expect(log[log.length - 1]).toMatch(/^entra-private-access import: no Microsoft Graph token: set ENTRA_PRIVATE_ACCESS_TOKEN, or sign in with `az login` \(the Azure CLI \(az\) is not installed or not on PATH/);
  });

  test('usage errors exit 2 with the usage', async () => {
    expect((await run(['import'])).code).toBe(2);
    expect((await run(['import', '--out'])).log[0]).toMatch(/^entra-private-access import: --out needs a value/);
    expect((await run(['export'])).log[0]).toMatch(/^entra-private-access: unknown command "export"\n\nusage: entra-private-access <command>/);
  });
});
