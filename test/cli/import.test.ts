import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import { main } from '../../lib/cli';
import { tsComment, tsString } from '../../lib/cli/program-writer';
import { resources, terraformEvaluates, terraformValidationErrors } from '../util';
import { assignment, FakeApp, FakeGraph, FakeTenant, IDS, segment, startFakeGraph, TOKEN } from './fake-graph';

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
    expect(graph.requests.filter((r) => r.includes('skiptoken=1'))).toHaveLength(1);
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Graph is throttling \(429\) GET applications\/.*; retrying in 1 s$/),
        expect.stringMatching(/^Graph answered 503 to GET servicePrincipals\/.*; retrying in 1 s$/),
        'reading 1/3: "Linux servers (SSH)"',
        'warning: policy "Block legacy clients": targets all cloud apps (it covers these apps too, but belongs to the tenant\'s baseline)',
        'warning: policy "Quick Access: compliant device": has platform, location, device or risk conditions',
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
        'entra-private-access import: Graph refused GET /identity/conditionalAccess/policies (403: "AccessDenied": "You cannot perform the requested operation, required scopes are missing in the token."): the signed-in identity lacks a permission. It needs Policy.Read.All, consented by an admin; reading Private Access settings also needs a role such as Global Secure Access Administrator or Application Administrator (or their reader roles)',
      );
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      await forbidding.close();
    }
  }, 30_000);

  test('a tenant without Private Access apps: says so, and writes nothing', async () => {
    const empty = await startFakeGraph({ tenant: { quickAccess: [], enterprise: [], policies: [] } });
    try {
      const out = path.join(work, 'adopted.ts');
      const { code, log } = await run(['import', '--out', out, '--graph-endpoint', empty.url]);
      expect(code).toBe(1);
      expect(log[log.length - 1]).toBe(
        `entra-private-access import: found no Private Access app (tag PrivateAccessNonWebApplication) and no Quick Access app (tag NetworkAccessQuickAccessApplication) in the tenant at ${empty.url}, so there is nothing to adopt and no file was written. Check that you are signed in to the right tenant (\`az account show\`), or declare new apps with the constructs instead`,
      );
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      await empty.close();
    }
  });

  test('a versioned --graph-endpoint is refused before anything is sent', async () => {
    const before = graph.requests.length;
    const { code, log } = await run(['import', '--out', path.join(work, 'a.ts'), '--graph-endpoint', `${graph.url}/v1.0`]);
    expect(code).toBe(1);
    expect(graph.requests.length).toBe(before);
    expect(log).toEqual([
      `entra-private-access import: the Graph endpoint "${graph.url}/v1.0" ends in /v1.0; give the host root of Microsoft Graph, such as https://graph.microsoft.com (https://graph.microsoft.us and https://microsoftgraph.chinacloudapi.cn for the national clouds): the client adds the version of each call itself (some reads are beta, others v1.0)`,
    ]);
  });

  test('an expired token: a 401 that says to sign in again, not a missing permission', async () => {
    const expired = await startFakeGraph({ refuse: { status: 401, code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } });
    try {
      const { code, log } = await run(['import', '--out', path.join(work, 'a.ts'), '--graph-endpoint', expired.url]);
      expect(code).toBe(1);
      expect(log[log.length - 1]).toMatch(/^entra-private-access import: Graph refused the token for GET \/applications \(401: "InvalidAuthenticationToken": "Access token has expired or is not yet valid\."\)\. The token has expired \(or is not yet valid\): sign in again with `az login`/);
    } finally {
      await expired.close();
    }
  });

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

describe('entra-private-access import: tenant data is never code', () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(ROOT, '.import-test-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Code that, if it ever ran, would leave a file where HOSTILE_MARKER says. */
  const PAYLOAD = "require('fs').writeFileSync(String(process.env.HOSTILE_MARKER), 'ran')";
  /** Every way out of a string literal or a comment, each followed by the payload. */
  const BREAKOUT = [
    `\n${PAYLOAD};//`,
    `\r${PAYLOAD};//`,
    `\u2028${PAYLOAD};//`,
    `\u2029${PAYLOAD};//`,
    `*/${PAYLOAD};/*`,
    `'); ${PAYLOAD}; ('`,
    `"); ${PAYLOAD}; ("`,
    `\`; ${PAYLOAD}; \``,
    `\${${PAYLOAD}}`,
    `\\'); ${PAYLOAD}; //`,
    '\u0000 \u0085 \u202e',
  ].join(' ');
  /** Text the library refuses as a name (controls), full of ways out. */
  const HOSTILE = `Ops ${BREAKOUT}`;
  /** Text the library takes as a name, which must reach cdk.tf.json exactly as it is. */
  const LEGAL = `Ops \`tick\` \${var.secret} %{if x}y%{endif} */ /* 'single' "double" back\\slash '); ${PAYLOAD}; (' Zürich 🚀`;
  const LEGAL_QUICK = "Quick `${x}` */ 'Access'";
  const guid = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const assignmentId = (n: number) => `AssignmentIdAAAAAAAAAAAA${n}`;
  const G = { appA: guid(1), appIdA: guid(2), spA: guid(3), group1: guid(4), group2: guid(5), appF: guid(6), appIdF: guid(7), spF: guid(8), quick: guid(9), quickId: guid(10), quickSp: guid(11), admins: guid(12), user: guid(13) };

  function app(id: string, appId: string, sp: string, displayName: unknown, extra: Partial<FakeApp> = {}): FakeApp {
    return {
      application: { id, appId, displayName, tags: ['PrivateAccessNonWebApplication', HOSTILE] },
      segments: [segment(guid(100 + Number(id.slice(-3))), `app${id.slice(-3)}.corp.contoso.com`, 'fqdn', ['443-443'], 'tcp')],
      servicePrincipal: { id: sp, appId, displayName: 'app' },
      assignments: [assignment(assignmentId(Number(id.slice(-3))), G.admins, 'Group', 'Admins', sp)],
      ...extra,
    };
  }

  /** A policy on app A that the library can declare, changed by `change`. */
  function policy(n: number, change: (p: any) => void): unknown {
    const p = {
      id: guid(200 + n),
      displayName: `Policy ${n}`,
      state: 'enabled',
      conditions: {
        clientAppTypes: ['all'],
        applications: { includeApplications: [G.appIdA], excludeApplications: [], includeUserActions: [] },
        users: { includeUsers: [], excludeUsers: [], includeGroups: [G.admins], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
      sessionControls: null,
    };
    change(p);
    return p;
  }

  function hostileTenant(): FakeTenant {
    return {
      quickAccess: [
        {
          application: { id: G.quick, appId: G.quickId, displayName: LEGAL_QUICK, tags: ['NetworkAccessQuickAccessApplication'] },
          segments: [
            segment(guid(300), '10.40.0.0/16', 'ipRangeCidr', ['1-65535'], 'tcp'),
            segment(guid(301), 'corp.contoso.local', 'dnsSuffix', [], '0'),
            segment(guid(302), HOSTILE, 'dnsSuffix', [], '0'),
          ],
          servicePrincipal: { id: G.quickSp, appId: G.quickId, displayName: 'app' },
          assignments: [assignment(assignmentId(300), G.admins, 'Group', 'Admins', G.quickSp)],
        },
      ],
      enterprise: [
        app(G.appA, G.appIdA, G.spA, LEGAL, {
          segments: [
            segment(guid(400), 'hostile.corp.contoso.com', 'fqdn', ['22-22'], 'tcp'),
            segment(guid(401), HOSTILE, 'fqdn', ['22-22'], 'tcp'),
            segment(guid(402), '10.9.0.2', HOSTILE, ['22-22'], 'tcp'),
            segment(guid(403), '10.9.0.3', 'ip', ['22-22'], HOSTILE),
            segment(guid(404), '10.9.0.4', 'ip', [HOSTILE], 'tcp'),
            segment(HOSTILE, '10.9.0.5', 'ip', ['22-22'], 'tcp'),
            segment(guid(406), '${TfToken[TOKEN.0]}', 'fqdn', ['22-22'], 'tcp'),
            segment(guid(407), '10.9.0.7', 'constructor', ['22-22'], 'tcp'),
            segment(guid(408), '10.9.0.8', 'ip', ['22-22'], 'constructor'),
            segment(guid(409), '10.9.0.9', 'ip', ['0-99999'], 'tcp'),
            segment(guid(410), 'corp.example.local', 'dnsSuffix', [], '0'),
            segment(guid(411), 'hostile.corp.contoso.com', 'fqdn', ['20-30'], 'tcp'),
            segment(guid(412), 'hostile.corp.contoso.com', 'fqdn', ['2222-2222'], 'tcp'),
          ],
          connectorGroup: { id: G.group1, name: LEGAL, region: HOSTILE, isDefault: false, connectorGroupType: 'applicationProxy' },
          assignments: [
            assignment(assignmentId(500), G.admins, 'Group', LEGAL, G.spA),
            assignment(assignmentId(501), G.user, 'User', HOSTILE, G.spA),
            assignment(assignmentId(502), guid(502), HOSTILE, 'Someone', G.spA),
            assignment(assignmentId(503), guid(503), 'constructor', 'Someone', G.spA),
            assignment(assignmentId(504), HOSTILE, 'Group', 'Someone', G.spA),
            { ...assignment(assignmentId(505), guid(505), 'Group', 'Someone', G.spA), appRoleId: HOSTILE },
            assignment(HOSTILE, guid(506), 'Group', 'Someone', G.spA),
            assignment(assignmentId(507), guid(507), 'Group', '${TfToken[TOKEN.0]}', G.spA),
          ],
        }),
        app(guid(21), guid(22), guid(23), HOSTILE),
        app(guid(24), guid(25), guid(26), '${TfToken[TOKEN.1]}'),
        app(HOSTILE, guid(27), guid(28), 'Object ID'),
        app(guid(29), `${HOSTILE} ' or appId eq '`, guid(30), 'Client ID'),
        app(guid(31), guid(32), HOSTILE, 'Service principal ID'),
        app(G.appF, G.appIdF, G.spF, 'Hostile connector group name', { connectorGroup: { id: G.group2, name: HOSTILE, region: 'eur', isDefault: false } }),
        app(guid(33), guid(34), guid(35), 'Hostile connector group ID', { connectorGroup: { id: HOSTILE, name: 'x', region: 'eur' } }),
        // Two apps of one name (Entra allows it), one on a group whose variable would be the default group's.
        app(guid(36), guid(37), guid(38), 'Twin', { connectorGroup: { id: guid(39), name: 'Tenant default', region: 'eur', isDefault: false } }),
        app(guid(40), guid(41), guid(42), 'Twin'),
      ],
      policies: [
        policy(1, (p) => {
          p.displayName = LEGAL;
          p.conditions.applications.includeApplications = [G.appIdA, G.appIdF];
          p.conditions.users.excludeUsers = [G.user];
        }),
        policy(2, (p) => (p.state = HOSTILE)),
        policy(3, (p) => (p.state = 'constructor')),
        policy(4, (p) => (p.displayName = HOSTILE)),
        policy(5, (p) => (p.id = HOSTILE)),
        policy(6, (p) => (p.conditions.users.excludeGroups = [HOSTILE])),
        policy(7, (p) => {
          p.grantControls.builtInControls = [];
          p.grantControls.authenticationStrength = { id: HOSTILE };
        }),
        policy(8, (p) => (p.grantControls.operator = HOSTILE)),
        policy(9, (p) => (p.sessionControls = { signInFrequency: { value: `8); ${PAYLOAD}; (`, type: 'hours', frequencyInterval: 'timeBased', isEnabled: true } })),
        policy(10, (p) => (p.displayName = '${TfToken[TOKEN.0]}')),
        policy(11, (p) => (p.conditions.applications.includeApplications = [G.appIdA, HOSTILE])),
        policy(12, (p) => (p.grantControls.builtInControls = [HOSTILE])),
        policy(13, (p) => (p.conditions.users.includeGroups = HOSTILE)),
        policy(14, (p) => (p.sessionControls = { signInFrequency: { value: 8, type: HOSTILE, frequencyInterval: 'timeBased', isEnabled: true } })),
      ],
    };
  }

  test('every Graph field, hostile: the program compiles, runs no injected code, and synthesizes the exact text or leaves the object out with a warning', async () => {
    const graph = await startFakeGraph({ tenant: hostileTenant(), flaky: false });
    try {
      const out = path.join(work, 'adopted.ts');
      const { code, log } = await run(['import', '--out', out, '--graph-endpoint', graph.url, '--library', path.join(ROOT, 'lib')]);
      expect(log.filter((l) => l.startsWith('entra-private-access'))).toEqual([]);
      expect(code).toBe(0);

      // Every log line is one line, with Graph's text escaped.
      for (const line of log) {
        expect(line).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      }
      const warnings = log.filter((l) => l.startsWith('warning: '));
      const expected: RegExp[] = [
        /^warning: "Ops \\n.*": not adopted: the library refuses its display name: display name "Ops \\n.*" contains the control character U\+000A/,
        /^warning: "\$\{TfToken\[TOKEN\.1\]\}": not adopted: its display name holds "\$\{TfToken\[TOKEN\.1\]\}", which cdktf would take for a token/,
        /^warning: "Object ID": not adopted: its object ID "Ops \\n.*", client ID ".*" or service principal ID ".*" is not a GUID$/,
        /^warning: "Client ID": not adopted: its object ID .* is not a GUID$/,
        /^warning: "Service principal ID": not adopted: its object ID .* is not a GUID$/,
        /^warning: "Hostile connector group ID": not adopted: its connector group's ID "Ops \\n.*" is not a GUID$/,
        /^warning: "Ops `tick`.*": the segment ".*" \("fqdn" "Ops \\n.*", "tcp" "22-22"\): the library refuses its destination: /,
        /^warning: "Ops `tick`.*": the segment ".*" \("Ops \\n.*" "10\.9\.0\.2", .*\): its destination type "Ops \\n.*" is not one the library models$/,
        /^warning: "Ops `tick`.*": the segment ".*" \("ip" "10\.9\.0\.3", .*\): its protocol "Ops \\n.*" is not tcp, udp or tcp,udp$/,
        /^warning: "Ops `tick`.*": the segment ".*" \("ip" "10\.9\.0\.4", .*\): its port "Ops \\n.*" is not a port or a range "from-to"$/,
        /^warning: "Ops `tick`.*": the segment "Ops \\n.*" \("ip" "10\.9\.0\.5", .*\): its ID is not a GUID$/,
        /^warning: "Ops `tick`.*": the segment ".*" \("fqdn" "\$\{TfToken\[TOKEN\.0\]\}", .*\): its host holds "\$\{TfToken\[TOKEN\.0\]\}", which cdktf would take for a token/,
        /^warning: "Ops `tick`.*": the segment ".*" \("constructor" "10\.9\.0\.7", .*\): its destination type "constructor" is not one the library models$/,
        /^warning: "Ops `tick`.*": the segment ".*" \("ip" "10\.9\.0\.8", .*\): its protocol "constructor" is not tcp, udp or tcp,udp$/,
        /^warning: "Ops `tick`.*": the segment ".*" \("ip" "10\.9\.0\.9", .*\): the library refuses its port "0-99999": /,
        /^warning: "Ops `tick`.*": the segment ".*" \("dnsSuffix" "corp\.example\.local", "0" ""\): a DNS suffix belongs to the Quick Access app only$/,
        /^warning: "Ops `tick`.*": the segment "a0000000-0000-4000-8000-000000000411" .*: its ports overlap those of the segment "a0000000-0000-4000-8000-000000000400" to the same destination$/,
        /^warning: "Ops `tick`.*": the tenant has a second "tcp" segment to "hostile\.corp\.contoso\.com" \("a0000000-0000-4000-8000-000000000412", ports "2222-2222"\); the library keeps one segment per destination and protocol/,
        /^warning: "Ops `tick`.*": the assignment ".*" of "Ops \\n.*" "Someone" .* is not a user or group with the app's "User" role; it stays as it is$/,
        /^warning: "Ops `tick`.*": the assignment ".*" of "constructor" "Someone" .* is not a user or group with the app's "User" role; it stays as it is$/,
        /^warning: "Ops `tick`.*": the assignment ".*" of "Group" "Someone" \(app role "Ops \\n.*"\) is not a user or group/,
        /^warning: "Ops `tick`.*": the assignment "AssignmentIdAAAAAAAAAAAA504" of "Group" "Someone" .* has a principal ID that is not a GUID or an ID that is not an assignment ID; it stays as it is$/,
        /^warning: "Ops `tick`.*": the assignment "Ops \\n.*" of "Group" "Someone" .* has a principal ID that is not a GUID or an ID that is not an assignment ID; it stays as it is$/,
        /^warning: connector group "Ops `tick`.*": its region "Ops \\n.*" is not one the library knows, so the program leaves the region out \(the tenant keeps it\)$/,
        /^warning: connector group "a0000000-0000-4000-8000-000000000005": referenced by ID, not managed, because the library refuses its connector group name: /,
        /^warning: "Quick `\$\{x\}` \*\/ 'Access'": the segment ".*" \("dnsSuffix" "Ops \\n.*", "0" ""\): the library refuses its destination: /,
      ];
      for (const pattern of expected) {
        expect([pattern, warnings.filter((w) => pattern.test(w)).length]).toEqual([pattern, 1]);
      }
      const policyWarnings = warnings.filter((w) => w.startsWith('warning: policy '));
      expect(policyWarnings).toEqual([
        expect.stringMatching(/^warning: policy "Policy 2": has the state "Ops \\n.*", which is not enabled, enabledForReportingButNotEnforced or disabled$/),
        'warning: policy "Policy 3": has the state "constructor", which is not enabled, enabledForReportingButNotEnforced or disabled',
        expect.stringMatching(/^warning: policy "Ops \\n.*": the library refuses its display name: display name "Ops \\n/),
        expect.stringMatching(/^warning: policy "Policy 5": has an ID that is not a GUID$/),
        'warning: policy "Policy 6": excludes "GuestsOrExternalUsers" or another keyword rather than listed users and groups',
        'warning: policy "Policy 7": has an authentication strength whose ID is not a GUID',
        expect.stringMatching(/^warning: policy "Policy 8": has the grant operator "Ops \\n.*", which is neither AND nor OR$/),
        'warning: policy "Policy 9": has a sign-in frequency this library does not model',
        expect.stringMatching(/^warning: policy "\$\{TfToken\[TOKEN\.0\]\}": its display name holds "\$\{TfToken\[TOKEN\.0\]\}", which cdktf would take for a token/),
        'warning: policy "Policy 11": also targets applications other than the Private Access apps adopted here',
        'warning: policy "Policy 12": has no grant controls, or controls other than MFA, an authentication strength and managed devices (such as block)',
        'warning: policy "Policy 13": has malformed user conditions',
        'warning: policy "Policy 14": has a sign-in frequency this library does not model',
      ]);
      expect(log[log.length - 1]).toBe(`wrote ${out}: 5 app(s), 6 segment(s), 7 assignment(s), 4 connector group(s), 1 policy(ies); 6 app(s) not adopted`);

      // The program: no character that ends a line, a comment or a string early; no code but ours.
      const program = fs.readFileSync(out, 'utf8');
      expect(program.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      expect(program).not.toContain('*/');
      const source = ts.createSourceFile(out, program, ts.ScriptTarget.ES2022, true);
      const identifiers = new Set<string>();
      const literals: string[] = [];
      const expressions: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          identifiers.add(node.text);
        } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
          literals.push(node.text);
        } else if (ts.isTemplateExpression(node) || ts.isTaggedTemplateExpression(node) || ts.isBinaryExpression(node) || ts.isCallExpression(node)) {
          expressions.push(ts.isCallExpression(node) ? node.expression.getText() : node.getText());
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      expect(identifiers.has('require')).toBe(false);
      expect(identifiers.has('writeFileSync')).toBe(false);
      // The only expressions: the outdir fallback and calls of the library's factories and app.synth().
      expect([...new Set(expressions)].sort()).toEqual([
        "process.env.CDKTF_OUTDIR ?? 'cdktf.out'",
        'ConnectorGroup.fromConnectorGroupId',
        'ConnectorGroup.fromTenantDefault',
        'Destination.cidr',
        'Destination.dnsSuffix',
        'Destination.fqdn',
        'Principal.groupId',
        'Principal.userId',
        'Port.tcp',
        'Port.tcpRange',
        'app.synth',
      ].sort());
      // Every statement is one the writer makes: imports, declarations, `new …(…)` and app.synth().
      for (const statement of source.statements) {
        const ok =
          ts.isImportDeclaration(statement) ||
          ts.isVariableStatement(statement) ||
          (ts.isExpressionStatement(statement) && (ts.isNewExpression(statement.expression) || statement.expression.getText() === 'app.synth()'));
        expect([statement.getText().slice(0, 80), ok]).toEqual([statement.getText().slice(0, 80), true]);
      }
      // The names the library takes are in the program exactly, labels included.
      expect(literals.filter((l) => l === LEGAL)).toHaveLength(4); // app display name, connector group name, the group's label, policy display name
      expect(literals).toContain(LEGAL_QUICK);
      expect(program).not.toContain(HOSTILE.slice(4, 40));

      // Run as a user would: type-checked; the payload never runs.
      const marker = path.join(work, 'INJECTED');
      const outdir = path.join(work, 'cdktf.out');
      const synth = spawnSync(process.execPath, ['-r', 'ts-node/register', out], {
        cwd: ROOT,
        env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', HOSTILE_MARKER: marker },
        encoding: 'utf8',
      });
      expect(synth.stderr).toBe('');
      expect(synth.status).toBe(0);
      expect(fs.existsSync(marker)).toBe(false);

      // cdk.tf.json holds the exact text of every adopted value.
      const json = fs.readFileSync(path.join(outdir, 'stacks', 'adopted', 'cdk.tf.json'), 'utf8');
      expect(json).not.toContain('TfToken');
      const tf = JSON.parse(json);
      const apps = Object.values<any>(resources(tf, 'azuread_application_from_template'));
      const groups = Object.values<any>(resources(tf, 'msgraph_resource')).filter((r) => r.url === 'onPremisesPublishingProfiles/applicationProxy/connectorGroups');
      const policies = Object.values<any>(resources(tf, 'azuread_conditional_access_policy'));
      expect(apps).toHaveLength(5);
      expect(groups).toHaveLength(2);
      expect(program).toContain("const tenantDefaultGroup = ConnectorGroup.fromTenantDefault(stack, 'TenantDefaultConnectorGroup');");
      expect(program).toContain("const tenantDefaultGroup2 = new ConnectorGroup(stack, 'ConnectorGroup-Tenant default', { name: 'Tenant default'");
      expect(program).toContain("new PrivateAccessApplication(stack, 'Twin', {");
      expect(program).toContain("new PrivateAccessApplication(stack, 'Twin (a0000000)', {");
      expect(policies).toHaveLength(1);
      const written = {
        ...Object.fromEntries(apps.map((a, i) => [`app${i}`, a.display_name])),
        group: groups.find((g) => g.body.name !== 'Tenant default').body.name,
        groupRegion: String(groups.find((g) => g.body.name !== 'Tenant default').body.region),
        policy: policies[0].display_name,
      };
      const evaluated = terraformEvaluates(written);
      expect([evaluated.app0, evaluated.app1, evaluated.app2, evaluated.app3, evaluated.app4].sort()).toEqual([LEGAL, 'Hostile connector group name', LEGAL_QUICK, 'Twin', 'Twin'].sort());
      expect([evaluated.group, evaluated.groupRegion, evaluated.policy]).toEqual([LEGAL, 'undefined', LEGAL]);
      const hosts = Object.values<any>(resources(tf, 'msgraph_resource'))
        .filter((r) => String(r.url).endsWith('/applicationSegments'))
        .map((r) => r.body.destinationHost)
        .sort();
      expect(hosts).toEqual(['10.40.0.0/16', 'app006.corp.contoso.com', 'app036.corp.contoso.com', 'app040.corp.contoso.com', 'corp.contoso.local', 'hostile.corp.contoso.com']);
      const ports = Object.values<any>(resources(tf, 'msgraph_resource')).find((r) => r.body?.destinationHost === 'hostile.corp.contoso.com').body.ports;
      expect(ports).toEqual(['22-22', '2222-2222']);
      const importIds = (tf.import as Array<{ id: string }>).map((i) => i.id).join('\n');
      for (const id of [G.appA, G.spA, G.appF, G.spF, G.quick, G.quickSp, G.group1, guid(400), guid(300), guid(301), assignmentId(500), assignmentId(501), guid(201)]) {
        expect(importIds).toContain(id);
      }
      expect(terraformValidationErrors(tf)).toEqual([]);
    } finally {
      await graph.close();
    }
  }, 120_000);
});

describe('the TypeScript encoder of the written program', () => {
  /** Any text: every UTF-16 unit (lone surrogates too), with the characters that matter made likely. */
  const anyText = fc.string({ unit: fc.oneof(fc.constantFrom('\n', '\r', '\u2028', '\u2029', '\u0000', '\u0085', '\u202e', '`', '${', '*/', "'", '"', '\\'), fc.string({ unit: 'binary', maxLength: 3 })) });

  test('tsString(text) is one line of TypeScript whose value is exactly the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const literal = tsString(text);
        expect(literal).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
        expect(literal).not.toContain('*/');
        const source = ts.createSourceFile('x.ts', `const x = ${literal};`, ts.ScriptTarget.ES2022, true);
        expect(source.statements).toHaveLength(1);
        const init = (source.statements[0] as ts.VariableStatement).declarationList.declarations[0].initializer!;
        expect(ts.isStringLiteral(init) && init.text).toBe(text);
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        expect(new Function(`return ${literal};`)()).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  test('tsComment(text) after // stays a comment: nothing after it is code', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const source = ts.createSourceFile('x.ts', `// ${tsComment(text)}\nconst x = 1;`, ts.ScriptTarget.ES2022, true);
        expect(source.statements).toHaveLength(1);
        expect(source.statements[0].getText()).toBe('const x = 1;');
      }),
      { numRuns: 500 },
    );
  });
});
