import { Destination, ConnectorGroup, ConnectorGroupRegion, Port, Principal, PrivateAccessApplication } from '../lib';
import { Resource } from '../lib/gen/providers/msgraph/resource';
import { ResourceAction } from '../lib/gen/providers/msgraph/resource-action';
import { synth, synthStack, terraformValidationErrors, testStack } from './util';

describe('ConnectorGroup', () => {
  test('creates the group through Graph beta with its name and region', () => {
    expect(synth((s) => new ConnectorGroup(s, 'Connectors', { name: 'Linux DC', region: ConnectorGroupRegion.EUROPE }))).toHaveResourceWithProperties(
      Resource,
      {
        url: 'onPremisesPublishingProfiles/applicationProxy/connectorGroups',
        api_version: 'beta',
        body: { name: 'Linux DC', region: 'eur' },
      },
    );
  });

  test('leaves the region to the service when none is given', () => {
    expect(synth((s) => new ConnectorGroup(s, 'Connectors', { name: 'Linux DC' }))).toHaveResourceWithProperties(Resource, {
      body: { name: 'Linux DC' },
    });
  });

  test('exposes the group ID and name', () => {
    const group = new ConnectorGroup(testStack(), 'Connectors', { name: 'Linux DC' });
    expect(group.connectorGroupId).toMatch(/TfToken/);
    expect(group.connectorGroupName).toBe('Linux DC');
  });

  test.each([
    [{ name: 'x', region: 'us' as ConnectorGroupRegion }, 'test/Connectors: connector group region "us" is not one of "nam", "eur", "aus", "asia", "ind"; use ConnectorGroupRegion.EUROPE and the like'],
    [{ name: '' }, 'test/Connectors: connector group name "" is empty or only white space or invisible characters; give the group a name'],
  ])('rejects %j', (props, message) => {
    expect(() => new ConnectorGroup(testStack(), 'Connectors', props as never)).toThrow(message);
  });

  describe('fromConnectorGroupId', () => {
    test('refers to an existing group by ID', () => {
      expect(
        synth((s) => {
          const group = ConnectorGroup.fromConnectorGroupId(s, 'Existing', '22222222-2222-2222-2222-222222222222');
          new PrivateAccessApplication(s, 'App', {
            displayName: 'x',
            connectorGroup: group,
            segments: [{ destination: Destination.parse('10.1.0.4'), ports: [Port.SSH] }],
            principals: [Principal.groupId('11111111-1111-1111-1111-111111111111')],
          });
        }),
      ).toHaveResourceWithProperties(ResourceAction, {
        body: {
          '@odata.id':
            'https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationproxy/connectorGroups/22222222-2222-2222-2222-222222222222',
        },
      });
    });

    test('makes no resource', () => {
      const tf = JSON.parse(
        synth((s) => {
          ConnectorGroup.fromConnectorGroupId(s, 'Existing', '22222222-2222-2222-2222-222222222222');
        }),
      );
      expect(tf.resource).toBeUndefined();
    });

    test('rejects an ID that is not a GUID', () => {
      expect(() => ConnectorGroup.fromConnectorGroupId(testStack(), 'Existing', 'Linux DC')).toThrow(
        'test/Existing: connector group ID "Linux DC" is not a GUID; copy the ID from Global Secure Access > Connect > Connectors',
      );
    });
  });
});

describe('ConnectorGroup.fromConnectorGroupName', () => {
  test('looks the group up by name at plan time, escaping the name for JMESPath and Terraform, and fails the plan unless one matches', () => {
    const s = testStack();
    const group = ConnectorGroup.fromConnectorGroupName(s, 'Ops', "Ops' ${team} \\ connectors");
    expect(group.connectorGroupName).toBe("Ops' ${team} \\ connectors");
    const tf = JSON.parse(synthStack(s, false));
    const lookup = Object.values<any>(tf.data.msgraph_resource)[0];
    expect(lookup.response_export_values.id).toBe("value[?name == 'Ops\\' $${team} \\\\ connectors'] | [0].id");
    expect(lookup.lifecycle.postcondition[0].condition).toBe('${self.output.count == 1}');
    expect(terraformValidationErrors(tf)).toEqual([]);
    expect(() => ConnectorGroup.fromConnectorGroupName(testStack(), 'Bad', 'two\nlines')).toThrow(/^test\/Bad: connector group name/);
  });
});
