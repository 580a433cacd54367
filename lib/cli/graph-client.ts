/**
 * A small Microsoft Graph client for the CLI: GET with paging, throttling, retries and errors that
 * say what to do. Tested against a local server that answers as Graph does.
 *
 * The token goes to the endpoint's own origin only: an `@odata.nextLink` that names another origin
 * stops the read, and redirects are not followed.
 */
import { logText } from '../private/log-text';

/** What the client needs. */
export interface GraphClientOptions {
  /** The Graph endpoint, such as `https://graph.microsoft.com` (a host root, no version). */
  readonly endpoint: string;
  /** A bearer token for Graph. */
  readonly token: string;
  /** Where progress goes (stderr in the CLI). */
  readonly progress?: (message: string) => void;
  /** How many times a throttled (429) or failed (5xx) request is retried. */
  readonly maxRetries?: number;
  /** The first wait before retrying a 5xx, doubled each time (ms). */
  readonly backoffMs?: number;
  /** The most pages one collection may have (a bound on `@odata.nextLink` loops). */
  readonly maxPages?: number;
}

/** A Graph error the CLI reports as it is (the message says what to do). */
export class GraphError extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** The permission (and role) each read needs, by the start of its path, for 403 messages. */
const PERMISSIONS: Array<[RegExp, string]> = [
  [/^identity\/conditionalAccess/, 'Policy.Read.All'],
  [/^onPremisesPublishingProfiles|\/connectorGroup$/, 'Directory.Read.All (Microsoft documents the connector-group reads for delegated permissions only: sign in as a user)'],
  [/^servicePrincipals\/[^/]+\/appRoleAssignedTo/, 'Application.Read.All'],
  [/^(applications|servicePrincipals)/, 'Application.Read.All'],
];

const VERSIONS = ['beta', 'v1.0'];
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a Graph endpoint and returns its origin: a host root such as `https://graph.microsoft.com`
 * (the client adds `/v1.0` or `/beta` per call), over https, or http on this machine's loopback
 * only (a local test server), with no credentials, path, query or fragment.
 *
 * @param endpoint the endpoint as the user gave it
 * @throws Error saying what is wrong and what to give instead
 */
export function graphOrigin(endpoint: string): string {
  const fix = 'give the host root of Microsoft Graph, such as https://graph.microsoft.com (https://graph.microsoft.us and https://microsoftgraph.chinacloudapi.cn for the national clouds)';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`the Graph endpoint ${logText(endpoint)} is not a URL; ${fix}`);
  }
  const version = /\/(v1\.0|beta)\/*$/i.exec(url.pathname)?.[1];
  if (version) {
    throw new Error(
      `the Graph endpoint ${logText(endpoint)} ends in /${version}; ${fix}: the client adds the version of each call itself (some reads are beta, others v1.0)`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new Error(
      `the Graph endpoint ${logText(endpoint)} is not https; the token would travel in clear text (http is accepted for a test server on this machine's loopback only); ${fix}`,
    );
  }
  if (url.username || url.password) {
    throw new Error(`the Graph endpoint ${logText(endpoint)} holds credentials; ${fix} (the token comes from ENTRA_PRIVATE_ACCESS_TOKEN or the Azure CLI)`);
  }
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) {
    throw new Error(`the Graph endpoint ${logText(endpoint)} has a path, query or fragment; ${fix}`);
  }
  return url.origin;
}

/** GETs from Microsoft Graph. */
export class GraphClient {
  private readonly origin: string;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxPages: number;

  constructor(private readonly options: GraphClientOptions) {
    this.origin = graphOrigin(options.endpoint);
    this.maxRetries = options.maxRetries ?? 5;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxPages = options.maxPages ?? 10_000;
  }

  /**
   * One object.
   *
   * @param path the path under the version, such as `applications/{id}`, with its query; IDs in it
   *   must be URI-encoded by the caller
   * @param version `beta` or `v1.0`
   * @returns the object, or undefined on 404
   */
  public async get(path: string, version: string): Promise<any | undefined> {
    return this.request(this.url(path, version), path, true);
  }

  /**
   * Every item of a collection, following `@odata.nextLink` page by page, on the endpoint's
   * origin only.
   *
   * @param path the collection's path under the version, with its query
   * @param version `beta` or `v1.0`
   */
  public async list(path: string, version: string): Promise<any[]> {
    const items: any[] = [];
    let url: string | undefined = this.url(path, version);
    const seen = new Set<string>([url]);
    for (let page = 1; url !== undefined; page++) {
      const body = await this.request(url, path, false);
      const value = body?.value;
      if (!Array.isArray(value)) {
        throw new GraphError(`Graph's answer to GET /${bare(path)} has no list of items ("value"); is ${this.origin} Microsoft Graph?`, 200);
      }
      items.push(...value);
      url = this.nextLink(body['@odata.nextLink'], path);
      if (url !== undefined && (seen.has(url) || page >= this.maxPages)) {
        throw new GraphError(
          seen.has(url)
            ? `Graph's @odata.nextLink for GET /${bare(path)} repeats a page it already gave; the read stops rather than loop`
            : `GET /${bare(path)} has more than ${this.maxPages} pages; the read stops rather than run without end`,
          200,
        );
      }
      if (url !== undefined) {
        seen.add(url);
        if (page % 5 === 0) {
          this.options.progress?.(`  … ${items.length} items of ${bare(path)} so far`);
        }
      }
    }
    return items;
  }

  private url(path: string, version: string): string {
    if (!VERSIONS.includes(version)) {
      throw new Error(`Graph version ${logText(version)} is not one of ${VERSIONS.join(', ')}`);
    }
    return `${this.origin}/${version}/${path}`;
  }

  /** The next page's URL, if the link is on the endpoint's origin; Graph's links are absolute. */
  private nextLink(link: unknown, path: string): string | undefined {
    if (link === undefined || link === null) {
      return undefined;
    }
    let url: URL | undefined;
    try {
      url = typeof link === 'string' ? new URL(link) : undefined;
    } catch {
      url = undefined;
    }
    if (!url) {
      throw new GraphError(`Graph's @odata.nextLink for GET /${bare(path)} is not a URL (${logText(link)}); the read stops`, 200);
    }
    if (url.origin !== this.origin) {
      throw new GraphError(
        `Graph's @odata.nextLink for GET /${bare(path)} points to another origin (${logText(url.origin)}); the token is sent to ${this.origin} only, so the read stops there`,
        200,
      );
    }
    return url.href;
  }

  private async request(url: string, path: string, notFoundIsEmpty: boolean): Promise<any | undefined> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json', ConsistencyLevel: 'eventual' },
          // A redirect is not followed: the token stays with the endpoint's origin.
          redirect: 'manual',
        });
      } catch (err) {
        if (attempt < this.maxRetries) {
          await this.wait(this.backoffMs * 2 ** attempt, `GET ${path} failed (${logText((err as Error).message)})`);
          continue;
        }
        throw new GraphError(`cannot reach Microsoft Graph at ${this.origin}: ${logText((err as Error).message)}`, 0);
      }
      if (response.ok) {
        try {
          return await response.json();
        } catch {
          throw new GraphError(`Graph's answer to GET /${bare(path)} is not JSON; is ${this.origin} Microsoft Graph?`, response.status);
        }
      }
      const text = await response.text();
      if (response.status === 404 && notFoundIsEmpty) {
        return undefined;
      }
      if (response.status === 429 && attempt < this.maxRetries) {
        const seconds = Number(response.headers.get('retry-after'));
        await this.wait(Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 300) * 1000 : this.backoffMs * 2 ** attempt, `Graph is throttling (429) GET ${path}`);
        continue;
      }
      if (response.status >= 500 && attempt < this.maxRetries) {
        await this.wait(this.backoffMs * 2 ** attempt, `Graph answered ${response.status} to GET ${path}`);
        continue;
      }
      if (response.status >= 300 && response.status < 400) {
        throw new GraphError(
          `Graph answered ${response.status} to GET /${bare(path)}, a redirect to ${logText(response.headers.get('location') ?? '(nowhere)')}; redirects are not followed, so that the token stays with ${this.origin}: check --graph-endpoint`,
          response.status,
        );
      }
      throw new GraphError(describe(response.status, path, text), response.status);
    }
  }

  private async wait(ms: number, why: string): Promise<void> {
    this.options.progress?.(`${why}; retrying in ${Math.round(ms / 100) / 10} s`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** The path without its query. */
function bare(path: string): string {
  return path.split('?')[0];
}

/** Graph's error code and message, quoted (they are Graph's text), or the start of a body that is not JSON. */
function graphDetail(text: string): { code: string; message: string; detail: string } {
  let code = '';
  let message = '';
  try {
    const body = JSON.parse(text);
    code = typeof body?.error?.code === 'string' ? body.error.code : '';
    message = typeof body?.error?.message === 'string' ? body.error.message : '';
  } catch {
    // not JSON
  }
  const parts = code || message ? [code && logText(code), message && logText(message)].filter(Boolean) : text ? [logText(text.slice(0, 300))] : [];
  return { code, message, detail: parts.join(': ') };
}

/**
 * What a 401 or 403 means and what to do about it; otherwise Graph's status and error.
 * 401 is the token (expired, not yet valid, for another resource, malformed); 403 is a permission
 * or role the signed-in identity lacks.
 */
function describe(status: number, path: string, text: string): string {
  const { message, detail } = graphDetail(text);
  const where = `GET /${bare(path)} (${status}${detail ? `: ${detail}` : ''})`;
  if (status === 401) {
    const fix = /expired|not yet valid|lifetime/i.test(message)
      ? 'The token has expired (or is not yet valid): sign in again with `az login`, or put a fresh token in ENTRA_PRIVATE_ACCESS_TOKEN'
      : /audience/i.test(message)
        ? 'The token is for another resource: get one for Microsoft Graph, whose resource is https://graph.microsoft.com (`az account get-access-token --resource-type ms-graph`), and for the cloud of --graph-endpoint'
        : 'The token is missing, malformed or not for Microsoft Graph: sign in again with `az login`, or put a token for https://graph.microsoft.com in ENTRA_PRIVATE_ACCESS_TOKEN';
    return `Graph refused the token for ${where}. ${fix}`;
  }
  if (status === 403) {
    const permission = PERMISSIONS.find(([pattern]) => pattern.test(bare(path)))?.[1] ?? 'Application.Read.All';
    return (
      `Graph refused ${where}: the signed-in identity lacks a permission. It needs ${permission}, consented by an admin; ` +
      'reading Private Access settings also needs a role such as Global Secure Access Administrator or Application Administrator (or their reader roles)'
    );
  }
  return `Graph answered ${status} to GET /${bare(path)}${detail ? `: ${detail}` : ''}`;
}
