/**
 * A fake Azure CLI (`az`) for the providers' CLI authentication (facts §13): it answers
 * `az version`, `az account show` and `az account get-access-token` with a token for the emulated
 * tenant. The identity it signs in as (a user, delegated, or an app, app-only) is read from a file
 * next to it at every call, so the emulator can switch it between runs.
 *
 * The token is a JWT that the emulator reads back: azuread parses it (base64url, no signature
 * check) and needs `oid` and `tid`; msgraph never parses it. It is signed by nothing and is worth
 * nothing outside the emulator.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CallerIdentity } from './tenant';

/** The identity the fake `az` signs in as. */
export interface FakeAzIdentity extends CallerIdentity {
  /** The tenant ID. */
  readonly tenantId: string;
}

/** The claims of an emulator token. */
export function tokenFor(identity: FakeAzIdentity): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims = {
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${identity.tenantId}/`,
    iat: 1767225600,
    nbf: 1767225600,
    exp: 4070908800,
    tid: identity.tenantId,
    oid: identity.objectId,
    sub: identity.objectId,
    // Graph's own marker of the token kind.
    idtyp: identity.kind,
    ...(identity.kind === 'user'
      ? { upn: identity.name, name: identity.name, scp: 'Application.ReadWrite.All Directory.ReadWrite.All Policy.ReadWrite.ConditionalAccess' }
      : { app_displayname: identity.name, roles: ['Application.ReadWrite.All', 'Directory.ReadWrite.All'] }),
    appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  };
  return `${b64({ typ: 'JWT', alg: 'RS256', kid: 'emulator' })}.${b64(claims)}.${Buffer.from('emulator-signature').toString('base64url')}`;
}

/** Reads the identity out of an emulator token, or undefined if it is not one. */
export function identityOfToken(authorization: string | undefined): CallerIdentity | undefined {
  const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authorization ?? '');
  if (!m) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8'));
    if ((claims.idtyp !== 'user' && claims.idtyp !== 'app') || typeof claims.oid !== 'string') {
      return undefined;
    }
    return { kind: claims.idtyp, objectId: claims.oid, name: String(claims.upn ?? claims.app_displayname ?? '') };
  } catch {
    return undefined;
  }
}

// The script: plain JavaScript run by this node binary, with no dependency. It prints JSON as the
// Azure CLI does, or an error and exit code 1 for a command it does not know.
const SCRIPT = `'use strict';
const fs = require('fs');
const path = require('path');
const identity = JSON.parse(fs.readFileSync(path.join(__dirname, 'identity.json'), 'utf8'));
const args = process.argv.slice(2);
const out = (v) => process.stdout.write(JSON.stringify(v, null, 2) + '\\n');
const words = args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
if (args[0] === 'version' || args[0] === '--version') {
  out({ 'azure-cli': '2.67.0', 'azure-cli-core': '2.67.0', 'azure-cli-telemetry': '1.1.0', extensions: {} });
} else if (words === 'account show') {
  out({
    environmentName: 'AzureCloud', id: '00000000-0000-0000-0000-00000000e001', isDefault: true, name: 'emulated subscription',
    state: 'Enabled', tenantId: identity.tenantId, homeTenantId: identity.tenantId,
    user: { name: identity.name, type: identity.kind === 'user' ? 'user' : 'servicePrincipal' },
  });
} else if (words === 'account get-access-token') {
  out({ accessToken: identity.token, expiresOn: '2099-01-01 00:00:00.000000', expires_on: 4070908800, subscription: '00000000-0000-0000-0000-00000000e001', tenant: identity.tenantId, tokenType: 'Bearer' });
} else {
  process.stderr.write('ERROR: the emulator\\'s az answers only "version", "account show" and "account get-access-token", not: az ' + args.join(' ') + '\\n');
  process.exit(1);
}
`;

/**
 * Writes the fake `az` into `binDir` (which the child's PATH lists first) for `identity`.
 *
 * @returns the path of the `az` executable
 */
export function writeFakeAz(binDir: string, identity: FakeAzIdentity): string {
  fs.mkdirSync(binDir, { recursive: true });
  fs.writeFileSync(path.join(binDir, 'az.js'), SCRIPT);
  setFakeAzIdentity(binDir, identity);
  const az = path.join(binDir, process.platform === 'win32' ? 'az.cmd' : 'az');
  if (process.platform === 'win32') {
    fs.writeFileSync(az, `@"${process.execPath}" "%~dp0az.js" %*\r\n`);
  } else {
    fs.writeFileSync(az, `#!/bin/sh\nexec '${process.execPath.replace(/'/g, `'\\''`)}' "$(dirname "$0")/az.js" "$@"\n`, { mode: 0o755 });
  }
  return az;
}

/** Switches the identity the fake `az` in `binDir` signs in as. */
export function setFakeAzIdentity(binDir: string, identity: FakeAzIdentity): void {
  fs.writeFileSync(path.join(binDir, 'identity.json'), JSON.stringify({ ...identity, token: tokenFor(identity) }));
}
