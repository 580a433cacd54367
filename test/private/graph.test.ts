import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { Destination, ConnectorGroup, MsgraphProvider, Port, Principal, PrivateAccessApplication } from '../../lib';
import { errorOf } from '../util';

/** An app on a new connector group, in a stack whose msgraph provider names `environment`. */
function odataIdIn(environment?: string, second?: string): string {
  const s = new TerraformStack(Testing.app(), 'cloud');
  new AzureadProvider(s, 'azuread');
  new MsgraphProvider(s, 'msgraph', environment === undefined ? {} : { environment });
  if (second !== undefined) {
    new MsgraphProvider(s, 'other', { environment: second, alias: 'other' });
  }
  new PrivateAccessApplication(s, 'App', {
    displayName: 'Servers',
    connectorGroup: new ConnectorGroup(s, 'Connectors', { name: 'DC1' }),
    segments: [{ destination: Destination.parse('10.0.0.4'), ports: [Port.SSH] }],
    principals: [Principal.group('Admins')],
  });
  const tf = JSON.parse(Testing.synth(s));
  return Object.values<any>(tf.resource.msgraph_resource_action).find((a) => a.action === 'connectorGroup/$ref').body['@odata.id'];
}

describe('sovereign clouds: the msgraph provider environment picks the Graph host of the bodies', () => {
  test.each([
    [undefined, 'https://graph.microsoft.com/beta/'],
    ['public', 'https://graph.microsoft.com/beta/'],
    ['usgovernment', 'https://graph.microsoft.us/beta/'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn/beta/'],
  ])('%s', (environment, host) => {
    expect(odataIdIn(environment)).toMatch(new RegExp(`^${host.replace(/\./g, '\\.')}onPremisesPublishingProfiles/applicationproxy/connectorGroups/`));
  });

  test('an unknown environment, or two clouds in one stack, fail synth', () => {
    expect(errorOf(() => odataIdIn('germany'))).toContain('MsgraphProvider environment "germany" (from the provider) is not one of "public", "global", "usgovernment", "usgovernmentl4", "usgovernmentl5", "dod", "china"');
    expect(errorOf(() => odataIdIn('public', 'china'))).toContain('the msgraph providers of stack cloud name different clouds');
  });

  test('a provider declared below the top of the stack counts too, and one added after a synth is seen by the next', () => {
    const s = new TerraformStack(Testing.app(), 'nested');
    new AzureadProvider(s, 'azuread');
    new MsgraphProvider(s, 'msgraph', { environment: 'public' });
    new MsgraphProvider(new Construct(s, 'Providers'), 'china', { environment: 'china', alias: 'china' });
    new PrivateAccessApplication(s, 'App', {
      displayName: 'Servers',
      connectorGroup: new ConnectorGroup(s, 'Connectors', { name: 'DC1' }),
      segments: [{ destination: Destination.parse('10.0.0.4'), ports: [Port.SSH] }],
      principals: [Principal.group('Admins')],
    });
    expect(errorOf(() => Testing.synth(s))).toContain('the msgraph providers of stack nested name different clouds');

    const t = new TerraformStack(Testing.app(), 'later');
    new AzureadProvider(t, 'azuread');
    new MsgraphProvider(t, 'msgraph', { environment: 'usgovernment' });
    new PrivateAccessApplication(t, 'App', {
      displayName: 'Servers',
      connectorGroup: new ConnectorGroup(t, 'Connectors', { name: 'DC1' }),
      segments: [{ destination: Destination.parse('10.0.0.4'), ports: [Port.SSH] }],
      principals: [Principal.group('Admins')],
    });
    expect(Testing.synth(t)).toContain('https://graph.microsoft.us/beta/');
    new MsgraphProvider(new Construct(t, 'More'), 'dod', { environment: 'dod', alias: 'dod' });
    expect(errorOf(() => Testing.synth(t))).toContain('the msgraph providers of stack later name different clouds');
  });
});
