import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * A local Microsoft Graph on 127.0.0.1 holding a tenant in memory, for `verify` and `discover`.
 * It answers the reads those commands make with the shapes of Microsoft's documented examples
 * (applications, ipApplicationSegments, connectorGroup and connectors, appRoleAssignedTo, users,
 * groups, conditionalAccessPolicies, forwardingProfiles, getDiscoveredApplicationSegmentReport,
 * networkAccessTraffic), pages every collection with `@odata.nextLink` and `$skiptoken`, and can
 * throttle a path once (429 with Retry-After), refuse paths (403), or send a next-page link to
 * another host. A test edits `state` directly, as someone would in the portal.
 *
 * It answers only GET: anything else is recorded and refused with 405, so a test can assert that
 * a command never writes.
 */
export const TOKEN = 'tenant-graph-test-token';

export const IDS = {
  tenant: '7a3e5c1d-0000-4000-8000-00000000aaaa',
  sshApp: '11111111-0000-4000-8000-000000000001',
  sshAppId: '11111111-0000-4000-8000-0000000000a1',
  sshSp: '11111111-0000-4000-8000-0000000000b1',
  webApp: '11111111-0000-4000-8000-000000000002',
  webAppId: '11111111-0000-4000-8000-0000000000a2',
  webSp: '11111111-0000-4000-8000-0000000000b2',
  quickApp: '11111111-0000-4000-8000-000000000003',
  quickAppId: '11111111-0000-4000-8000-0000000000a3',
  quickSp: '11111111-0000-4000-8000-0000000000b3',
  linuxGroup: '22222222-0000-4000-8000-000000000001',
  defaultGroup: '22222222-0000-4000-8000-000000000002',
  otherGroup: '22222222-0000-4000-8000-000000000003',
  linuxAdmins: '33333333-0000-4000-8000-000000000001',
  allStaff: '33333333-0000-4000-8000-000000000002',
  contractors: '33333333-0000-4000-8000-000000000003',
  alex: '44444444-0000-4000-8000-000000000001',
  mallory: '44444444-0000-4000-8000-000000000002',
  breakGlass: '44444444-0000-4000-8000-0000000000b1',
  mfaPolicy: '55555555-0000-4000-8000-000000000001',
  legacyPolicy: '55555555-0000-4000-8000-000000000002',
  profile: '66666666-0000-4000-8000-000000000001',
};

export const USER_ROLE = '18d14569-c3bd-439b-9a66-3a2aee01d14f';
const SEGMENTS = '/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments';
const CONNECTOR_GROUPS = '/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups';

export interface TenantSegment {
  id: string;
  destinationHost: string;
  destinationType: string;
  ports: string[];
  protocol: string;
}

export interface TenantAssignment {
  id: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  appRoleId: string;
}

export interface TenantApp {
  id: string;
  appId: string;
  servicePrincipalId: string;
  displayName: string;
  tags: string[];
  onPremisesPublishing: Record<string, unknown>;
  segments: TenantSegment[];
  connectorGroupId?: string;
  assignments: TenantAssignment[];
}

export interface TenantConnector {
  id: string;
  machineName: string;
  externalIp: string;
  status: 'active' | 'inactive';
  version: string;
}

export interface TenantConnectorGroup {
  id: string;
  name: string;
  region: string;
  isDefault: boolean;
  connectorGroupType: string;
  connectors: TenantConnector[];
}

/** Everything the local Graph holds. */
export interface TenantState {
  apps: TenantApp[];
  connectorGroups: TenantConnectorGroup[];
  policies: any[];
  users: Array<{ id: string; userPrincipalName: string; displayName: string }>;
  groups: Array<{ id: string; displayName: string }>;
  forwardingProfiles: Array<{ id: string; name: string; trafficForwardingType: string; state: string }>;
  discovered: any[];
  traffic: any[];
}

/** How the server behaves. */
export interface TenantGraphOptions {
  /** Items per page of every collection (Graph's own page sizes vary; small pages exercise paging). */
  pageSize: number;
  /** Paths (without query) answered once with 429 and `Retry-After: 1`. */
  throttleOnce: Set<string>;
  /** Path prefixes answered with 403. */
  forbid: string[];
  /** Path prefixes whose next-page links point at another host. */
  foreignNextLink: string[];
}

export interface TenantGraph {
  readonly url: string;
  /** Every request, as `METHOD /path?query`. */
  readonly requests: string[];
  readonly state: TenantState;
  readonly options: TenantGraphOptions;
  close(): Promise<void>;
}

export function segment(id: string, destinationHost: string, destinationType: string, ports: string[], protocol: string): TenantSegment {
  return { id, destinationHost, destinationType, ports, protocol };
}

/** The tenant that the code of the tests declares, exactly. */
export function matchingTenant(): TenantState {
  return {
    apps: [
      {
        id: IDS.sshApp,
        appId: IDS.sshAppId,
        servicePrincipalId: IDS.sshSp,
        displayName: 'Linux servers (SSH)',
        tags: ['PrivateAccessNonWebApplication', 'HideApp'],
        onPremisesPublishing: { applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true, isDnsResolutionEnabled: false },
        segments: [
          segment('aaaaaaaa-0000-4000-8000-000000000001', '10.20.1.0/24', 'ipRangeCidr', ['22-22'], 'tcp'),
          segment('aaaaaaaa-0000-4000-8000-000000000002', 'bastion.corp.contoso.com', 'fqdn', ['22-22', '2200-2299'], 'tcp'),
        ],
        connectorGroupId: IDS.linuxGroup,
        assignments: [
          { id: 'asg-ssh-linux-admins', principalId: IDS.linuxAdmins, principalType: 'Group', appRoleId: USER_ROLE },
          { id: 'asg-ssh-alex', principalId: IDS.alex, principalType: 'User', appRoleId: USER_ROLE },
        ],
      },
      {
        id: IDS.webApp,
        appId: IDS.webAppId,
        servicePrincipalId: IDS.webSp,
        displayName: 'Intranet',
        tags: ['PrivateAccessNonWebApplication'],
        onPremisesPublishing: { applicationType: 'nonwebapp', isAccessibleViaZTNAClient: true },
        segments: [segment('aaaaaaaa-0000-4000-8000-000000000003', '10.30.0.4', 'ip', ['80-80', '443-443'], 'tcp')],
        assignments: [{ id: 'asg-web-all-staff', principalId: IDS.allStaff, principalType: 'Group', appRoleId: USER_ROLE }],
      },
      {
        id: IDS.quickApp,
        appId: IDS.quickAppId,
        servicePrincipalId: IDS.quickSp,
        displayName: 'Quick Access',
        tags: ['NetworkAccessQuickAccessApplication'],
        onPremisesPublishing: { applicationType: 'quickaccessapp', isAccessibleViaZTNAClient: true, isDnsResolutionEnabled: true },
        segments: [
          segment('aaaaaaaa-0000-4000-8000-000000000004', '10.0.0.0/16', 'ipRangeCidr', ['1-65535'], 'tcp'),
          { ...segment('aaaaaaaa-0000-4000-8000-000000000005', 'contoso.local', 'dnsSuffix', [], '0') },
        ],
        connectorGroupId: IDS.linuxGroup,
        assignments: [{ id: 'asg-qa-all-staff', principalId: IDS.allStaff, principalType: 'Group', appRoleId: USER_ROLE }],
      },
    ],
    connectorGroups: [
      {
        id: IDS.linuxGroup,
        name: 'Linux connectors',
        region: 'eur',
        isDefault: false,
        connectorGroupType: 'applicationProxy',
        connectors: [
          { id: '77777777-0000-4000-8000-000000000001', machineName: 'conn-1.corp.contoso.com', externalIp: '203.0.113.10', status: 'active', version: '1.5.3437.0' },
          { id: '77777777-0000-4000-8000-000000000002', machineName: 'conn-2.corp.contoso.com', externalIp: '203.0.113.11', status: 'active', version: '1.5.3437.0' },
        ],
      },
      {
        id: IDS.defaultGroup,
        name: 'Default',
        region: 'eur',
        isDefault: true,
        connectorGroupType: 'applicationProxy',
        connectors: [{ id: '77777777-0000-4000-8000-000000000003', machineName: 'conn-default.corp.contoso.com', externalIp: '203.0.113.12', status: 'active', version: '1.5.3437.0' }],
      },
      { id: IDS.otherGroup, name: 'Web connectors', region: 'eur', isDefault: false, connectorGroupType: 'applicationProxy', connectors: [] },
    ],
    policies: [
      {
        id: IDS.mfaPolicy,
        displayName: 'Private Access: require MFA',
        state: 'enabled',
        createdDateTime: '2026-01-07T16:02:03Z',
        conditions: {
          clientAppTypes: ['all'],
          applications: { includeApplications: [IDS.sshAppId, IDS.webAppId], excludeApplications: [], includeUserActions: [] },
          users: {
            includeUsers: [IDS.alex],
            excludeUsers: [IDS.breakGlass],
            includeGroups: [IDS.linuxAdmins, IDS.allStaff],
            excludeGroups: [],
            includeRoles: [],
            excludeRoles: [],
          },
          platforms: null,
          locations: null,
        },
        grantControls: { operator: 'AND', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
        sessionControls: null,
      },
      {
        id: IDS.legacyPolicy,
        displayName: 'Block legacy clients',
        state: 'enabled',
        conditions: {
          clientAppTypes: ['exchangeActiveSync', 'other'],
          applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [] },
          users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
        sessionControls: null,
      },
    ],
    users: [
      { id: IDS.alex, userPrincipalName: 'Alex@contoso.com', displayName: 'Alex Wilber' },
      { id: IDS.mallory, userPrincipalName: 'mallory@contoso.com', displayName: 'Mallory' },
      { id: IDS.breakGlass, userPrincipalName: 'break-glass@contoso.com', displayName: 'Break glass' },
    ],
    groups: [
      { id: IDS.linuxAdmins, displayName: 'Linux Admins' },
      { id: IDS.allStaff, displayName: 'All Staff' },
      { id: IDS.contractors, displayName: 'Contractors' },
    ],
    forwardingProfiles: [
      { id: IDS.profile, name: 'Private access traffic forwarding profile', trafficForwardingType: 'private', state: 'enabled' },
      { id: '66666666-0000-4000-8000-000000000002', name: 'Microsoft 365 traffic forwarding profile', trafficForwardingType: 'm365', state: 'enabled' },
    ],
    discovered: [],
    traffic: [],
  };
}

type Reply = [number, unknown, Record<string, string>?];

export async function startTenantGraph(state: TenantState = matchingTenant(), options: Partial<TenantGraphOptions> = {}): Promise<TenantGraph> {
  const requests: string[] = [];
  const opts: TenantGraphOptions = { pageSize: 2, throttleOnce: new Set(), forbid: [], foreignNextLink: [], ...options };
  const throttled = new Set<string>();
  let base = '';

  const page = (url: URL, items: unknown[], size = opts.pageSize): Reply => {
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
    const top = Number(url.searchParams.get('$top') ?? '0');
    const n = top > 0 ? Math.min(top, size) : size;
    const value = items.slice(skip, skip + n);
    const body: Record<string, unknown> = { '@odata.context': `${base}/$metadata`, value };
    if (skip + n < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(skip + n));
      const foreign = opts.foreignNextLink.some((p) => url.pathname.startsWith(p));
      body['@odata.nextLink'] = foreign ? `https://graph.example.net${next.pathname}${next.search}` : `${base}${next.pathname}${next.search}`;
    }
    return [200, body];
  };
  const notFound = (what: string): Reply => [404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${what}' does not exist or one of its queried reference-property objects are not present.` } }];
  const app = (id: string) => state.apps.find((a) => a.id === id);
  const group = (id: string) => state.connectorGroups.find((g) => g.id === id);
  const principalName = (a: TenantAssignment) =>
    a.principalType === 'Group' ? state.groups.find((g) => g.id === a.principalId)?.displayName : state.users.find((u) => u.id === a.principalId)?.displayName;
  const groupBody = (g: TenantConnectorGroup) => ({ id: g.id, name: g.name, region: g.region, isDefault: g.isDefault, connectorGroupType: g.connectorGroupType });

  const routes: Array<[RegExp, (m: RegExpMatchArray, url: URL) => Reply]> = [
    [
      /^\/beta\/applications$/,
      (_m, url) => {
        const tag = /^tags\/any\(t:t eq '([^']+)'\)$/.exec(url.searchParams.get('$filter') ?? '')?.[1];
        if (!tag) {
          return [400, { error: { code: 'BadRequest', message: 'expected a tag filter' } }];
        }
        return page(
          url,
          state.apps.filter((a) => a.tags.includes(tag)).map((a) => ({ id: a.id, appId: a.appId, displayName: a.displayName, tags: a.tags })),
        );
      },
    ],
    [
      /^\/beta\/applications\/([^/]+)$/,
      (m) => {
        const a = app(m[1]);
        return a ? [200, { id: a.id, appId: a.appId, displayName: a.displayName, onPremisesPublishing: { ...a.onPremisesPublishing, externalUrl: null, internalUrl: null } }] : notFound(m[1]);
      },
    ],
    [
      new RegExp(`^/beta/applications/([^/]+)${SEGMENTS.replace(/\./g, '\\.')}$`),
      (m, url) => {
        const a = app(m[1]);
        return a
          ? page(
            url,
            a.segments.map((s) => ({
              '@odata.type': '#microsoft.graph.ipApplicationSegment',
              ...s,
              port: 0,
              action: 'tunnel',
            })),
          )
          : notFound(m[1]);
      },
    ],
    [
      /^\/beta\/applications\/([^/]+)\/connectorGroup$/,
      (m) => {
        const a = app(m[1]);
        const g = a?.connectorGroupId ? group(a.connectorGroupId) : undefined;
        return g ? [200, { '@odata.context': `${base}/beta/$metadata#connectorGroups/$entity`, ...groupBody(g) }] : notFound('connectorGroup');
      },
    ],
    [
      /^\/v1\.0\/servicePrincipals$/,
      (_m, url) => {
        const appId = /^appId eq '([^']+)'$/.exec(url.searchParams.get('$filter') ?? '')?.[1];
        const a = state.apps.find((x) => x.appId === appId);
        return [200, { value: a ? [{ id: a.servicePrincipalId, appId: a.appId, displayName: a.displayName }] : [] }];
      },
    ],
    [
      /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/,
      (m, url) => {
        const a = state.apps.find((x) => x.servicePrincipalId === m[1]);
        return a
          ? page(
            url,
            a.assignments.map((x) => ({
              id: x.id,
              deletedDateTime: null,
              appRoleId: x.appRoleId,
              createdDateTime: '2026-01-07T16:02:03.9157413Z',
              principalDisplayName: principalName(x) ?? null,
              principalId: x.principalId,
              principalType: x.principalType,
              resourceDisplayName: a.displayName,
              resourceId: a.servicePrincipalId,
            })),
          )
          : notFound(m[1]);
      },
    ],
    [
      /^\/v1\.0\/users\/([^/]+)$/,
      (m) => {
        const u = state.users.find((x) => x.id === m[1]);
        return u ? [200, { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName }] : notFound(m[1]);
      },
    ],
    [
      /^\/v1\.0\/groups\/([^/]+)$/,
      (m) => {
        const g = state.groups.find((x) => x.id === m[1]);
        return g ? [200, { id: g.id, displayName: g.displayName }] : notFound(m[1]);
      },
    ],
    [/^\/v1\.0\/identity\/conditionalAccess\/policies$/, (_m, url) => page(url, state.policies)],
    [new RegExp(`^${CONNECTOR_GROUPS}$`), (_m, url) => page(url, state.connectorGroups.map(groupBody))],
    [
      new RegExp(`^${CONNECTOR_GROUPS}/([^/]+)/members$`),
      (m, url) => {
        const g = group(m[1]);
        return g ? page(url, g.connectors) : notFound(m[1]);
      },
    ],
    [/^\/beta\/networkAccess\/forwardingProfiles$/, (_m, url) => page(url, state.forwardingProfiles)],
    [
      /^\/beta\/networkAccess\/reports\/getDiscoveredApplicationSegmentReport\(startDateTime=([^,]+),endDateTime=([^)]+)\)$/,
      (m, url) => {
        const [start, end] = [Date.parse(decodeURIComponent(m[1])), Date.parse(decodeURIComponent(m[2]))];
        if (!Number.isFinite(start) || !Number.isFinite(end)) {
          return [400, { error: { code: 'BadRequest', message: 'startDateTime and endDateTime must be DateTimeOffset values' } }];
        }
        return page(
          url,
          state.discovered.filter((d) => Date.parse(d.lastAccessDateTime) >= start && Date.parse(d.firstAccessDateTime) < end),
        );
      },
    ],
    [
      /^\/beta\/networkAccess\/logs\/traffic$/,
      (_m, url) => {
        const filter = url.searchParams.get('$filter') ?? '';
        const ge = /createdDateTime ge (\S+)/.exec(filter)?.[1];
        const lt = /createdDateTime lt (\S+)/.exec(filter)?.[1];
        const type = /trafficType eq '([^']+)'/.exec(filter)?.[1];
        const top = Number(url.searchParams.get('$top') ?? '1000');
        if (top > 1000) {
          return [400, { error: { code: 'BadRequest', message: 'The limit of $top is 1000' } }];
        }
        const items = state.traffic.filter(
          (t) => (ge === undefined || Date.parse(t.createdDateTime) >= Date.parse(ge)) && (lt === undefined || Date.parse(t.createdDateTime) < Date.parse(lt)) && (type === undefined || t.trafficType === type),
        );
        return page(url, items, 1000);
      },
    ],
  ];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = ([status, body, headers]: Reply) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...(headers ?? {}) });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') {
      return send([405, { error: { code: 'MethodNotAllowed', message: `${req.method} is not allowed here` } }]);
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send([401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } }]);
    }
    const pathname = decodeURIComponent(url.pathname);
    if (opts.forbid.some((p) => pathname.startsWith(p))) {
      return send([403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }]);
    }
    if (opts.throttleOnce.has(pathname) && !throttled.has(pathname)) {
      throttled.add(pathname);
      return send([429, { error: { code: 'TooManyRequests', message: 'Too many requests.' } }, { 'Retry-After': '1' }]);
    }
    for (const [pattern, handler] of routes) {
      const m = pathname.match(pattern);
      if (m) {
        return send(handler(m, url));
      }
    }
    return send(notFound(pathname));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    state,
    options: opts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ---- a tenant with months of Quick Access use, for `discover` --------------------------------------

export const CONNECTORS = {
  linux1: '77777777-0000-4000-8000-0000000000c1',
  linux2: '77777777-0000-4000-8000-0000000000c2',
  windows: '77777777-0000-4000-8000-0000000000c3',
};

/** A small deterministic pseudo-random sequence (a linear congruential generator), so runs repeat. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * The tenant of `matchingTenant()` after a month of Quick Access: a discovery report of several
 * hundred destinations (names under corp.contoso.com and lab.fabrikam.net, SSH and RDP servers in
 * 10.1.0.0/24, DNS servers, a few rows a proposal must leave out) and thousands of traffic log
 * entries naming who reached them, through which connector. `PERIOD_END` is the end of the month.
 */
export const PERIOD_END = '2026-03-01T00:00:00Z';

export function discoveryTenant(): TenantState {
  const state = matchingTenant();
  const next = random(20);
  const quick = state.apps.find((a) => a.id === IDS.quickApp)!;
  quick.segments.push(
    segment('aaaaaaaa-0000-4000-8000-000000000010', 'wiki.corp.contoso.com', 'fqdn', ['443-443'], 'tcp'),
    segment('aaaaaaaa-0000-4000-8000-000000000011', '10.1.5.10', 'ip', ['3389-3389'], 'tcp'),
    segment('aaaaaaaa-0000-4000-8000-000000000012', '*.lab.fabrikam.net', 'fqdn', ['22-22'], 'tcp'),
  );
  state.connectorGroups[0].connectors = [
    { id: CONNECTORS.linux1, machineName: 'conn-1.corp.contoso.com', externalIp: '203.0.113.10', status: 'active', version: '1.5.3437.0' },
    { id: CONNECTORS.linux2, machineName: 'conn-2.corp.contoso.com', externalIp: '203.0.113.11', status: 'active', version: '1.5.3437.0' },
  ];
  state.connectorGroups[2] = { ...state.connectorGroups[2], name: 'Windows connectors', connectors: [{ id: CONNECTORS.windows, machineName: 'conn-w.corp.contoso.com', externalIp: '203.0.113.20', status: 'active', version: '1.5.3437.0' }] };

  const users = Array.from({ length: 40 }, (_, i) => ({ id: `88888888-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, upn: `user${String(i + 1).padStart(2, '0')}@contoso.com` }));
  const rows: any[] = [];
  const traffic: any[] = [];
  const end = Date.parse(PERIOD_END);
  const day = 24 * 3600 * 1000;
  let n = 0;
  const add = (fqdn: string | null, ip: string, port: number, protocol: string, accessType: string, connector: string, opts: { users?: number; userPool?: typeof users } = {}) => {
    n++;
    const pool = opts.userPool ?? users;
    const count = opts.users ?? 1 + Math.floor(next() * 6);
    const who = Array.from({ length: count }, (_, i) => pool[(n * 7 + i * 3) % pool.length]);
    const first = end - (20 + Math.floor(next() * 9)) * day;
    const last = end - Math.floor(next() * 5) * day - 3600 * 1000;
    rows.push({
      discoveredApplicationSegmentId: `99999999-0000-4000-8000-${String(n).padStart(12, '0')}`,
      fqdn,
      ip,
      port,
      transportProtocol: protocol,
      accessType,
      firstAccessDateTime: new Date(first).toISOString(),
      lastAccessDateTime: new Date(last).toISOString(),
      transactionCount: 10 + Math.floor(next() * 500),
      userCount: new Set(who.map((u) => u.id)).size,
      deviceCount: new Set(who.map((u) => u.id)).size,
      totalBytesSent: 100000,
      totalBytesReceived: 500000,
    });
    for (const [i, u] of who.entries()) {
      for (let k = 0; k < 3; k++) {
        traffic.push({
          tenantId: IDS.tenant,
          createdDateTime: new Date(first + ((3 * i + k + 1) * (last - first)) / (3 * who.length + 2)).toISOString(),
          transactionId: `t-${n}-${i}-${k}`,
          connectionId: `c-${n}-${i}`,
          trafficType: 'private',
          destinationIp: ip,
          destinationPort: port,
          destinationFQDN: fqdn ?? '',
          transportProtocol: protocol.toUpperCase(),
          networkProtocol: 'IPv4',
          action: 'allowed',
          userId: u.id,
          userPrincipalName: u.upn,
          deviceId: `d-${u.id}`,
          privateAccessDetails: { accessType: accessType, connectorId: connector, connectorName: connector === CONNECTORS.windows ? 'conn-w' : 'conn-1', connectorIp: '10.9.0.4', appSegmentId: null },
        });
      }
    }
  };
  // Names under corp.contoso.com: a wiki, a git server, a ticket system, and 120 internal apps.
  add('wiki.corp.contoso.com', '10.3.0.10', 443, 'tcp', 'quickAccess', CONNECTORS.linux1);
  add('git.corp.contoso.com', '10.3.0.11', 22, 'tcp', 'quickAccess', CONNECTORS.linux1);
  add('git.corp.contoso.com', '10.3.0.11', 443, 'tcp', 'quickAccess', CONNECTORS.linux2);
  add('jira.corp.contoso.com', '10.3.0.12', 443, 'tcp', 'quickAccess', CONNECTORS.linux2);
  add('jira.corp.contoso.com', '10.3.0.12', 8080, 'tcp', 'quickAccess', CONNECTORS.linux1);
  for (let i = 1; i <= 120; i++) {
    add(`app-${String(i).padStart(3, '0')}.apps.corp.contoso.com`, `10.4.${Math.floor(i / 200)}.${i}`, 443, 'tcp', 'quickAccess', i % 2 ? CONNECTORS.linux1 : CONNECTORS.linux2);
  }
  // A lab under lab.fabrikam.net, reached by SSH.
  for (let i = 1; i <= 40; i++) {
    add(`host${i}.lab.fabrikam.net`, `10.6.0.${i}`, 22, 'tcp', 'quickAccess', CONNECTORS.linux1);
  }
  // Servers by address: SSH and RDP in 10.0.1.0/24 (inside Quick Access's 10.0.0.0/16; RDP through the
  // Windows connector), a jump host, DNS.
  for (let i = 1; i <= 150; i++) {
    add(null, `10.0.1.${i}`, i % 3 === 0 ? 3389 : 22, 'tcp', 'quickAccess', i % 3 === 0 ? CONNECTORS.windows : CONNECTORS.linux1);
  }
  add(null, '10.1.5.10', 3389, 'tcp', 'quickAccess', CONNECTORS.windows);
  add(null, '10.2.0.53', 53, 'udp', 'quickAccess', CONNECTORS.linux2);
  add(null, '10.2.0.54', 53, 'udp', 'quickAccess', CONNECTORS.linux2);
  // What a proposal leaves out: an enterprise app's traffic, a single-label name, IPv6, ICMP, and
  // a destination nobody reached in the report's count.
  add('intranet.corp.contoso.com', '10.30.0.4', 443, 'tcp', 'privateAccess', CONNECTORS.linux1);
  add('printserver', '10.7.0.5', 9100, 'tcp', 'quickAccess', CONNECTORS.linux1);
  add(null, 'fd00::5', 22, 'tcp', 'quickAccess', CONNECTORS.linux1);
  add(null, '10.8.0.1', 0, 'icmp', 'quickAccess', CONNECTORS.linux1);
  rows.push({ ...rows[rows.length - 1], discoveredApplicationSegmentId: '99999999-0000-4000-8000-999999999999', ip: '10.8.0.2', port: 80, transportProtocol: 'tcp', userCount: 0 });
  // Internet traffic and traffic before the period: the command must not count them.
  traffic.push({ ...traffic[0], transactionId: 'internet-1', trafficType: 'internet', destinationFQDN: 'www.bing.com', userPrincipalName: 'intruder@contoso.com' });
  traffic.push({ ...traffic[0], transactionId: 'old-1', createdDateTime: new Date(end - 60 * day).toISOString(), userPrincipalName: 'former@contoso.com' });
  state.discovered = rows;
  state.traffic = traffic.sort((a, b) => (a.createdDateTime < b.createdDateTime ? 1 : -1));
  return state;
}
