/**
 * First-deploy failures found by reading the providers (issue 19), each visible in cdk.tf.json.
 * The ones that show at apply are reproduced against the emulator in test/apply.
 */
import { TerraformStack, Testing } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import {
  ConnectorGroup,
  Destination,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessInventory,
  QuickAccessApplication,
} from '../lib';
import { annotationsOf, errorOf, resources, synthObject, synthStack, testStack } from './util';

const HEADER =
  'SegmentId,OriginalAppName,EnterpriseAppName,destinationHost,DestinationType,Protocol,Ports,SegmentGroup,ServerGroups,EntraGroups,EntraUsers,ConnectorGroup,Conflict,ConflictingEnterpriseApp,Provision,isQuickAccess';

describe('first-deploy failures', () => {
  test('every stack says it needs Terraform 1.5 (import and check blocks)', () => {
    const tf = synthObject((s) => new ConnectorGroup(s, 'G', { name: 'g' }));
    expect(tf.terraform.required_version).toBe('>= 1.5.0');
  });

  describe('QuickAccessApplication', () => {
    test('fromExisting without DNS suffixes leaves Private DNS as it is (no isDnsResolutionEnabled: false)', () => {
      const tf = synthObject((s) => {
        QuickAccessApplication.fromExisting(s, 'QA', { segments: [{ destination: Destination.cidr('10.0.0.0/16'), ports: [Port.tcpRange(1, 65535)] }] });
      });
      const settings = Object.values<any>(resources(tf, 'msgraph_resource_action')).find((r) => r.method === 'PATCH' && r.body?.onPremisesPublishing);
      expect(settings.body.onPremisesPublishing).not.toHaveProperty('isDnsResolutionEnabled');
      const conditions = Object.values<any>(tf.check).map((c) => c.assert[0].condition);
      expect(conditions.join('\n')).not.toContain('isDnsResolutionEnabled');
    });

    test('fromExisting with DNS suffixes turns Private DNS on', () => {
      const tf = synthObject((s) => {
        QuickAccessApplication.fromExisting(s, 'QA', { dnsSuffixes: ['corp.contoso.com'] });
      });
      const settings = Object.values<any>(resources(tf, 'msgraph_resource_action')).find((r) => r.method === 'PATCH' && r.body?.onPremisesPublishing);
      expect(settings.body.onPremisesPublishing.isDnsResolutionEnabled).toBe(true);
    });

    test('a new Quick Access app gets the tags Microsoft tooling sets, on the application and the service principal', () => {
      const tf = synthObject((s) => {
        const g = new ConnectorGroup(s, 'G', { name: 'g' });
        new QuickAccessApplication(s, 'QA', { connectorGroup: g, dnsSuffixes: ['corp.contoso.com'], principals: [Principal.group('All')] });
      });
      const actions = Object.values<any>(resources(tf, 'msgraph_resource_action'));
      const settings = actions.find((r) => r.method === 'PATCH' && r.body?.onPremisesPublishing);
      expect(settings.body.tags).toEqual(['HideApp', 'NetworkAccessQuickAccessApplication']);
      const sp = actions.find((r) => String(r.resource_url).startsWith('servicePrincipals/'));
      expect(sp).toMatchObject({ method: 'PATCH', body: { tags: expect.arrayContaining(['HideApp', 'NetworkAccessQuickAccessApplication']) } });
    });
  });

  describe('Migrate2GSA inventory', () => {
    const row = (fields: string) => `${fields}`;
    test('Quick Access rows go to the tenant\'s Quick Access app, not a second one', () => {
      const s = testStack();
      const csv = [HEADER, row('Q-1,Intranet,Intranet,10.60.0.0/16,ipRangeCidr,TCP,443,,,All Staff,,Connectors,No,,Yes,yes')].join('\n');
      const inventory = PrivateAccessInventory.fromMigrate2GsaCsv(s, 'Migrated', { text: csv, connectorGroups: { Connectors: ConnectorGroup.fromConnectorGroupId(s, 'C', '55555555-5555-5555-5555-555555555555') } });
      const tf = JSON.parse(synthStack(s));
      expect(inventory.quickAccess?.isExisting).toBe(true);
      expect(resources(tf, 'azuread_application_from_template')).toEqual({});
    });

    test('a file whose every row has Provision No warns that nothing is deployed', () => {
      const s = testStack();
      const csv = [HEADER, row('S-1,App,App,10.0.0.1,ipAddress,TCP,22,,,Admins,,Connectors,No,,No,no')].join('\n');
      PrivateAccessInventory.fromMigrate2GsaCsv(s, 'Migrated', { text: csv });
      Testing.synth(s);
      expect(annotationsOf(s).join('\n')).toMatch(/every row.*Provision.*No/i);
    });

    test("rows without a connector group use the tenant's default group", () => {
      const s = testStack();
      const csv = [HEADER, row('S-1,App,App,10.0.0.1,ipAddress,TCP,22,,,Admins,,,No,,Yes,no')].join('\n');
      const inventory = PrivateAccessInventory.fromMigrate2GsaCsv(s, 'Migrated', { text: csv });
      const tf = JSON.parse(synthStack(s));
      expect(inventory.applications[0].connectorGroup?.isTenantDefault).toBe(true);
      expect(Object.values<any>(tf.data.msgraph_resource).some((d) => d.response_export_values?.id === 'value[?isDefault] | [0].id')).toBe(true);
    });
  });

  describe('the cloud of the msgraph provider', () => {
    const odataIdIn = (environment: string | undefined) => {
      const s = new TerraformStack(Testing.app(), 'test');
      new AzureadProvider(s, 'azuread');
      new MsgraphProvider(s, 'msgraph', environment === undefined ? {} : { environment });
      const g = new ConnectorGroup(s, 'G', { name: 'g' });
      new PrivateAccessApplication(s, 'App', { displayName: 'a', connectorGroup: g, principals: [Principal.group('g')], segments: [{ destination: Destination.ipAddress('10.0.0.1'), ports: [Port.SSH] }] });
      const tf = JSON.parse(synthStack(s));
      return Object.values<any>(resources(tf, 'msgraph_resource_action')).find((r) => r.action === 'connectorGroup/$ref').body['@odata.id'] as string;
    };
    test.each([
      ['global', 'https://graph.microsoft.com/'],
      ['Public', 'https://graph.microsoft.com/'],
      ['usgovernmentl4', 'https://graph.microsoft.us/'],
      ['USGovernment', 'https://graph.microsoft.us/'],
      ['dod', 'https://dod-graph.microsoft.us/'],
      ['usgovernmentl5', 'https://dod-graph.microsoft.us/'],
      ['China', 'https://microsoftgraph.chinacloudapi.cn/'],
    ])('environment %s writes references to %s', (environment, host) => {
      expect(odataIdIn(environment).startsWith(host)).toBe(true);
    });
    test('without an environment, ARM_ENVIRONMENT (which msgraph reads) picks the cloud', () => {
      const saved = process.env.ARM_ENVIRONMENT;
      process.env.ARM_ENVIRONMENT = 'usgovernment';
      try {
        expect(odataIdIn(undefined).startsWith('https://graph.microsoft.us/')).toBe(true);
      } finally {
        if (saved === undefined) delete process.env.ARM_ENVIRONMENT;
        else process.env.ARM_ENVIRONMENT = saved;
      }
    });
    test('an unknown environment is refused, naming the ones msgraph knows', () => {
      expect(errorOf(() => odataIdIn('mars'))).toMatch(/"mars".*public.*usgovernment.*china/);
    });
  });

  describe('connector groups and app-only identities', () => {
    test('a new connector group reads the signed-in user when Terraform plans, so an app-only identity fails before anything is created', () => {
      const tf = synthObject((s) => new ConnectorGroup(s, 'G', { name: 'g' }));
      const check = Object.entries<any>(tf.data.msgraph_resource).find(([name]) => name.includes('RequiresDelegatedSignIn'));
      expect(check?.[1].url).toBe('me');
      expect(tf.resource.msgraph_resource[Object.keys(tf.resource.msgraph_resource)[0]].depends_on).toEqual([`data.msgraph_resource.${check![0]}`]);
    });
    test('a stack whose msgraph provider signs in app-only cannot make a connector group', () => {
      const s = new TerraformStack(Testing.app(), 'test');
      new AzureadProvider(s, 'azuread');
      new MsgraphProvider(s, 'msgraph', { useOidc: true });
      new ConnectorGroup(s, 'G', { name: 'g' });
      expect(errorOf(() => synthStack(s))).toMatch(/test\/G.*app-only.*delegated.*fromConnectorGroupId/s);
    });
    test('the check names every connector group of the stack, once per app-only provider', () => {
      const s = new TerraformStack(Testing.app(), 'test');
      new AzureadProvider(s, 'azuread');
      new MsgraphProvider(s, 'msgraph', { clientSecret: '${var.secret}' });
      new ConnectorGroup(s, 'G1', { name: 'g1' });
      new ConnectorGroup(s, 'G2', { name: 'g2' });
      const message = errorOf(() => synthStack(s));
      expect(message.match(/signs in app-only/g)).toHaveLength(1);
      expect(message).toContain('test/G1, test/G2: the msgraph provider test/msgraph signs in app-only');
    });
  });
});

describe('adopted assignments', () => {
  test('an adopted Default Access assignment keeps its role, so the import replaces nothing', () => {
    const tf = synthObject((s) => {
      const g = new ConnectorGroup(s, 'G', { name: 'g' });
      new PrivateAccessApplication(s, 'App', {
        displayName: 'a',
        connectorGroup: g,
        segments: [{ destination: Destination.ipAddress('10.0.0.1'), ports: [Port.SSH] }],
        principals: [Principal.group('Admins')],
        adopt: {
          applicationObjectId: '11111111-1111-1111-1111-111111111111',
          servicePrincipalObjectId: '22222222-2222-2222-2222-222222222222',
          assignments: [{ principal: Principal.group('Admins'), assignmentId: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', appRoleId: '00000000-0000-0000-0000-000000000000' }],
        },
      });
    });
    expect(Object.values<any>(resources(tf, 'azuread_app_role_assignment')).map((a) => a.app_role_id)).toEqual(['00000000-0000-0000-0000-000000000000']);
  });
});

describe('entra-private-access import and Default Access', () => {
  test('the written program adopts a Default Access assignment with its role', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { writeProgram } = require('../lib/cli/program-writer') as typeof import('../lib/cli/program-writer');
    const written = writeProgram(
      {
        apps: [
          {
            id: '11111111-1111-1111-1111-111111111111',
            appId: '33333333-3333-3333-3333-333333333333',
            displayName: 'Legacy',
            quickAccess: false,
            servicePrincipalId: '22222222-2222-2222-2222-222222222222',
            segments: [{ id: '44444444-4444-4444-4444-444444444444', destinationHost: '10.0.0.1', destinationType: 'ip', ports: ['22-22'], protocol: 'tcp' }],
            connectorGroup: { id: '55555555-5555-5555-5555-555555555555', name: 'Legacy connectors', region: 'eur' },
            assignments: [{ id: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', principalId: '66666666-6666-6666-6666-666666666666', principalType: 'Group', principalDisplayName: 'Admins', appRoleId: '00000000-0000-0000-0000-000000000000' }],
          },
        ],
        policies: [],
      } as any,
      { stackName: 'adopted', endpoint: 'https://graph.microsoft.com', library: 'cdktf-entra-private-access' },
    );
    expect(written.text).toContain("assignmentId: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', appRoleId: '00000000-0000-0000-0000-000000000000' }");
  });
});
