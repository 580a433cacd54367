import { GraphClient } from './graph-client';

/** A segment as Graph returns it. */
export interface TenantSegment {
  readonly id: string;
  readonly destinationHost: string;
  readonly destinationType: string;
  readonly ports: string[];
  readonly protocol: string;
}

/** An app role assignment as Graph returns it. */
export interface TenantAssignment {
  readonly id: string;
  readonly principalId: string;
  readonly principalType: string;
  readonly principalDisplayName?: string;
  readonly appRoleId: string;
}

/** A connector group as Graph returns it. */
export interface TenantConnectorGroup {
  readonly id: string;
  readonly name: string;
  readonly region?: string;
  readonly isDefault?: boolean;
}

/** A Private Access app (or the Quick Access app) and what belongs to it. */
export interface TenantApp {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly quickAccess: boolean;
  readonly servicePrincipalId: string;
  readonly segments: TenantSegment[];
  readonly connectorGroup?: TenantConnectorGroup;
  readonly assignments: TenantAssignment[];
}

/** What `import` reads: the apps and the Conditional Access policies that target them. */
export interface TenantSnapshot {
  readonly apps: TenantApp[];
  readonly policies: any[];
}

const PRIVATE_ACCESS_TAG = 'PrivateAccessNonWebApplication';
const QUICK_ACCESS_TAG = 'NetworkAccessQuickAccessApplication';
const SEGMENTS = 'onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments';

/**
 * Reads the tenant's Private Access apps through Graph (facts §9): the apps by tag, then per app
 * its segments, connector group, service principal and assignments, then the Conditional Access
 * policies. Everything is read before anything is returned.
 */
export async function readTenant(graph: GraphClient, progress: (message: string) => void): Promise<TenantSnapshot> {
  const byTag = async (tag: string) =>
    graph.list(`applications?$filter=${encodeURIComponent(`tags/any(t:t eq '${tag}')`)}&$select=id,appId,displayName,tags&$count=true`, 'beta');
  const quick = await byTag(QUICK_ACCESS_TAG);
  const enterprise = (await byTag(PRIVATE_ACCESS_TAG)).filter((a) => !quick.some((q) => q.id === a.id));
  const found = [...enterprise.map((a) => ({ ...a, quickAccess: false })), ...quick.map((a) => ({ ...a, quickAccess: true }))];
  progress(`found ${enterprise.length} Private Access app(s)${quick.length ? ` and the Quick Access app` : ''}`);
  const apps: TenantApp[] = [];
  for (const [i, app] of found.entries()) {
    progress(`reading ${i + 1}/${found.length}: ${JSON.stringify(app.displayName)}`);
    const segments = await graph.list(`applications/${app.id}/${SEGMENTS}`, 'beta');
    const connectorGroup = await graph.get(`applications/${app.id}/connectorGroup`, 'beta');
    const principals = await graph.list(`servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}&$select=id,appId,displayName`, 'v1.0');
    if (principals.length === 0) {
      throw new Error(`the app ${JSON.stringify(app.displayName)} (${app.id}) has no service principal in the tenant; it is not a working enterprise app`);
    }
    const servicePrincipalId = principals[0].id as string;
    const assignments = await graph.list(`servicePrincipals/${servicePrincipalId}/appRoleAssignedTo`, 'v1.0');
    apps.push({
      id: app.id,
      appId: app.appId,
      displayName: app.displayName,
      quickAccess: app.quickAccess,
      servicePrincipalId,
      segments: segments.map((s) => ({ id: s.id, destinationHost: s.destinationHost, destinationType: s.destinationType, ports: s.ports ?? [], protocol: s.protocol })),
      connectorGroup: connectorGroup?.id ? { id: connectorGroup.id, name: connectorGroup.name, region: connectorGroup.region, isDefault: connectorGroup.isDefault } : undefined,
      assignments: assignments.map((a) => ({
        id: a.id,
        principalId: a.principalId,
        principalType: a.principalType,
        principalDisplayName: a.principalDisplayName,
        appRoleId: a.appRoleId,
      })),
    });
  }
  progress('reading Conditional Access policies');
  const appIds = new Set(apps.map((a) => a.appId));
  const policies = (await graph.list('identity/conditionalAccess/policies', 'v1.0')).filter((p) =>
    ((p.conditions?.applications?.includeApplications as string[] | undefined) ?? []).some((id) => appIds.has(id) || id === 'All'),
  );
  return { apps, policies };
}
