import * as http from 'http';
import { AddressInfo } from 'net';
import { GraphClient, GraphError, graphOrigin } from '../../lib/cli/graph-client';

interface TestServer {
  readonly url: string;
  /** Every request: its path and query, and its Authorization header. */
  readonly requests: Array<{ url: string; authorization?: string }>;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that answers every request with `answer(path)`, recording the requests. */
async function serve(answer: (url: string, base: string) => { status: number; body?: unknown; headers?: Record<string, string> }): Promise<TestServer> {
  const requests: Array<{ url: string; authorization?: string }> = [];
  let base = '';
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const { status, body, headers } = answer(req.url ?? '', base);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A server that answers every request with `status` and a Graph error body. */
function failing(status: number, code = 'serviceNotAvailable', message = 'Service unavailable.'): Promise<TestServer> {
  return serve(() => ({ status, body: { error: { code, message } } }));
}

describe('GraphClient', () => {
  test('gives up on a persistent 5xx after its retries, with Graph’s error', async () => {
    const server = await failing(503);
    const progress: string[] = [];
    try {
      const client = new GraphClient({ endpoint: server.url, token: 't', maxRetries: 2, backoffMs: 5, progress: (m) => progress.push(m) });
      await expect(client.list('applications?$top=1', 'beta')).rejects.toThrow(new GraphError('Graph answered 503 to GET /applications: "serviceNotAvailable": "Service unavailable."', 503));
      expect(server.requests).toHaveLength(3);
      expect(progress).toEqual(['Graph answered 503 to GET applications?$top=1; retrying in 0 s', 'Graph answered 503 to GET applications?$top=1; retrying in 0 s']);
    } finally {
      await server.close();
    }
  });

  test('a 404 of one object is no object', async () => {
    const missing = await failing(404, 'Request_ResourceNotFound', 'Resource not found.');
    try {
      await expect(new GraphClient({ endpoint: missing.url, token: 't' }).get('applications/x/connectorGroup', 'beta')).resolves.toBeUndefined();
    } finally {
      await missing.close();
    }
  });

  describe('tells a 401 (the token) from a 403 (a permission), and says what to do', () => {
    test.each([
      [
        'an expired token',
        'Access token has expired or is not yet valid.',
        'Graph refused the token for GET /applications/x (401: "InvalidAuthenticationToken": "Access token has expired or is not yet valid."). The token has expired (or is not yet valid): sign in again with `az login`, or put a fresh token in ENTRA_PRIVATE_ACCESS_TOKEN',
      ],
      [
        'a token for another resource',
        'Access token validation failure. Invalid audience.',
        'Graph refused the token for GET /applications/x (401: "InvalidAuthenticationToken": "Access token validation failure. Invalid audience."). The token is for another resource: get one for Microsoft Graph, whose resource is https://graph.microsoft.com (`az account get-access-token --resource-type ms-graph`), and for the cloud of --graph-endpoint',
      ],
      [
        'a malformed token',
        'IDX14100: JWT is not well formed.',
        'Graph refused the token for GET /applications/x (401: "InvalidAuthenticationToken": "IDX14100: JWT is not well formed."). The token is missing, malformed or not for Microsoft Graph: sign in again with `az login`, or put a token for https://graph.microsoft.com in ENTRA_PRIVATE_ACCESS_TOKEN',
      ],
    ])('401 for %s', async (_, message, expected) => {
      const server = await failing(401, 'InvalidAuthenticationToken', message);
      try {
        await expect(new GraphClient({ endpoint: server.url, token: 't' }).get('applications/x', 'beta')).rejects.toThrow(new GraphError(expected, 401));
        expect(server.requests).toHaveLength(1); // an auth error is not retried
      } finally {
        await server.close();
      }
    });

    test('403 names the permission and the role', async () => {
      const server = await failing(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      try {
        await expect(new GraphClient({ endpoint: server.url, token: 't' }).list('applications/x/connectorGroup', 'beta')).rejects.toThrow(
          'Graph refused GET /applications/x/connectorGroup (403: "Authorization_RequestDenied": "Insufficient privileges to complete the operation."): the signed-in identity lacks a permission. It needs Directory.Read.All (Microsoft documents the connector-group reads for delegated permissions only: sign in as a user), consented by an admin; reading Private Access settings also needs a role such as Global Secure Access Administrator or Application Administrator (or their reader roles)',
        );
      } finally {
        await server.close();
      }
    });

    test("Graph's text in the message stays on one line", async () => {
      const server = await failing(403, 'AccessDenied\n', 'Denied.\nentra-private-access import: wrote adopted.ts\u2028ok');
      try {
        const err: Error = await new GraphClient({ endpoint: server.url, token: 't' }).get('applications', 'beta').catch((e) => e);
        expect(err.message).toMatch(/^Graph refused GET \/applications \(403: "AccessDenied\\n": "Denied\.\\nentra-private-access import: wrote adopted\.ts\\u2028ok"\): /);
        expect(err.message).not.toMatch(/[\n\r\u2028\u2029]/);
      } finally {
        await server.close();
      }
    });
  });

  describe('sends the token to the endpoint’s origin only', () => {
    test('an @odata.nextLink to another origin stops the read; that origin gets nothing', async () => {
      const elsewhere = await serve(() => ({ status: 200, body: { value: [{ id: 'stolen' }] } }));
      const graph = await serve(() => ({ status: 200, body: { value: [{ id: 'a' }], '@odata.nextLink': `${elsewhere.url}/v1.0/applications?$skiptoken=2` } }));
      try {
        await expect(new GraphClient({ endpoint: graph.url, token: 'secret-token' }).list('applications', 'v1.0')).rejects.toThrow(
          `Graph's @odata.nextLink for GET /applications points to another origin ("${elsewhere.url}"); the token is sent to ${graph.url} only, so the read stops there`,
        );
        expect(elsewhere.requests).toEqual([]);
        expect(graph.requests.map((r) => r.authorization)).toEqual(['Bearer secret-token']);
      } finally {
        await graph.close();
        await elsewhere.close();
      }
    });

    test('a redirect is not followed', async () => {
      const elsewhere = await serve(() => ({ status: 200, body: { value: [] } }));
      const graph = await serve(() => ({ status: 302, headers: { Location: `${elsewhere.url}/v1.0/applications` } }));
      try {
        await expect(new GraphClient({ endpoint: graph.url, token: 'secret-token' }).list('applications', 'v1.0')).rejects.toThrow(
          `Graph answered 302 to GET /applications, a redirect to "${elsewhere.url}/v1.0/applications"; redirects are not followed, so that the token stays with ${graph.url}: check --graph-endpoint`,
        );
        expect(elsewhere.requests).toEqual([]);
      } finally {
        await graph.close();
        await elsewhere.close();
      }
    });

    test('paging on the same origin is followed; a link that repeats a page, or too many pages, stops', async () => {
      const graph = await serve((url, base) =>
        url.includes('loop')
          ? { status: 200, body: { value: [1], '@odata.nextLink': `${base}/v1.0/loop` } }
          : url.includes('skiptoken=')
            ? { status: 200, body: { value: [Number(/skiptoken=(\d+)/.exec(url)![1])], '@odata.nextLink': `${base}/v1.0/many?$skiptoken=${Number(/skiptoken=(\d+)/.exec(url)![1]) + 1}` } }
            : { status: 200, body: { value: [1], '@odata.nextLink': `${base}/v1.0/many?$skiptoken=2` } },
      );
      try {
        const client = new GraphClient({ endpoint: graph.url, token: 't', maxPages: 4 });
        await expect(client.list('loop', 'v1.0')).rejects.toThrow("Graph's @odata.nextLink for GET /loop repeats a page it already gave; the read stops rather than loop");
        await expect(client.list('many', 'v1.0')).rejects.toThrow('GET /many has more than 4 pages; the read stops rather than run without end');
        expect(graph.requests.filter((r) => r.url.startsWith('/v1.0/many'))).toHaveLength(4);
      } finally {
        await graph.close();
      }
    });
  });

  test('cannot reach Graph: says where it tried', async () => {
    const server = await failing(200);
    const url = server.url;
    await server.close();
    await expect(new GraphClient({ endpoint: url, token: 't', maxRetries: 1, backoffMs: 1 }).get('applications', 'beta')).rejects.toThrow(`cannot reach Microsoft Graph at ${url}: "fetch failed"`);
  });
});

describe('graphOrigin', () => {
  test('takes a host root over https, or http on the loopback', () => {
    expect(graphOrigin('https://graph.microsoft.com')).toBe('https://graph.microsoft.com');
    expect(graphOrigin('https://graph.microsoft.us/')).toBe('https://graph.microsoft.us');
    expect(graphOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(graphOrigin('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(graphOrigin('http://[::1]:8080')).toBe('http://[::1]:8080');
  });

  test.each([
    ['https://graph.microsoft.com/v1.0', /^the Graph endpoint "https:\/\/graph\.microsoft\.com\/v1\.0" ends in \/v1\.0; give the host root of Microsoft Graph, such as https:\/\/graph\.microsoft\.com .*: the client adds the version of each call itself/],
    ['https://graph.microsoft.com/beta/', /ends in \/beta; give the host root/],
    ['http://graph.microsoft.com', /^the Graph endpoint "http:\/\/graph\.microsoft\.com" is not https; the token would travel in clear text \(http is accepted for a test server on this machine's loopback only\)/],
    ['http://127.0.0.1.example.com', /is not https/],
    ['ftp://graph.microsoft.com', /is not https/],
    ['https://user:pass@graph.microsoft.com', /holds credentials/],
    ['https://graph.microsoft.com/me', /has a path, query or fragment/],
    ['https://graph.microsoft.com?x=1', /has a path, query or fragment/],
    ['graph.microsoft.com', /^the Graph endpoint "graph\.microsoft\.com" is not a URL; give the host root/],
  ])('refuses %s', (endpoint, message) => {
    expect(() => graphOrigin(endpoint)).toThrow(message);
    expect(() => new GraphClient({ endpoint, token: 't' })).toThrow(message);
  });
});
