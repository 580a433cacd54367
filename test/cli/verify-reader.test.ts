import { GraphReads, nextPath, readPages, readTraffic } from '../../lib/readers/tenant-reader';

const ENDPOINT = 'http://127.0.0.1:8080';

/** A Graph that serves `total` numbered items from one collection, `size` a page, and records each GET. */
function pagedGraph(total: number, size: number, link: (skip: number) => string = (skip) => `${ENDPOINT}/beta/items?$skiptoken=${skip}`): GraphReads & { gets: string[] } {
  const gets: string[] = [];
  return {
    gets,
    get: async (path: string) => {
      gets.push(path);
      const skip = Number(/\$skiptoken=(\d+)/.exec(path)?.[1] ?? '0');
      const value = Array.from({ length: Math.max(0, Math.min(size, total - skip)) }, (_, i) => ({ n: skip + i }));
      return { value, ...(skip + size < total ? { '@odata.nextLink': link(skip + size) } : {}) };
    },
  };
}

describe('the reader: paging', () => {
  test('follows next-page links to the end, relative to the endpoint and version', async () => {
    const graph = pagedGraph(25, 10);
    const read = await readPages(graph, 'items', 'beta', { endpoint: ENDPOINT, maxPages: 10 });
    expect(read).toEqual({ items: Array.from({ length: 25 }, (_, n) => ({ n })), truncated: false });
    expect(graph.gets).toEqual(['items', 'items?$skiptoken=10', 'items?$skiptoken=20']);
  });

  test('stops at the page bound and at the item bound, and says so', async () => {
    expect(await readPages(pagedGraph(1000, 10), 'items', 'beta', { endpoint: ENDPOINT, maxPages: 3 })).toMatchObject({ truncated: true, items: { length: 30 } });
    expect(await readPages(pagedGraph(1000, 10), 'items', 'beta', { endpoint: ENDPOINT, maxPages: 100, maxItems: 25 })).toMatchObject({ truncated: true, items: { length: 25 } });
    // A server that never stops sending links is stopped by the bound.
    const endless: GraphReads = { get: async () => ({ value: [], '@odata.nextLink': `${ENDPOINT}/beta/items?$skiptoken=again` }) };
    expect(await readPages(endless, 'items', 'beta', { endpoint: ENDPOINT, maxPages: 5 })).toEqual({ items: [], truncated: true });
  });

  test('refuses a next-page link to another origin or another version, and a body that is no collection', async () => {
    expect(() => nextPath('https://graph.example.net/beta/items?$skiptoken=1', ENDPOINT, 'beta')).toThrow(/leaves http:\/\/127\.0\.0\.1:8080\/beta; refusing to follow it/);
    expect(() => nextPath(`${ENDPOINT}/v1.0/items?$skiptoken=1`, ENDPOINT, 'beta')).toThrow(/refusing to follow it/);
    expect(() => nextPath('not a url', ENDPOINT, 'beta')).toThrow(/is not a URL/);
    expect(nextPath('https://graph.microsoft.com/beta/networkAccess/logs/traffic?$skiptoken=x', 'https://graph.microsoft.com', 'beta')).toBe('networkAccess/logs/traffic?$skiptoken=x');
    await expect(readPages({ get: async () => ({ id: 'x' }) }, 'items', 'beta', { endpoint: ENDPOINT, maxPages: 5 })).rejects.toThrow('without a "value" list');
    await expect(readPages({ get: async () => undefined }, 'items', 'beta', { endpoint: ENDPOINT, maxPages: 5 })).rejects.toThrow('Graph answered 404');
  });

  test('traffic logs in pages smaller than 1000 are read up to the entry bound, not cut at a page count', async () => {
    const entry = (n: number) => ({ createdDateTime: '2026-02-10T00:00:00Z', trafficType: 'private', destinationIp: '10.0.0.1', destinationPort: 22, transportProtocol: 'TCP', userPrincipalName: `u${n}@contoso.com` });
    const gets: string[] = [];
    const graph: GraphReads = {
      get: async (path: string) => {
        gets.push(path);
        const skip = Number(/\$skiptoken=(\d+)/.exec(path)?.[1] ?? '0');
        return { value: Array.from({ length: 100 }, (_, i) => entry(skip + i)), '@odata.nextLink': `${ENDPOINT}/beta/networkAccess/logs/traffic?$skiptoken=${skip + 100}` };
      },
    };
    const read = await readTraffic(graph, { start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z' }, { endpoint: ENDPOINT, maxEntries: 2500 });
    expect(read.entries).toHaveLength(2500);
    expect(read.truncated).toBe(true);
    expect(read.entries[0]).toEqual({ createdDateTime: '2026-02-10T00:00:00Z', userPrincipalName: 'u0@contoso.com', ip: '10.0.0.1', port: 22, protocol: 'tcp' });
    expect(gets).toHaveLength(25);
  });
});
