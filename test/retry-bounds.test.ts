/**
 * msgraph's `retry` has no maximum: a request whose error matches a pattern is retried until the
 * operation's timeout (30 minutes by default). A pattern that matches a 404 makes every delete of
 * a segment spin: the provider deletes, then reads until it gets a 404, and retries that 404
 * (issue 19; reproduced at apply against the emulator by test/apply).
 */
import { Destination, Port, PrivateAccessApplication, ConnectorGroup, Principal, QuickAccessApplication } from '../lib';
import { synthObject } from './util';

/** The error text msgraph's retry patterns are matched against, as the Azure SDK formats a 404. */
const NOT_FOUND_ERROR =
  'GET https://graph.microsoft.com/beta/applications/x/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments/y\n' +
  '--------------------------------------------------------------------------------\nRESPONSE 404: 404 Not Found\nERROR CODE: Request_ResourceNotFound\n' +
  '--------------------------------------------------------------------------------\n{"error":{"code":"Request_ResourceNotFound","message":"Resource \'y\' does not exist"}}';

function stack(): any {
  return synthObject((s) => {
    const group = new ConnectorGroup(s, 'Group', { name: 'g' });
    const app = new PrivateAccessApplication(s, 'App', { displayName: 'a', connectorGroup: group, principals: [Principal.group('g')] });
    app.addSegment({ destination: Destination.ipAddress('10.0.0.1'), ports: [Port.SSH] });
    const qa = new QuickAccessApplication(s, 'QA', { connectorGroup: group, principals: [Principal.group('g')] });
    qa.addDnsSuffix('corp.contoso.com');
  });
}

describe('retries of msgraph resources', () => {
  test('no msgraph_resource (which deletes, then reads until 404) retries a 404', () => {
    const tf = stack();
    const offenders = Object.entries<any>(tf.resource.msgraph_resource)
      .filter(([, r]) => (r.retry?.error_message_regex ?? []).some((p: string) => new RegExp(p).test(NOT_FOUND_ERROR)))
      .map(([name]) => name);
    expect(offenders).toEqual([]);
  });

  test('every msgraph resource and action that retries has a bounded create timeout', () => {
    const tf = stack();
    const unbounded = ['msgraph_resource', 'msgraph_resource_action', 'msgraph_update_resource']
      .flatMap((type) => Object.entries<any>(tf.resource[type] ?? {}).map(([name, r]) => [`${type}.${name}`, r] as const))
      .filter(([, r]) => r.retry && !r.timeouts?.create)
      .map(([address]) => address);
    expect(unbounded).toEqual([]);
  });
});
