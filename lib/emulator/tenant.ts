/**
 * The emulated tenant: the Microsoft Graph objects of Private Access in memory, and the calls the
 * providers make on them (microsoft/msgraph for Private Access, hashicorp/azuread for apps,
 * assignments and Conditional Access), answered as Graph answers them where that is known
 * (../shared/private-access-facts.md §1-§13 and Microsoft's documented examples).
 *
 * Where a behaviour is a guess, the code says `GUESS:`. Everything is deterministic: IDs come from
 * a counter, so two runs of the same requests give the same tenant.
 */
import { createHash } from 'crypto';

/** Who called: the token's identity. */
export interface CallerIdentity {
  /** `user` for a delegated (signed-in user) token, `app` for an app-only one. */
  readonly kind: 'user' | 'app';
  /** The caller's object ID. */
  readonly objectId: string;
  /** The caller's name (user principal name or app name). */
  readonly name: string;
}

/** One request as the emulator received it. */
export interface RecordedRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The host (`graph.microsoft.com`). */
  readonly host: string;
  /** `v1.0` or `beta` (empty for other paths). */
  readonly apiVersion: string;
  /** The path after the API version, without a leading slash (`applications/…`). */
  readonly path: string;
  /** The query parameters. */
  readonly query: Record<string, string>;
  /** The JSON body, if any. */
  readonly body?: unknown;
  /** `user`, `app` or `none` (no or unreadable token). */
  readonly identity: string;
  /** The status answered. */
  readonly status: number;
}

/** What the tenant answers. */
export interface TenantResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type Json = { [key: string]: any };

/** The application template of Private Access apps (the non-gallery "Custom" app). */
export const CUSTOM_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';
const USER_ROLE = '18d14569-c3bd-439b-9a66-3a2aee01d14f';
const MSIAM_ROLE = 'b9632174-c057-4f7e-951b-be3adc52bfe6';
const DEFAULT_ACCESS_ROLE = '00000000-0000-0000-0000-000000000000';

/**
 * A tenant to start from (`--seed`): every collection optional. Objects are Graph's JSON as
 * `GET` returns it; the emulator adds what it needs (IDs of segments, `connectorGroupId` links).
 */
export interface TenantSeed {
  /** The tenant ID. @default a fixed GUID */
  readonly tenantId?: string;
  /** Applications; each may carry `segments` (ipApplicationSegment JSON) and `connectorGroupId`. */
  readonly applications?: Json[];
  /** Service principals (`appId` links them to applications). */
  readonly servicePrincipals?: Json[];
  /** App role assignments (`resourceId` is the service principal's ID). */
  readonly appRoleAssignments?: Json[];
  /** Groups. */
  readonly groups?: Json[];
  /** Users. */
  readonly users?: Json[];
  /** Connector groups (`isDefault` marks the tenant's default). */
  readonly connectorGroups?: Json[];
  /** Connectors (`connectorGroupId` places one in a group; `status` active or inactive). */
  readonly connectors?: Json[];
  /** Conditional Access policies. */
  readonly conditionalAccessPolicies?: Json[];
  /** Forwarding profiles. @default the three profiles of a tenant with Global Secure Access activated, all disabled */
  readonly forwardingProfiles?: Json[];
}

class GraphError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) {
    return undefined;
  }
  const parts = m.slice(1).map(Number);
  return parts.some((p) => p > 255) ? undefined : parts.reduce((a, p) => a * 256 + p, 0);
}

/** The destination type Graph stores for a host (it infers it: facts §3). */
function inferType(host: string): string | undefined {
  if (ipv4(host) !== undefined) {
    return 'ip';
  }
  const cidr = /^(.+)\/(\d{1,2})$/.exec(host);
  if (cidr && ipv4(cidr[1]) !== undefined && Number(cidr[2]) <= 32) {
    return 'ipRangeCidr';
  }
  const range = /^(.+)\.\.(.+)$/.exec(host);
  if (range && ipv4(range[1]) !== undefined && ipv4(range[2]) !== undefined) {
    return 'ipRange';
  }
  return /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(host) ? 'fqdn' : undefined;
}

/** The address range of an IP destination, or undefined for a name. */
function addressRange(host: string): [number, number] | undefined {
  const single = ipv4(host);
  if (single !== undefined) {
    return [single, single];
  }
  const cidr = /^(.+)\/(\d{1,2})$/.exec(host);
  if (cidr && ipv4(cidr[1]) !== undefined) {
    const size = 2 ** (32 - Number(cidr[2]));
    const start = Math.floor(ipv4(cidr[1])! / size) * size;
    return [start, start + size - 1];
  }
  const range = /^(.+)\.\.(.+)$/.exec(host);
  if (range && ipv4(range[1]) !== undefined && ipv4(range[2]) !== undefined) {
    return [ipv4(range[1])!, ipv4(range[2])!];
  }
  return undefined;
}

function portRanges(ports: unknown): Array<[number, number]> {
  return (Array.isArray(ports) ? ports : []).map((p) => {
    const [a, b] = String(p).split('-').map(Number);
    return [a, b ?? a] as [number, number];
  });
}

function protocols(protocol: unknown): string[] {
  return String(protocol ?? '')
    .toLowerCase()
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Two segments collide as Graph's duplicate check sees them (facts §3): destination, port and protocol. */
function segmentsCollide(a: Json, b: Json): boolean {
  if (a.destinationType === 'dnsSuffix' || b.destinationType === 'dnsSuffix') {
    return a.destinationType === b.destinationType && a.destinationHost === b.destinationHost;
  }
  const ra = addressRange(a.destinationHost);
  const rb = addressRange(b.destinationHost);
  const hosts = ra && rb ? ra[0] <= rb[1] && rb[0] <= ra[1] : a.destinationHost === b.destinationHost; // GUESS: names collide only when equal
  if (!hosts) {
    return false;
  }
  if (!protocols(a.protocol).some((p) => protocols(b.protocol).includes(p))) {
    return false;
  }
  return portRanges(a.ports).some(([a1, a2]) => portRanges(b.ports).some(([b1, b2]) => a1 <= b2 && b1 <= a2));
}

/** The emulated tenant. */
export class EmulatedTenant {
  /** The tenant ID. */
  public readonly tenantId: string;
  /** Every request, in order. */
  public readonly requests: RecordedRequest[] = [];

  private counter = 0;
  private readonly applications = new Map<string, Json>();
  private readonly servicePrincipals = new Map<string, Json>();
  private readonly assignments = new Map<string, Json>();
  private readonly groups = new Map<string, Json>();
  private readonly users = new Map<string, Json>();
  private readonly connectorGroups = new Map<string, Json>();
  private readonly connectors = new Map<string, Json>();
  private readonly policies = new Map<string, Json>();
  private readonly forwardingProfiles = new Map<string, Json>();
  /** Segments by application ID, then segment ID. */
  private readonly segments = new Map<string, Map<string, Json>>();
  /** The connector group of each application. */
  private readonly appConnectorGroup = new Map<string, string>();

  constructor(seed: TenantSeed = {}) {
    this.tenantId = seed.tenantId ?? '11111111-2222-3333-4444-555555555555';
    for (const a of seed.applications ?? []) {
      const app = clone(a);
      const segments = app.segments as Json[] | undefined;
      const group = app.connectorGroupId as string | undefined;
      delete app.segments;
      delete app.connectorGroupId;
      app.id ??= this.newId();
      app.appId ??= this.newId();
      app.tags ??= [];
      this.applications.set(app.id, app);
      const map = new Map<string, Json>();
      for (const s of segments ?? []) {
        const seg: Json = { action: 'tunnel', port: 0, ...clone(s) };
        seg.id ??= this.newId();
        map.set(seg.id, seg);
      }
      this.segments.set(app.id, map);
      if (group) {
        this.appConnectorGroup.set(app.id, group);
      }
    }
    for (const [list, map] of [
      [seed.servicePrincipals, this.servicePrincipals],
      [seed.appRoleAssignments, this.assignments],
      [seed.groups, this.groups],
      [seed.users, this.users],
      [seed.connectorGroups, this.connectorGroups],
      [seed.connectors, this.connectors],
      [seed.conditionalAccessPolicies, this.policies],
    ] as Array<[Json[] | undefined, Map<string, Json>]>) {
      for (const item of list ?? []) {
        const copy = clone(item);
        copy.id ??= this.newId();
        map.set(copy.id, copy);
      }
    }
    for (const p of seed.forwardingProfiles ?? [
      { name: 'Microsoft 365 traffic forwarding profile', trafficForwardingType: 'm365', state: 'disabled' },
      { name: 'Private access traffic forwarding profile', trafficForwardingType: 'private', state: 'disabled' },
      { name: 'Internet traffic forwarding profile', trafficForwardingType: 'internet', state: 'disabled' },
    ]) {
      const copy = clone(p);
      copy.id ??= this.newId();
      this.forwardingProfiles.set(copy.id, copy);
    }
  }

  /**
   * The tenant as JSON, in the seed's shape (so a snapshot can seed another emulator), with
   * every collection sorted by ID: two tenants are the same exactly when their snapshots are.
   */
  public snapshot(): Required<TenantSeed> {
    const sorted = (m: Map<string, Json>) => [...m.values()].map(clone).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      tenantId: this.tenantId,
      applications: sorted(this.applications).map((app) => {
        const segments = sorted(this.segments.get(app.id) ?? new Map());
        const group = this.appConnectorGroup.get(app.id);
        return { ...app, ...(segments.length ? { segments } : {}), ...(group ? { connectorGroupId: group } : {}) };
      }),
      servicePrincipals: sorted(this.servicePrincipals),
      appRoleAssignments: sorted(this.assignments),
      groups: sorted(this.groups),
      users: sorted(this.users),
      connectorGroups: sorted(this.connectorGroups),
      connectors: sorted(this.connectors),
      conditionalAccessPolicies: sorted(this.policies),
      forwardingProfiles: sorted(this.forwardingProfiles),
    };
  }

  /** A new object ID: deterministic (a counter hashed into GUID form). */
  public newId(): string {
    for (;;) {
      const h = createHash('sha256').update(`${this.tenantId}:${++this.counter}`).digest('hex');
      const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
      // A tenant seeded from another's snapshot holds IDs of the same sequence.
      if (!this.usedIds().has(id)) {
        return id;
      }
    }
  }

  private usedIds(): Set<string> {
    const ids = new Set<string>();
    for (const map of [this.applications, this.servicePrincipals, this.groups, this.users, this.connectorGroups, this.connectors, this.policies, this.forwardingProfiles]) {
      for (const [id, item] of map) {
        ids.add(id);
        if (item.appId) {
          ids.add(item.appId);
        }
      }
    }
    for (const segments of this.segments.values()) {
      for (const id of segments.keys()) {
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * Answers one Graph request and records it.
   *
   * @param method the HTTP method
   * @param host the host it was sent to
   * @param rawUrl the path and query
   * @param body the parsed JSON body, if any
   * @param identity the caller, if the token was readable
   */
  public handle(method: string, host: string, rawUrl: string, body: unknown, identity: CallerIdentity | undefined): TenantResponse {
    const url = new URL(rawUrl, `https://${host}`);
    const [, version, ...rest] = url.pathname.split('/');
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const apiVersion = version === 'v1.0' || version === 'beta' ? version : '';
    const path = apiVersion ? rest.map(decodeURIComponent).join('/') : url.pathname.replace(/^\//, '');
    let response: TenantResponse;
    try {
      if (!apiVersion) {
        throw new GraphError(404, 'Request_ResourceNotFound', `The emulator serves /v1.0/ and /beta/ only, not ${url.pathname}`);
      }
      if (!identity) {
        throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty or not a JWT.');
      }
      response = this.route(method, path, query, body, identity, `https://${host}/${apiVersion}`);
    } catch (err) {
      if (!(err instanceof GraphError)) {
        throw err;
      }
      response = { status: err.status, body: { error: { code: err.code, message: err.message, innerError: { 'request-id': 'emulator', date: '2026-01-01T00:00:00' } } } };
    }
    this.requests.push({ method, host, apiVersion, path, query, ...(body === undefined ? {} : { body }), identity: identity?.kind ?? 'none', status: response.status });
    return response;
  }

  // ---- routing ------------------------------------------------------------------------------

  private route(method: string, path: string, query: Record<string, string>, body: unknown, who: CallerIdentity, root: string): TenantResponse {
    const p = path.split('/');
    const b = (body ?? {}) as Json;
    const is = (...pattern: string[]) => p.length === pattern.length && pattern.every((s, i) => s === '*' || s === p[i]);

    if (is('me')) {
      if (who.kind === 'app') {
        // Graph's answer to an app-only token (documented and widely reported).
        throw new GraphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      }
      return ok(this.users.get(who.objectId) ?? { id: who.objectId, userPrincipalName: who.name, displayName: who.name });
    }

    // Application templates and instantiation (azuread_application_from_template).
    if (is('applicationTemplates', '*')) {
      if (p[1] !== CUSTOM_TEMPLATE_ID) {
        throw notFound(p[1]);
      }
      return ok({ id: CUSTOM_TEMPLATE_ID, displayName: 'Custom', categories: [], supportedSingleSignOnModes: ['password', 'saml', 'notSupported'], supportedProvisioningTypes: [] });
    }
    if (is('applicationTemplates', '*', 'instantiate') && method === 'POST') {
      if (p[1] !== CUSTOM_TEMPLATE_ID) {
        throw notFound(p[1]);
      }
      const [application, servicePrincipal] = this.instantiate(String(b.displayName ?? 'Custom'));
      return { status: 201, body: { '@odata.context': `${root}/$metadata#microsoft.graph.applicationServicePrincipal`, application, servicePrincipal } };
    }

    // Applications.
    if (is('applications')) {
      if (method === 'GET') {
        return ok(list(this.filter([...this.applications.values()], query), query));
      }
      throw new GraphError(405, 'Request_BadRequest', 'The emulator creates applications from templates only (POST applicationTemplates/{id}/instantiate)');
    }
    if (p[0] === 'applications' && p.length >= 2) {
      const app = this.applications.get(p[1]);
      if (!app) {
        throw notFound(p[1]);
      }
      if (p.length === 2) {
        return this.item(method, app, b, query, {
          patch: (patch) => this.patchApplication(app, patch),
          remove: () => this.deleteApplication(app),
        });
      }
      if (is('applications', '*', 'owners') && method === 'GET') {
        return ok(list(this.owners(app), query));
      }
      if (is('applications', '*', 'connectorGroup', '$ref')) {
        if (method === 'PUT') {
          if (who.kind === 'app') {
            // GUESS: Learn lists application permissions as "not supported" here too (facts §5); the
            // live service's answer to an app-only token is not known, so the emulator allows it.
          }
          const ref = String(b['@odata.id'] ?? '');
          const m = /\/onPremisesPublishingProfiles\/applicationProxy\/connectorGroups\/([^/]+)$/i.exec(ref);
          if (!m || !/^https:\/\/[^/]+\/(beta|v1\.0)\//.test(ref)) {
            throw new GraphError(400, 'Request_BadRequest', `Invalid @odata.id ${JSON.stringify(ref)}`);
          }
          if (!this.connectorGroups.has(m[1])) {
            throw notFound(m[1]);
          }
          this.appConnectorGroup.set(app.id, m[1]);
          return { status: 204 };
        }
        if (method === 'DELETE') {
          this.appConnectorGroup.delete(app.id);
          return { status: 204 };
        }
      }
      if (is('applications', '*', 'connectorGroup') && method === 'GET') {
        const group = this.appConnectorGroup.get(app.id) ?? this.defaultConnectorGroup()?.id;
        if (!group) {
          throw notFound('connectorGroup');
        }
        this.requireDelegated(who, 'connector groups');
        return ok(this.connectorGroups.get(group));
      }
      if (p.slice(2, 6).join('/') === 'onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments') {
        return this.segmentCall(method, app, p.slice(6), b, query);
      }
      throw notFound(path);
    }

    // Service principals and app role assignments.
    if (is('servicePrincipals')) {
      if (method === 'GET') {
        return ok(list(this.filter([...this.servicePrincipals.values()], query), query));
      }
      throw new GraphError(405, 'Request_BadRequest', 'The emulator makes service principals with template instantiation only');
    }
    if (p[0] === 'servicePrincipals' && p.length >= 2) {
      const sp = this.servicePrincipals.get(p[1]) ?? [...this.servicePrincipals.values()].find((s) => p[1] === `(appId='${s.appId}')`);
      if (!sp) {
        throw notFound(p[1]);
      }
      if (p.length === 2) {
        return this.item(method, sp, b, query, {
          patch: (patch) => Object.assign(sp, clone(patch)),
          remove: () => this.deleteServicePrincipal(sp),
        });
      }
      if (is('servicePrincipals', '*', 'owners') && method === 'GET') {
        return ok(list(this.owners(sp), query));
      }
      if (is('servicePrincipals', '*', 'appRoleAssignedTo')) {
        if (method === 'GET') {
          return ok(list([...this.assignments.values()].filter((a) => a.resourceId === sp.id), query));
        }
        if (method === 'POST') {
          return { status: 201, body: this.assign(sp, b) };
        }
      }
      if (is('servicePrincipals', '*', 'appRoleAssignedTo', '*')) {
        const assignment = this.assignments.get(p[3]);
        if (!assignment || assignment.resourceId !== sp.id) {
          throw notFound(p[3]);
        }
        return this.item(method, assignment, b, query, { remove: () => this.assignments.delete(assignment.id) });
      }
      throw notFound(path);
    }

    // Groups and users (read only: the stacks look principals up).
    for (const [name, map] of [
      ['groups', this.groups],
      ['users', this.users],
    ] as Array<[string, Map<string, Json>]>) {
      if (is(name) && method === 'GET') {
        return ok(list(this.filter([...map.values()], query), query));
      }
      if (is(name, '*') && method === 'GET') {
        const item = map.get(p[1]) ?? [...map.values()].find((u) => u.userPrincipalName?.toLowerCase() === p[1].toLowerCase());
        if (!item) {
          throw notFound(p[1]);
        }
        return ok(select(item, query));
      }
    }
    // A group's members and owners (azuread's group data source reads both): the IDs a seeded
    // group lists in `members` / `owners`.
    if ((is('groups', '*', 'members') || is('groups', '*', 'owners')) && method === 'GET') {
      const group = this.groups.get(p[1]);
      if (!group) {
        throw notFound(p[1]);
      }
      const ids: string[] = Array.isArray(group[p[2]]) ? group[p[2]] : [];
      const objects = ids.map((id) => this.users.get(id) ?? this.groups.get(id) ?? this.servicePrincipals.get(id)).filter((o): o is Json => o !== undefined);
      return ok(list(objects.map((o) => ({ '@odata.type': this.users.has(o.id) ? '#microsoft.graph.user' : this.groups.has(o.id) ? '#microsoft.graph.group' : '#microsoft.graph.servicePrincipal', ...o })), query));
    }
    if (is('directoryObjects', '*') && method === 'GET') {
      const item = this.groups.get(p[1]) ?? this.users.get(p[1]) ?? this.servicePrincipals.get(p[1]);
      if (!item) {
        throw notFound(p[1]);
      }
      return ok(item);
    }

    // Conditional Access.
    if (is('identity', 'conditionalAccess', 'policies')) {
      if (method === 'GET') {
        return ok(list(this.filter([...this.policies.values()], query), query));
      }
      if (method === 'POST') {
        const policy = { ...clone(b), id: this.newId(), createdDateTime: '2026-01-01T00:00:00Z', modifiedDateTime: null };
        this.checkPolicy(policy);
        this.policies.set(policy.id, policy);
        return { status: 201, body: policy };
      }
    }
    if (is('identity', 'conditionalAccess', 'policies', '*')) {
      const policy = this.policies.get(p[3]);
      if (!policy) {
        throw notFound(p[3]);
      }
      return this.item(method, policy, b, query, {
        patch: (patch) => {
          Object.assign(policy, clone(patch), { modifiedDateTime: '2026-01-01T00:00:00Z' });
          this.checkPolicy(policy);
        },
        remove: () => this.policies.delete(policy.id),
      });
    }

    // Connector groups and connectors (beta).
    if (p.slice(0, 2).join('/') === 'onPremisesPublishingProfiles/applicationProxy') {
      return this.proxyCall(method, p.slice(2), b, query, who);
    }

    // Forwarding profiles.
    if (is('networkAccess', 'forwardingProfiles') && method === 'GET') {
      return ok(list([...this.forwardingProfiles.values()], query));
    }
    if (is('networkAccess', 'forwardingProfiles', '*')) {
      const profile = this.forwardingProfiles.get(p[2]);
      if (!profile) {
        throw notFound(p[2]);
      }
      return this.item(method, profile, b, query, {
        patch: (patch) => {
          if (patch.state !== undefined && !['enabled', 'disabled'].includes(patch.state)) {
            throw new GraphError(400, 'BadRequest', `Invalid state ${JSON.stringify(patch.state)}`);
          }
          Object.assign(profile, clone(patch));
        },
      });
    }

    throw new GraphError(404, 'Request_ResourceNotFound', `The emulator does not serve ${method} /${path}`);
  }

  /** The owners an object lists in `owners` (IDs), as directory objects. */
  private owners(item: Json): Json[] {
    const ids: string[] = Array.isArray(item.owners) ? item.owners : [];
    return ids
      .map((id) => this.users.get(id) ?? this.servicePrincipals.get(id))
      .filter((o): o is Json => o !== undefined)
      .map((o) => ({ '@odata.type': this.users.has(o.id) ? '#microsoft.graph.user' : '#microsoft.graph.servicePrincipal', ...o }));
  }

  /** GET, PATCH and DELETE of one object. */
  private item(
    method: string,
    item: Json,
    body: Json,
    query: Record<string, string>,
    ops: { patch?: (patch: Json) => void; remove?: () => void },
  ): TenantResponse {
    if (method === 'GET') {
      return ok(select(item, query));
    }
    if (method === 'PATCH' && ops.patch) {
      ops.patch(body);
      return { status: 204 };
    }
    if (method === 'DELETE' && ops.remove) {
      ops.remove();
      return { status: 204 };
    }
    throw new GraphError(405, 'Request_BadRequest', `${method} is not supported on this object`);
  }

  private instantiate(displayName: string): [Json, Json] {
    const appId = this.newId();
    const application: Json = {
      id: this.newId(),
      appId,
      applicationTemplateId: CUSTOM_TEMPLATE_ID,
      displayName,
      createdDateTime: '2026-01-01T00:00:00Z',
      signInAudience: 'AzureADMyOrg',
      tags: [],
      identifierUris: [],
      appRoles: [
        // The template's roles (facts §2), as Graph's tutorial shows them.
        { id: USER_ROLE, allowedMemberTypes: ['User'], description: 'User', displayName: 'User', isEnabled: true, value: null, origin: 'Application' },
        { id: MSIAM_ROLE, allowedMemberTypes: ['User'], description: 'msiam_access', displayName: 'msiam_access', isEnabled: true, value: null, origin: 'Application' },
      ],
      api: { oauth2PermissionScopes: [], preAuthorizedApplications: [], knownClientApplications: [], requestedAccessTokenVersion: null },
      web: { redirectUris: [], homePageUrl: null, logoutUrl: null, implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
      spa: { redirectUris: [] },
      publicClient: { redirectUris: [] },
      info: {},
      keyCredentials: [],
      passwordCredentials: [],
      requiredResourceAccess: [],
      optionalClaims: null,
      onPremisesPublishing: null,
    };
    const servicePrincipal: Json = {
      id: this.newId(),
      appId,
      displayName,
      applicationTemplateId: CUSTOM_TEMPLATE_ID,
      accountEnabled: true,
      appRoleAssignmentRequired: true,
      servicePrincipalType: 'Application',
      // GUESS: the tags a template app's service principal starts with.
      tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
      appRoles: clone(application.appRoles),
      oauth2PermissionScopes: [],
      servicePrincipalNames: [appId],
      keyCredentials: [],
      passwordCredentials: [],
      notificationEmailAddresses: [],
      replyUrls: [],
      alternativeNames: [],
    };
    this.applications.set(application.id, application);
    this.segments.set(application.id, new Map());
    this.servicePrincipals.set(servicePrincipal.id, servicePrincipal);
    return [clone(application), clone(servicePrincipal)];
  }

  private patchApplication(app: Json, patch: Json): void {
    for (const [key, value] of Object.entries(clone(patch))) {
      if (key === 'onPremisesPublishing' && value && typeof value === 'object') {
        const current = (app.onPremisesPublishing ?? {}) as Json;
        const next = { ...current, ...(value as Json) };
        if (next.applicationType !== undefined && !['nonwebapp', 'quickaccessapp', 'webapp'].includes(String(next.applicationType).toLowerCase())) {
          throw new GraphError(400, 'Request_BadRequest', `Invalid applicationType ${JSON.stringify(next.applicationType)}`);
        }
        if (typeof next.applicationType === 'string') {
          // Stored lower-case, as sent by the library (GUESS: Graph's docs also show "NonWebApp").
          next.applicationType = next.applicationType.toLowerCase();
        }
        app.onPremisesPublishing = next;
      } else {
        app[key] = value;
      }
      if (key === 'displayName') {
        for (const sp of this.servicePrincipals.values()) {
          if (sp.appId === app.appId) {
            sp.displayName = value;
          }
        }
      }
    }
  }

  private deleteApplication(app: Json): void {
    // Deleting an application deletes its service principal and the assignments to it.
    this.applications.delete(app.id);
    this.segments.delete(app.id);
    this.appConnectorGroup.delete(app.id);
    for (const sp of [...this.servicePrincipals.values()]) {
      if (sp.appId === app.appId) {
        this.deleteServicePrincipal(sp);
      }
    }
  }

  private deleteServicePrincipal(sp: Json): void {
    this.servicePrincipals.delete(sp.id);
    for (const a of [...this.assignments.values()]) {
      if (a.resourceId === sp.id || a.principalId === sp.id) {
        this.assignments.delete(a.id);
      }
    }
  }

  private assign(sp: Json, b: Json): Json {
    const principal = this.groups.get(b.principalId) ?? this.users.get(b.principalId) ?? this.servicePrincipals.get(b.principalId);
    if (!principal) {
      throw new GraphError(400, 'Request_BadRequest', `Resource '${b.principalId}' does not exist or one of its queried reference-property objects are not present.`);
    }
    if (b.resourceId !== sp.id) {
      throw new GraphError(400, 'Request_BadRequest', 'resourceId must be the service principal the assignment is posted to');
    }
    const roles: Json[] = sp.appRoles ?? [];
    if (b.appRoleId !== DEFAULT_ACCESS_ROLE && !roles.some((r) => r.id === b.appRoleId)) {
      throw new GraphError(400, 'Request_BadRequest', `Permission being assigned was not found on application ${sp.appId}`);
    }
    const type = this.groups.has(b.principalId) ? 'Group' : this.users.has(b.principalId) ? 'User' : 'ServicePrincipal';
    if ([...this.assignments.values()].some((a) => a.resourceId === sp.id && a.principalId === b.principalId && a.appRoleId === b.appRoleId)) {
      throw new GraphError(400, 'Request_BadRequest', 'Permission being assigned already exists on the object');
    }
    // Assignment IDs are base64url, as Graph's are.
    const id = Buffer.from(this.newId().replace(/-/g, ''), 'hex').toString('base64url') + 'EMU' + String(this.counter).padStart(8, '0');
    const assignment = {
      id,
      appRoleId: b.appRoleId,
      createdDateTime: '2026-01-01T00:00:00Z',
      deletedDateTime: null,
      principalDisplayName: principal.displayName,
      principalId: b.principalId,
      principalType: type,
      resourceDisplayName: sp.displayName,
      resourceId: sp.id,
    };
    this.assignments.set(id, assignment);
    return clone(assignment);
  }

  private checkPolicy(policy: Json): void {
    if (!['enabled', 'disabled', 'enabledForReportingButNotEnforced'].includes(policy.state)) {
      throw new GraphError(400, 'BadRequest', `Invalid state ${JSON.stringify(policy.state)}`);
    }
    const apps = policy.conditions?.applications?.includeApplications ?? [];
    for (const appId of apps) {
      if (/^[0-9a-f-]{36}$/i.test(appId) && ![...this.servicePrincipals.values()].some((s) => s.appId === appId)) {
        // Conditional Access takes client IDs (appId), not object IDs (facts §1).
        throw new GraphError(400, 'BadRequest', `Application '${appId}' in includeApplications is not a client ID of this tenant`);
      }
    }
  }

  // ---- segments -----------------------------------------------------------------------------

  private segmentCall(method: string, app: Json, rest: string[], b: Json, query: Record<string, string>): TenantResponse {
    const segments = this.segments.get(app.id)!;
    if (rest.length === 0) {
      if (method === 'GET') {
        return ok(list([...segments.values()], query));
      }
      if (method === 'POST') {
        const segment = this.checkSegment(app, b, undefined);
        segment.id = this.newId();
        segments.set(segment.id, segment);
        return { status: 201, body: clone(segment) };
      }
    } else if (rest.length === 1) {
      const segment = segments.get(rest[0]);
      if (!segment) {
        throw notFound(rest[0]);
      }
      return this.item(method, segment, b, query, {
        patch: (patch) => {
          const next = this.checkSegment(app, { ...segment, ...patch }, segment.id);
          Object.assign(segment, next);
        },
        remove: () => segments.delete(segment.id),
      });
    }
    throw notFound(rest.join('/'));
  }

  /** Validates a segment as Graph does (facts §3, §11) and returns it as Graph stores it. */
  private checkSegment(app: Json, b: Json, self: string | undefined): Json {
    const host = String(b.destinationHost ?? '').toLowerCase();
    const type = String(b.destinationType ?? '');
    const quickAccess = String(app.onPremisesPublishing?.applicationType ?? '').toLowerCase() === 'quickaccessapp';
    if (!['ip', 'ipRangeCidr', 'ipRange', 'fqdn', 'dnsSuffix'].includes(type)) {
      throw new GraphError(400, 'InvalidJson_BadRequest', `Cannot convert the literal '${type}' to the expected type 'microsoft.graph.privateNetworkDestinationType'.`);
    }
    if (!app.onPremisesPublishing?.isAccessibleViaZTNAClient) {
      // GUESS: the service refuses segments on an app that is not a Private Access app yet.
      throw new GraphError(400, 'Request_BadRequest', 'The application is not enabled for Private Access (onPremisesPublishing.isAccessibleViaZTNAClient)');
    }
    let stored: Json;
    if (type === 'dnsSuffix') {
      if (!quickAccess) {
        throw new GraphError(400, 'Request_BadRequest', 'DNS suffix segments are supported on the Quick Access application only');
      }
      stored = { destinationHost: host, destinationType: 'dnsSuffix', port: 0, ports: [], protocol: '0', action: 'tunnel' };
    } else {
      if (type === 'ipRange' && /^[\d.]+-[\d.]+$/.test(host)) {
        throw new GraphError(400, 'DestinationHost_InvalidIP', `Invalid destination host ${host}`);
      }
      const inferred = inferType(host);
      if (!inferred) {
        throw new GraphError(400, 'DestinationHost_InvalidIP', `Invalid destination host ${host}`);
      }
      const range = addressRange(host);
      if (range && range[0] > range[1]) {
        // Facts §3: a reversed range is a 500 on the live service; the emulator answers 400, since a
        // 5xx would make the providers retry for minutes.
        throw new GraphError(400, 'DestinationHost_InvalidIP', `Invalid IP range ${host}`);
      }
      const ports = Array.isArray(b.ports) ? b.ports.map(String) : [];
      if (ports.length === 0 || ports.some((p: string) => !/^\d{1,5}-\d{1,5}$/.test(p))) {
        throw new GraphError(400, 'Request_BadRequest', `Invalid ports ${JSON.stringify(b.ports)}: give "N-N" ranges`);
      }
      const protocol = String(b.protocol ?? '').toLowerCase();
      if (!['tcp', 'udp', 'tcp,udp'].includes(protocol)) {
        throw new GraphError(400, 'InvalidJson_BadRequest', `Invalid protocol ${JSON.stringify(b.protocol)}`);
      }
      // The service infers the stored type from the host (facts §3).
      stored = { destinationHost: host, destinationType: inferred, port: 0, ports, protocol, action: 'tunnel' };
    }
    // Duplicates within and across Private Access apps; an enterprise app's segment may overlap
    // the Quick Access app's (facts §3).
    for (const [appId, map] of this.segments) {
      const other = this.applications.get(appId);
      const otherQuick = String(other?.onPremisesPublishing?.applicationType ?? '').toLowerCase() === 'quickaccessapp';
      if (appId !== app.id && otherQuick !== quickAccess) {
        continue;
      }
      for (const s of map.values()) {
        if (s.id !== self && segmentsCollide(stored, s)) {
          throw new GraphError(400, 'Invalid_AppSegments_Duplicate', 'Application segment host and port already exists');
        }
      }
    }
    return stored;
  }

  // ---- connector groups and connectors ------------------------------------------------------

  private proxyCall(method: string, p: string[], b: Json, query: Record<string, string>, who: CallerIdentity): TenantResponse {
    const is = (...pattern: string[]) => p.length === pattern.length && pattern.every((s, i) => s === '*' || s === p[i]);
    if (is('connectorGroups')) {
      if (method === 'GET') {
        this.requireDelegated(who, 'connector groups');
        return ok(list(this.filter([...this.connectorGroups.values()], query), query));
      }
      if (method === 'POST') {
        // An app-only identity may create a group (the first-deploy failure) but not read it.
        if (typeof b.name !== 'string' || b.name.trim() === '') {
          throw new GraphError(400, 'Request_BadRequest', 'A connector group needs a name');
        }
        this.checkRegion(b.region);
        const group = { id: this.newId(), name: b.name, connectorGroupType: 'applicationProxy', isDefault: false, region: b.region ?? 'nam' };
        this.connectorGroups.set(group.id, group);
        return { status: 201, body: clone(group) };
      }
    }
    if (p[0] === 'connectorGroups' && p.length >= 2) {
      const group = this.connectorGroups.get(p[1]);
      if (!group) {
        throw notFound(p[1]);
      }
      this.requireDelegated(who, 'connector groups');
      const members = () => [...this.connectors.values()].filter((c) => c.connectorGroupId === group.id);
      if (p.length === 2) {
        return this.item(method, group, b, query, {
          patch: (patch) => {
            if (patch.region !== undefined) {
              // GUESS: the service refuses `region` in a PATCH of a group with connectors or apps
              // even when it is unchanged (facts §4 says it is settable only while it has none).
              this.checkRegion(patch.region);
              const apps = [...this.appConnectorGroup.values()].filter((g) => g === group.id).length;
              if (members().length > 0 || apps > 0) {
                // Facts §4: the region can be set only while the group has no connectors or apps.
                throw new GraphError(400, 'Request_BadRequest', 'The region of a connector group with connectors or applications cannot be changed');
              }
            }
            Object.assign(group, clone(patch));
          },
          remove: () => {
            if (members().length > 0) {
              throw new GraphError(400, 'Request_BadRequest', 'A connector group with connectors cannot be deleted');
            }
            if (group.isDefault) {
              throw new GraphError(400, 'Request_BadRequest', 'The default connector group cannot be deleted');
            }
            for (const [app, g] of [...this.appConnectorGroup]) {
              if (g === group.id) {
                this.appConnectorGroup.delete(app);
              }
            }
            this.connectorGroups.delete(group.id);
          },
        });
      }
      if (is('connectorGroups', '*', 'members') && method === 'GET') {
        return ok(list(members().map(publicConnector), query));
      }
      if (is('connectorGroups', '*', 'members', '$ref') && method === 'POST') {
        const m = /\/connectors\/([^/]+)$/i.exec(String(b['@odata.id'] ?? ''));
        const connector = m && this.connectors.get(m[1]);
        if (!connector) {
          throw new GraphError(400, 'Request_BadRequest', `Invalid @odata.id ${JSON.stringify(b['@odata.id'])}`);
        }
        connector.connectorGroupId = group.id;
        return { status: 204 };
      }
      if (is('connectorGroups', '*', 'applications') && method === 'GET') {
        const apps = [...this.appConnectorGroup].filter(([, g]) => g === group.id).map(([a]) => this.applications.get(a)!);
        return ok(list(apps, query));
      }
    }
    if (is('connectors') && method === 'GET') {
      this.requireDelegated(who, 'connectors');
      return ok(list(this.filter([...this.connectors.values()].map(publicConnector), query), query));
    }
    if (is('connectors', '*') && method === 'GET') {
      const connector = this.connectors.get(p[1]);
      if (!connector) {
        throw notFound(p[1]);
      }
      return ok(publicConnector(connector));
    }
    if (is('connectors', '*', 'memberOf') && method === 'GET') {
      const connector = this.connectors.get(p[1]);
      if (!connector) {
        throw notFound(p[1]);
      }
      const group = this.connectorGroups.get(connector.connectorGroupId);
      return ok(list(group ? [group] : [], query));
    }
    throw new GraphError(404, 'Request_ResourceNotFound', `The emulator does not serve ${method} onPremisesPublishingProfiles/applicationProxy/${p.join('/')}`);
  }

  private checkRegion(region: unknown): void {
    if (region !== undefined && !['nam', 'eur', 'aus', 'asia', 'ind'].includes(String(region))) {
      throw new GraphError(400, 'Request_BadRequest', `Invalid region ${JSON.stringify(region)}`);
    }
  }

  /**
   * Connector groups and connectors: Microsoft documents the calls for delegated permissions only
   * (facts §5). GUESS: the live answer to an app-only token is a 403 Authorization_RequestDenied.
   */
  private requireDelegated(who: CallerIdentity, what: string): void {
    if (who.kind === 'app') {
      throw new GraphError(403, 'Authorization_RequestDenied', `Insufficient privileges to complete the operation: reading ${what} needs delegated permissions (application permissions are not supported).`);
    }
  }

  private defaultConnectorGroup(): Json | undefined {
    return [...this.connectorGroups.values()].find((g) => g.isDefault);
  }

  // ---- OData ------------------------------------------------------------------------------

  /** Applies `$filter` (the forms the providers and the library send) to a collection. */
  private filter(items: Json[], query: Record<string, string>): Json[] {
    const filter = query.$filter;
    if (!filter) {
      return items;
    }
    const clauses = splitOutsideQuotes(filter, 'and').map((c) => c.trim().replace(/^\((.*)\)$/, '$1'));
    const tests = clauses.map((clause) => {
      const alternatives = splitOutsideQuotes(clause, 'or').map((alt) => {
        let m = /^tags\/any\(\s*(\w+)\s*:\s*\1\s+eq\s+'((?:[^']|'')*)'\s*\)$/i.exec(alt.trim());
        if (m) {
          const tag = m[2].replace(/''/g, "'");
          return (item: Json) => (item.tags ?? []).includes(tag);
        }
        m = /^(\w+)\s+eq\s+'((?:[^']|'')*)'$/i.exec(alt.trim());
        if (m) {
          const [field, value] = [m[1], m[2].replace(/''/g, "'")];
          // Graph compares these string properties case-insensitively.
          return (item: Json) => typeof item[field] === 'string' && item[field].toLowerCase() === value.toLowerCase();
        }
        m = /^(\w+)\s+eq\s+(true|false|null)$/i.exec(alt.trim());
        if (m) {
          // azuread's group lookup adds `and securityEnabled eq true` and the like.
          const [field, value] = [m[1], JSON.parse(m[2].toLowerCase())];
          return (item: Json) => (item[field] ?? null) === value;
        }
        m = /^startswith\((\w+),\s*'((?:[^']|'')*)'\)$/i.exec(alt.trim());
        if (m) {
          const [field, value] = [m[1], m[2].replace(/''/g, "'").toLowerCase()];
          return (item: Json) => typeof item[field] === 'string' && item[field].toLowerCase().startsWith(value);
        }
        throw new GraphError(400, 'Request_UnsupportedQuery', `The emulator does not support the filter clause ${JSON.stringify(alt)}`);
      });
      return (item: Json) => alternatives.some((t) => t(item));
    });
    return items.filter((item) => tests.every((t) => t(item)));
  }
}

function ok(body: unknown): TenantResponse {
  return { status: 200, body };
}

function notFound(what: string): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);
}

/** `$select` on one object (id always kept). */
function select(item: Json, query: Record<string, string>): Json {
  if (!query.$select) {
    return clone(item);
  }
  const fields = query.$select.split(',').map((f) => f.trim());
  const out: Json = { id: item.id };
  for (const f of fields) {
    if (f in item) {
      out[f] = clone(item[f]);
    }
  }
  return out;
}

/** A collection answer: `{ value }`, with `$select`, `$top` and `$count` applied; no paging. */
function list(items: Json[], query: Record<string, string>): Json {
  const top = query.$top ? Number(query.$top) : undefined;
  const value = items.slice(0, top).map((i) => select(i, query));
  return query.$count === 'true' ? { '@odata.count': items.length, value } : { value };
}

function publicConnector(c: Json): Json {
  const { connectorGroupId, ...rest } = c;
  void connectorGroupId;
  return clone(rest);
}

/** Splits an OData filter at ` and ` or ` or ` outside quoted strings. */
function splitOutsideQuotes(text: string, word: 'and' | 'or'): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") {
      quoted = !quoted;
    } else if (!quoted && text.slice(i, i + word.length + 2).toLowerCase() === ` ${word} `) {
      parts.push(text.slice(start, i));
      start = i + word.length + 2;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
