/**
 * Everyday edits, applied for real (the msgraph half; see harness.ts): each applies, and the plan
 * after it is empty. The Conditional Access policy is azuread's (not built here): the switch to
 * report-only is checked to change no msgraph resource, and its own apply is covered by synth
 * tests only.
 */
import { App, TerraformStack } from 'cdktf';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ConditionalAccessPolicyState, ConnectorGroup, ConnectorGroupRegion, Destination, MsgraphProvider, Port, Principal, SshAdminAccess } from '../../lib';
import { ApplyRun, synthesize } from './harness';

interface Shape {
  servers: Destination[];
  ports?: Port[];
  principals: string[];
  reportOnly?: boolean;
}

function stack(shape: Shape): any {
  return synthesize((outdir) => {
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'edits');
    new AzureadProvider(s, 'azuread');
    new MsgraphProvider(s, 'msgraph');
    new SshAdminAccess(s, 'Ssh', {
      displayName: 'Edited servers',
      servers: shape.servers,
      ports: shape.ports,
      connectorGroup: new ConnectorGroup(s, 'Connectors', { name: 'Edit connectors', region: ConnectorGroupRegion.EUROPE }),
      principals: shape.principals.map((p) => Principal.group(p)),
      conditionalAccess: shape.reportOnly ? { state: ConditionalAccessPolicyState.REPORT_ONLY } : {},
    });
    return app;
  }, 'edits');
}

const A = Destination.ipAddress('10.30.0.4');
const B = Destination.cidr('10.30.1.0/24');
const C = Destination.fqdn('db.corp.contoso.com');

describe('everyday edits, applied with the real msgraph provider against the Graph emulator', () => {
  test('a port, a server added, servers reordered, a principal added, report-only: each applies and plans clean', async () => {
    const run = await ApplyRun.start(stack({ servers: [A, B], principals: ['Admins'] }), {
      seed: { groups: [{ id: '55555555-0000-4000-8000-000000000001', displayName: 'Admins' }, { id: '55555555-0000-4000-8000-000000000002', displayName: 'Operators' }] },
    });
    const segments = () =>
      ((run.emulator.snapshot().applications.find((a: any) => a.displayName === 'Edited servers') as any)?.segments ?? [])
        .map((s: any) => `${s.destinationHost} ${s.ports.join(',')}`)
        .sort();
    const step = async (shape: Shape, expected: string[]) => {
      run.update(stack(shape));
      await run.apply();
      const plan = await run.plan();
      expect(plan.resourceChanges.map((c) => `${c.address}: ${c.change.actions}`)).toEqual([]);
      expect(segments()).toEqual(expected);
    };
    try {
      await run.init();
      await run.apply();
      expect(segments()).toEqual(['10.30.0.4 22-22', '10.30.1.0/24 22-22']);
      const ids = () => run.emulator.snapshot().applications.flatMap((a: any) => (a.segments ?? []).map((s: any) => s.id)).sort();
      const before = ids();
      // A port: updated in place (same segments, PATCHed).
      await step({ servers: [A, B], ports: [Port.tcp(2222)], principals: ['Admins'] }, ['10.30.0.4 2222-2222', '10.30.1.0/24 2222-2222']);
      expect(ids()).toEqual(before);
      // A server added.
      await step({ servers: [A, B, C], ports: [Port.tcp(2222)], principals: ['Admins'] }, ['10.30.0.4 2222-2222', '10.30.1.0/24 2222-2222', 'db.corp.contoso.com 2222-2222']);
      // Reordered: nothing changes at all.
      run.update(stack({ servers: [C, A, B], ports: [Port.tcp(2222)], principals: ['Admins'] }));
      expect((await run.plan()).resourceChanges).toEqual([]);
      // A principal added: azuread's assignment (left out here); nothing of msgraph changes.
      run.update(stack({ servers: [C, A, B], ports: [Port.tcp(2222)], principals: ['Admins', 'Operators'] }));
      expect((await run.plan()).resourceChanges).toEqual([]);
      // Report-only: azuread's policy (left out here); nothing of msgraph changes.
      run.update(stack({ servers: [C, A, B], ports: [Port.tcp(2222)], principals: ['Admins', 'Operators'], reportOnly: true }));
      expect((await run.plan()).resourceChanges).toEqual([]);
      const patches = run.emulator.requests.filter((r) => r.method === 'PATCH' && r.path.includes('applicationSegments/'));
      expect(patches).toHaveLength(2);
    } finally {
      await run.close();
    }
  });
});
