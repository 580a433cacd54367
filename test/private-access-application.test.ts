import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { ApplicationFromTemplate } from '@cdktf/provider-azuread/lib/application-from-template';
import { DataAzureadApplication } from '@cdktf/provider-azuread/lib/data-azuread-application';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { TerraformStack, Testing, Token } from 'cdktf';
import {
  AccessTest,
  ConnectorGroup,
  Destination,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  SegmentOptions,
  SshAdminAccess,
} from '../lib';
import { PrivateAccessError } from '../lib/errors';
import { Resource } from '../lib/gen/providers/msgraph/resource';
import { ResourceAction } from '../lib/gen/providers/msgraph/resource-action';
import { addresses, errorOf, resources, segmentBodies, synth, synthObject, synthStack, terraformEvaluates, testStack } from './util';

const ADMINS = '11111111-1111-1111-1111-111111111111';

function app(s: TerraformStack, segments: SegmentOptions[] = [{ destination: Destination.parse('10.1.0.4'), ports: [Port.SSH] }]) {
  const group = new ConnectorGroup(s, 'Connectors', { name: 'dc1' });
  return new PrivateAccessApplication(s, 'Ssh', {
    displayName: 'SSH servers',
    connectorGroup: group,
    segments,
    principals: [Principal.groupId(ADMINS)],
  });
}

describe('PrivateAccessApplication', () => {
  test('instantiates the Private Access template', () => {
    expect(synth((s) => app(s))).toHaveResourceWithProperties(ApplicationFromTemplate, {
      template_id: '8adf8e6e-67b2-4cf2-a259-e3dc5476c621',
      display_name: 'SSH servers',
    });
  });

  test('reads the client ID from the application, which the template resource waits for', () => {
    const tf = synth((s) => app(s));
    expect(tf).toHaveDataSourceWithProperties(DataAzureadApplication, {
      object_id: '${azuread_application_from_template.Ssh_D3C75D03.application_object_id}',
    });
    expect(JSON.parse(tf).data.azuread_service_principal).toBeUndefined();
  });

  test('assignments wait until the new service principal can be read, retrying while it replicates', () => {
    const tf = synthObject((s) => app(s));
    const [name, read] = Object.entries<any>(tf.data.msgraph_resource).find(([n]) => n.includes('ServicePrincipalReady'))!;
    expect(read).toMatchObject({
      url: 'servicePrincipals/${azuread_application_from_template.Ssh_D3C75D03.service_principal_object_id}',
      retry: { error_message_regex: expect.arrayContaining(['ResourceNotFound', 'RESPONSE 404']) },
      timeouts: { read: '10m' },
    });
    for (const assignment of Object.values<any>(tf.resource.azuread_app_role_assignment)) {
      expect(assignment.depends_on).toEqual([`data.msgraph_resource.${name}`]);
    }
  });

  test('patches onPremisesPublishing to nonwebapp, accessible by the ZTNA client, with retries, as an action that never diffs', () => {
    const tf = synth((s) => app(s));
    expect(tf).toHaveResourceWithProperties(ResourceAction, {
      resource_url: 'applications/${azuread_application_from_template.Ssh_D3C75D03.application_object_id}',
      method: 'PATCH',
      api_version: 'beta',
      body: { onPremisesPublishing: { applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true } },
      retry: { error_message_regex: ['Request_ResourceNotFound', 'ResourceNotFound', 'InternalServerError', 'RESPONSE 500', 'RESPONSE 404'] },
    });
    // msgraph_update_resource compares the read-back "NonWebApp" with "nonwebapp" case-sensitively.
    expect(JSON.parse(tf).resource.msgraph_update_resource).toBeUndefined();
  });

  test('drift of the Private Access settings is read back and reported by a check block, in any case, naming the app', () => {
    const tf = synthObject((s) => app(s));
    const read = tf.data.msgraph_resource.Ssh_PrivateAccessSettingsRead_CE78595C;
    expect(read).toMatchObject({
      url: 'applications/${azuread_application_from_template.Ssh_D3C75D03.application_object_id}',
      api_version: 'beta',
      query_parameters: { $select: ['onPremisesPublishing'] },
      depends_on: ['msgraph_resource_action.Ssh_PrivateAccessSettings_051A2AFE'],
    });
    const [check] = Object.values<any>(tf.check);
    const output = 'data.msgraph_resource.Ssh_PrivateAccessSettingsRead_CE78595C.output';
    expect(check.assert).toEqual([
      {
        condition: `\${lower(coalesce(${output}.applicationType, "")) == "nonwebapp" && coalesce(${output}.isAccessibleViaZTNAClient, false)}`,
        error_message:
          'Private Access app "SSH servers": onPremisesPublishing in the tenant is no longer applicationType nonwebapp with isAccessibleViaZTNAClient true (changed outside Terraform). Restore it with: terraform apply -replace=msgraph_resource_action.Ssh_PrivateAccessSettings_051A2AFE',
      },
    ]);
    // "NonWebApp", as Graph returns it, passes the condition: Terraform evaluates it here.
    for (const [applicationType, expected] of [['NonWebApp', true], ['nonwebapp', true], ['quickaccessapp', false]] as const) {
      const condition = check.assert[0].condition.split(output).join(`{ applicationType = "${applicationType}", isAccessibleViaZTNAClient = true }`);
      expect([applicationType, terraformEvaluates({ result: condition }).result]).toEqual([applicationType, expected]);
    }
  });

  test('assigns the connector group with a PUT to connectorGroup/$ref after the PATCH', () => {
    expect(synth((s) => app(s))).toHaveResourceWithProperties(ResourceAction, {
      resource_url: 'applications/${azuread_application_from_template.Ssh_D3C75D03.application_object_id}',
      action: 'connectorGroup/$ref',
      method: 'PUT',
      api_version: 'beta',
      body: {
        '@odata.id':
          'https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationproxy/connectorGroups/${msgraph_resource.Connectors_D11F060E.id}',
      },
      depends_on: ['msgraph_resource_action.Ssh_PrivateAccessSettings_051A2AFE'],
    });
  });

  test('sends segments in the wire format the live API accepts', () => {
    expect(synth((s) => app(s))).toHaveResourceWithProperties(Resource, {
      url: 'applications/${azuread_application_from_template.Ssh_D3C75D03.application_object_id}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments',
      api_version: 'beta',
      body: { destinationHost: '10.1.0.4', destinationType: 'ip', ports: ['22-22'], protocol: 'tcp' },
      depends_on: ['msgraph_resource_action.Ssh_PrivateAccessSettings_051A2AFE'],
    });
  });

  test('renders every kind of destination', () => {
    const tf = synthObject((s) =>
      app(s, [
        { destination: Destination.cidr('10.1.2.0/24'), ports: [Port.SSH] },
        { destination: Destination.parse('10.1.3.1..10.1.3.9'), ports: [Port.SSH] },
        { destination: Destination.parse('Bastion.Corp.Contoso.com'), ports: [Port.SSH] },
      ]),
    );
    expect(segmentBodies(tf)).toEqual(
      expect.arrayContaining([
        { destinationHost: '10.1.2.0/24', destinationType: 'ipRangeCidr', ports: ['22-22'], protocol: 'tcp' },
        { destinationHost: '10.1.3.1..10.1.3.9', destinationType: 'ipRange', ports: ['22-22'], protocol: 'tcp' },
        { destinationHost: 'bastion.corp.contoso.com', destinationType: 'fqdn', ports: ['22-22'], protocol: 'tcp' },
      ]),
    );
  });

  test('splits ports of both protocols into one wire segment per protocol, ports sorted', () => {
    const s = testStack();
    const a = app(s, []);
    const made = a.addSegment({
      destination: Destination.parse('10.1.0.53'),
      ports: [Port.udp(53), Port.tcpRange(2200, 2299), Port.tcp(22), Port.tcpUdp(88)],
    });
    expect(made.map((m) => `${m}`)).toEqual(['tcp/22,2200-2299 10.1.0.53', 'udp/53 10.1.0.53', 'tcp,udp/88 10.1.0.53']);
    expect(segmentBodies(JSON.parse(synthStack(s)))).toEqual([
      { destinationHost: '10.1.0.53', destinationType: 'ip', ports: ['22-22', '2200-2299'], protocol: 'tcp' },
      { destinationHost: '10.1.0.53', destinationType: 'ip', ports: ['88-88'], protocol: 'tcp,udp' },
      { destinationHost: '10.1.0.53', destinationType: 'ip', ports: ['53-53'], protocol: 'udp' },
    ]);
  });

  test('assigns principals with the app role "User"', () => {
    expect(synth((s) => app(s))).toHaveResourceWithProperties(AppRoleAssignment, {
      app_role_id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
      principal_object_id: '${data.azuread_group.PrincipalLookups_groupid11111111-1111-1111-1111-111111111111_1E027CD4.object_id}',
      resource_object_id: '${azuread_application_from_template.Ssh_D3C75D03.service_principal_object_id}',
    });
  });

  test('granting the same principal twice makes one assignment', () => {
    const s = testStack();
    const a = app(s);
    const again = a.grantAccess(Principal.groupId(ADMINS.toUpperCase()));
    expect(a.assignments).toHaveLength(1);
    expect(again).toBe(a.assignments[0]);
  });

  test('exposes its attributes as tokens', () => {
    const a = app(testStack());
    for (const v of [a.applicationObjectId, a.clientId, a.servicePrincipalObjectId]) {
      expect(v).toMatch(/\$\{TfToken\[/);
    }
  });

  test('makes no connector group assignment when none is given (and synth then fails, see below)', () => {
    const tf = synthObject((s) => new PrivateAccessApplication(s, 'App', { displayName: 'x' }), false);
    expect(Object.keys(tf.resource.msgraph_resource_action)).toEqual(['App_PrivateAccessSettings_126E8A14']);
  });

  describe('addresses are a contract', () => {
    const a: SegmentOptions = { destination: Destination.parse('10.1.0.4'), ports: [Port.SSH] };
    const b: SegmentOptions = { destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH, Port.udp(60001)] };
    const c: SegmentOptions = { destination: Destination.parse('*.corp.contoso.com'), ports: [Port.tcpRange(2200, 2299)] };
    const d: SegmentOptions = { destination: Destination.parse('10.1.3.1..10.1.3.9'), ports: [Port.SSH] };

    test('reordering segments synthesizes identical output', () => {
      expect(synth((s) => app(s, [a, b, c, d]))).toBe(synth((s) => app(s, [d, c, b, a])));
    });

    test('adding a segment leaves every other address unchanged', () => {
      const before = addresses(synthObject((s) => app(s, [a, b, c])));
      const after = addresses(synthObject((s) => app(s, [d, a, b, c])));
      expect(after.filter((x) => !before.includes(x))).toEqual([
        'msgraph_resource.Ssh_Segment-tcp-range-10_1_3_1--10_1_3_9_7CCD5637',
      ]);
      expect(before.every((x) => after.includes(x))).toBe(true);
    });

    test('segment and assignment addresses stay put', () => {
      expect(addresses(synthObject((s) => app(s, [a, b, c])))).toMatchSnapshot();
    });

    test('a port change updates the segment in place: its address is its destination and protocol', () => {
      const before = addresses(synthObject((s) => app(s, [{ destination: Destination.parse('10.1.0.4'), ports: [Port.SSH] }])));
      const after = synthObject((s) => app(s, [{ destination: Destination.parse('10.1.0.4'), ports: [Port.tcp(2222), Port.tcpRange(2200, 2210)] }]));
      expect(addresses(after)).toEqual(before);
      expect(segmentBodies(after)[0].ports).toEqual(['2200-2210', '2222-2222']);
    });

    test('a port that is a token needs a fixed id', () => {
      const port = Port.tcp(Token.asNumber({ Ref: 'port' }));
      expect(() => app(testStack(), [{ destination: Destination.parse('10.1.0.4'), ports: [port] }])).toThrow(
        'test/Ssh: segment "10.1.0.4" has a port that is an unresolved token, whose placeholder changes when unrelated tokens are made; pass a fixed `id` for the segment',
      );
      expect(addresses(synthObject((s) => app(s, [{ destination: Destination.parse('10.1.0.4'), ports: [port], id: 'admin-port' }])))).toContain(
        'msgraph_resource.Ssh_Segment-tcp-admin-port_04B4A997',
      );
    });

    test('a replaced, overlapping segment is retried for a few minutes on the duplicate error, then fails with it', () => {
      const [segment] = Object.values<any>(resources(synthObject((s) => app(s, [a])), 'msgraph_resource')).filter((r) =>
        String(r.url).endsWith('/applicationSegments'),
      );
      expect(segment.retry.error_message_regex).toEqual(expect.arrayContaining(['Invalid_AppSegments_Duplicate', 'host and port already exists']));
      expect(segment.timeouts).toEqual({ create: '5m', update: '5m', delete: '5m' });
    });

    test('with the movedFromVersion01 context, segments deployed with 0.1 move to their new addresses', () => {
      const s = new TerraformStack(Testing.app({ context: { 'cdktf-entra-private-access:movedFromVersion01': true } }), 'test');
      new AzureadProvider(s, 'azuread');
      new MsgraphProvider(s, 'msgraph');
      app(s, [a, b, c]);
      const tf = JSON.parse(synthStack(s));
      // The addresses 0.1 synthesized for these segments (its committed snapshot).
      expect(tf.moved.map((m: any) => m.from).sort()).toEqual([
        'msgraph_resource.Ssh_Segment-tcp-22-cidr-10_1_2_0-24_600357F8',
        'msgraph_resource.Ssh_Segment-tcp-22-ip-10_1_0_4_A5889F60',
        'msgraph_resource.Ssh_Segment-tcp-2200-2299-fqdn-WILDCARD_corp_contoso_com_A228BF9A',
        'msgraph_resource.Ssh_Segment-udp-60001-cidr-10_1_2_0-24_774C1586',
      ]);
      expect(tf.moved.map((m: any) => m.to).sort()).toEqual(addresses(tf).filter((x) => x.includes('_Segment-')));
      expect(synthObject((s) => app(s, [a])).moved).toBeUndefined();
    });
  });

  describe('errors', () => {
    test('a segment declared twice', () => {
      expect(() => app(testStack(), [
        { destination: Destination.parse('10.1.0.4'), ports: [Port.SSH] },
        { destination: Destination.parse('10.1.0.4/32'), ports: [Port.SSH] },
      ])).toThrow(
        'test/Ssh: the app already has a tcp segment to 10.1.0.4 (tcp/22 10.1.0.4); give all its ports in one addSegment call (one segment per destination and protocol, so that a port change updates it in place)',
      );
    });

    test('a segment without ports', () => {
      expect(() => app(testStack(), [{ destination: Destination.parse('10.1.0.4'), ports: [] }])).toThrow(
        'test/Ssh: segment "10.1.0.4" has no ports; give at least one, such as Port.SSH',
      );
    });

    test('overlapping ports in one segment', () => {
      expect(() =>
        app(testStack(), [{ destination: Destination.parse('10.1.0.4'), ports: [Port.tcpRange(20, 30), Port.SSH] }]),
      ).toThrow(/Segment-tcp-ip-10_1_0_4: ports tcp\/20-30 and tcp\/22 overlap; list each port once/);
    });

    test('a bad destination is refused by its factory, with the fix', () => {
      expect(() => Destination.cidr('10.1.2.3/24')).toThrow('destination "10.1.2.3/24" has host bits set; did you mean "10.1.2.0/24"?');
    });

    test('a destination given as text (from JavaScript) names the app and the fix', () => {
      const err = (() => {
        try {
          app(testStack(), [{ destination: '10.1.2.3/24' as any, ports: [Port.SSH] }]);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(PrivateAccessError);
      expect((err as PrivateAccessError).message).toBe(
        'test/Ssh: segment destination is the text "10.1.2.3/24", not a Destination; nor does it read as one: destination "10.1.2.3/24" has host bits set; did you mean "10.1.2.0/24"?',
      );
    });

    test('an empty display name', () => {
      expect(() => new PrivateAccessApplication(testStack(), 'App', { displayName: ' ' })).toThrow(
        'test/App: display name " " is empty or only white space or invisible characters; give the app a name',
      );
    });
  });
});

describe('PrivateAccessApplication messages', () => {
  const app = (s: TerraformStack) => new PrivateAccessApplication(s, 'App', { displayName: 'Servers' });

  test('an empty segment id is refused instead of making the address "Segment-tcp-"', () => {
    expect(() => app(testStack()).addSegment({ destination: Destination.parse('10.0.0.4'), ports: [Port.SSH], id: '' })).toThrow(
      'test/App: segment id "" is empty, unresolved or has control characters; give a fixed name such as "database"',
    );
  });

  test('two token segments with the same id name the id, not a token', () => {
    const s = testStack();
    const a = app(s);
    const host = Token.asString({ Ref: 'x' });
    a.addSegment({ destination: Destination.fqdn(host), ports: [Port.SSH], id: 'db' });
    const message = errorOf(() => a.addSegment({ destination: Destination.ipAddress(host), ports: [Port.SSH], id: 'db' }));
    expect(message).toBe('test/App: the segment id "db" is used twice for tcp; give each segment its own id');
  });

  test.each<[string, (s: TerraformStack) => unknown, string | RegExp]>([
    ['servers as one string', (s) => new SshAdminAccess(s, 'Ssh', { displayName: 'SSH', servers: '10.0.0.1' as any, principals: [Principal.group('A')] }), `test/Ssh: servers must be a list of Destinations, such as [Destination.ipAddress("10.1.0.4")]; got "10.0.0.1"`],
    ['ports as one Port', (s) => app(s).addSegment({ destination: Destination.parse('10.0.0.4'), ports: Port.SSH as any }), /^test\/App: segment "10.0.0.4": ports must be a list, such as \[Port.SSH\]/],
    ['segments as one object', (s) => new PrivateAccessApplication(s, 'App', { displayName: 'A', segments: { destination: Destination.parse('10.0.0.4') } as any }), /^test\/App: segments must be a list/],
    ['accept as one string', (s) => new AccessTest(s, 'Test', { principal: Principal.group('A'), accept: '10.0.0.1:22' as any }), 'test/Test: accept must be a list, such as ["10.1.0.4:22"]; got "10.0.0.1:22"'],
    ['deny as one string', (s) => new AccessTest(s, 'Test', { principal: Principal.group('A'), deny: '10.0.0.1:22' as any }), /^test\/Test: deny must be a list/],
  ])('%s', (_, make, message) => {
    const got = errorOf(() => make(testStack()));
    if (typeof message === 'string') {
      expect(got).toBe(message);
    } else {
      expect(got).toMatch(message);
    }
  });
});
