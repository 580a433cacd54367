import { verifyTenant } from '../../lib/analysis/verify';
import { PrivateAccessChecks } from '../../lib/checks/private-access-checks';
import {
  AccessModel,
  ModelApplication,
  ModelApplicationKind,
  ModelPolicy,
  ModelPrincipal,
  ModelPrincipalType,
  ModelSegment,
} from '../../lib/model/access-model';
import { TenantDirectoryObject, TenantRead } from '../../lib/readers/tenant-reader';
import { principalByExpression, principalById, principalByName } from '../../lib/readers/stack-reader';

const ROLE = '18d14569-c3bd-439b-9a66-3a2aee01d14f';
const APP_ID = '11111111-0000-4000-8000-000000000001';
const CLIENT_ID = '11111111-0000-4000-8000-0000000000a1';
const OPS = '33333333-0000-4000-8000-000000000001';
const ALEX = '44444444-0000-4000-8000-000000000001';

function seg(address: string, host: string, type: string, ports: string[], protocol = 'tcp', adoptedId?: string): ModelSegment {
  return {
    source: { address },
    destinationHost: { value: host },
    destinationType: { value: type },
    protocol: { value: protocol },
    ports: ports.map((value) => ({ value })),
    ...(adoptedId ? { adoptedId } : {}),
  };
}

function app(address: string, name: string, extra: Partial<ModelApplication> = {}): ModelApplication {
  return { source: { address }, kind: ModelApplicationKind.ENTERPRISE, displayName: { value: name }, existing: false, segments: [], dnsSuffixes: [], assignments: [], ...extra };
}

function assignment(address: string, principal: ModelPrincipal) {
  return { source: { address }, principal, appRoleId: { value: ROLE } };
}

function model(name: string, origin: string, applications: ModelApplication[], policies: ModelPolicy[] = []): AccessModel {
  return { name, origin, applications, policies, connectorGroups: [], forwardingProfile: { source: { address: 'fp' }, state: { value: 'enabled' } }, networkRules: [], connectorHosts: [], adoptions: [], unplaced: [] };
}

function policy(address: string, name: string, apps: string[], extra: Partial<ModelPolicy> = {}): ModelPolicy {
  return {
    source: { address },
    displayName: { value: name },
    state: { value: 'enabled' },
    applications: apps,
    otherApplications: [],
    excludedApplications: [],
    includesAllUsers: true,
    includes: [],
    excludes: [],
    includedRoles: [],
    excludedRoles: [],
    clientAppTypes: ['all'],
    builtInControls: ['mfa'],
    grantOperator: { value: 'OR' },
    ...extra,
  };
}

function tenantRead(m: AccessModel, directory: TenantDirectoryObject[] = []): TenantRead {
  return { model: m, directory, connectorGroups: [], connectorGroupsRead: false, notRead: [] };
}

function verify(code: AccessModel[], tenant: TenantRead) {
  return verifyTenant({ code, tenant, rules: new PrivateAccessChecks().rules });
}

const T_APP = `/beta/applications/${APP_ID}`;

describe('verifyTenant', () => {
  test('segments are compared by value: "22" and "22-22" are one port, adjacent ranges merge, hosts ignore case', () => {
    const code = model('stack', 'stack', [
      app('code.app', 'Web', {
        segments: [seg('code.s1', 'Web.Corp.Contoso.com', 'fqdn', ['22', '23-23', '443']), seg('code.s2', '10.0.0.4', 'ipAddress', ['80-80'], 'udp,tcp')],
      }),
    ]);
    const tenant = model('tenant', 'tenant', [
      app(T_APP, 'Web', {
        applicationObjectId: APP_ID,
        clientId: CLIENT_ID,
        segments: [seg(`${T_APP}/s/1`, 'web.corp.contoso.com', 'fqdn', ['443-443', '22-23']), seg(`${T_APP}/s/2`, '10.0.0.4', 'ip', ['80-80'], 'tcp,udp')],
      }),
    ]);
    const report = verify([code], tenantRead(tenant));
    expect(report.differences.filter((d) => d.kind.startsWith('segment'))).toEqual([]);
  });

  test('an adopted segment edited in the portal is "changed", even to another destination', () => {
    const code = model('stack', 'stack', [
      app('code.app', 'Web', { segments: [seg('code.s1', '10.0.0.4', 'ip', ['22-22'], 'tcp', `/applications/${APP_ID}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments/seg-1?api-version=beta`)] }),
    ]);
    const tenant = model('tenant', 'tenant', [app(T_APP, 'Web', { applicationObjectId: APP_ID, clientId: CLIENT_ID, segments: [seg(`${T_APP}/applicationSegments/seg-1`, '10.0.0.5', 'ip', ['22-22'])] })]);
    const report = verify([code], tenantRead(tenant));
    expect(report.differences.filter((d) => d.kind.startsWith('segment')).map((d) => d.message)).toEqual([
      'the segment 10.0.0.4 tcp 22 is 10.0.0.5 tcp 22 in the tenant (the adopted segment was edited outside the code)',
    ]);
  });

  test('two tenant apps with one name: ambiguous, not compared, and not also reported as undeclared', () => {
    const code = model('stack', 'stack', [app('code.app', 'Web', { segments: [seg('code.s1', '10.0.0.4', 'ip', ['22-22'])] })]);
    const other = '11111111-0000-4000-8000-000000000002';
    const tenant = model('tenant', 'tenant', [app(T_APP, 'Web', { applicationObjectId: APP_ID }), app(`/beta/applications/${other}`, 'Web', { applicationObjectId: other })]);
    const report = verify([code], tenantRead(tenant));
    expect(report.differences.map((d) => d.kind)).toEqual(['application-ambiguous']);
    expect(report.differences[0].message).toContain(`2 Private Access apps in the tenant are named "Web" (${APP_ID}, ${other})`);
    expect(report.matches).toBe(false);
  });

  test('two stacks declaring one tenant app: ambiguous', () => {
    const tenant = model('tenant', 'tenant', [app(T_APP, 'Web', { applicationObjectId: APP_ID })]);
    const report = verify([model('a', 'stack', [app('code.app', 'Web')]), model('b', 'stack', [app('code.app', 'Web')])], tenantRead(tenant));
    expect(report.differences.map((d) => d.message)).toEqual([`the tenant's app "Web" is declared by 2 apps of the code (a:code.app, b:code.app); one app must be declared once`]);
  });

  test('an app adopted by object ID is found under another name; an adopted app that is gone is not matched by name', () => {
    const gone = '11111111-0000-4000-8000-0000000000ff';
    const code = model('stack', 'stack', [app('code.renamed', 'Old name', { applicationObjectId: APP_ID }), app('code.gone', 'Gone', { applicationObjectId: gone })]);
    const tenant = model('tenant', 'tenant', [app(T_APP, 'New name', { applicationObjectId: APP_ID }), app('/beta/applications/x', 'Gone', { applicationObjectId: '11111111-0000-4000-8000-0000000000ee' })]);
    const report = verify([code], tenantRead(tenant));
    expect(report.applications.map((a) => [a.displayName, a.matchedBy ?? '-'])).toEqual([
      ['Gone', '-'],
      ['Gone', '-'],
      ['New name', 'objectId'],
    ]);
    expect(report.differences.map((d) => d.kind).sort()).toEqual(['application-only-in-code', 'application-only-in-tenant']);
  });

  test('principals: by object ID, by name through the tenant\'s names, and undecided when known only at apply or unnamed', () => {
    const expressionGroup = principalByExpression(ModelPrincipalType.GROUP, '${var.admins}');
    const code = model('stack', 'stack', [
      app('code.app', 'Web', {
        assignments: [
          assignment('code.a1', principalByName(ModelPrincipalType.GROUP, 'ops team')),
          assignment('code.a2', principalByName(ModelPrincipalType.USER, 'Alex@Contoso.com')),
          assignment('code.a3', expressionGroup),
        ],
      }),
    ]);
    const tenantAssignments = [
      assignment(`${T_APP}/a/1`, principalById(ModelPrincipalType.GROUP, OPS, 'Ops Team')),
      assignment(`${T_APP}/a/2`, principalById(ModelPrincipalType.USER, ALEX, 'Alex Wilber')),
      assignment(`${T_APP}/a/3`, principalById(ModelPrincipalType.GROUP, '33333333-0000-4000-8000-000000000009', 'Someone')),
    ];
    const tenant = model('tenant', 'tenant', [app(T_APP, 'Web', { applicationObjectId: APP_ID, clientId: CLIENT_ID, assignments: tenantAssignments })]);

    // With the names read, the group and the user match; the expression's group and the third tenant group cannot be told apart.
    const named = verify(
      [code],
      tenantRead(tenant, [
        { objectId: OPS, principalType: ModelPrincipalType.GROUP, displayName: 'Ops Team' },
        { objectId: ALEX, principalType: ModelPrincipalType.USER, displayName: 'Alex Wilber', userPrincipalName: 'alex@contoso.com' },
        { objectId: '33333333-0000-4000-8000-000000000009', principalType: ModelPrincipalType.GROUP, displayName: 'Someone' },
      ]),
    );
    expect(named.differences.filter((d) => d.kind.startsWith('assignment'))).toEqual([]);
    expect(named.notCompared.map((n) => `${n.what}: ${n.why}`)).toEqual([
      'the assignment of group "Someone" (33333333-0000-4000-8000-000000000009) in the tenant: it may be the code\'s group ${var.admins}, which cannot be compared',
      'the assignment of group ${var.admins}: the code gives it by ${var.admins}, known only at apply',
    ]);

    // Without the users' principal names, the user by UPN cannot be compared: undecided, never drift.
    const unnamed = verify([code], tenantRead(tenant, [{ objectId: OPS, principalType: ModelPrincipalType.GROUP, displayName: 'Ops Team' }]));
    expect(unnamed.differences.filter((d) => d.kind.startsWith('assignment'))).toEqual([]);
    expect(unnamed.notCompared.map((n) => n.why)).toContain("the tenant's users' principal names were not read (the identity needs User.Read.All)");
  });

  test('policies: matched by name; a policy that stopped targeting the app, and one that now targets it', () => {
    const tenantApp = app(T_APP, 'Web', { applicationObjectId: APP_ID, clientId: CLIENT_ID });
    const other = app('/beta/applications/other', 'Other', { applicationObjectId: '11111111-0000-4000-8000-0000000000bb', clientId: '11111111-0000-4000-8000-0000000000cc' });
    const tenant = model('tenant', 'tenant', [tenantApp, other], [policy('/v1.0/p/1', 'MFA', ['/beta/applications/other']), policy('/v1.0/p/2', 'Block', [T_APP], { builtInControls: ['block'] })]);
    const report = verify([model('stack', 'stack', [app('code.app', 'Web'), app('code.other', 'Other')], [policy('code.p1', 'MFA', ['code.app'])])], tenantRead(tenant));
    expect(report.differences.filter((d) => d.kind.startsWith('policy')).map((d) => `${d.application}: ${d.message}`)).toEqual([
      'Other: policy "MFA" (enabled, requires mfa) targets the app in the tenant, and not in the code',
      'Web: policy "Block" (enabled, requires block) targets the app in the tenant, and the code does not declare it',
      'Web: policy "MFA" targets the app in the code, and no longer in the tenant: it does not guard the app',
    ]);
  });

  test('an app taken as it exists: what it holds beyond the code is listed, not drift', () => {
    const quick = (address: string, extra: Partial<ModelApplication>) => app(address, 'Quick Access', { kind: ModelApplicationKind.QUICK_ACCESS, ...extra });
    const code = model('stack', 'stack', [
      quick('data.qa', { displayName: { expression: '${data.qa.output.displayName}' }, existing: true, segments: [seg('code.q1', '10.0.0.0/16', 'ipRangeCidr', ['1-65535'])] }),
    ]);
    const tenant = model('tenant', 'tenant', [
      quick(T_APP, { applicationObjectId: APP_ID, clientId: CLIENT_ID, segments: [seg(`${T_APP}/s/1`, '10.0.0.0/16', 'ipRangeCidr', ['1-65535']), seg(`${T_APP}/s/2`, '192.168.0.0/16', 'ipRangeCidr', ['445-445'])] }),
    ]);
    const report = verify([code], tenantRead(tenant));
    expect(report.applications).toEqual([expect.objectContaining({ displayName: 'Quick Access', matchedBy: 'quickAccess', takenAsExisting: true })]);
    expect(report.undeclared.map((d) => d.message)).toEqual([
      'the segment 192.168.0.0/16 tcp 445 is in the tenant and not in the code (added outside the code): its traffic goes to this app, invisible to Terraform',
    ]);
    expect(report.differences).toEqual([]);
    expect(report.tenantFindings.filter((f) => f.drift)).toEqual([]);
    expect(report.matches).toBe(true);
  });

  test('a code app named only at apply is not compared, and says why', () => {
    const code = model('stack', 'stack', [app('code.app', '', { displayName: { expression: '${var.name}' } })]);
    const report = verify([code], tenantRead(model('tenant', 'tenant', [])));
    expect(report.notCompared).toEqual([{ what: 'app code.app of stack stack', why: 'its display name is known only at apply (${var.name}), so it cannot be found in the tenant' }]);
    expect(report.matches).toBe(true);
  });
});
