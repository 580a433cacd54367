import { logText } from '../private/log-text';
import { GraphClient, GraphError } from './graph-client';

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
 * policies. Everything is read before anything is returned; nothing is printed but `progress`.
 *
 * Values are returned as Graph sent them (text from the tenant is data: whoever writes it out
 * escapes it); an answer whose shape is not Graph's (an ID or a name that is not text) is an error.
 * IDs are URI-encoded where they become part of a path, and quoted as OData literals in filters.
 */
export async function readTenant(graph: GraphClient, progress: (message: string) => void): Promise<TenantSnapshot> {
  const byTag = async (tag: string) => {
    const path = `applications?$filter=${encodeURIComponent(`tags/any(t:t eq '${tag}')`)}&$select=id,appId,displayName,tags&$count=true`;
    return (await graph.list(path, 'beta')).map((a, i) => {
      const where = `GET /applications, item ${i + 1}`;
      return { id: text(a?.id, 'id', where), appId: text(a?.appId, 'appId', where), displayName: text(a?.displayName, 'displayName', where) };
    });
  };
  const quick = await byTag(QUICK_ACCESS_TAG);
  const enterprise = (await byTag(PRIVATE_ACCESS_TAG)).filter((a) => !quick.some((q) => q.id === a.id));
  const found = [...enterprise.map((a) => ({ ...a, quickAccess: false })), ...quick.map((a) => ({ ...a, quickAccess: true }))];
  progress(`found ${enterprise.length} Private Access app(s)${quick.length ? ` and the Quick Access app` : ''}`);
  const apps: TenantApp[] = [];
  for (const [i, app] of found.entries()) {
    progress(`reading ${i + 1}/${found.length}: ${logText(app.displayName)}`);
    const appPath = `applications/${encodeURIComponent(app.id)}`;
    const segments = (await graph.list(`${appPath}/${SEGMENTS}`, 'beta')).map((s, j) => {
      const where = `GET /${appPath}/…/applicationSegments, item ${j + 1}`;
      return {
        id: text(s?.id, 'id', where),
        destinationHost: text(s?.destinationHost, 'destinationHost', where),
        destinationType: text(s?.destinationType, 'destinationType', where),
        ports: texts(s?.ports, 'ports', where),
        protocol: text(s?.protocol, 'protocol', where),
      };
    });
    const group = await graph.get(`${appPath}/connectorGroup`, 'beta');
    const groupWhere = `GET /${appPath}/connectorGroup`;
    const connectorGroup: TenantConnectorGroup | undefined =
      group?.id === undefined || group?.id === null
        ? undefined
        : {
            id: text(group.id, 'id', groupWhere),
            name: text(group.name, 'name', groupWhere),
            region: optionalText(group.region, 'region', groupWhere),
            isDefault: group.isDefault === true,
          };
    const principals = await graph.list(`servicePrincipals?$filter=${encodeURIComponent(`appId eq ${odataString(app.appId)}`)}&$select=id,appId,displayName`, 'v1.0');
    if (principals.length === 0) {
      throw new Error(`the app ${logText(app.displayName)} (${logText(app.id)}) has no service principal in the tenant; it is not a working enterprise app`);
    }
    const servicePrincipalId = text(principals[0]?.id, 'id', 'GET /servicePrincipals');
    const assignmentsPath = `servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo`;
    const assignments = (await graph.list(assignmentsPath, 'v1.0')).map((a, j) => {
      const where = `GET /${assignmentsPath}, item ${j + 1}`;
      return {
        id: text(a?.id, 'id', where),
        principalId: text(a?.principalId, 'principalId', where),
        principalType: text(a?.principalType, 'principalType', where),
        principalDisplayName: optionalText(a?.principalDisplayName, 'principalDisplayName', where),
        appRoleId: text(a?.appRoleId, 'appRoleId', where),
      };
    });
    apps.push({ id: app.id, appId: app.appId, displayName: app.displayName, quickAccess: app.quickAccess, servicePrincipalId, segments, connectorGroup, assignments });
  }
  progress('reading Conditional Access policies');
  const appIds = new Set(apps.map((a) => a.appId));
  const policies = (await graph.list('identity/conditionalAccess/policies', 'v1.0')).filter((p) => {
    const include: unknown = p?.conditions?.applications?.includeApplications;
    return Array.isArray(include) && include.some((id) => typeof id === 'string' && (appIds.has(id) || id === 'All'));
  });
  return { apps, policies };
}

/** A string field of Graph's answer, or an error saying the answer is not Graph's. */
function text(value: unknown, field: string, where: string): string {
  if (typeof value !== 'string') {
    throw new GraphError(`Graph's answer to ${where} has a ${field} that is not text (${logText(value)}); is the endpoint Microsoft Graph?`, 200);
  }
  return value;
}

/** An optional string field (absent or null is undefined). */
function optionalText(value: unknown, field: string, where: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, field, where);
}

/** A list of strings (absent or null is empty). */
function texts(value: unknown, field: string, where: string): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new GraphError(`Graph's answer to ${where} has ${field} that are not a list (${logText(value)}); is the endpoint Microsoft Graph?`, 200);
  }
  return value.map((v) => text(v, field, where));
}

/** An OData string literal: single quotes, a quote inside doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
