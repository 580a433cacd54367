/**
 * The examples, applied for real (msgraph half; see harness.ts): init, apply, a plan with no
 * changes, destroy, and the tenant as it was before.
 */
import { buildApp as buildSshAdmin } from '../../examples/ssh-admin/main';
import { ApplyRun, synthesize } from './harness';

/** What destroy must leave as it found it: everything but the stand-ins' own settings and the (tenant-wide, kept on) forwarding profile. */
function managed(snapshot: any): any {
  return {
    segments: snapshot.applications.map((a: any) => ({ id: a.id, segments: a.segments ?? [], connectorGroupId: a.connectorGroupId })),
    connectorGroups: snapshot.connectorGroups,
    connectors: snapshot.connectors,
    appRoleAssignments: snapshot.appRoleAssignments,
    conditionalAccessPolicies: snapshot.conditionalAccessPolicies,
  };
}

describe('examples applied with the real msgraph provider against the emulator', () => {
  test('examples/ssh-admin: init, apply, an empty plan, destroy', async () => {
    const run = await ApplyRun.start(synthesize((o) => buildSshAdmin(o), 'ssh-admin'));
    try {
      const before = managed(run.emulator.snapshot());
      await run.init();
      await run.apply();
      const plan = await run.plan();
      expect(plan.resourceChanges.map((c) => `${c.address}: ${c.change.actions}`)).toEqual([]);
      expect(plan.changes).toBe(false);
      const tenant = run.emulator.snapshot();
      const app: any = tenant.applications.find((a: any) => a.displayName === 'Linux servers (SSH)');
      expect(app.onPremisesPublishing).toMatchObject({ applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true });
      expect(app.segments.map((s: any) => `${s.protocol} ${s.destinationHost} ${s.ports}`).sort()).toEqual([
        'tcp 10.20.0.4 22-22',
        'tcp 10.20.1.0/24 22-22',
        'tcp bastion.corp.contoso.com 22-22',
      ]);
      expect(tenant.connectorGroups.map((g: any) => g.name)).toContain('Linux datacenter connectors');
      expect(tenant.forwardingProfiles.find((p: any) => p.trafficForwardingType === 'private')?.state).toBe('enabled');
      await run.destroy();
      expect(managed(run.emulator.snapshot())).toEqual(before);
    } finally {
      await run.close();
    }
  });
});
