import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * A local HTTP server on 127.0.0.1 that answers as Microsoft Graph does for the reads of
 * `entra-private-access import`, with response shapes from Microsoft's documented examples
 * (List applications, List ipApplicationSegments, Get connectorGroup, List appRoleAssignedTo, List
 * conditionalAccessPolicies). It pages the application list (`@odata.nextLink`), throttles one
 * request (429 with Retry-After), fails one with 503, and can refuse the policies with 403.
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

function segment(id: string, host: string, type: string, ports: string[], protocol: string) {
  return { '@odata.type': '#microsoft.graph.ipApplicationSegment', id, destinationHost: host, destinationType: type, port: 0, ports, protocol, action: 'tunnel' };
}

function assignment(id: string, principalId: string, principalType: string, name: string, resourceId: string) {
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

export async function startFakeGraph(options: { forbidPolicies?: boolean } = {}): Promise<FakeGraph> {
  const requests: string[] = [];
  const throttled = new Set<string>();
  let base = '';
  const routes: Array<[RegExp, (m: RegExpMatchArray, query: URLSearchParams) => [number, unknown, Record<string, string>?]]> = [
    [
      /^\/beta\/applications$/,
      (_m, q) => {
        const filter = q.get('$filter');
        if (filter === QA_TAG) {
          return [200, { value: [{ id: IDS.quickApp, appId: IDS.quickAppId, displayName: 'Quick Access', tags: ['NetworkAccessQuickAccessApplication'] }] }];
        }
        if (filter === PA_TAG && q.get('$skiptoken') === null) {
          return [
            200,
            {
              '@odata.context': 'https://graph.microsoft.com/beta/$metadata#applications(id,appId,displayName,tags)',
              '@odata.nextLink': `${base}/beta/applications?$filter=${encodeURIComponent(PA_TAG)}&$skiptoken=page2`,
              value: [{ id: IDS.sshApp, appId: IDS.sshAppId, displayName: 'Linux servers (SSH)', tags: ['PrivateAccessNonWebApplication', 'HideApp'] }],
            },
          ];
        }
        if (filter === PA_TAG && q.get('$skiptoken') === 'page2') {
          return [200, { value: [{ id: IDS.webApp, appId: IDS.webAppId, displayName: 'Intranet "web"', tags: ['PrivateAccessNonWebApplication'] }] }];
        }
        return [400, { error: { code: 'BadRequest', message: `unexpected filter ${filter}` } }];
      },
    ],
    [
      new RegExp(`^/beta/applications/([^/]+)${SEGMENTS.replace(/\./g, '\\.')}$`),
      (m) => {
        const byApp: Record<string, unknown[]> = {
          [IDS.sshApp]: [
            segment('9ceef8f4-7dff-803a-8046-a3fcb133dc1f', '10.20.1.0/24', 'ipRangeCidr', ['22-22', '2200-2299'], 'tcp'),
            segment('9ceef8f4-7dff-803a-8046-a3fcb133dc20', 'bastion.corp.contoso.com', 'fqdn', ['22-22'], 'tcp'),
            segment('9ceef8f4-7dff-803a-8046-a3fcb133dc21', '10.20.2.10..10.20.2.19', 'ipRange', ['60001-60001'], 'udp'),
          ],
          [IDS.webApp]: [segment('9ceef8f4-7dff-803a-8046-a3fcb133dc22', '10.30.0.4', 'ip', ['443-443', '80-80'], 'tcp')],
          [IDS.quickApp]: [
            segment('9ceef8f4-7dff-803a-8046-a3fcb133dc23', '10.0.0.0/16', 'ipRangeCidr', ['1-65535'], 'tcp'),
            { ...segment('9ceef8f4-7dff-803a-8046-a3fcb133dc24', 'contoso.local', 'dnsSuffix', [], '0') },
          ],
        };
        return [200, { value: byApp[m[1]] ?? [] }];
      },
    ],
    [
      /^\/beta\/applications\/([^/]+)\/connectorGroup$/,
      (m) =>
        m[1] === IDS.webApp
          ? [404, { error: { code: 'Request_ResourceNotFound', message: 'Resource not found.' } }]
          : [200, { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#connectorGroups/$entity', id: IDS.group, name: 'Linux connectors', connectorGroupType: 'applicationProxy', isDefault: false, region: 'eur' }],
    ],
    [
      /^\/v1\.0\/servicePrincipals$/,
      (_m, q) => {
        const appId = /appId eq '([^']+)'/.exec(q.get('$filter') ?? '')?.[1];
        const sp = { [IDS.sshAppId]: IDS.sshSp, [IDS.webAppId]: IDS.webSp, [IDS.quickAppId]: IDS.quickSp }[appId ?? ''];
        return [200, { value: sp ? [{ id: sp, appId, displayName: 'app' }] : [] }];
      },
    ],
    [
      /^\/v1\.0\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/,
      (m) => {
        const byPrincipal: Record<string, unknown[]> = {
          [IDS.sshSp]: [
            assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE', IDS.linuxAdmins, 'Group', 'Linux Admins', IDS.sshSp),
            assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJF', IDS.alex, 'User', 'Alex Wilber', IDS.sshSp),
          ],
          [IDS.webSp]: [assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJG', IDS.allStaff, 'Group', 'All Staff', IDS.webSp)],
          [IDS.quickSp]: [assignment('41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJH', IDS.allStaff, 'Group', 'All Staff', IDS.quickSp)],
        };
        return [200, { value: byPrincipal[m[1]] ?? [] }];
      },
    ],
    [
      /^\/v1\.0\/identity\/conditionalAccess\/policies$/,
      () =>
        options.forbidPolicies
          ? [403, { error: { code: 'AccessDenied', message: 'You cannot perform the requested operation, required scopes are missing in the token.' } }]
          : [
              200,
              {
                value: [
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
              },
            ],
    ],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    }
    // Throttle the first read of segments of the web app, and fail the first read of its
    // assignments once with 503, as Graph does under load.
    const key = url.pathname;
    if (key.endsWith(`${IDS.webApp}${SEGMENTS}`) && !throttled.has(key)) {
      throttled.add(key);
      return send(429, { error: { code: 'TooManyRequests', message: 'Too many requests.' } }, { 'Retry-After': '1' });
    }
    if (key.endsWith(`${IDS.webSp}/appRoleAssignedTo`) && !throttled.has(key)) {
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
