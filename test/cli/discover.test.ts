import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { parse } from 'csv-parse/sync';
import type { DiscoveryProposal } from '../../lib/analysis/discover';
import { PrivateAccessInventory } from '../../lib';
import { runCli } from './run-cli';
import { testStack } from '../util';
import { discoveryTenant, IDS, PERIOD_END, startTenantGraph, TenantGraph, TOKEN } from './tenant-graph';

const ROOT = path.join(__dirname, '..', '..');

function run(args: string[]): Promise<{ code: number; out: string; log: string[] }> {
  return runCli(args, TOKEN);
}

/** The CSV's rows, as objects by column. */
function rowsOf(file: string): Array<Record<string, string>> {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true, bom: true });
}

/** Reads the CSV back as the program would, synthesizing with validations; returns the stack's JSON or the validation error. */
function readBack(file: string): { json?: any; error?: string } {
  const stack = testStack();
  PrivateAccessInventory.fromMigrate2GsaCsv(stack, 'Discovered', { file });
  try {
    return { json: JSON.parse(Testing.synth(stack, true)) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('entra-private-access discover', () => {
  let graph: TenantGraph;
  let work: string;
  beforeAll(async () => {
    graph = await startTenantGraph(discoveryTenant(), { pageSize: 50 });
  });
  afterAll(() => graph.close());
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const base = () => ['discover', '--graph-endpoint', graph.url, '--until', PERIOD_END, '--since', '30d'];

  test('reads the paged report and thousands of log entries, proposes apps by domain and network, and writes a CSV the inventory reads', async () => {
    graph.requests.length = 0;
    const out = path.join(work, 'proposal.csv');
    const { code, out: summary, log } = await run([...base(), '--out', out, '--format', 'json', '--progress']);
    expect(log.filter((l) => l.startsWith('entra-private-access'))).toEqual([]);
    expect(code).toBe(0);
    const proposal: DiscoveryProposal = JSON.parse(summary);

    // Read: every page of the report (50 a page) and of the traffic logs (1000 a page), the period asked for.
    const reportPages = graph.requests.filter((r) => r.includes('getDiscoveredApplicationSegmentReport(startDateTime=2026-01-30T00:00:00Z,endDateTime=2026-03-01T00:00:00Z)'));
    expect(reportPages.length).toBe(Math.ceil(proposal.discoveredSegments / 50));
    const trafficPages = graph.requests.filter((r) => r.startsWith('GET /beta/networkAccess/logs/traffic'));
    expect(proposal.trafficEntries).toBeGreaterThan(3000);
    expect(trafficPages.length).toBe(Math.ceil(proposal.trafficEntries / 1000));
    expect(decodeURIComponent(trafficPages[0])).toContain("$filter=createdDateTime ge 2026-01-30T00:00:00Z and createdDateTime lt 2026-03-01T00:00:00Z and trafficType eq 'private'");
    expect(graph.requests.every((r) => r.startsWith('GET '))).toBe(true);
    expect(proposal.trafficTruncated).toBe(false);

    expect(proposal.applications.map((a) => [a.displayName, a.groupedBy, a.segments.length, a.connectorGroup])).toEqual([
      ['Discovered 10.0.1.0/24', 'network 10.0.1.0/24', 150, 'Placeholder_Replace_Me'], // SSH through Linux, RDP through Windows connectors
      ['Discovered 10.1.5.0/24', 'network 10.1.5.0/24', 1, 'Windows connectors'],
      ['Discovered 10.2.0.0/24', 'network 10.2.0.0/24', 2, 'Linux connectors'],
      ['Discovered corp.contoso.com', 'domain corp.contoso.com', 123, 'Linux connectors'],
      ['Discovered lab.fabrikam.net', 'domain lab.fabrikam.net', 40, 'Linux connectors'],
    ]);
    const corp = proposal.applications.find((a) => a.displayName === 'Discovered corp.contoso.com')!;
    expect(corp.segments.find((s) => s.destination === 'jira.corp.contoso.com')).toMatchObject({ destinationType: 'fqdn', protocol: 'tcp', ports: [443, 8080] });
    expect(corp.quickAccessSegmentsMadeUnnecessary).toEqual(['wiki.corp.contoso.com tcp 443']);
    expect(proposal.applications.find((a) => a.displayName === 'Discovered 10.1.5.0/24')!.quickAccessSegmentsMadeUnnecessary).toEqual(['10.1.5.10 tcp 3389']);
    expect(proposal.applications.find((a) => a.displayName === 'Discovered 10.0.1.0/24')!.quickAccessSegmentsPartlyTaken).toEqual(['10.0.0.0/16 tcp 1-65535']);
    // A wildcard is never made unnecessary by the names under it.
    expect(proposal.applications.find((a) => a.displayName === 'Discovered lab.fabrikam.net')!).toMatchObject({ quickAccessSegmentsMadeUnnecessary: [], quickAccessSegmentsPartlyTaken: ['*.lab.fabrikam.net tcp 22'] });
    expect(proposal.skipped.map((s) => `${s.reason}: ${s.count}`)).toEqual([
      'a name Private Access does not take as an FQDN segment (single-label, malformed or with control characters): 1',
      'access type privateAccess, not quickAccess: 1',
      'an address that is not IPv4 (Private Access supports IPv4 only): 1',
      'protocol icmp: Private Access segments carry TCP and UDP: 1',
      'used by fewer than 1 user(s): 1',
    ]);

    // The users of a segment are the ones the traffic logs name; internet traffic and traffic before the period do not count.
    const rows = rowsOf(out);
    expect(rows).toHaveLength(316);
    const wiki = rows.find((r) => r.destinationHost === 'wiki.corp.contoso.com')!;
    expect(wiki).toMatchObject({ EnterpriseAppName: 'Discovered corp.contoso.com', DestinationType: 'FQDN', Protocol: 'TCP', Ports: '443', ConnectorGroup: 'Linux connectors', Provision: 'Yes', isQuickAccess: 'no', EntraGroups: '' });
    expect(wiki.EntraUsers.split('; ').every((u) => /^user\d\d@contoso\.com$/.test(u))).toBe(true);
    expect(fs.readFileSync(out, 'utf8')).not.toMatch(/intruder|former/);

    // Read back by the inventory: the one app whose traffic went through two connector groups waits for a person.
    const back = readBack(out);
    const errors = (back.error ?? '').split('\n').filter((l) => l.includes('[test/Discovered]'));
    expect(errors).toHaveLength(150);
    expect(errors.every((l) => /proposal\.csv, row DISC-000\d\d\d, column ConnectorGroup: "Placeholder_Replace_Me" is a placeholder a converter left/.test(l))).toBe(true);
  });

  test('split by port, every app gets the connector group that carried its traffic, and the CSV reads back into the same apps, segments and users', async () => {
    const out = path.join(work, 'proposal.csv');
    const { code, out: summary } = await run([...base(), '--out', out, '--format', 'json', '--split-by-port', '--group-by-domain-labels', '4']);
    expect(code).toBe(0);
    const proposal: DiscoveryProposal = JSON.parse(summary);
    expect(proposal.applications.map((a) => `${a.displayName} [${a.connectorGroup}]`)).toEqual([
      'Discovered 10.0.1.0/24 (tcp 22) [Linux connectors]',
      'Discovered 10.0.1.0/24 (tcp 3389) [Windows connectors]',
      'Discovered 10.1.5.0/24 (tcp 3389) [Windows connectors]',
      'Discovered 10.2.0.0/24 (udp 53) [Linux connectors]',
      'Discovered apps.corp.contoso.com (tcp 443) [Linux connectors]',
      'Discovered git.corp.contoso.com (tcp 22) [Linux connectors]',
      'Discovered git.corp.contoso.com (tcp 443) [Linux connectors]',
      'Discovered host1.lab.fabrikam.net (tcp 22) [Linux connectors]',
      ...Array.from({ length: 39 }, (_, i) => i + 2)
        .map((i) => `Discovered host${i}.lab.fabrikam.net (tcp 22) [Linux connectors]`)
        .sort(),
      'Discovered jira.corp.contoso.com (tcp 443) [Linux connectors]',
      'Discovered jira.corp.contoso.com (tcp 8080) [Linux connectors]',
      'Discovered wiki.corp.contoso.com (tcp 443) [Linux connectors]',
    ].sort());

    const back = readBack(out);
    expect(back.error).toBeUndefined();
    const tf = back.json;
    const apps = Object.values<any>(tf.resource.azuread_application_from_template).map((a) => a.display_name).sort();
    expect(apps).toEqual(proposal.applications.map((a) => a.displayName).sort());
    const segments = Object.values<any>(tf.resource.msgraph_resource).filter((r) => String(r.url).endsWith('/applicationSegments'));
    expect(segments).toHaveLength(proposal.applications.reduce((n, a) => n + a.segments.length, 0));
    const users = new Set(Object.values<any>(tf.data.azuread_user).map((u) => u.user_principal_name));
    expect([...users].sort()).toEqual([...new Set(proposal.applications.flatMap((a) => a.users))].sort());
  });

  test('--program writes a fixed program that reads the CSV; run as a user would, it synthesizes the proposed apps', async () => {
    // Inside the repository (a folder .gitignore ignores), so that the program resolves cdktf.
    const dir = fs.mkdtempSync(path.join(ROOT, '.import-test-discover-'));
    try {
      const out = path.join(dir, 'discovered.csv');
      const program = path.join(dir, 'discovered.ts');
      const { code, out: summary, log } = await run([...base(), '--out', out, '--program', program, '--connector-group', 'Linux connectors', '--library', path.join(ROOT, 'lib')]);
      expect(log).toEqual([]);
      expect(code).toBe(0);
      expect(summary).toContain('| Discovered corp.contoso.com | domain corp.contoso.com | 123 | ');
      expect(summary).toContain('| Linux connectors | wiki.corp.contoso.com tcp 443 |');
      expect(summary).toMatch(/Written: `.*discovered\.csv`, `.*discovered\.ts`\./);
      const text = fs.readFileSync(program, 'utf8');
      expect(text).toContain("PrivateAccessInventory.fromMigrate2GsaCsv(stack, 'Discovered', { file: path.join(__dirname, 'discovered.csv') });");
      expect(text).not.toMatch(/contoso|fabrikam|10\.0\.1\./); // no tenant data in the code

      const outdir = path.join(dir, 'cdktf.out');
      const synth = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', program], {
        cwd: ROOT,
        env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
        encoding: 'utf8',
      });
      expect(synth.stderr).toBe('');
      expect(synth.status).toBe(0);
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'discovered', 'cdk.tf.json'), 'utf8'));
      expect(Object.values<any>(tf.resource.azuread_application_from_template).map((a) => a.display_name).sort()).toEqual([
        'Discovered 10.0.1.0/24',
        'Discovered 10.1.5.0/24',
        'Discovered 10.2.0.0/24',
        'Discovered corp.contoso.com',
        'Discovered lab.fabrikam.net',
      ]);
      expect(fs.existsSync(path.join(outdir, 'stacks', 'discovered', 'access-review.json'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bounded read of the traffic logs says users may be missing', async () => {
    const out = path.join(work, 'proposal.csv');
    const { code, out: summary } = await run([...base(), '--out', out, '--max-log-entries', '1500']);
    expect(code).toBe(0);
    expect(summary).toContain('The traffic logs were read up to the limit (1500 entries, --max-log-entries): some users may be missing');
    expect(graph.requests.filter((r) => r.startsWith('GET /beta/networkAccess/logs/traffic')).length).toBeGreaterThan(0);
  });

  test('never overwrites a file without --force; refused reads name the permission; bad options are usage errors', async () => {
    const out = path.join(work, 'proposal.csv');
    fs.writeFileSync(out, 'mine');
    const exists = await run([...base(), '--out', out]);
    expect(exists.code).toBe(1);
    expect(exists.log[0]).toContain('exists; choose another file, or pass --force');
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');

    const forbidden = await startTenantGraph(discoveryTenant(), { forbid: ['/beta/networkAccess/logs'] });
    try {
      const r = await run(['discover', '--graph-endpoint', forbidden.url, '--out', path.join(work, 'x.csv')]);
      expect(r.code).toBe(1);
      expect(r.log[0]).toContain('The identity needs NetworkAccess.Read.All (the discovery report and forwarding profiles) or NetworkAccess-Reports.Read.All (traffic logs)');
      expect(fs.existsSync(path.join(work, 'x.csv'))).toBe(false);
    } finally {
      await forbidden.close();
    }

    for (const bad of [['--since', '2y'], ['--group-by-prefix', '40'], ['--until', 'yesterday'], ['--connector-group', '=HYPERLINK("x")'], ['--format', 'xml']]) {
      expect((await run([...base(), '--out', path.join(work, 'y.csv'), ...bad])).code).toBe(2);
    }
    expect((await run(['discover'])).log[0]).toContain('discover needs --out');
  });

  test('tenant data that would be a formula in a spreadsheet, or markup, does not reach the CSV or the summary as such', async () => {
    const tenant = discoveryTenant();
    tenant.discovered = tenant.discovered.slice(0, 2);
    tenant.discovered.push({ ...tenant.discovered[0], discoveredApplicationSegmentId: 'x', fqdn: '=cmd|\' /C calc\'!A0', ip: '10.3.0.99' });
    const victim = tenant.traffic.find((t) => t.destinationFQDN === 'wiki.corp.contoso.com');
    tenant.traffic.push({ ...victim, transactionId: 'evil', userPrincipalName: '=HYPERLINK("http://evil")@contoso.com', userId: IDS.mallory });
    tenant.traffic.push({ ...victim, transactionId: 'evil2', userPrincipalName: 'a|b`c@contoso.com', userId: IDS.alex });
    const evil = await startTenantGraph(tenant);
    try {
      const out = path.join(work, 'proposal.csv');
      const r = await run(['discover', '--graph-endpoint', evil.url, '--until', PERIOD_END, '--out', out]);
      expect(r.code).toBe(0);
      const text = fs.readFileSync(out, 'utf8');
      for (const cell of rowsOf(out).flatMap((row) => Object.values(row))) {
        expect(cell).not.toMatch(/^[=+\-@]/);
      }
      expect(text).toContain(IDS.mallory); // the user, by object ID
      expect(text).not.toContain('HYPERLINK');
      expect(r.out).toContain('a\\|b\\`c@contoso.com');
      expect(r.out).toContain("- a name Private Access does not take as an FQDN segment (single-label, malformed or with control characters): 1 (`=cmd|' /c calc'!a0:443/tcp`)");
    } finally {
      await evil.close();
    }
  });
});
