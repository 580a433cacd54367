import * as http from 'http';
import { AddressInfo } from 'net';
import { GraphClient, GraphError } from '../../lib/cli/graph-client';

/** A server that answers every request with `status` and a Graph error body, counting requests. */
async function failing(status: number): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = http.createServer((_req, res) => {
    count++;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'serviceNotAvailable', message: 'Service unavailable.' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('GraphClient', () => {
  test('gives up on a persistent 5xx after its retries, with Graph’s error', async () => {
    const server = await failing(503);
    const progress: string[] = [];
    try {
      const client = new GraphClient({ endpoint: server.url, token: 't', maxRetries: 2, backoffMs: 5, progress: (m) => progress.push(m) });
      await expect(client.list('applications?$top=1', 'beta')).rejects.toThrow(new GraphError('Graph answered 503 to GET /applications: serviceNotAvailable: Service unavailable.', 503));
      expect(server.count()).toBe(3);
      expect(progress).toEqual(['Graph answered 503 to GET applications?$top=1; retrying in 0 s', 'Graph answered 503 to GET applications?$top=1; retrying in 0 s']);
    } finally {
      await server.close();
    }
  });

  test('a 401 on an app read names Application.Read.All; a 404 of one object is no object', async () => {
    const unauthorized = await failing(401);
    const missing = await failing(404);
    try {
      await expect(new GraphClient({ endpoint: unauthorized.url, token: 't' }).get('applications/x', 'beta')).rejects.toThrow(/^Graph refused GET \/applications\/x \(401: .*\)\. The signed-in identity needs Application\.Read\.All/);
      expect(unauthorized.count()).toBe(1); // an auth error is not retried
      await expect(new GraphClient({ endpoint: missing.url, token: 't' }).get('applications/x/connectorGroup', 'beta')).resolves.toBeUndefined();
    } finally {
      await unauthorized.close();
      await missing.close();
    }
  });

  test('cannot reach Graph: says where it tried', async () => {
    const server = await failing(200);
    const url = server.url;
    await server.close();
    await expect(new GraphClient({ endpoint: url, token: 't', maxRetries: 1, backoffMs: 1 }).get('applications', 'beta')).rejects.toThrow(`cannot reach Microsoft Graph at ${url}: fetch failed`);
  });
});
