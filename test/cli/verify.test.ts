import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, TerraformStack } from 'cdktf';
import {
  AccessReview,
  ConnectorGroup,
  ConnectorGroupRegion,
  Destination,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessConditionalAccessPolicy,
  PrivateAccessForwardingProfile,
  QuickAccessApplication,
} from '../../lib';
import { runCli } from './run-cli';
import type { VerifyReport } from '../../lib/analysis/verify';
import { withDeadline } from '../../lib/private/deadline';
import { IDS, matchingTenant, segment, startTenantGraph, TenantGraph, TOKEN, USER_ROLE } from './tenant-graph';

/** What varies in the code between tests. */
interface CodeOptions {
  readonly sshPrincipals?: Principal[];
}

/** Synthesizes the code that declares the tenant of `matchingTenant()`; returns the stack's directory. */
function synthesizeCode(dir: string, options: CodeOptions = {}): string {
  const app = new App({ outdir: dir });
  const stack = new TerraformStack(app, 'private-access');
  new AzureadProvider(stack, 'azuread');
  new MsgraphProvider(stack, 'msgraph');
  const linux = new ConnectorGroup(stack, 'LinuxConnectors', { name: 'Linux connectors', region: ConnectorGroupRegion.EUROPE, adopt: { connectorGroupId: IDS.linuxGroup } });
  const ssh = new PrivateAccessApplication(stack, 'Ssh', {
    displayName: 'Linux servers (SSH)',
    connectorGroup: linux,
    segments: [
      { destination: Destination.cidr('10.20.1.0/24'), ports: [Port.SSH] },
      { destination: Destination.fqdn('bastion.corp.contoso.com'), ports: [Port.SSH, Port.tcpRange(2200, 2299)] },
    ],
    principals: options.sshPrincipals ?? [Principal.group('Linux Admins'), Principal.user('alex@contoso.com')],
    adopt: { applicationObjectId: IDS.sshApp, servicePrincipalObjectId: IDS.sshSp },
  });
  const web = new PrivateAccessApplication(stack, 'Intranet', {
    displayName: 'Intranet',
    connectorGroup: ConnectorGroup.fromTenantDefault(stack, 'DefaultConnectors'),
    segments: [{ destination: Destination.ipAddress('10.30.0.4'), ports: [Port.tcp(80), Port.tcp(443)] }],
    principals: [Principal.groupId(IDS.allStaff, 'All Staff')],
  });
  QuickAccessApplication.fromExisting(stack, 'QuickAccess', {
    connectorGroup: linux,
    dnsSuffixes: ['contoso.local'],
    segments: [{ destination: Destination.cidr('10.0.0.0/16'), ports: [Port.tcpRange(1, 65535)] }],
  });
  new PrivateAccessConditionalAccessPolicy(stack, 'Mfa', {
    displayName: 'Private Access: require MFA',
    applications: [ssh, web],
    excludePrincipals: [Principal.userId(IDS.breakGlass, 'Break glass')],
  });
  new PrivateAccessForwardingProfile(stack, 'Forwarding');
  AccessReview.of(stack);
  app.synth();
  return path.join(dir, 'stacks', 'private-access');
}

/** Runs the CLI in this process with the test token; returns its exit code, output and log. */
function run(args: string[], token: string | undefined = TOKEN): Promise<{ code: number; out: string; log: string[] }> {
  return runCli(args, token);
}

async function verifyJson(graph: TenantGraph, code: string[], extra: string[] = []): Promise<{ code: number; report: VerifyReport; log: string[] }> {
  const r = await run(['verify', ...code, '--graph-endpoint', graph.url, '--format', 'json', ...extra]);
  expect(r.log.filter((l) => l.startsWith('entra-private-access'))).toEqual([]);
  return { code: r.code, report: JSON.parse(r.out), log: r.log };
}

describe('entra-private-access verify', () => {
  let work: string;
  let stackDir: string;
  let graph: TenantGraph;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-'));
    stackDir = synthesizeCode(path.join(work, 'code'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  afterEach(() => graph?.close());

  test('a tenant that matches the code: exit 0, every page read, a 429 waited out, nothing written', async () => {
    graph = await startTenantGraph(matchingTenant(), {
      pageSize: 1,
      throttleOnce: new Set([`/beta/applications/${IDS.sshApp}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments`]),
    });
    const { code, out, log } = await run(['verify', '--stack', stackDir, '--graph-endpoint', graph.url, '--progress']);
    expect(log.filter((l) => l.startsWith('entra-private-access'))).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('**The tenant matches the code.**');
    expect(out).toContain('| Linux servers (SSH) | `private-access` `private-access/Ssh` | `/beta/applications/' + IDS.sshApp + '` | adopted object ID | 0 |');
    expect(out).toContain('| Intranet | `private-access` `private-access/Intranet` | `/beta/applications/' + IDS.webApp + '` | display name | 0 |');
    expect(out).toContain('the Quick Access app (taken as it exists)');
    expect(out).toContain('- Block legacy clients (enabled)');
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Graph is throttling \(429\) GET applications\/.*\/applicationSegments; retrying in 1 s$/),
        'found 2 Private Access app(s) and the Quick Access app',
        'reading 2/3: "Intranet"',
        'reading the connectors of "Linux connectors"',
      ]),
    );
    // Every collection was read to its last page (the server pages by one).
    expect(graph.requests.filter((r) => /skiptoken=1(&|$)/.test(r)).map((r) => r.split('?')[0])).toEqual(
      expect.arrayContaining([
        'GET /beta/applications',
        `GET /beta/applications/${IDS.sshApp}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments`,
        `GET /v1.0/servicePrincipals/${IDS.sshSp}/appRoleAssignedTo`,
        'GET /v1.0/identity/conditionalAccess/policies',
        'GET /beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups',
        'GET /beta/networkAccess/forwardingProfiles',
      ]),
    );
    expect(graph.requests.every((r) => r.startsWith('GET '))).toBe(true);
    // The code names alex by UPN: the user's UPN was looked up.
    expect(graph.requests).toContain(`GET /v1.0/users/${IDS.alex}?$select=id,userPrincipalName,displayName`);
  });

  test('portal edits: an added segment, an added assignment, a policy switched to report-only, a connector gone inactive: exit 2', async () => {
    const tenant = matchingTenant();
    const ssh = tenant.apps.find((a) => a.id === IDS.sshApp)!;
    ssh.segments.push(segment('aaaaaaaa-0000-4000-8000-0000000000ff', '10.20.9.0/24', 'ipRangeCidr', ['22-22'], 'tcp'));
    ssh.assignments.push({ id: 'asg-ssh-mallory', principalId: IDS.mallory, principalType: 'User', appRoleId: USER_ROLE });
    tenant.policies[0].state = 'enabledForReportingButNotEnforced';
    tenant.connectorGroups[0].connectors.forEach((c) => (c.status = 'inactive'));
    graph = await startTenantGraph(tenant);

    const { code, report } = await verifyJson(graph, ['--stack', stackDir]);
    expect(code).toBe(2);
    expect(report.matches).toBe(false);
    expect(report.differences.map((d) => [d.kind, d.application ?? '', d.message])).toEqual([
      [
        'connector-group-inactive',
        '',
        'the connector group "Linux connectors" has no active connector (2 inactive): "Linux servers (SSH)", "Quick Access" cannot reach their servers',
      ],
      ['policy-state-changed', '', 'policy "Private Access: require MFA" is report-only (enabledForReportingButNotEnforced) in the tenant, and enabled in the code: it enforces nothing'],
      [
        'assignment-added',
        'Linux servers (SSH)',
        `user "mallory@contoso.com" (${IDS.mallory}) is assigned in the tenant and not in the code (added outside the code): it can connect, invisible to Terraform`,
      ],
      [
        'segment-added',
        'Linux servers (SSH)',
        'the segment 10.20.9.0/24 tcp 22 is in the tenant and not in the code (added outside the code): its traffic goes to this app, invisible to Terraform',
      ],
    ]);
    expect(report.differences[2].tenantAddress).toBe(`/v1.0/servicePrincipals/${IDS.sshSp}/appRoleAssignedTo/asg-ssh-mallory`);
    // The rule pack on the tenant as it is now: the policy enforces nothing, so nobody is covered by MFA.
    const news = report.tenantFindings.filter((f) => f.drift).map((f) => `${f.rule} ${f.application ?? '-'}: ${f.message}`);
    expect(news).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^EPA-CA-1 Linux servers \(SSH\): app "Linux servers \(SSH\)" is covered by no enabled Conditional Access policy requiring MFA/),
        expect.stringMatching(/^EPA-CA-1 Intranet: app "Intranet" is covered by no enabled Conditional Access policy requiring MFA/),
        expect.stringMatching(/^EPA-CA-3 .*policy "Private Access: require MFA" is report-only/),
      ]),
    );
    // A finding the code has as well is as designed, not drift.
    expect(report.tenantFindings.find((f) => f.rule === 'EPA-CG-1' && f.application === 'Intranet')).toMatchObject({ status: 'alsoInCode', drift: false });

    const md = await run(['verify', '--stack', stackDir, '--graph-endpoint', graph.url]);
    expect(md.code).toBe(2);
    expect(md.out).toContain('**Drift: 4 difference(s) and');
    expect(md.out).toContain('#### App Linux servers (SSH)');
    expect(md.out).toContain('- **segment added outside the code**: the segment 10.20.9.0/24 tcp 22 is in the tenant and not in the code');
    expect(md.out).toContain('- **no active connector**: the connector group "Linux connectors" has no active connector');
    expect(md.out).toContain('| Linux connectors | 0 | 2 | Linux servers (SSH), Quick Access |');
    expect(md.out).toContain('| **new** | `EPA-CA-1` | error | Linux servers (SSH) |');
  });

  test('removed, changed and moved things, an exclusion added, the profile off, an app nobody declares', async () => {
    const tenant = matchingTenant();
    const ssh = tenant.apps.find((a) => a.id === IDS.sshApp)!;
    const web = tenant.apps.find((a) => a.id === IDS.webApp)!;
    ssh.segments[1].ports = ['22-22']; // 2200-2299 closed in the portal
    ssh.segments.splice(0, 1); // 10.20.1.0/24 deleted
    ssh.assignments.splice(0, 1); // Linux Admins removed
    ssh.onPremisesPublishing.isAccessibleViaZTNAClient = false;
    web.connectorGroupId = IDS.otherGroup; // moved to a group with no connectors
    tenant.policies[0].conditions.users.excludeGroups = [IDS.contractors];
    tenant.policies[0].grantControls.operator = 'OR';
    tenant.forwardingProfiles[0].state = 'disabled';
    tenant.apps.push({
      id: '11111111-0000-4000-8000-000000000009',
      appId: '11111111-0000-4000-8000-0000000000a9',
      servicePrincipalId: '11111111-0000-4000-8000-0000000000b9',
      displayName: 'Shadow RDP',
      tags: ['PrivateAccessNonWebApplication'],
      onPremisesPublishing: { applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true },
      segments: [segment('aaaaaaaa-0000-4000-8000-000000000099', '10.50.0.0/16', 'ipRangeCidr', ['3389-3389'], 'tcp')],
      assignments: [{ id: 'asg-shadow', principalId: IDS.mallory, principalType: 'User', appRoleId: USER_ROLE }],
    });
    graph = await startTenantGraph(tenant);

    const { code, report } = await verifyJson(graph, ['--stack', stackDir]);
    expect(code).toBe(2);
    const kinds = report.differences.map((d) => `${d.application ?? '-'}: ${d.kind}`);
    expect(kinds).toEqual([
      '-: connector-group-inactive',
      '-: forwarding-profile-off',
      '-: policy-controls-changed',
      '-: policy-exclusions-changed',
      'Intranet: connector-group-changed',
      'Linux servers (SSH): assignment-missing',
      'Linux servers (SSH): segment-changed',
      'Linux servers (SSH): segment-missing',
      'Linux servers (SSH): settings-changed',
      'Shadow RDP: application-only-in-tenant',
    ]);
    const message = (kind: string) => report.differences.find((d) => d.kind === kind)!.message;
    expect(message('segment-changed')).toBe('the segment bastion.corp.contoso.com tcp 22, 2200-2299 is bastion.corp.contoso.com tcp 22 in the tenant (other ports)');
    expect(message('policy-exclusions-changed')).toBe(`policy "Private Access: require MFA" excludes group "Contractors" (${IDS.contractors}) in the tenant, and not in the code`);
    expect(message('assignment-missing')).toBe('group "Linux Admins" is assigned in the code and not in the tenant (not applied yet, or removed outside the code)');
    expect(message('connector-group-changed')).toBe(`the app's traffic goes through "Web connectors" (${IDS.otherGroup}) in the tenant, and through the tenant's default group in the code`);
    expect(message('connector-group-inactive')).toContain('"Web connectors" has no active connector (none at all): "Intranet" cannot reach its servers');
    expect(message('forwarding-profile-off')).toBe('the Private Access forwarding profile is disabled in the tenant, and enabled in the code: no Private Access traffic is forwarded, no app works');
    expect(message('settings-changed')).toBe('onPremisesPublishing.isAccessibleViaZTNAClient is false in the tenant, and true in the code: the Global Secure Access client does not reach the app');
    expect(message('application-only-in-tenant')).toBe(
      "the tenant's Private Access app \"Shadow RDP\" (11111111-0000-4000-8000-000000000009) is declared by no code: its 1 segment(s) and 1 assignment(s) are invisible to Terraform; adopt it (entra-private-access import) or delete it",
    );
    expect(report.applications.find((a) => a.displayName === 'Shadow RDP')).toEqual({ displayName: 'Shadow RDP', tenantAddress: '/beta/applications/11111111-0000-4000-8000-000000000009', differences: 1 });
  });

  test('the approved review and the synthesized stack give the same report: both are the same model', async () => {
    const tenant = matchingTenant();
    tenant.apps[0].segments.push(segment('aaaaaaaa-0000-4000-8000-0000000000fe', '10.20.8.0/24', 'ipRangeCidr', ['22-22'], 'tcp'));
    graph = await startTenantGraph(tenant);
    const fromStack = await verifyJson(graph, ['--stack', path.join(stackDir, 'cdk.tf.json')]);
    const fromReview = await verifyJson(graph, ['--review', path.join(stackDir, 'access-review.json')]);
    expect(fromReview.code).toBe(2);
    expect(fromReview.report).toEqual(fromStack.report);
  });

  test('the code names a group the tenant does not assign, and the tenant assigns another group of the same type', async () => {
    const dir = synthesizeCode(path.join(work, 'renamed'), { sshPrincipals: [Principal.group('Linux Operators'), Principal.user('alex@contoso.com')] });
    graph = await startTenantGraph(matchingTenant());
    const { report } = await verifyJson(graph, ['--stack', dir]);
    const ssh = report.differences.filter((d) => d.application === 'Linux servers (SSH)').map((d) => d.message);
    expect(ssh).toEqual([
      `group "Linux Admins" (${IDS.linuxAdmins}) is assigned in the tenant and not in the code (added outside the code): it can connect, invisible to Terraform`,
      'group "Linux Operators" is assigned in the code and not in the tenant (not applied yet, or removed outside the code)',
    ]);
  });

  test('--skip-connector-groups reads no connector group and says so', async () => {
    graph = await startTenantGraph(matchingTenant(), { forbid: ['/beta/onPremisesPublishingProfiles', `/beta/applications/${IDS.sshApp}/connectorGroup`] });
    const { code, report } = await verifyJson(graph, ['--stack', stackDir, '--skip-connector-groups']);
    expect(report.differences).toEqual([]);
    expect(code).toBe(0);
    expect(report.notRead).toEqual(['connector groups and connectors (--skip-connector-groups)']);
    expect(graph.requests.some((r) => r.includes('connectorGroup'))).toBe(false);
  });

  test('a refused read is an error that names the permission (exit 1); without --skip-connector-groups, connector groups need a delegated identity', async () => {
    graph = await startTenantGraph(matchingTenant(), { forbid: ['/beta/onPremisesPublishingProfiles'] });
    const { code, log } = await run(['verify', '--stack', stackDir, '--graph-endpoint', graph.url]);
    expect(code).toBe(1);
    expect(log.join('\n')).toMatch(/^entra-private-access verify: Graph refused GET \/onPremisesPublishingProfiles\/applicationProxy\/connectorGroups \(403.*The identity needs Directory\.ReadWrite\.All, even to read, as a signed-in user.*--skip-connector-groups\.$/);

    await graph.close();
    graph = await startTenantGraph(matchingTenant(), { forbid: ['/beta/networkAccess'] });
    const profile = await run(['verify', '--stack', stackDir, '--graph-endpoint', graph.url]);
    expect(profile.code).toBe(1);
    expect(profile.log.join('\n')).toContain('The identity needs NetworkAccess.Read.All');
  });

  test('a next-page link to another host is not followed (the token stays with Graph)', async () => {
    graph = await startTenantGraph(matchingTenant(), { pageSize: 1, foreignNextLink: ['/v1.0/identity'] });
    const { code, log } = await run(['verify', '--stack', stackDir, '--graph-endpoint', graph.url]);
    expect(code).toBe(1);
    expect(log.join('\n')).toContain(`leaves ${graph.url}/v1.0; refusing to follow it`);
    expect(graph.requests.every((r) => r.startsWith('GET '))).toBe(true);
  });

  test('usage errors exit 2, with the usage', async () => {
    const none = await run(['verify']);
    expect(none.code).toBe(2);
    expect(none.log[0]).toContain('verify needs the code to compare with');
    expect((await run(['verify', '--stack', stackDir, '--format', 'xml'])).code).toBe(2);
    expect((await run(['verify', '--stack', stackDir, '--timeout', '0'])).code).toBe(2);
    expect((await run(['verify', '--stack'])).log[0]).toContain('--stack needs a value');
    const missing = await run(['verify', '--stack', path.join(work, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.log[0]).toContain('cannot read the synthesized stack');
  });

  test('names from the tenant cannot forge Markdown or log lines', async () => {
    const tenant = matchingTenant();
    tenant.apps.push({
      id: '11111111-0000-4000-8000-00000000000a',
      appId: '11111111-0000-4000-8000-0000000000aa',
      servicePrincipalId: '11111111-0000-4000-8000-0000000000ba',
      displayName: 'x\n## Approved <!-- | `code` [link](http://evil) \u202eevil',
      tags: ['PrivateAccessNonWebApplication'],
      onPremisesPublishing: { applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true },
      segments: [],
      assignments: [],
    });
    graph = await startTenantGraph(tenant);
    const { out, log } = await run(['verify', '--stack', stackDir, '--graph-endpoint', graph.url, '--progress']);
    expect(out).not.toMatch(/^## Approved/m);
    expect(out).not.toContain('<!--');
    expect(out).not.toContain('\u202e');
    expect(out).toContain('| x&lt;U+000A&gt;\\#\\# Approved &lt;!-- \\| \\`code\\` \\[link\\](http://evil) &lt;U+202E&gt;evil | - |');
    expect(log).toContain('reading 3/4: "x\\n## Approved <!-- | `code` [link](http://evil) \\u202eevil"');
    expect(log.every((l) => !l.includes('\n') && !l.includes('\u202e'))).toBe(true);
  });

  test('the reads are bounded in time: --timeout turns a read that does not end into an error', async () => {
    await expect(withDeadline(new Promise(() => undefined), 50, 'reading the tenant')).rejects.toThrow(
      'reading the tenant did not finish within 0.05 s (Graph throttling, or a slow network); try again later, or raise --timeout',
    );
    await expect(withDeadline(Promise.resolve('read'), 1000, 'reading the tenant')).resolves.toBe('read');
  });
});
