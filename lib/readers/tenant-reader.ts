/**
 * The reader of the tenant: Private Access as Microsoft Graph holds it, to the access model that
 * the stack reader also makes, so that `verify` holds like against like and the rule pack judges
 * the tenant as it judges the code. It also reads what `discover` needs: Global Secure Access's
 * application discovery report and traffic logs.
 *
 * Every read is a GET (the reader never writes). Collections are read page by page through
 * `@odata.nextLink`, a bounded number of pages, and a next-page link is followed only while it
 * stays on the Graph endpoint and version it was read from. Throttling (429 with `Retry-After`) and
 * transient failures are retried by the Graph client. Identifiers read from the tenant go into a
 * URL only once checked to be GUIDs.
 *
 * Graph calls (facts §9, §11; Microsoft Graph beta reference):
 * - apps: `GET /beta/applications?$filter=tags/any(t:t eq 'PrivateAccessNonWebApplication')` and the
 *   Quick Access tag `NetworkAccessQuickAccessApplication`; `GET /beta/applications/{id}?$select=…,onPremisesPublishing`;
 * - segments: `GET /beta/applications/{id}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments`;
 * - connector group: `GET /beta/applications/{id}/connectorGroup`, `GET /beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups`
 *   and `…/connectorGroups/{id}/members` (the connectors, with `status` `active`/`inactive`);
 * - assignments: `GET /v1.0/servicePrincipals?$filter=appId eq '…'`, `GET /v1.0/servicePrincipals/{id}/appRoleAssignedTo`;
 * - names: `GET /v1.0/users/{id}?$select=id,userPrincipalName,displayName`, `GET /v1.0/groups/{id}?$select=id,displayName`;
 * - Conditional Access: `GET /v1.0/identity/conditionalAccess/policies`;
 * - forwarding profile: `GET /beta/networkAccess/forwardingProfiles`, the one with `trafficForwardingType` `private`;
 * - discovery: `GET /beta/networkAccess/reports/getDiscoveredApplicationSegmentReport(startDateTime=…,endDateTime=…)`
 *   and `GET /beta/networkAccess/logs/traffic` (at most 1000 entries a page).
 *
 * @see https://learn.microsoft.com/graph/api/networkaccess-reports-getdiscoveredapplicationsegmentreport?view=graph-rest-beta
 * @see https://learn.microsoft.com/graph/api/networkaccess-logs-list-traffic?view=graph-rest-beta
 */
import {
  AccessModel,
  ModelApplication,
  ModelApplicationKind,
  ModelAssignment,
  ModelConnectorGroup,
  ModelConnectorGroupLink,
  ModelDnsSuffix,
  ModelForwardingProfile,
  ModelPolicy,
  ModelPrincipal,
  ModelPrincipalType,
  ModelSegment,
  ModelValue,
} from '../model/access-model';
import { logText } from '../private/log-text';
import { principalById } from './stack-reader';

/**
 * What the reader needs of a Graph client: one GET. `GraphClient` (the CLI's) is one; so is any
 * test double. It returns the parsed body, undefined on 404, and throws an error with a `status`
 * on any other failure, after its own retries.
 */
export interface GraphReads {
  get(path: string, version: string): Promise<any | undefined>;
}

/** How the tenant is read. */
export interface TenantReadOptions {
  /** The Graph endpoint the client reads from (`https://graph.microsoft.com`): next-page links must stay on it. */
  readonly endpoint: string;
  /** The model's name (the tenant's ID when known). */
  readonly name?: string;
  /** Where progress goes. */
  readonly progress?: (message: string) => void;
  /**
   * Whether to read connector groups and their connectors. Microsoft documents these reads for
   * delegated identities only (a signed-in user), with Directory.ReadWrite.All.
   *
   * @default true
   */
  readonly connectorGroups?: boolean;
  /** Whether to look up users' principal names (needed when the code names users by UPN). @default false */
  readonly userNames?: boolean;
  /** Whether to look up the display names of groups that Conditional Access policies name (assignments carry theirs). @default false */
  readonly groupNames?: boolean;
  /** The most pages read of one collection. @default 200 */
  readonly maxPages?: number;
}

/** A user, group or service principal the tenant refers to, with the names the reader found. */
export interface TenantDirectoryObject {
  readonly objectId: string;
  readonly principalType: ModelPrincipalType;
  /** The display name, when read. */
  readonly displayName?: string;
  /** A user's principal name, lower-case, when looked up. */
  readonly userPrincipalName?: string;
  /** Whether a lookup found no such object (deleted, but still referred to). */
  readonly missing?: boolean;
}

/** A private network connector, as Graph lists it. */
export interface TenantConnector {
  readonly id: string;
  readonly machineName: string;
  /** `active` or `inactive`. */
  readonly status: string;
  readonly version?: string;
}

/** A connector group an app of the tenant uses, with its connectors. */
export interface TenantConnectorGroupHealth {
  /** Its address in the tenant model. */
  readonly address: string;
  readonly connectorGroupId: string;
  readonly name: string;
  readonly isDefault: boolean;
  readonly connectors: TenantConnector[];
}

/** What the reader read: the model, and what the model has no place for. */
export interface TenantRead {
  /** The tenant's Private Access apps, the policies that target them, connector groups and the forwarding profile. */
  readonly model: AccessModel;
  /** The users, groups and service principals the model refers to, with their names. */
  readonly directory: TenantDirectoryObject[];
  /** The connector groups the apps use (and the default group, when an app falls back to it), with their connectors. */
  readonly connectorGroups: TenantConnectorGroupHealth[];
  /** Whether connector groups were read. */
  readonly connectorGroupsRead: boolean;
  /** What could not be read, in words. */
  readonly notRead: string[];
}

export const PRIVATE_ACCESS_TAG = 'PrivateAccessNonWebApplication';
export const QUICK_ACCESS_TAG = 'NetworkAccessQuickAccessApplication';
const SEGMENTS = 'onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments';
const CONNECTOR_GROUPS = 'onPremisesPublishingProfiles/applicationProxy/connectorGroups';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_A_PRINCIPAL = /^(All|None|GuestsOrExternalUsers)$/;
const DEFAULT_MAX_PAGES = 200;

/** The permission and role a read needs, for a refusal the Graph client cannot name itself. */
const NEEDS: Record<string, string> = {
  networkAccess:
    'NetworkAccess.Read.All (the discovery report and forwarding profiles) or NetworkAccess-Reports.Read.All (traffic logs), with a role such as Global Secure Access Log Reader, Global Reader, Security Administrator or Global Secure Access Administrator',
  users: 'User.Read.All (to read the principal names of assigned users that the code names by UPN)',
  groups: 'GroupMember.Read.All or Group.Read.All (to read the names of groups that Conditional Access policies include or exclude)',
  connectorGroups:
    'Directory.ReadWrite.All, even to read, as a signed-in user: Microsoft does not support reading connector groups with application permissions. Run with a delegated identity, or pass --skip-connector-groups',
};

/** A page-bounded, origin-checked read of a collection. */
export interface PagedRead {
  readonly items: any[];
  /** Whether the read stopped at a bound before the last page. */
  readonly truncated: boolean;
}

/**
 * Reads a collection page by page through `@odata.nextLink`, at most `maxPages` pages and
 * `maxItems` items; follows a next-page link only while it stays on the endpoint and version.
 */
export async function readPages(
  graph: GraphReads,
  path: string,
  version: string,
  options: { endpoint: string; maxPages: number; maxItems?: number; progress?: (message: string) => void; what?: string },
): Promise<PagedRead> {
  const items: any[] = [];
  let next: string | undefined = path;
  for (let page = 0; next !== undefined; page++) {
    if (page >= options.maxPages || (options.maxItems !== undefined && items.length >= options.maxItems)) {
      return { items: options.maxItems !== undefined ? items.slice(0, options.maxItems) : items, truncated: true };
    }
    const body = await graph.get(next, version);
    if (body === undefined) {
      throw new Error(`Graph answered 404 to GET /${version}/${next.split('?')[0]}: the collection does not exist (is Global Secure Access enabled in the tenant?)`);
    }
    const value = body?.value;
    if (!Array.isArray(value)) {
      throw new Error(`Graph answered GET /${version}/${next.split('?')[0]} without a "value" list; expected a collection`);
    }
    items.push(...value);
    const link = body['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' ? nextPath(link, options.endpoint, version) : undefined;
    if (next !== undefined && page % 10 === 9) {
      options.progress?.(`  … ${items.length} ${options.what ?? 'items'} so far`);
    }
  }
  return { items: options.maxItems !== undefined ? items.slice(0, options.maxItems) : items, truncated: false };
}

/** The path (under the version) of a next-page link, refusing one that leaves the endpoint and version. */
export function nextPath(link: string, endpoint: string, version: string): string {
  let url: URL;
  let base: URL;
  try {
    url = new URL(link);
    base = new URL(endpoint);
  } catch {
    throw new Error(`Graph's next-page link ${logText(link)} is not a URL`);
  }
  const prefix = `${base.pathname.replace(/\/+$/, '')}/${version}/`;
  if (url.origin !== base.origin || !url.pathname.startsWith(prefix)) {
    throw new Error(`Graph's next-page link ${logText(link)} leaves ${endpoint}/${version}; refusing to follow it (the token goes to the Graph endpoint only)`);
  }
  return `${url.pathname.slice(prefix.length)}${url.search}`;
}

/** Reads the tenant's Private Access configuration into the access model. */
export async function readTenantModel(graph: GraphReads, options: TenantReadOptions): Promise<TenantRead> {
  return new TenantReader(graph, options).read();
}

/** An app as listed by tag, with what is read of it. */
interface RawApp {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly quickAccess: boolean;
}

class TenantReader {
  private readonly progress: (message: string) => void;
  private readonly maxPages: number;
  private readonly directory = new Map<string, TenantDirectoryObject>();
  private readonly notRead: string[] = [];

  constructor(private readonly graph: GraphReads, private readonly options: TenantReadOptions) {
    this.progress = options.progress ?? (() => undefined);
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  }

  public async read(): Promise<TenantRead> {
    const raw = await this.listApps();
    this.progress(`found ${raw.filter((a) => !a.quickAccess).length} Private Access app(s)${raw.some((a) => a.quickAccess) ? ' and the Quick Access app' : ''}`);
    const withGroups = this.options.connectorGroups !== false;
    const groupList = withGroups ? await this.listConnectorGroups() : [];
    const groups = new Map<string, ModelConnectorGroup>();
    const groupOf = (g: any): ModelConnectorGroup => {
      const id = String(g.id).toLowerCase();
      let group = groups.get(id);
      if (!group) {
        group = {
          source: { address: `/beta/${CONNECTOR_GROUPS}/${id}` },
          name: { value: String(g.name ?? '') },
          connectorGroupId: { value: id },
          ...(typeof g.region === 'string' ? { region: { value: g.region } } : {}),
          existing: true,
          tenantDefault: g.isDefault === true,
        };
        groups.set(id, group);
      }
      return group;
    };

    const applications: ModelApplication[] = [];
    for (const [i, app] of raw.entries()) {
      this.progress(`reading ${i + 1}/${raw.length}: ${logText(app.displayName)}`);
      applications.push(await this.readApp(app, withGroups ? (g) => groupOf(g) : undefined));
    }

    this.progress('reading Conditional Access policies');
    const rawPolicies = await this.list('identity/conditionalAccess/policies', 'v1.0', 'policies');
    const byClientId = new Map(applications.filter((a) => a.clientId).map((a) => [a.clientId!.toLowerCase(), a.source.address]));
    const relevant = rawPolicies.filter((p) => {
      const include: unknown[] = p?.conditions?.applications?.includeApplications ?? [];
      return include.some((v) => typeof v === 'string' && (v === 'All' || byClientId.has(v.toLowerCase())));
    });
    await this.lookUpNames(relevant);
    const policies = relevant.map((p) => this.policy(p, byClientId)).sort((a, b) => compare(a.source.address, b.source.address));
    // Assignments were read before the names: give their principals the names found since.
    const named = applications.map((a) => ({ ...a, assignments: a.assignments.map((x) => ({ ...x, principal: this.principal(x.principal.principalType, x.principal.objectId.value!) })) }));

    const health: TenantConnectorGroupHealth[] = [];
    if (withGroups) {
      const defaultGroup = groupList.find((g) => g?.isDefault === true);
      if (defaultGroup && named.some((a) => !a.connectorGroup)) {
        groupOf(defaultGroup);
      }
      for (const group of [...groups.values()].sort((a, b) => compare(a.source.address, b.source.address))) {
        const id = group.connectorGroupId!.value!;
        this.progress(`reading the connectors of ${logText(group.name!.value!)}`);
        const members = await this.need('connectorGroups', () => this.list(`${CONNECTOR_GROUPS}/${guid(id, 'connector group')}/members`, 'beta', 'connectors'));
        health.push({
          address: group.source.address,
          connectorGroupId: id,
          name: group.name!.value!,
          isDefault: group.tenantDefault,
          connectors: members
            .map((c) => ({ id: String(c.id ?? ''), machineName: String(c.machineName ?? ''), status: String(c.status ?? ''), ...(c.version ? { version: String(c.version) } : {}) }))
            .sort((a, b) => compare(a.machineName, b.machineName) || compare(a.id, b.id)),
        });
      }
    } else {
      this.notRead.push('connector groups and connectors (--skip-connector-groups)');
    }

    this.progress('reading the forwarding profile');
    const profiles = await this.need('networkAccess', () => this.list('networkAccess/forwardingProfiles', 'beta', 'forwarding profiles'));
    const privateProfile = profiles.find((p) => p?.trafficForwardingType === 'private');
    const forwardingProfile: ModelForwardingProfile | undefined = privateProfile
      ? { source: { address: `/beta/networkAccess/forwardingProfiles/${String(privateProfile.id)}` }, state: { value: String(privateProfile.state ?? '') } }
      : undefined;

    const model: AccessModel = {
      name: this.options.name ?? 'tenant',
      origin: 'tenant',
      applications: named.sort((a, b) => compare(a.displayName.value!, b.displayName.value!) || compare(a.source.address, b.source.address)),
      policies,
      connectorGroups: [...groups.values()].sort((a, b) => compare(a.source.address, b.source.address)),
      ...(forwardingProfile ? { forwardingProfile } : {}),
      networkRules: [],
      connectorHosts: [],
      adoptions: [],
      unplaced: [],
    };
    return {
      model,
      directory: [...this.directory.values()].sort((a, b) => compare(a.objectId, b.objectId)),
      connectorGroups: health,
      connectorGroupsRead: withGroups,
      notRead: this.notRead,
    };
  }

  /** The Private Access apps and the Quick Access app, by tag. */
  public async listApps(): Promise<RawApp[]> {
    const byTag = (tag: string) => this.list(`applications?$filter=${encodeURIComponent(`tags/any(t:t eq '${tag}')`)}&$select=id,appId,displayName,tags`, 'beta', 'apps');
    const quick = await byTag(QUICK_ACCESS_TAG);
    const enterprise = (await byTag(PRIVATE_ACCESS_TAG)).filter((a) => !quick.some((q) => q.id === a.id));
    return [...enterprise.map((a) => ({ a, quickAccess: false })), ...quick.map((a) => ({ a, quickAccess: true }))].map(({ a, quickAccess }) => ({
      id: guid(a.id, 'application').toLowerCase(),
      appId: guid(a.appId, 'application client').toLowerCase(),
      displayName: String(a.displayName ?? ''),
      quickAccess,
    }));
  }

  /** One app: its settings, segments, DNS suffixes, connector group link and assignments. */
  public async readApp(app: RawApp, groupOf?: (g: any) => ModelConnectorGroup): Promise<ModelApplication> {
    const address = `/beta/applications/${app.id}`;
    const details = await this.graph.get(`applications/${app.id}?$select=id,appId,displayName,onPremisesPublishing`, 'beta');
    const publishing = details?.onPremisesPublishing ?? {};
    const applicationType = typeof publishing.applicationType === 'string' ? publishing.applicationType : undefined;
    const quick = app.quickAccess || applicationType?.toLowerCase() === 'quickaccessapp';
    const segments: ModelSegment[] = [];
    const dnsSuffixes: ModelDnsSuffix[] = [];
    for (const s of await this.list(`applications/${app.id}/${SEGMENTS}`, 'beta', 'segments')) {
      const source = { address: `${address}/${SEGMENTS}/${String(s.id)}` };
      if (s.destinationType === 'dnsSuffix') {
        dnsSuffixes.push({ source, suffix: { value: String(s.destinationHost ?? '') } });
      } else {
        segments.push({
          source,
          destinationHost: { value: String(s.destinationHost ?? '') },
          destinationType: { value: String(s.destinationType ?? '') },
          protocol: { value: String(s.protocol ?? '') },
          ports: (Array.isArray(s.ports) ? s.ports : []).map((p: unknown) => ({ value: String(p) })),
        });
      }
    }
    // Not read: a link whose group is unknown, never "no group" (which would mean the default group).
    let connectorGroup: ModelConnectorGroupLink | undefined = groupOf
      ? undefined
      : { source: { address: `${address}/connectorGroup` }, connectorGroupId: { expression: '(not read: connector groups were skipped)' } };
    if (groupOf) {
      const g = await this.need('connectorGroups', () => this.graph.get(`applications/${app.id}/connectorGroup`, 'beta'));
      if (g?.id) {
        const group = groupOf({ ...g, id: guid(g.id, 'connector group') });
        connectorGroup = { source: { address: `${address}/connectorGroup` }, connectorGroupAddress: group.source.address, connectorGroupId: group.connectorGroupId! };
      }
    }
    const principals = await this.list(`servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}&$select=id,appId,displayName`, 'v1.0', 'service principals');
    const assignments: ModelAssignment[] = [];
    if (principals.length === 0) {
      this.notRead.push(`assignments of ${logText(app.displayName)}: the app has no service principal, so nobody can be assigned to it`);
    } else {
      const sp = guid(principals[0].id, 'service principal').toLowerCase();
      for (const a of await this.list(`servicePrincipals/${sp}/appRoleAssignedTo`, 'v1.0', 'assignments')) {
        const type = principalType(a.principalType);
        const objectId = guid(a.principalId, 'principal').toLowerCase();
        this.remember(objectId, type, typeof a.principalDisplayName === 'string' ? a.principalDisplayName : undefined);
        assignments.push({
          source: { address: `/v1.0/servicePrincipals/${sp}/appRoleAssignedTo/${String(a.id)}` },
          principal: this.principal(type, objectId),
          appRoleId: { value: String(a.appRoleId ?? '').toLowerCase() },
        });
      }
    }
    const value = (v: unknown): ModelValue | undefined => (v === undefined || v === null ? undefined : { value: String(v) });
    return {
      source: { address },
      kind: quick ? ModelApplicationKind.QUICK_ACCESS : ModelApplicationKind.ENTERPRISE,
      displayName: { value: app.displayName },
      existing: false,
      applicationObjectId: app.id,
      clientId: app.appId,
      segments: segments.sort((a, b) => compare(a.source.address, b.source.address)),
      dnsSuffixes: dnsSuffixes.sort((a, b) => compare(a.source.address, b.source.address)),
      ...(connectorGroup ? { connectorGroup } : {}),
      assignments: assignments.sort((a, b) => compare(a.source.address, b.source.address)),
      ...(details?.onPremisesPublishing
        ? {
          settings: {
            source: { address: `${address}/onPremisesPublishing` },
            applicationType: value(publishing.applicationType) ?? { value: '' },
            isAccessibleViaZTNAClient: value(publishing.isAccessibleViaZTNAClient) ?? { value: '' },
            ...(value(publishing.isDnsResolutionEnabled) ? { isDnsResolutionEnabled: value(publishing.isDnsResolutionEnabled) } : {}),
          },
        }
        : {}),
    };
  }

  private async listConnectorGroups(): Promise<any[]> {
    this.progress('reading connector groups');
    return this.need('connectorGroups', () => this.list(CONNECTOR_GROUPS, 'beta', 'connector groups'));
  }

  /** Looks up the names the comparison needs: users' UPNs, and the policies' groups. */
  private async lookUpNames(policies: any[]): Promise<void> {
    const users = new Set<string>();
    const groups = new Set<string>();
    for (const o of this.directory.values()) {
      if (o.principalType === ModelPrincipalType.USER) {
        users.add(o.objectId);
      }
    }
    for (const p of policies) {
      const u = p?.conditions?.users ?? {};
      for (const id of [...(u.includeUsers ?? []), ...(u.excludeUsers ?? [])]) {
        if (typeof id === 'string' && GUID.test(id)) {
          users.add(id.toLowerCase());
          this.remember(id.toLowerCase(), ModelPrincipalType.USER);
        }
      }
      for (const id of [...(u.includeGroups ?? []), ...(u.excludeGroups ?? [])]) {
        if (typeof id === 'string' && GUID.test(id)) {
          this.remember(id.toLowerCase(), ModelPrincipalType.GROUP);
          if (this.directory.get(id.toLowerCase())?.displayName === undefined) {
            groups.add(id.toLowerCase());
          }
        }
      }
    }
    if (this.options.userNames && users.size > 0) {
      this.progress(`looking up the principal names of ${users.size} user(s)`);
      for (const id of [...users].sort()) {
        const user = await this.need('users', () => this.graph.get(`users/${id}?$select=id,userPrincipalName,displayName`, 'v1.0'));
        const known = this.directory.get(id)!;
        this.directory.set(
          id,
          user
            ? {
              ...known,
              ...(typeof user.displayName === 'string' ? { displayName: user.displayName } : {}),
              ...(typeof user.userPrincipalName === 'string' ? { userPrincipalName: user.userPrincipalName.toLowerCase() } : {}),
            }
            : { ...known, missing: true },
        );
      }
    }
    if (this.options.groupNames && groups.size > 0) {
      this.progress(`looking up the display names of ${groups.size} group(s)`);
      for (const id of [...groups].sort()) {
        const group = await this.need('groups', () => this.graph.get(`groups/${id}?$select=id,displayName`, 'v1.0'));
        const known = this.directory.get(id)!;
        this.directory.set(id, group ? { ...known, ...(typeof group.displayName === 'string' ? { displayName: group.displayName } : {}) } : { ...known, missing: true });
      }
    }
  }

  private policy(p: any, byClientId: Map<string, string>): ModelPolicy {
    const conditions = p?.conditions ?? {};
    const apps = conditions.applications ?? {};
    const users = conditions.users ?? {};
    const grant = p?.grantControls ?? {};
    const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const include = strings(apps.includeApplications);
    const principals = (ids: unknown, type: ModelPrincipalType): ModelPrincipal[] =>
      strings(ids)
        .filter((id) => !NOT_A_PRINCIPAL.test(id))
        .map((id) => (GUID.test(id) ? this.principal(type, id.toLowerCase()) : principalById(type, id)));
    const frequency = p?.sessionControls?.signInFrequency;
    const signInFrequency =
      frequency && frequency.isEnabled !== false
        ? frequency.frequencyInterval === 'everyTime'
          ? 'every time'
          : typeof frequency.value === 'number'
            ? `${frequency.value}${frequency.type === 'days' ? 'd' : 'h'}`
            : undefined
        : undefined;
    const strength = grant.authenticationStrength?.id;
    return {
      source: { address: `/v1.0/identity/conditionalAccess/policies/${String(p?.id)}` },
      displayName: { value: String(p?.displayName ?? '') },
      state: { value: String(p?.state ?? '') },
      applications: [...new Set(include.map((id) => byClientId.get(id.toLowerCase())).filter((a): a is string => a !== undefined))].sort(),
      otherApplications: include.filter((id) => !byClientId.has(id.toLowerCase())).map((value) => ({ value })),
      excludedApplications: strings(apps.excludeApplications).map((value) => ({ value: GUID.test(value) ? value.toLowerCase() : value })),
      includesAllUsers: strings(users.includeUsers).includes('All'),
      includes: [...principals(users.includeUsers, ModelPrincipalType.USER), ...principals(users.includeGroups, ModelPrincipalType.GROUP)],
      excludes: [...principals(users.excludeUsers, ModelPrincipalType.USER), ...principals(users.excludeGroups, ModelPrincipalType.GROUP)],
      includedRoles: strings(users.includeRoles).map((value) => ({ value })),
      excludedRoles: strings(users.excludeRoles).map((value) => ({ value })),
      clientAppTypes: strings(conditions.clientAppTypes),
      builtInControls: strings(grant.builtInControls),
      grantOperator: { value: typeof grant.operator === 'string' ? grant.operator : 'OR' },
      ...(typeof strength === 'string' ? { authenticationStrengthPolicyId: { value: strength } } : {}),
      ...(signInFrequency ? { signInFrequency } : {}),
    };
  }

  /** A principal by object ID, labelled with the name the tenant gives it. */
  private principal(type: ModelPrincipalType, objectId: string): ModelPrincipal {
    const known = this.directory.get(objectId);
    const label = known?.userPrincipalName ?? known?.displayName;
    return principalById(type, objectId, label);
  }

  private remember(objectId: string, type: ModelPrincipalType, displayName?: string): void {
    const known = this.directory.get(objectId);
    if (!known) {
      this.directory.set(objectId, { objectId, principalType: type, ...(displayName !== undefined ? { displayName } : {}) });
    } else if (known.displayName === undefined && displayName !== undefined) {
      this.directory.set(objectId, { ...known, displayName });
    }
  }

  private async list(path: string, version: string, what: string): Promise<any[]> {
    const read = await readPages(this.graph, path, version, { endpoint: this.options.endpoint, maxPages: this.maxPages, progress: this.progress, what });
    if (read.truncated) {
      throw new Error(`GET /${version}/${path.split('?')[0]} has more than ${this.maxPages} pages; the read stopped there rather than report a partial tenant as the whole`);
    }
    return read.items;
  }

  /** Runs a read, saying which permission a refusal means where the Graph client cannot tell. */
  private async need<T>(what: keyof typeof NEEDS, read: () => Promise<T>): Promise<T> {
    return withPermission(NEEDS[what], read);
  }
}

/** Runs a read; a 401 or 403 becomes an error that names the permission it needs. */
export async function withPermission<T>(permission: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (status === 401 || status === 403) {
      const detail = (err as Error).message.replace(/ The signed-in identity needs .*$/, '');
      throw Object.assign(new Error(`${detail} The identity needs ${permission}.`), { status });
    }
    throw err;
  }
}

function principalType(text: unknown): ModelPrincipalType {
  switch (String(text).toLowerCase()) {
    case 'user':
      return ModelPrincipalType.USER;
    case 'group':
      return ModelPrincipalType.GROUP;
    case 'serviceprincipal':
      return ModelPrincipalType.SERVICE_PRINCIPAL;
    default:
      return ModelPrincipalType.UNKNOWN;
  }
}

/** The text, when it is a GUID: the only form in which an ID read from the tenant goes into a URL. */
function guid(value: unknown, what: string): string {
  if (typeof value !== 'string' || !GUID.test(value)) {
    throw new Error(`Graph returned the ${what} ID ${logText(String(value))}, which is not a GUID; refusing to put it in a request`);
  }
  return value;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- discovery: the application discovery report and the traffic logs ---------------------------

/** One row of the application discovery report: traffic to one destination, port and protocol. */
export interface DiscoveredSegment {
  readonly id: string;
  /** The name the traffic was sent to, lower-case, when it was sent to a name. */
  readonly fqdn?: string;
  /** The address the traffic went to. */
  readonly ip?: string;
  readonly port: number;
  /** `tcp` or `udp`, lower-case. */
  readonly protocol: string;
  /** `quickAccess`, `privateAccess`, or what Graph names a newer kind. */
  readonly accessType: string;
  readonly firstAccessDateTime?: string;
  readonly lastAccessDateTime?: string;
  readonly userCount: number;
  readonly deviceCount: number;
  readonly transactionCount: number;
}

/** One traffic log entry of private traffic, with what `discover` uses. */
export interface TrafficEntry {
  readonly createdDateTime: string;
  readonly userId?: string;
  /** Lower-case. */
  readonly userPrincipalName?: string;
  /** Lower-case. */
  readonly fqdn?: string;
  readonly ip?: string;
  readonly port: number;
  /** `tcp` or `udp`, lower-case. */
  readonly protocol: string;
  readonly connectorId?: string;
  readonly connectorName?: string;
}

/** A period of time, as Graph's DateTimeOffset (`2026-01-01T00:00:00Z`). */
export interface Period {
  readonly start: string;
  readonly end: string;
}

/** Reads the application discovery report of a period. */
export async function readDiscoveredSegments(
  graph: GraphReads,
  period: Period,
  options: { endpoint: string; maxPages?: number; progress?: (message: string) => void },
): Promise<DiscoveredSegment[]> {
  const path = `networkAccess/reports/getDiscoveredApplicationSegmentReport(startDateTime=${period.start},endDateTime=${period.end})`;
  const read = await withPermission(NEEDS.networkAccess, () =>
    readPages(graph, path, 'beta', { endpoint: options.endpoint, maxPages: options.maxPages ?? DEFAULT_MAX_PAGES, progress: options.progress, what: 'discovered segments' }),
  );
  if (read.truncated) {
    throw new Error(`the discovery report has more than ${options.maxPages ?? DEFAULT_MAX_PAGES} pages; choose a shorter --since`);
  }
  return read.items.map((r) => ({
    id: String(r.discoveredApplicationSegmentId ?? ''),
    ...(typeof r.fqdn === 'string' && r.fqdn !== '' ? { fqdn: r.fqdn.toLowerCase().replace(/\.$/, '') } : {}),
    ...(typeof r.ip === 'string' && r.ip !== '' ? { ip: r.ip } : {}),
    port: Number(r.port),
    protocol: String(r.transportProtocol ?? '').toLowerCase(),
    accessType: String(r.accessType ?? ''),
    ...(typeof r.firstAccessDateTime === 'string' ? { firstAccessDateTime: r.firstAccessDateTime } : {}),
    ...(typeof r.lastAccessDateTime === 'string' ? { lastAccessDateTime: r.lastAccessDateTime } : {}),
    userCount: Number(r.userCount ?? 0),
    deviceCount: Number(r.deviceCount ?? 0),
    transactionCount: Number(r.transactionCount ?? 0),
  }));
}

/** Reads the private traffic of a period from the traffic logs, at most `maxEntries` entries. */
export async function readTraffic(
  graph: GraphReads,
  period: Period,
  options: { endpoint: string; maxEntries: number; progress?: (message: string) => void },
): Promise<{ entries: TrafficEntry[]; truncated: boolean }> {
  const filter = `createdDateTime ge ${period.start} and createdDateTime lt ${period.end} and trafficType eq 'private'`;
  const path = `networkAccess/logs/traffic?$filter=${encodeURIComponent(filter)}&$top=1000`;
  const read = await withPermission(NEEDS.networkAccess, () =>
    // Pages hold at most 1000 entries, and may hold fewer: the page bound allows pages of 50, the item bound ends the read.
    readPages(graph, path, 'beta', { endpoint: options.endpoint, maxPages: Math.ceil(options.maxEntries / 50) + 1, maxItems: options.maxEntries, progress: options.progress, what: 'traffic log entries' }),
  );
  const entries: TrafficEntry[] = [];
  for (const t of read.items) {
    if (t?.trafficType !== undefined && t.trafficType !== 'private') {
      continue; // the filter asked for private traffic; a server that ignores it is not trusted
    }
    const details = t?.privateAccessDetails ?? {};
    entries.push({
      createdDateTime: String(t.createdDateTime ?? ''),
      ...(typeof t.userId === 'string' && t.userId !== '' ? { userId: t.userId.toLowerCase() } : {}),
      ...(typeof t.userPrincipalName === 'string' && t.userPrincipalName !== '' ? { userPrincipalName: t.userPrincipalName.toLowerCase() } : {}),
      ...(typeof t.destinationFQDN === 'string' && t.destinationFQDN !== '' ? { fqdn: t.destinationFQDN.toLowerCase().replace(/\.$/, '') } : {}),
      ...(typeof t.destinationIp === 'string' && t.destinationIp !== '' ? { ip: t.destinationIp } : {}),
      port: Number(t.destinationPort),
      protocol: String(t.transportProtocol ?? '').toLowerCase(),
      ...(typeof details.connectorId === 'string' && details.connectorId !== '' ? { connectorId: details.connectorId.toLowerCase() } : {}),
      ...(typeof details.connectorName === 'string' && details.connectorName !== '' ? { connectorName: details.connectorName } : {}),
    });
  }
  return { entries, truncated: read.truncated };
}

/** The tenant's Quick Access app, read like `verify` reads it (without connector groups), or undefined. */
export async function readQuickAccess(graph: GraphReads, options: { endpoint: string; progress?: (message: string) => void }): Promise<ModelApplication | undefined> {
  const reader = new TenantReader(graph, { endpoint: options.endpoint, connectorGroups: false, ...(options.progress ? { progress: options.progress } : {}) });
  const quick = (await reader.listApps()).find((a) => a.quickAccess);
  return quick ? reader.readApp(quick) : undefined;
}

/** A connector and the group it belongs to. */
export interface ConnectorMembership {
  readonly connectorId: string;
  readonly connectorGroupId: string;
  readonly connectorGroupName: string;
}

/**
 * Every connector and its group, or undefined when the identity may not read connector groups
 * (application permissions: Microsoft supports these reads for signed-in users only).
 */
export async function readConnectorMemberships(
  graph: GraphReads,
  options: { endpoint: string; progress?: (message: string) => void },
): Promise<ConnectorMembership[] | undefined> {
  const pages = { endpoint: options.endpoint, maxPages: DEFAULT_MAX_PAGES, ...(options.progress ? { progress: options.progress } : {}) };
  try {
    const groups = await readPages(graph, CONNECTOR_GROUPS, 'beta', { ...pages, what: 'connector groups' });
    const out: ConnectorMembership[] = [];
    for (const g of groups.items) {
      const id = guid(g.id, 'connector group');
      const members = await readPages(graph, `${CONNECTOR_GROUPS}/${id}/members`, 'beta', { ...pages, what: 'connectors' });
      for (const c of members.items) {
        out.push({ connectorId: String(c.id ?? '').toLowerCase(), connectorGroupId: id.toLowerCase(), connectorGroupName: String(g.name ?? '') });
      }
    }
    return out;
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (status === 401 || status === 403) {
      return undefined;
    }
    throw err;
  }
}
