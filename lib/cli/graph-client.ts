/**
 * A small Microsoft Graph client for the CLI: GET with paging, throttling, retries and errors that
 * say which permission is missing. Tested against a local server that answers as Graph does.
 */

/** What the client needs. */
export interface GraphClientOptions {
  /** The Graph endpoint, such as `https://graph.microsoft.com` (no version). */
  readonly endpoint: string;
  /** A bearer token for Graph. */
  readonly token: string;
  /** Where progress goes (stderr in the CLI). */
  readonly progress?: (message: string) => void;
  /** How many times a throttled (429) or failed (5xx) request is retried. */
  readonly maxRetries?: number;
  /** The first wait before retrying a 5xx, doubled each time (ms). */
  readonly backoffMs?: number;
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

/** The permission (and role) each read needs, by the start of its path, for 401/403 messages. */
const PERMISSIONS: Array<[RegExp, string]> = [
  [/^identity\/conditionalAccess/, 'Policy.Read.All'],
  [/^onPremisesPublishingProfiles|\/connectorGroup$/, 'Directory.Read.All (Microsoft documents the connector-group reads for delegated permissions only: sign in as a user)'],
  [/^servicePrincipals\/[^/]+\/appRoleAssignedTo/, 'Application.Read.All'],
  [/^(applications|servicePrincipals)/, 'Application.Read.All'],
];

/** GETs from Microsoft Graph. */
export class GraphClient {
  private readonly maxRetries: number;
  private readonly backoffMs: number;

  constructor(private readonly options: GraphClientOptions) {
    this.maxRetries = options.maxRetries ?? 5;
    this.backoffMs = options.backoffMs ?? 1000;
  }

  /**
   * One object.
   *
   * @param path the path under the version, such as `applications/{id}`, with its query
   * @param version `beta` or `v1.0`
   * @returns the object, or undefined on 404
   */
  public async get(path: string, version: string): Promise<any | undefined> {
    return this.request(`${this.options.endpoint.replace(/\/+$/, '')}/${version}/${path}`, path, true);
  }

  /**
   * Every item of a collection, following `@odata.nextLink` page by page.
   *
   * @param path the collection's path under the version, with its query
   * @param version `beta` or `v1.0`
   */
  public async list(path: string, version: string): Promise<any[]> {
    const items: any[] = [];
    let url: string | undefined = `${this.options.endpoint.replace(/\/+$/, '')}/${version}/${path}`;
    let page = 0;
    while (url) {
      const body = await this.request(url, path, false);
      items.push(...((body?.value as any[]) ?? []));
      url = body?.['@odata.nextLink'];
      page++;
      if (url && page % 5 === 0) {
        this.options.progress?.(`  … ${items.length} items of ${path.split('?')[0]} so far`);
      }
    }
    return items;
  }

  private async request(url: string, path: string, notFoundIsEmpty: boolean): Promise<any | undefined> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json', ConsistencyLevel: 'eventual' } });
      } catch (err) {
        if (attempt < this.maxRetries) {
          await this.wait(this.backoffMs * 2 ** attempt, `GET ${path} failed (${(err as Error).message})`);
          continue;
        }
        throw new GraphError(`cannot reach Microsoft Graph at ${this.options.endpoint}: ${(err as Error).message}`, 0);
      }
      if (response.ok) {
        return response.json();
      }
      const text = await response.text();
      if (response.status === 404 && notFoundIsEmpty) {
        return undefined;
      }
      if (response.status === 429 && attempt < this.maxRetries) {
        const seconds = Number(response.headers.get('retry-after'));
        await this.wait(Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : this.backoffMs * 2 ** attempt, `Graph is throttling (429) GET ${path}`);
        continue;
      }
      if (response.status >= 500 && attempt < this.maxRetries) {
        await this.wait(this.backoffMs * 2 ** attempt, `Graph answered ${response.status} to GET ${path}`);
        continue;
      }
      throw new GraphError(this.describe(response.status, path, text), response.status);
    }
  }

  private describe(status: number, path: string, text: string): string {
    let detail = text.slice(0, 300);
    try {
      const body = JSON.parse(text);
      detail = [body?.error?.code, body?.error?.message].filter(Boolean).join(': ') || detail;
    } catch {
      // not JSON: keep the text
    }
    const bare = path.split('?')[0];
    if (status === 401 || status === 403) {
      const permission = PERMISSIONS.find(([pattern]) => pattern.test(bare))?.[1] ?? 'Application.Read.All';
      return (
        `Graph refused GET /${bare} (${status}${detail ? `: ${detail}` : ''}). The signed-in identity needs ${permission}, consented by an admin; ` +
        'reading Private Access settings also needs a role such as Global Secure Access Administrator or Application Administrator (or their reader roles)'
      );
    }
    return `Graph answered ${status} to GET /${bare}${detail ? `: ${detail}` : ''}`;
  }

  private async wait(ms: number, why: string): Promise<void> {
    this.options.progress?.(`${why}; retrying in ${Math.round(ms / 100) / 10} s`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
