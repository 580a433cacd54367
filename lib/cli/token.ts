import { spawnSync } from 'child_process';

/** The environment variable that holds a Graph token for the CLI. */
export const TOKEN_VARIABLE = 'ENTRA_PRIVATE_ACCESS_TOKEN';

/**
 * A bearer token for Microsoft Graph: `ENTRA_PRIVATE_ACCESS_TOKEN` if set, else the Azure CLI's
 * (`az account get-access-token --resource-type ms-graph`). The token is never printed.
 */
export function graphToken(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[TOKEN_VARIABLE]?.trim();
  if (fromEnv) {
    return fromEnv;
  }
  const az = spawnSync('az', ['account', 'get-access-token', '--resource-type', 'ms-graph', '--query', 'accessToken', '--output', 'tsv'], {
    encoding: 'utf8',
    env,
    shell: process.platform === 'win32',
  });
  const token = az.status === 0 ? az.stdout.trim() : '';
  if (!token) {
    const why = az.error ? `the Azure CLI (az) is not installed or not on PATH (${az.error.message})` : `az account get-access-token failed: ${(az.stderr || '').trim().split('\n')[0] || `exit ${az.status}`}`;
    throw new Error(`no Microsoft Graph token: set ${TOKEN_VARIABLE}, or sign in with \`az login\` (${why})`);
  }
  return token;
}
