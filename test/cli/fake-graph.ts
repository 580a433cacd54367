import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * A local HTTP server on 127.0.0.1 that answers as Microsoft Graph does for the reads of
 * `entra-private-access import`, with response shapes from Microsoft's documented examples
 * (List applications, List ipApplicationSegments, Get connectorGroup, List appRoleAssignedTo, List
 * conditionalAccessPolicies). It serves a `FakeTenant` (by default `defaultTenant()`), pages the
 * Private Access application list one app a page (`@odata.nextLink`), throttles one request (429
 * with Retry-After), fails one with 503, and can refuse the policies with 403 or every request with
 * a given error.
 */
export interface FakeGraph {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

export const TOKEN = 'test-token-not-a-secret';
export const IDS = {
  sshApp: 'dcc40202-6223-488b-8e64-28aa1a803d6c',
  sshAppId: 'a1b2c3d4-0000-4000-8000-000000000001',
  sshSp: 'b1b2c3d4-0000-4000-8000-000000000001',
  webApp: 'dcc40202-6223-488b-8e64-28aa1a803d6d',
  webAppId: 'a1b2c3d4-0000-4000-8000-000000000002',
  webSp: 'b1b2c3d4-0000-4000-8000-000000000002',
  quickApp: 'dcc40202-6223-488b-8e64-28aa1a803d6e',
  quickAppId: 'a1b2c3d4-0000-4000-8000-000000000003',
  quickSp: 'b1b2c3d4-0000-4000-8000-000000000003',
  group: '0e8d3c2b-6a1f-4d2e-9b7c-1a2b3c4d5e6f',
  linuxAdmins: 'c1c2c3c4-0000-4000-8000-000000000001',
  alex: 'c1c2c3c4-0000-4000-8000-000000000002',
  allStaff: 'c1c2c3c4-0000-4000-8000-000000000003',
  breakGlass: 'c1c2c3c4-0000-4000-8000-0000000000b1',
  mfaPolicy: 'e1e2e3e4-0000-4000-8000-000000000001',
  blockPolicy: 'e1e2e3e4-0000-4000-8000-000000000002',
};

const PA_TAG = "tags/any(t:t eq 'PrivateAccessNonWebApplication')";
const QA_TAG = "tags/any(t:t eq 'NetworkAccessQuickAccessApplication')";
const SEGMENTS = '/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments';

export function segment(id: string, host: string, type: string, ports: string[], protocol: string) {
  return { '@odata.type': '#microsoft.graph.ipApplicationSegment', id, destinationHost: host, destinationType: type, port: 0, ports, protocol, action: 'tunnel' };
}

export function assignment(id: string, principalId: string, principalType: string, name: string, resourceId: string) {
  return {
    id,
    deletedDateTime: null,
    appRoleId: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
    createdDateTime: '2026-01-07T16:02:03.9157413Z',
    principalDisplayName: name,
    principalId,
    principalType,
    resourceDisplayName: 'app',
    resourceId,
  };
}

/** One app as the fake serves it: every field as Graph would send it (a test may put anything in). */
export interface FakeApp {
  /** The item of GET /applications: id, appId, displayName, tags. */
  readonly application: Record<string, unknown>;
  readonly segments: unknown[];
  /** GET /applications/{id}/connectorGroup; undefined answers 404, as Graph does for the default group. */
  readonly connectorGroup?: unknown;
  /** The item of GET /servicePrincipals?$filter=appId eq '…'. */
  readonly servicePrincipal: Record<string, unknown>;
  readonly assignments: unknown[];
}

/** What the fake serves. */
export interface FakeTenant {
  /** Apps tagged NetworkAccessQuickAccessApplication. */
  readonly quickAccess: FakeApp[];
  /** Apps tagged PrivateAccessNonWebApplication, one a page. */
  readonly enterprise: FakeApp[];
  readonly policies: unknown[];
}

/** The tenant of the tests: two Private Access apps, the Quick Access app and three policies. */
export function defaultTenant(): FakeTenant {
  return {
    quickAccess: [
      {
        application: { id: IDS.quickApp, appId: IDS.quickAppId, displayName: 'Quick Access', tags: ['NetworkAccessQuickAccessApplication'] },
        segments: [
          segment('9ceef8f4-7dff-803a-8046-a3fcb133dc23', '10.0.0.0/16', 'ipRangeCidr', ['1-65535'], 'tcp'),
          segment('9ceef8f4-7dff-803a-8046-a3fcb133dc24', 'contoso.local', 'dnsSuffix', [], '0'),
        ],
        connectorGroup: LINUX_CONNECTORS,
        servicePrincipal: { id: IDS.quickSp, appId: IDS.quickAppId, displayName: 'app' },
        assignments: [assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJH', IDS.allStaff, 'Group', 'All Staff', IDS.quickSp)],
      },
    ],
    enterprise: [
      {
        application: { id: IDS.sshApp, appId: IDS.sshAppId, displayName: 'Linux servers (SSH)', tags: ['PrivateAccessNonWebApplication', 'HideApp'] },
        segments: [
          segment('9ceef8f4-7dff-803a-8046-a3fcb133dc1f', '10.20.1.0/24', 'ipRangeCidr', ['22-22', '2200-2299'], 'tcp'),
          segment('9ceef8f4-7dff-803a-8046-a3fcb133dc20', 'bastion.corp.contoso.com', 'fqdn', ['22-22'], 'tcp'),
          segment('9ceef8f4-7dff-803a-8046-a3fcb133dc21', '10.20.2.10..10.20.2.19', 'ipRange', ['60001-60001'], 'udp'),
        ],
        connectorGroup: LINUX_CONNECTORS,
        servicePrincipal: { id: IDS.sshSp, appId: IDS.sshAppId, displayName: 'app' },
        assignments: [
          assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE', IDS.linuxAdmins, 'Group', 'Linux Admins', IDS.sshSp),
          assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJF', IDS.alex, 'User', 'Alex Wilber', IDS.sshSp),
        ],
      },
      {
        application: { id: IDS.webApp, appId: IDS.webAppId, displayName: 'Intranet "web"', tags: ['PrivateAccessNonWebApplication'] },
        segments: [segment('9ceef8f4-7dff-803a-8046-a3fcb133dc22', '10.30.0.4', 'ip', ['443-443', '80-80'], 'tcp')],
        servicePrincipal: { id: IDS.webSp, appId: IDS.webAppId, displayName: 'app' },
        assignments: [assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJG', IDS.allStaff, 'Group', 'All Staff', IDS.webSp)],
      },
    ],
    policies: [
      {
        id: IDS.mfaPolicy,
        displayName: 'Private Access: require MFA',
        state: 'enabled',
        conditions: {
          clientAppTypes: ['all'],
          applications: { includeApplications: [IDS.sshAppId, IDS.webAppId], excludeApplications: [], includeUserActions: [] },
          users: { includeUsers: [IDS.alex], excludeUsers: [IDS.breakGlass], includeGroups: [IDS.linuxAdmins, IDS.allStaff], excludeGroups: [], includeRoles: [], excludeRoles: [] },
          platforms: null,
          locations: null,
          signInRiskLevels: [],
          userRiskLevels: [],
        },
        grantControls: { operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: [], authenticationStrength: null },
        sessionControls: { signInFrequency: { value: 8, type: 'hours', frequencyInterval: 'timeBased', authenticationType: 'primaryAndSecondaryAuthentication', isEnabled: true }, disableResilienceDefaults: false },
      },
      {
        id: IDS.blockPolicy,
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
      {
        id: 'e1e2e3e4-0000-4000-8000-000000000003',
        displayName: 'Quick Access: compliant device',
        state: 'enabledForReportingButNotEnforced',
        conditions: {
          clientAppTypes: ['all'],
          applications: { includeApplications: [IDS.quickAppId], excludeApplications: [], includeUserActions: [] },
          users: { includeUsers: [], excludeUsers: [], includeGroups: [IDS.allStaff], excludeGroups: [], includeRoles: [], excludeRoles: [] },
          locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
        },
        grantControls: { operator: 'AND', builtInControls: ['compliantDevice'] },
        sessionControls: null,
      },
    ],
  };
}

const LINUX_CONNECTORS = {
  '@odata.context': 'https://graph.microsoft.com/beta/$metadata#connectorGroups/$entity',
  id: IDS.group,
  name: 'Linux connectors',
  connectorGroupType: 'applicationProxy',
  isDefault: false,
  region: 'eur',
};

export interface FakeGraphOptions {
  /** What to serve (default: `defaultTenant()`). */
  readonly tenant?: FakeTenant;
  /** Answer the policies with 403, as Graph does without Policy.Read.All. */
  readonly forbidPolicies?: boolean;
  /** Answer every request with this error (a 401 of an expired token, say). */
  readonly refuse?: { status: number; code: string; message: string };
  /**
   * Throttle (429) the first read of the second Private Access app's segments and fail (503) the
   * first read of its assignments, as Graph does under load (default true).
   */
  readonly flaky?: boolean;
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const tenant = options.tenant ?? defaultTenant();
  const requests: string[] = [];
  const throttled = new Set<string>();
  let base = '';
  const apps = [...tenant.quickAccess, ...tenant.enterprise];
  const byObjectId = (id: string) => apps.find((a) => a.application.id === id);
  const routes: Array<[RegExp, (m: RegExpMatchArray, query: URLSearchParams) => [number, unknown, Record<string, string>?]]> = [
    [
      /^\/beta\/applications$/,
      (_m, q) => {
        const filter = q.get('$filter');
        if (filter === QA_TAG) {
          return [200, { value: tenant.quickAccess.map((a) => a.application) }];
        }
        if (filter === PA_TAG) {
          const page = Number(q.get('$skiptoken') ?? '0');
          const next = page + 1 < tenant.enterprise.length ? { '@odata.nextLink': `${base}/beta/applications?$filter=${encodeURIComponent(PA_TAG)}&$skiptoken=${page + 1}` } : {};
          return [
            200,
            {
              '@odata.context': 'https://graph.microsoft.com/beta/$metadata#applications(id,appId,displayName,tags)',
              ...next,
              value: tenant.enterprise.slice(page, page + 1).map((a) => a.application),
            },
          ];
        }
        return [400, { error: { code: 'BadRequest', message: `unexpected filter ${filter}` } }];
      },
    ],
    [new RegExp(`^/beta/applications/([^/]+)${SEGMENTS.replace(/\./g, '\\.')}$`), (m) => [200, { value: byObjectId(decodeURIComponent(m[1]))?.segments ?? [] }]],
    [
      /^\/beta\/applications\/([^/]+)\/connectorGroup$/,
      (m) => {
        const group = byObjectId(decodeURIComponent(m[1]))?.connectorGroup;
        return group === undefined ? [404, { error: { code: 'Request_ResourceNotFound', message: 'Resource not found.' } }] : [200, group];
      },
    ],
    [
      /^\/v1\.0\/servicePrincipals$/,
      (_m, q) => {
        // An OData string literal: quotes doubled inside.
        const literal = /^appId eq '((?:[^']|'')*)'$/.exec(q.get('$filter') ?? '')?.[1];
        const appId = literal?.replace(/''/g, "'");
        const app = apps.find((a) => a.application.appId === appId);
        return [200, { value: app ? [app.servicePrincipal] : [] }];
      },
    ],
    [
      /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/,
      (m) => [200, { value: apps.find((a) => a.servicePrincipal.id === decodeURIComponent(m[1]))?.assignments ?? [] }],
    ],
    [
      /^\/v1\.0\/identity\/conditionalAccess\/policies$/,
      () =>
        options.forbidPolicies
          ? [403, { error: { code: 'AccessDenied', message: 'You cannot perform the requested operation, required scopes are missing in the token.' } }]
          : [200, { value: tenant.policies }],
    ],
  ];
  const flaky = options.flaky ?? true;
  const second = tenant.enterprise[1];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (options.refuse) {
      return send(options.refuse.status, { error: { code: options.refuse.code, message: options.refuse.message } });
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    }
    // Throttle the first read of segments of the second app, and fail the first read of its
    // assignments once with 503, as Graph does under load.
    const key = url.pathname;
    if (flaky && second && key.endsWith(`${encodeURIComponent(String(second.application.id))}${SEGMENTS}`) && !throttled.has(key)) {
      throttled.add(key);
      return send(429, { error: { code: 'TooManyRequests', message: 'Too many requests.' } }, { 'Retry-After': '1' });
    }
    if (flaky && second && key.endsWith(`${encodeURIComponent(String(second.servicePrincipal.id))}/appRoleAssignedTo`) && !throttled.has(key)) {
      throttled.add(key);
      return send(503, { error: { code: 'serviceNotAvailable', message: 'Service unavailable.' } });
    }
    for (const [pattern, handler] of routes) {
      const m = url.pathname.match(pattern);
      if (m) {
        const [status, body, headers] = handler(m, url.searchParams);
        return send(status, body, headers);
      }
    }
    return send(404, { error: { code: 'Request_ResourceNotFound', message: `no route for ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
