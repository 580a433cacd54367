/**
 * The examples, applied for real (the msgraph half; see harness.ts): init, apply, a plan with no
 * changes, destroy, and the tenant as it was before. The three run at once, each with its own
 * emulator, so the providers' fixed consistency waits overlap.
 */
import { App } from 'cdktf';
import { buildApp as buildMigrate2Gsa } from '../../examples/migrate2gsa/main';
import { buildApp as buildSshAdmin } from '../../examples/ssh-admin/main';
import { PrivateAccessStack } from '../../examples/starter/main';
import { TenantSeed } from '../../lib/emulator/tenant';
import { ApplyRun, synthesize } from './harness';

/** What destroy must leave as it found it: all but the stand-ins' own settings and the forwarding profile, which stays on by design. */
function managed(snapshot: Required<TenantSeed>, standIns: string[], linkKept: string[] = []): unknown {
  return {
    // A stand-in app outlives the destroy that would delete the real one, with its connector group
    // link (an action, which destroy leaves); its segments must be gone all the same.
    applications: snapshot.applications.map((a: any) => ({ id: a.id, segments: a.segments ?? [], connectorGroupId: standIns.includes(a.id) || linkKept.includes(a.id) ? 'not compared' : a.connectorGroupId, tags: a.tags })),
    servicePrincipals: snapshot.servicePrincipals.map((s: any) => ({ id: s.id, tags: s.tags })),
    connectorGroups: snapshot.connectorGroups,
    connectors: snapshot.connectors,
    appRoleAssignments: snapshot.appRoleAssignments,
    conditionalAccessPolicies: snapshot.conditionalAccessPolicies,
  };
}

/**
 * Import: the same stack in a fresh folder (no state), with an `import` block for every msgraph
 * resource the first apply made, against a tenant seeded with what it made. The plan imports them
 * all and replaces nothing. It is not applied: an import block written by hand imports an empty
 * body, and the apply PATCHes the whole body, `region` included, which Graph refuses for a group
 * that has apps. The library's `adopt` avoids that (test/apply/first-deploy.apply-test.ts applies it).
 */
async function adoptInFreshState(applied: ApplyRun): Promise<void> {
  const ids = await applied.msgraphImportIds();
  const tf = { ...applied.prepared.tf, import: [...(applied.prepared.tf.import ?? []), ...Object.entries(ids).map(([to, id]) => ({ to, id }))] };
  const run = await ApplyRun.startPrepared({ ...applied.prepared, tf }, applied.emulator.snapshot());
  try {
    await run.init();
    const plan = await run.plan();
    expect(plan.importing.sort()).toEqual(Object.keys(ids).sort());
    expect(plan.resourceChanges.filter((c) => c.change.actions.includes('delete')).map((c) => c.address)).toEqual([]);
  } finally {
    await run.close();
  }
}

/** Runs the full cycle of one stack; returns the tenant after apply. */
async function cycle(
  synthesized: any,
  seed: TenantSeed,
  afterApply: (tenant: Required<TenantSeed>, run: ApplyRun) => void,
  linkKept: string[] = [],
): Promise<void> {
  const run = await ApplyRun.start(synthesized, { seed });
  try {
    const before = managed(run.emulator.snapshot(), run.prepared.standInApplicationIds, linkKept);
    await run.init();
    await run.apply();
    const plan = await run.plan();
    expect(plan.resourceChanges.map((c) => `${c.address}: ${c.change.actions}`)).toEqual([]);
    expect(plan.changes).toBe(false);
    afterApply(run.emulator.snapshot(), run);
    await adoptInFreshState(run);
    await run.destroy();
    expect(managed(run.emulator.snapshot(), run.prepared.standInApplicationIds, linkKept)).toEqual(before);
  } finally {
    await run.close();
  }
}

const segmentsOf = (tenant: Required<TenantSeed>, displayName: string) =>
  ((tenant.applications.find((a: any) => a.displayName === displayName) as any)?.segments ?? [])
    .map((s: any) => `${s.protocol} ${s.destinationHost} ${s.ports.join(',')}`)
    .sort();

const QUICK_ACCESS_SEED = {
  applications: [
    {
      id: '33333333-0000-4000-8000-000000000001',
      appId: '33333333-0000-4000-8000-000000000002',
      displayName: 'Quick Access',
      tags: ['HideApp', 'NetworkAccessQuickAccessApplication'],
      onPremisesPublishing: { applicationType: 'quickaccessapp', isAccessibleViaZTNAClient: true, isDnsResolutionEnabled: false },
    },
  ],
  servicePrincipals: [
    { id: '33333333-0000-4000-8000-000000000003', appId: '33333333-0000-4000-8000-000000000002', displayName: 'Quick Access', tags: ['HideApp', 'NetworkAccessQuickAccessApplication'], appRoles: [] },
  ],
};

describe('the examples, applied with the real msgraph provider against the Graph emulator (azuread and azurerm stand-ins)', () => {
  test('ssh-admin, the starter and Migrate2GSA: init, apply, an empty plan, import into a fresh state replaces nothing, destroy leaves the tenant as it was', async () => {
    await Promise.all([
      cycle(synthesize((o) => buildSshAdmin(o), 'ssh-admin'), {}, (tenant) => {
        const app: any = tenant.applications.find((a: any) => a.displayName === 'Linux servers (SSH)');
        expect(app.onPremisesPublishing).toMatchObject({ applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true });
        expect(segmentsOf(tenant, 'Linux servers (SSH)')).toEqual(['tcp 10.20.0.4 22-22', 'tcp 10.20.1.0/24 22-22', 'tcp bastion.corp.contoso.com 22-22']);
        const group: any = tenant.connectorGroups.find((g: any) => g.name === 'Linux datacenter connectors');
        expect(group).toMatchObject({ region: 'eur' });
        expect(app.connectorGroupId).toBe(group.id);
        expect(tenant.forwardingProfiles.find((p: any) => p.trafficForwardingType === 'private')?.state).toBe('enabled');
      }),
      cycle(
        synthesize((o) => {
          const app = new App({ outdir: o });
          // The harness applies without the stack's backend; the state location only names it.
          new PrivateAccessStack(app, 'private-access', { resourceGroupName: 'rg-terraform-state', storageAccountName: 'sttfstate', containerName: 'tfstate' }, '0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f');
          return app;
        }, 'private-access'),
        { connectorGroups: [{ id: '0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f', name: 'Linux connectors', region: 'eur' }] },
        (tenant) => {
          expect(segmentsOf(tenant, 'Linux servers (SSH)')).toEqual(['tcp 10.20.0.4 22-22', 'tcp 10.20.1.0/24 22-22']);
          expect((tenant.applications.find((a: any) => a.displayName === 'Linux servers (SSH)') as any).connectorGroupId).toBe('0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f');
        },
      ),
      cycle(
        synthesize((o) => buildMigrate2Gsa(o), 'migrate2gsa'),
        { ...QUICK_ACCESS_SEED, connectorGroups: [{ id: '44444444-0000-4000-8000-000000000001', name: 'Dublin connectors', region: 'eur' }] },
        (tenant) => {
          // The Quick Access rows went to the tenant's Quick Access app: no second one.
          const quick = tenant.applications.filter((a: any) => (a.tags ?? []).includes('NetworkAccessQuickAccessApplication'));
          expect(quick.map((a: any) => a.id)).toEqual(['33333333-0000-4000-8000-000000000001']);
          expect(segmentsOf(tenant, 'Quick Access')).toEqual(['0 fabrikam.internal ', 'tcp 10.60.0.0/16 80-80,443-443']);
          expect((quick[0] as any).onPremisesPublishing.isDnsResolutionEnabled).toBe(true);
          expect(segmentsOf(tenant, 'Payroll')).toHaveLength(3);
        },
        // A known limit (README): the connector group assignment of an existing app is an action,
        // which destroy leaves as it is; the tenant's Quick Access app stays on "Dublin connectors".
        ['33333333-0000-4000-8000-000000000001'],
      ),
    ]);
  });
});
