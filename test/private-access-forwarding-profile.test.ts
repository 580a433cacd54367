import { PrivateAccessForwardingProfile } from '../lib';
import { DataMsgraphResource } from '../lib/gen/providers/msgraph/data-msgraph-resource';
import { UpdateResource } from '../lib/gen/providers/msgraph/update-resource';
import { synth, synthObject, testStack } from './util';

describe('PrivateAccessForwardingProfile', () => {
  test('finds the profile by traffic forwarding type, never by a hard-coded ID', () => {
    expect(synth((s) => PrivateAccessForwardingProfile.of(s))).toHaveDataSourceWithProperties(DataMsgraphResource, {
      url: 'networkAccess/forwardingProfiles',
      api_version: 'beta',
      response_export_values: { id: "value[?trafficForwardingType=='private'] | [0].id" },
    });
  });

  test('fails the plan with a clear message when the tenant has no Private Access profile', () => {
    const data = Object.values<any>(synthObject((s) => PrivateAccessForwardingProfile.of(s)).data.msgraph_resource)[0];
    expect(data.lifecycle.postcondition).toEqual([
      {
        condition: '${self.output.id != null}',
        error_message: expect.stringMatching(/^The tenant has no Private Access forwarding profile\. Activate Global Secure Access/),
      },
    ]);
  });

  test('enables the profile it found', () => {
    expect(synth((s) => PrivateAccessForwardingProfile.of(s))).toHaveResourceWithProperties(UpdateResource, {
      url: 'networkAccess/forwardingProfiles/${data.msgraph_resource.PrivateAccessForwardingProfile_Lookup_A68949CF.output["id"]}',
      api_version: 'beta',
      body: { state: 'enabled' },
    });
  });

  test('of() shares one profile per stack', () => {
    const s = testStack();
    expect(PrivateAccessForwardingProfile.of(s)).toBe(PrivateAccessForwardingProfile.of(s.node.root.node.children[0]));
  });
});
