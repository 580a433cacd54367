import { TerraformStack } from 'cdktf';
import {
  ApplicationAdoption,
  ConnectorGroup,
  Destination,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessConditionalAccessPolicy,
  Protocol,
  QuickAccessApplication,
} from '../lib';
import { errorOf, synthStack, terraformValidationErrors, testStack } from './util';

const APP = '11111111-1111-1111-1111-111111111111';
const SP = '22222222-2222-2222-2222-222222222222';
const SEGMENT = '9ceef8f4-7dff-803a-8046-a3fcb133dc1f';
const ASSIGNMENT = '41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE';
const GROUP = '55555555-5555-5555-5555-555555555555';
const POLICY = '66666666-6666-6666-6666-666666666666';

function adopted(s: TerraformStack, adopt: Partial<ApplicationAdoption> = {}): PrivateAccessApplication {
  const connectors = new ConnectorGroup(s, 'Connectors', { name: 'Linux connectors', adopt: { connectorGroupId: GROUP } });
  const app = new PrivateAccessApplication(s, 'Ssh', {
    displayName: 'Linux servers (SSH)',
    connectorGroup: connectors,
    segments: [
      { destination: Destination.cidr('10.20.1.0/24'), ports: [Port.SSH] },
      { destination: Destination.ipAddress('10.20.0.4'), ports: [Port.SSH] }, // new: created
    ],
    principals: [Principal.group('Linux Admins'), Principal.user('alex@contoso.com')],
    adopt: {
      applicationObjectId: APP,
      servicePrincipalObjectId: SP,
      segments: [{ destination: Destination.cidr('10.20.1.0/24'), protocol: Protocol.TCP, segmentId: SEGMENT }],
      assignments: [{ principal: Principal.group('LINUX ADMINS'), assignmentId: ASSIGNMENT }],
      ...adopt,
    },
  });
  new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'SSH: MFA', applications: [app], adopt: { policyId: POLICY } });
  return app;
}

/** The import blocks of a synthesized stack: Terraform address → import ID. */
function importsOf(tf: any): Record<string, string> {
  return Object.fromEntries((tf.import ?? []).map((i: { to: string; id: string }) => [i.to.replace(/_[0-9A-F]{8}$/, ''), i.id]));
}

describe('adopting existing objects', () => {
  test('writes import blocks in each provider’s import ID format, for adopted objects only', () => {
    const s = testStack();
    adopted(s);
    const tf = JSON.parse(synthStack(s));
    expect(importsOf(tf)).toEqual({
      'azuread_application_from_template.Ssh': `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${APP}/${SP}`,
      'msgraph_resource.Ssh_Segment-tcp-cidr-10_20_1_0-24': `/applications/${APP}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments/${SEGMENT}?api-version=beta`,
      'azuread_app_role_assignment.Ssh_Assignment-group-name-LinuxAdmins': `/servicePrincipals/${SP}/appRoleAssignedTo/${ASSIGNMENT}`,
      'msgraph_resource.Connectors': `/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${GROUP}?api-version=beta`,
      'azuread_conditional_access_policy.Mfa': `/identity/conditionalAccess/policies/${POLICY}`,
    });
    expect(terraformValidationErrors(tf)).toEqual([]);
  });

  test('imported msgraph objects keep their url and api version: no replacement on the first plan', () => {
    const s = testStack();
    adopted(s);
    const tf = JSON.parse(synthStack(s));
    // What msgraph's ImportState stores: the path up to the last slash without its leading slash,
    // and api-version from the query (v1.0 without one).
    const parse = (id: string) => {
      const u = new URL(id, 'https://graph.invalid');
      return { url: u.pathname.slice(0, u.pathname.lastIndexOf('/')).replace(/^\//, ''), apiVersion: u.searchParams.get('api-version') ?? 'v1.0' };
    };
    const segmentName = Object.keys(tf.resource.msgraph_resource).find((n) => n.startsWith('Ssh_Segment-tcp-cidr'))!;
    const segment = tf.resource.msgraph_resource[segmentName];
    const segmentImport = parse(importsOf(tf)['msgraph_resource.Ssh_Segment-tcp-cidr-10_20_1_0-24']);
    const appName = Object.keys(tf.resource.azuread_application_from_template)[0];
    // The configured url names the app by reference; once imported, the app's object ID is APP.
    expect(segment.url.replace(`\${azuread_application_from_template.${appName}.application_object_id}`, APP)).toBe(segmentImport.url);
    expect(segment.api_version).toBe(segmentImport.apiVersion);
    const groupName = Object.keys(tf.resource.msgraph_resource).find((n) => n.startsWith('Connectors'))!;
    const groupImport = parse(importsOf(tf)['msgraph_resource.Connectors']);
    expect([tf.resource.msgraph_resource[groupName].url, tf.resource.msgraph_resource[groupName].api_version]).toEqual([groupImport.url, groupImport.apiVersion]);
  });

  test('an adopted segment or assignment that matches nothing declared fails synth with the fix', () => {
    const s = testStack();
    adopted(s, {
      segments: [
        { destination: Destination.cidr('10.20.1.0/24'), protocol: Protocol.TCP, segmentId: SEGMENT },
        { destination: Destination.fqdn('old.corp.contoso.com'), protocol: Protocol.UDP, segmentId: '8ceef8f4-7dff-803a-8046-a3fcb133dc1f' },
      ],
      assignments: [{ principal: Principal.group('Former staff'), assignmentId: ASSIGNMENT }],
    });
    const message = errorOf(() => synthStack(s));
    expect(message).toContain(
      '[test/Ssh] adopt.segments: the existing udp old.corp.contoso.com segment (8ceef8f4-7dff-803a-8046-a3fcb133dc1f) matches no declared segment; declare it with addSegment() (same destination and protocol), or remove it from adopt and delete it in the tenant',
    );
    expect(message).toContain(
      '[test/Ssh] adopt.assignments: the existing assignment of group "Former staff" (41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE) matches no granted principal; grant it with grantAccess(), or remove it from adopt and remove the assignment in the tenant',
    );
  });

  test('IDs that are not GUIDs (or assignment IDs) fail at once, naming the prop and where to find the ID', () => {
    expect(() => adopted(testStack(), { applicationObjectId: 'Linux servers' })).toThrow(
      'test/Ssh: adopt.applicationObjectId "Linux servers" is not a GUID; copy it from the Entra admin center or from `entra-private-access import`',
    );
    expect(() => adopted(testStack(), { segments: [{ destination: Destination.cidr('10.20.1.0/24'), protocol: Protocol.TCP, segmentId: '42' }] })).toThrow(
      /^test\/Ssh: adopt.segments\[0\].segmentId "42" is not a GUID/,
    );
    expect(() => adopted(testStack(), { assignments: [{ principal: Principal.group('Linux Admins'), assignmentId: '18d14569-c3bd' }] })).toThrow(
      /adopt.assignments\[0\].assignmentId "18d14569-c3bd" is not an app role assignment ID; copy the `id` of the assignment from GET \/servicePrincipals\/\{id\}\/appRoleAssignedTo \(not the app role's ID\)/,
    );
    expect(() => new ConnectorGroup(testStack(), 'G', { name: 'g', adopt: { connectorGroupId: 'g1' } })).toThrow(
      'test/G: adopt.connectorGroupId "g1" is not a GUID; copy the ID from Global Secure Access > Connect > Connectors',
    );
    const s = testStack();
    const app = adopted(s);
    expect(() => new PrivateAccessConditionalAccessPolicy(s, 'Other', { displayName: 'x', applications: [app], adopt: { policyId: 'policy' } })).toThrow(
      'test/Other: adopt.policyId "policy" is not a GUID; copy the policy ID from Entra ID > Conditional Access > Policies',
    );
  });

  test('the Quick Access app adopts by ID, or is found at plan time, not both', () => {
    const s = testStack();
    new QuickAccessApplication(s, 'QuickAccess', {
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'C', GROUP),
      dnsSuffixes: ['corp.contoso.com'],
      principals: [Principal.group('All Staff')],
      adopt: { applicationObjectId: APP, servicePrincipalObjectId: SP },
    });
    expect(importsOf(JSON.parse(synthStack(s)))).toEqual({
      'azuread_application_from_template.QuickAccess': `/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/${APP}/${SP}`,
    });
    expect(() => QuickAccessApplication.fromExisting(testStack(), 'Q', { adopt: { applicationObjectId: APP, servicePrincipalObjectId: SP } } as any)).toThrow(
      'test/Q: fromExisting finds the app when Terraform plans and `adopt` imports it by ID: use one of them',
    );
  });
});

describe('adopting the Quick Access app’s DNS suffixes', () => {
  test('a DNS suffix is matched by its host alone; another destination needs its protocol', () => {
    const s = testStack();
    new QuickAccessApplication(s, 'QuickAccess', {
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'C', GROUP),
      dnsSuffixes: ['corp.contoso.com'],
      principals: [Principal.group('All Staff')],
      adopt: { applicationObjectId: APP, servicePrincipalObjectId: SP, segments: [{ destination: Destination.dnsSuffix('Corp.Contoso.com'), segmentId: SEGMENT }] },
    });
    expect(importsOf(JSON.parse(synthStack(s)))['msgraph_resource.QuickAccess_DnsSuffix-corp_contoso_com']).toBe(
      `/applications/${APP}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments/${SEGMENT}?api-version=beta`,
    );
    expect(() => adopted(testStack(), { segments: [{ destination: Destination.cidr('10.20.1.0/24'), segmentId: SEGMENT }] })).toThrow(
      'test/Ssh: adopt.segments[0] (10.20.1.0/24) has no protocol; give the segment\'s protocol, such as Protocol.TCP',
    );
  });
});

describe('adoption is tied to what is declared, when Terraform plans', () => {
  const tf = () => {
    const s = testStack();
    adopted(s);
    return JSON.parse(synthStack(s));
  };

  test('an adopted app carries the Private Access or Quick Access tag, and its service principal is its own', () => {
    const t = tf();
    const application = Object.values<any>(t.data.azuread_application)[0];
    expect(application.lifecycle.postcondition[0].condition).toBe('${contains(self.tags, "PrivateAccessNonWebApplication") || contains(self.tags, "NetworkAccessQuickAccessApplication")}');
    const [name] = Object.keys(t.data.azuread_application);
    const ready = Object.entries<any>(t.data.msgraph_resource).find(([k]) => k.includes('ServicePrincipalReady'))![1];
    expect(ready.lifecycle.postcondition[0]).toEqual({
      condition: `\${self.output.appId == data.azuread_application.${name}.client_id}`,
      error_message: `test/Ssh adopts the service principal ${SP}, which belongs to another application than ${APP}: every assignment would go to that other app. Check adopt.servicePrincipalObjectId (the enterprise application of the same app).`,
    });
  });

  test('a new app gets no such check', () => {
    const s = testStack();
    new PrivateAccessApplication(s, 'New', {
      displayName: 'New',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', GROUP),
      segments: [{ destination: Destination.ipAddress('10.20.0.4'), ports: [Port.SSH] }],
      principals: [Principal.group('Linux Admins')],
    });
    const t = JSON.parse(synthStack(s));
    expect(Object.values<any>(t.data.azuread_application)[0].lifecycle).toBeUndefined();
  });

  test('an adopted connector group is not the tenant\'s default', () => {
    const group = Object.entries<any>(tf().data.msgraph_resource).find(([k]) => k.includes('AdoptedGroup'))![1];
    expect(group).toMatchObject({
      url: `onPremisesPublishingProfiles/applicationProxy/connectorGroups/${GROUP}`,
      api_version: 'beta',
      lifecycle: { postcondition: [{ condition: '${!coalesce(self.output.isDefault, false)}', error_message: expect.stringContaining("which is the tenant's default group") }] },
    });
  });

  test('an adopted policy that also targets other apps is named when Terraform plans, and the configuration is valid', () => {
    const t = tf();
    const [checkName, check] = Object.entries<any>(t.check).find(([k]) => k.includes('AdoptedTargetsCheck'))!;
    expect(checkName).toMatch(/^Mfa_AdoptedTargetsCheck_[0-9A-F]{8}$/);
    const [read] = Object.keys(t.data.msgraph_resource).filter((k) => k.includes('AdoptedTargets'));
    const [app] = Object.keys(t.data.azuread_application);
    expect(check.assert[0].condition).toBe(
      `\${length(setsubtract(toset(try(coalesce(data.msgraph_resource.${read}.output.applications, []), [])), toset([data.azuread_application.${app}.client_id]))) == 0}`,
    );
    expect(terraformValidationErrors(t)).toEqual([]);
  });
});
