/**
 * The Graph emulator without the providers: its certificates, its proxy, its fake `az` and the
 * Graph behaviour the apply tests rely on. (test/apply runs the real providers against it.)
 */
import { execFileSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import * as fs from 'fs';
import * as path from 'path';
import { GraphEmulator } from '../../lib/emulator/emulator';
import { identityOfToken, tokenFor } from '../../lib/emulator/fake-az';
import { EmulatedTenant } from '../../lib/emulator/tenant';
import { LocalCertificateAuthority } from '../../lib/emulator/x509';

const USER = { kind: 'user' as const, objectId: 'u1', name: 'admin@contoso.example' };
const APP = { kind: 'app' as const, objectId: 'a1', name: 'pipeline' };

/** A request through the emulator's proxy, trusting only its CA, as the providers make them. */
function call(emulator: GraphEmulator, method: string, url: string, body?: unknown, kind: 'user' | 'app' = 'user'): Promise<{ status: number; body: any }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const connect = http.request({ host: '127.0.0.1', port: Number(new URL(emulator.proxyUrl).port), method: 'CONNECT', path: `${target.host}:443` });
    connect.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        return resolve({ status: res.statusCode ?? 0, body: undefined });
      }
      const token = tokenFor({ ...(kind === 'user' ? USER : APP), tenantId: emulator.tenant.tenantId });
      const req = https.request(
        { socket, servername: target.hostname, host: target.hostname, path: target.pathname + target.search, method, ca: fs.readFileSync(emulator.caFile), headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } } as https.RequestOptions,
        (r) => {
          let text = '';
          r.on('data', (d) => (text += d));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
    connect.on('error', reject);
    connect.end();
  });
}

describe('LocalCertificateAuthority', () => {
  test('issues a leaf for the hosts that verifies against the CA, which is a CA', () => {
    const ca = new LocalCertificateAuthority();
    const leaf = ca.issue(['graph.microsoft.com', '127.0.0.1']);
    const caCert = new X509Certificate(ca.certificatePem);
    const cert = new X509Certificate(leaf.certificatePem);
    expect(caCert.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkHost('graph.microsoft.com')).toBe('graph.microsoft.com');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('example.com')).toBeUndefined();
    // Another CA's leaf does not verify.
    expect(new X509Certificate(new LocalCertificateAuthority().issue(['graph.microsoft.com']).certificatePem).verify(caCert.publicKey)).toBe(false);
  });
});

describe('GraphEmulator', () => {
  let emulator: GraphEmulator;
  beforeEach(async () => {
    emulator = await GraphEmulator.start({ seed: { connectorGroups: [{ id: 'g-default', name: 'Default', isDefault: true, region: 'eur' }] } });
  });
  afterEach(() => emulator.stop());

  test('listens on loopback only and refuses hosts it does not emulate at once', async () => {
    expect(emulator.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const started = Date.now();
    expect((await call(emulator, 'GET', 'https://example.com/')).status).toBe(403);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('serves Graph over TLS that trusts only its CA, and records the request with its identity', async () => {
    const res = await call(emulator, 'GET', 'https://graph.microsoft.com/beta/networkAccess/forwardingProfiles');
    expect(res.status).toBe(200);
    expect(res.body.value.map((p: any) => p.trafficForwardingType).sort()).toEqual(['internet', 'm365', 'private']);
    expect(emulator.requests).toEqual([expect.objectContaining({ method: 'GET', apiVersion: 'beta', path: 'networkAccess/forwardingProfiles', identity: 'user', status: 200 })]);
  });

  test('an app-only token cannot read /me or connector groups, but can create one (the issue\'s orphaned group)', async () => {
    expect((await call(emulator, 'GET', 'https://graph.microsoft.com/v1.0/me', undefined, 'app')).body.error.message).toMatch(/only valid with delegated/);
    const created = await call(emulator, 'POST', 'https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups', { name: 'x' }, 'app');
    expect(created.status).toBe(201);
    const read = await call(emulator, 'GET', `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${created.body.id}`, undefined, 'app');
    expect(read.status).toBe(403);
    expect((await call(emulator, 'GET', `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${created.body.id}`)).status).toBe(200);
  });

  test('the fake az prints a token the emulator reads back, for the identity chosen', () => {
    const az = path.join(emulator.binDirectory, 'az');
    const env = { ...process.env, PATH: emulator.env().PATH };
    expect(JSON.parse(execFileSync(az, ['version', '-o', 'json'], { env, encoding: 'utf8' }))['azure-cli']).toMatch(/^2\./);
    const user = JSON.parse(execFileSync(az, ['account', 'get-access-token', '--resource', 'https://graph.microsoft.com', '-o', 'json'], { env, encoding: 'utf8' }));
    expect(identityOfToken(`Bearer ${user.accessToken}`)).toMatchObject({ kind: 'user' });
    emulator.setIdentity('app');
    const app = JSON.parse(execFileSync(az, ['account', 'get-access-token', '-o', 'json'], { env, encoding: 'utf8' }));
    expect(identityOfToken(`Bearer ${app.accessToken}`)).toMatchObject({ kind: 'app' });
    expect(JSON.parse(execFileSync(az, ['account', 'show', '-o', 'json'], { env, encoding: 'utf8' })).user.type).toBe('servicePrincipal');
  });

  test('the environment sends a child through the proxy and the CA, with CLI sign-in, and drops other credentials', () => {
    const env = emulator.env({ PATH: '/usr/bin', ARM_CLIENT_ID: 'x', ARM_CLIENT_SECRET: 's', ARM_USE_OIDC: 'true', HTTPS_PROXY: 'http://elsewhere' });
    expect(env).toMatchObject({ HTTPS_PROXY: emulator.proxyUrl, SSL_CERT_FILE: emulator.caFile, ARM_USE_CLI: 'true' });
    expect(env.PATH.startsWith(emulator.binDirectory)).toBe(true);
    expect(env).not.toHaveProperty('ARM_CLIENT_ID');
    expect(env).not.toHaveProperty('ARM_CLIENT_SECRET');
    expect(env).not.toHaveProperty('ARM_USE_OIDC');
  });
});

describe('EmulatedTenant', () => {
  const app = (tenant: EmulatedTenant, type = 'nonwebapp') => {
    const made = tenant.handle('POST', 'graph.microsoft.com', '/v1.0/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate', { displayName: 'a' }, USER).body as any;
    tenant.handle('PATCH', 'graph.microsoft.com', `/beta/applications/${made.application.id}`, { onPremisesPublishing: { applicationType: type, isAccessibleViaZTNAClient: true } }, USER);
    return made.application.id as string;
  };
  const segments = (id: string) => `/beta/applications/${id}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments`;

  test('segments: wire format checked, type inferred from the host, overlaps refused across enterprise apps but not with Quick Access', () => {
    const tenant = new EmulatedTenant();
    const [a, b, quick] = [app(tenant), app(tenant), app(tenant, 'quickaccessapp')];
    const post = (id: string, body: any): { status: number; body: any } => tenant.handle('POST', 'graph.microsoft.com', segments(id), body, USER) as { status: number; body: any };
    expect(post(a, { destinationHost: '10.0.0.4', destinationType: 'ipAddress', ports: ['22-22'], protocol: 'tcp' }).status).toBe(400);
    expect(post(a, { destinationHost: '10.0.0.1-10.0.0.9', destinationType: 'ipRange', ports: ['22-22'], protocol: 'tcp' }).body.error.code).toBe('DestinationHost_InvalidIP');
    const created = post(a, { destinationHost: '10.0.0.0/24', destinationType: 'ipRangeCidr', ports: ['22-22'], protocol: 'tcp' });
    expect(created).toMatchObject({ status: 201, body: { destinationType: 'ipRangeCidr', ports: ['22-22'], protocol: 'tcp' } });
    expect(post(b, { destinationHost: '10.0.0.4', destinationType: 'ip', ports: ['20-30'], protocol: 'tcp,udp' }).body.error.code).toBe('Invalid_AppSegments_Duplicate');
    expect(post(b, { destinationHost: '10.0.0.4', destinationType: 'ip', ports: ['23-23'], protocol: 'tcp' }).status).toBe(201);
    expect(post(quick, { destinationHost: '10.0.0.0/16', destinationType: 'ipRangeCidr', ports: ['1-65535'], protocol: 'tcp' }).status).toBe(201);
    expect(post(a, { destinationHost: 'corp.contoso.com', destinationType: 'dnsSuffix' }).status).toBe(400);
    expect(post(quick, { destinationHost: 'corp.contoso.com', destinationType: 'dnsSuffix' }).body).toMatchObject({ ports: [], protocol: '0' });
  });

  test('a connector group with connectors refuses a region and a delete', () => {
    const tenant = new EmulatedTenant({ connectorGroups: [{ id: 'g', name: 'G', region: 'eur' }], connectors: [{ id: 'c', machineName: 'h', status: 'active', connectorGroupId: 'g' }] });
    const url = '/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/g';
    expect(tenant.handle('PATCH', 'graph.microsoft.com', url, { name: 'G', region: 'eur' }, USER).status).toBe(400);
    expect(tenant.handle('PATCH', 'graph.microsoft.com', url, { name: 'G2' }, USER).status).toBe(204);
    expect(tenant.handle('DELETE', 'graph.microsoft.com', url, undefined, USER).status).toBe(400);
  });

  test('a snapshot seeds an identical tenant', () => {
    const tenant = new EmulatedTenant();
    app(tenant);
    const again = new EmulatedTenant(tenant.snapshot());
    expect(again.snapshot()).toEqual(tenant.snapshot());
    // New objects in the reseeded tenant get IDs of their own.
    const ids = JSON.stringify(tenant.snapshot());
    expect(ids).not.toContain(app(again));
  });
});

describe('EmulatedTenant $filter', () => {
  test("azuread's group lookup: a name with ' and ', a quote, and a boolean clause", () => {
    const tenant = new EmulatedTenant({ groups: [{ id: 'g1', displayName: "R and D's admins", securityEnabled: true }, { id: 'g2', displayName: "R and D's admins", securityEnabled: false }] });
    const res = tenant.handle('GET', 'graph.microsoft.com', `/beta/groups?$filter=${encodeURIComponent("displayName eq 'R and D''s admins' and securityEnabled eq true")}`, undefined, USER) as any;
    expect(res.body.value.map((g: any) => g.id)).toEqual(['g1']);
  });
});

describe('EmulatedTenant, what the real azuread provider reads (validated with azuread 3.7.0 built from its source)', () => {
  test('group members and owners, application and service principal owners, as lists of directory objects', () => {
    const tenant = new EmulatedTenant({ users: [{ id: 'u1', userPrincipalName: 'a@contoso.example' }], groups: [{ id: 'g1', displayName: 'Admins', members: ['u1'] }] });
    const get = (url: string) => tenant.handle('GET', 'graph.microsoft.com', url, undefined, USER) as any;
    expect(get('/beta/groups/g1/members').body.value).toEqual([{ '@odata.type': '#microsoft.graph.user', id: 'u1', userPrincipalName: 'a@contoso.example' }]);
    expect(get('/beta/groups/g1/owners').body.value).toEqual([]);
    const made = tenant.handle('POST', 'graph.microsoft.com', '/v1.0/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate', { displayName: 'a' }, USER).body as any;
    expect(get(`/v1.0/applications/${made.application.id}/owners`).body.value).toEqual([]);
    expect(get(`/v1.0/servicePrincipals/${made.servicePrincipal.id}/owners`).body.value).toEqual([]);
    // Deleting the application deletes its service principal and the assignments to it.
    tenant.handle('POST', 'graph.microsoft.com', `/v1.0/servicePrincipals/${made.servicePrincipal.id}/appRoleAssignedTo`, { principalId: 'g1', resourceId: made.servicePrincipal.id, appRoleId: '18d14569-c3bd-439b-9a66-3a2aee01d14f' }, USER);
    expect(tenant.handle('DELETE', 'graph.microsoft.com', `/v1.0/applications/${made.application.id}`, undefined, USER).status).toBe(204);
    expect(tenant.snapshot()).toMatchObject({ applications: [], servicePrincipals: [], appRoleAssignments: [] });
  });
});
