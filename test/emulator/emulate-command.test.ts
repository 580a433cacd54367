/** `entra-private-access emulate -- <command>`: the child reaches the emulator and its exit code is relayed. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli';

async function run(args: string[]): Promise<{ code: number; log: string[] }> {
  const log: string[] = [];
  const code = await main(args, (m) => log.push(m), () => undefined);
  return { code, log };
}

describe('entra-private-access emulate', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulate-test-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('runs the command against the seeded tenant, relays its exit code, and writes the requests and the tenant', async () => {
    fs.writeFileSync(path.join(dir, 'seed.json'), JSON.stringify({ groups: [{ id: 'g1', displayName: 'Linux Admins' }] }));
    // The child: signs in with the fake az, then calls Graph through the proxy with curl (as the
    // providers do), trusting only the emulator's CA through SSL_CERT_FILE.
    const script = [
      'set -e',
      'token=$(az account get-access-token --resource https://graph.microsoft.com -o json | node -e "process.stdout.write(JSON.parse(require(\'fs\').readFileSync(0)).accessToken)")',
      'curl -sS --fail --cacert "$SSL_CERT_FILE" -H "Authorization: Bearer $token" "https://graph.microsoft.com/v1.0/groups?\\$filter=displayName%20eq%20\'Linux%20Admins\'" > "$OUT"',
      'exit 7',
    ].join('\n');
    const out = path.join(dir, 'out.json');
    process.env.OUT = out;
    try {
      const result = await run(['emulate', '--seed', path.join(dir, 'seed.json'), '--record', path.join(dir, 'requests.json'), '--state', path.join(dir, 'tenant.json'), '--', 'sh', '-c', script]);
      expect(result.code).toBe(7);
    } finally {
      delete process.env.OUT;
    }
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).value).toEqual([{ id: 'g1', displayName: 'Linux Admins' }]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'requests.json'), 'utf8'))).toEqual([
      expect.objectContaining({ method: 'GET', path: 'groups', query: { $filter: "displayName eq 'Linux Admins'" }, identity: 'user', status: 200 }),
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'tenant.json'), 'utf8')).groups).toEqual([{ id: 'g1', displayName: 'Linux Admins' }]);
  });

  test('hosts it does not emulate are refused', async () => {
    const result = await run(['emulate', '--', 'sh', '-c', 'curl -sS --max-time 20 https://example.com/ >/dev/null 2>&1; echo $? > "$0"', path.join(dir, 'code')]);
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'code'), 'utf8').trim()).not.toBe('0');
  });

  test('without -- it is a usage error', async () => {
    expect((await run(['emulate', 'terraform', 'apply'])).code).toBe(2);
  });

  test('a seed that is not a tenant object is refused, naming the file', async () => {
    fs.writeFileSync(path.join(dir, 'seed.json'), '[1]');
    const result = await run(['emulate', '--seed', path.join(dir, 'seed.json'), '--', 'true']);
    expect(result.code).toBe(1);
    expect(result.log.join('\n')).toMatch(/seed\.json is not a JSON object/);
  });
});
