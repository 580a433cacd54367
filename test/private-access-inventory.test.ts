import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import {
  ConnectorGroup,
  Destination,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessApplicationBase,
  PrivateAccessInventory,
  QuickAccessApplication,
} from '../lib';
import { PlanReview } from '../lib/testing';
import { errorOf, synthStack, terraformValidationErrors, testStack } from './util';

const HEADER = 'SegmentId,OriginalAppName,EnterpriseAppName,destinationHost,DestinationType,Protocol,Ports,SegmentGroup,ServerGroups,EntraGroups,EntraUsers,ConnectorGroup,Conflict,ConflictingEnterpriseApp,Provision,isQuickAccess';

/** A CSV of the header and rows, each row given by its columns (the others empty). */
function csv(rows: Array<Record<string, string>>, header = HEADER): string {
  const columns = header.split(',');
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows.map((r) => columns.map((c) => cell(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}

/** A row of app `app` to `host`, provisioned, with defaults a converter would write. */
function row(id: string, app: string, host: string, type: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SegmentId: id,
    OriginalAppName: app,
    EnterpriseAppName: app,
    destinationHost: host,
    DestinationType: type,
    Protocol: 'TCP',
    Ports: '22',
    EntraGroups: 'Linux Admins',
    ConnectorGroup: 'Connectors',
    Conflict: 'No',
    Provision: 'Yes',
    isQuickAccess: 'no',
    ...extra,
  };
}

const CONNECTORS_ID = '55555555-5555-5555-5555-555555555555';

function read(text: string, s: TerraformStack = testStack()): PrivateAccessInventory {
  return PrivateAccessInventory.fromMigrate2GsaCsv(s, 'Migrated', {
    text,
    connectorGroups: { Connectors: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', CONNECTORS_ID) },
  });
}

/** The validation messages of one synth, one per line. */
function problems(s: TerraformStack): string[] {
  return errorOf(() => synthStack(s))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('['));
}

/** What an app declares, comparable across programs. */
function contentOf(app: PrivateAccessApplicationBase) {
  return {
    displayName: app.displayName,
    segments: app.segments.map((s) => `${s}`).sort(),
    principals: app.assignments.map((a) => a.principal.key).sort(),
    dnsSuffixes: app instanceof QuickAccessApplication ? app.dnsSuffixes.map((d) => `${d}`).sort() : [],
  };
}

describe('PrivateAccessInventory.fromMigrate2GsaCsv', () => {
  test('reads every row kind: destination types in any case, protocols, port lists, principals, skipped rows, Quick Access', () => {
    const s = testStack();
    const inventory = read(
      csv([
        row('S1', 'Web', 'WWW.Fabrikam.internal', 'FQDN', { Ports: '443, 4438, 80, 8008, 8080-8081', EntraGroups: 'Web Admins; Web Users', EntraUsers: 'Alex@Fabrikam.com;priya@fabrikam.com' }),
        row('S2', 'Web', 'api.fabrikam.internal', 'fqdn', { Protocol: 'UDP', Ports: '8443' }),
        row('S3', 'Web', '10.1.0.4', 'ipAddress', { Protocol: 'TCP,UDP', Ports: '53' }),
        row('S4', 'Db', '10.2.0.0/24', 'IPRANGECIDR', { Ports: '1433' }),
        row('S5', 'Db', '10.3.0.1..10.3.0.9', 'ipRange', { Ports: '5432' }),
        row('S6', 'Db', '10.4.0.0/24', 'ipRangeCidr', { Provision: 'No', Ports: 'Placeholder_Replace_Me' }),
        row('S7', 'Broad', '10.0.0.0/8', 'ipRangeCidr', { isQuickAccess: 'Yes', Ports: '1-65535', EntraGroups: 'All Staff' }),
        row('S8', 'Broad', 'fabrikam.internal', 'dnsSuffix', { isQuickAccess: 'yes', Protocol: '', Ports: '', EntraGroups: 'All Staff' }),
      ]),
      s,
    );
    expect(inventory.applications.map(contentOf)).toEqual([
      {
        displayName: 'Web',
        segments: ['tcp,udp/53 10.1.0.4', 'tcp/80,443,4438,8008,8080-8081 www.fabrikam.internal', 'udp/8443 api.fabrikam.internal'],
        principals: ['group-name-Linux Admins', 'group-name-Web Admins', 'group-name-Web Users', 'user-upn-alex@fabrikam.com', 'user-upn-priya@fabrikam.com'],
        dnsSuffixes: [],
      },
      { displayName: 'Db', segments: ['tcp/1433 10.2.0.0/24', 'tcp/5432 10.3.0.1..10.3.0.9'], principals: ['group-name-Linux Admins'], dnsSuffixes: [] },
    ]);
    // Quick Access rows go to the tenant's Quick Access app (found when Terraform plans), named there.
    expect(inventory.quickAccess!.isExisting).toBe(true);
    expect({ ...contentOf(inventory.quickAccess!), displayName: 'Broad' }).toEqual({
      displayName: 'Broad',
      segments: ['tcp/1-65535 10.0.0.0/8'],
      principals: ['group-name-All Staff'],
      dnsSuffixes: ['dnsSuffix fabrikam.internal'],
    });
    expect(inventory.applications.every((a) => a.connectorGroup?.connectorGroupId === CONNECTORS_ID)).toBe(true);
    expect(() => synthStack(s)).not.toThrow();
  });

  test('reads quoted fields, embedded commas and quotes, a UTF-8 BOM and CRLF; a file without isQuickAccess means no', () => {
    const header = HEADER.replace(',isQuickAccess', '');
    const text = '\ufeff' + csv([row('S1', 'Ops "legacy", VPN', 'ops.fabrikam.internal', 'FQDN', { Ports: '22, 2222' })], header);
    expect(text).toContain('"Ops ""legacy"", VPN"');
    expect(text).toContain('\r\n');
    const inventory = read(text);
    expect(inventory.applications.map(contentOf)).toEqual([
      { displayName: 'Ops "legacy", VPN', segments: ['tcp/22,2222 ops.fabrikam.internal'], principals: ['group-name-Linux Admins'], dnsSuffixes: [] },
    ]);
    expect(inventory.quickAccess).toBeUndefined();
  });

  test('reads a file by path; the review names the file (not the directory) and the rows of each app', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-'));
    try {
      const file = path.join(dir, 'zpa-converted.csv');
      fs.writeFileSync(file, csv([row('ZPA-1', 'Web', 'www.fabrikam.internal', 'FQDN'), row('ZPA-2', 'Web', '10.1.0.4', 'ipAddress')]));
      const s = testStack();
      PrivateAccessInventory.fromMigrate2GsaCsv(s, 'Migrated', { file, connectorGroups: { Connectors: ConnectorGroup.fromConnectorGroupId(s, 'C', CONNECTORS_ID) } });
      const { document, markdown } = PlanReview.accessReviewOf(s);
      expect(document.applications[0].source).toEqual({ file: 'zpa-converted.csv', rows: ['ZPA-1', 'ZPA-2'] });
      expect(markdown).toContain('| Read from | zpa-converted.csv, rows ZPA-1, ZPA-2 |');
      expect(JSON.stringify(document)).not.toContain(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('connector groups: from the map, by GUID, else looked up by name when Terraform plans, once per name', () => {
    const s = testStack();
    PrivateAccessInventory.fromMigrate2GsaCsv(s, 'Migrated', {
      text: csv([
        row('S1', 'A', '10.1.0.4', 'ipAddress', { ConnectorGroup: 'EU connectors' }),
        row('S2', 'B', '10.1.0.5', 'ipAddress', { ConnectorGroup: 'EU connectors' }),
        row('S3', 'C', '10.1.0.6', 'ipAddress', { ConnectorGroup: '66666666-6666-6666-6666-666666666666' }),
      ]),
    });
    const tf = JSON.parse(synthStack(s));
    const lookups = Object.entries<any>(tf.data.msgraph_resource).filter(([name]) => name.includes('ConnectorGroup-'));
    expect(lookups).toHaveLength(1);
    const [, lookup] = lookups[0];
    expect(lookup.url).toBe('onPremisesPublishingProfiles/applicationProxy/connectorGroups');
    expect(lookup.response_export_values).toEqual({ count: "length(value[?name == 'EU connectors'])", id: "value[?name == 'EU connectors'] | [0].id" });
    expect(lookup.lifecycle.postcondition[0]).toEqual({
      condition: '${self.output.count == 1}',
      error_message:
        'ConnectorGroup.fromConnectorGroupName (test/Migrated/ConnectorGroup-EU connectors): the tenant has no connector group named "EU connectors", or more than one; check the name in Global Secure Access > Connect > Connectors, or pass the group by ID (ConnectorGroup.fromConnectorGroupId)',
    });
    const refs = Object.values<any>(tf.resource.msgraph_resource_action)
      .filter((a) => a.action === 'connectorGroup/$ref')
      .map((a) => a.body['@odata.id'])
      .sort();
    expect(refs).toHaveLength(3);
    expect(refs.filter((r: string) => r.endsWith('/connectorGroups/66666666-6666-6666-6666-666666666666'))).toHaveLength(1);
    expect(refs.filter((r: string) => /\/connectorGroups\/\$\{data\.msgraph_resource\.Migrated_ConnectorGroup-EUconnectors_Lookup_[0-9A-F]{8}\.output\["id"\]\}$/.test(r))).toHaveLength(2);
    expect(terraformValidationErrors(tf)).toEqual([]);
  });

  test('one synth lists every problem, naming the file, the row (SegmentId or line) and the column', () => {
    const s = testStack();
    read(
      csv([
        row('S1', 'A', '10.1.0.4', 'ipAddress', { EntraGroups: 'No_Access_Policy_Found_Replace_Me' }),
        row('S2', 'A', '10.1.0.5', 'host', {}),
        row('S3', 'A', '10.1.0.300', 'ipAddress'),
        row('S4', 'A', '10.1.0.6', 'ipAddress', { Ports: '22, 70000' }),
        row('S5', 'A', 'corp.fabrikam.internal', 'dnsSuffix', { Protocol: '', Ports: '' }),
        row('', 'B', '10.2.0.4', 'ipAddress', { ConnectorGroup: 'Connectors' }),
        row('S7', 'B', '10.2.0.5', 'ipAddress', { ConnectorGroup: 'Other connectors' }),
        row('S8', 'C', '10.3.0.4', 'ipAddress', { Conflict: 'Yes', ConflictingEnterpriseApp: 'Legacy:SEG-9' }),
        row('S9', 'C', '10.3.0.0/24', 'ipAddress'),
        row('S10', 'C', '10.3.1.0/24', 'ipRangeCidr', { Provision: 'Maybe' }),
        row('S11', 'C', '10.3.2.1-10.3.2.9', 'ipRange'),
        row('S12', 'C', '10.3.3.4', 'ipAddress', { Protocol: 'ICMP' }),
      ]),
      s,
    );
    expect(problems(s)).toEqual([
      '[test/Migrated] (text), row S1, column EntraGroups: "No_Access_Policy_Found_Replace_Me" is a placeholder a converter left; put the real value in before deploying (a file with placeholders must not deploy)',
      '[test/Migrated] (text), row S2, column DestinationType: "host" is not one of ipAddress, ipRangeCidr, ipRange, FQDN, dnsSuffix',
      expect.stringMatching(/^\[test\/Migrated\] \(text\), row S3, column destinationHost: .*10\.1\.0\.300/),
      expect.stringMatching(/^\[test\/Migrated\] \(text\), row S4, column Ports: .*70000/),
      '[test/Migrated] (text), row S5, column DestinationType: dnsSuffix is for the Quick Access app only; set isQuickAccess to yes, or use FQDN with a wildcard ("*.corp.contoso.com") for an enterprise app',
      '[test/Migrated] (text), row S8, column Conflict: the converter found that this segment overlaps "Legacy:SEG-9", which Private Access rejects; narrow or remove one of them, or set Provision to No',
      '[test/Migrated] (text), row S9, column DestinationType: "ipAddress" does not match "10.3.0.0/24", which is ipRangeCidr',
      '[test/Migrated] (text), row S10, column Provision: "Maybe" is neither Yes nor No',
      '[test/Migrated] (text), row S11, column destinationHost: "10.3.2.1-10.3.2.9" writes the range with a hyphen, which Graph rejects; write "10.3.2.1..10.3.2.9"',
      '[test/Migrated] (text), row S12, column Protocol: "ICMP" is not TCP, UDP or "TCP,UDP"',
      '[test/Migrated] (text), rows line 7, S7, column ConnectorGroup: app "B" name different connector groups ("Connectors", "Other connectors"); an app has one: give all its rows the same group, or split the app',
    ]);
  });

  test('overlaps are the library check, naming both rows', () => {
    const s = testStack();
    read(csv([row('S1', 'A', '10.1.0.0/24', 'ipRangeCidr'), row('S2', 'B', '10.1.0.4', 'ipAddress', { Ports: '20-30' })]), s);
    expect(problems(s)).toEqual([
      expect.stringMatching(/^\[test\/Migrated\/A\] segments test\/Migrated\/A\/Segment-tcp-cidr-10_1_0_0-24 \(\(text\): S1\) and test\/Migrated\/B\/Segment-tcp-ip-10_1_0_4 \(\(text\): S2\) overlap/),
    ]);
  });

  test('rows of one app to one destination merge into one segment; overlapping ports name both rows', () => {
    const s = testStack();
    const inventory = read(csv([row('S1', 'A', '10.1.0.4', 'ipAddress', { Ports: '22' }), row('S2', 'A', '10.1.0.4', 'ipAddress', { Ports: '2222' })]), s);
    expect(inventory.applications[0].segments.map(String)).toEqual(['tcp/22,2222 10.1.0.4']);
    const clash = testStack();
    read(csv([row('S1', 'A', '10.1.0.4', 'ipAddress', { Ports: '20-30' }), row('S2', 'A', '10.1.0.4', 'ipAddress', { Ports: '22' })]), clash);
    expect(problems(clash)).toEqual([
      // The file's problems come first; the app they leave empty is judged once the file is right.
      '[test/Migrated] (text), rows S1, S2, column Ports: ports tcp/20-30 and tcp/22 overlap; list each port once',
    ]);
  });

  test('the file as a whole: exactly one of file and text, the required columns, a readable CSV', () => {
    expect(() => PrivateAccessInventory.fromMigrate2GsaCsv(testStack(), 'M', {})).toThrow('test/M: give exactly one of `file` (a path) and `text` (the CSV itself)');
    expect(() => PrivateAccessInventory.fromMigrate2GsaCsv(testStack(), 'M', { text: 'a', file: 'b' })).toThrow(/exactly one/);
    expect(() => read('SegmentId,EnterpriseAppName,destinationHost\r\nS1,A,10.0.0.1\r\n')).toThrow(
      /^test\/Migrated: \(text\) lacks the columns DestinationType, Protocol, Ports, ConnectorGroup, Provision, EntraGroups, EntraUsers; a Migrate2GSA CSV has the header SegmentId,/,
    );
    expect(() => read(`${HEADER}\r\nS1,"unclosed\r\n`)).toThrow(/^test\/Migrated: \(text\) is not a readable CSV: /);
    expect(() => PrivateAccessInventory.fromMigrate2GsaCsv(testStack(), 'M', { file: '/nonexistent/inventory.csv' })).toThrow(/^test\/M: cannot read "\/nonexistent\/inventory.csv": ENOENT/);
  });

  test('Quick Access rows can go to the tenant’s existing app', () => {
    const s = testStack();
    const existing = QuickAccessApplication.fromExisting(s, 'QuickAccess');
    const inventory = PrivateAccessInventory.fromMigrate2GsaCsv(s, 'Migrated', {
      text: csv([row('Q1', 'QA', 'fabrikam.internal', 'dnsSuffix', { isQuickAccess: 'yes', Protocol: '', Ports: '' })]),
      quickAccess: existing,
    });
    expect(inventory.quickAccess).toBe(existing);
    expect(existing.dnsSuffixes.map(String)).toEqual(['dnsSuffix fabrikam.internal']);
    expect(() => synthStack(s)).not.toThrow();
  });
});

describe('PrivateAccessInventory.toMigrate2GsaCsv', () => {
  /** An estate written in code: names, IDs, ranges, both protocols, Quick Access with a suffix. */
  function program(s: TerraformStack): void {
    const eu = new ConnectorGroup(s, 'Eu', { name: 'EU connectors' });
    const byId = ConnectorGroup.fromConnectorGroupId(s, 'ById', CONNECTORS_ID);
    new PrivateAccessApplication(s, 'Ssh', {
      displayName: 'Linux servers, "prod" (SSH)',
      connectorGroup: eu,
      segments: [
        { destination: Destination.cidr('10.20.1.0/24'), ports: [Port.SSH, Port.tcpRange(2200, 2299)] },
        { destination: Destination.fqdn('*.corp.contoso.com'), ports: [Port.SSH, Port.udp(60001)] },
        { destination: Destination.ipRange('10.20.2.10', '10.20.2.19'), ports: [Port.tcpUdp(53)] },
      ],
      principals: [Principal.group('Linux Admins'), Principal.user('alex@contoso.com'), Principal.groupId('11111111-1111-1111-1111-111111111111', 'ops')],
    });
    new QuickAccessApplication(s, 'QuickAccess', {
      connectorGroup: byId,
      segments: [{ destination: Destination.cidr('10.0.0.0/16'), ports: [Port.tcpRange(1, 65535)] }],
      dnsSuffixes: ['corp.contoso.com'],
      principals: [Principal.userId('22222222-2222-2222-2222-222222222222')],
    });
  }

  test('writes one row per segment and suffix in Migrate2GSA columns, and reading it back gives the same apps', () => {
    const before = testStack();
    program(before);
    const text = PrivateAccessInventory.toMigrate2GsaCsv(before);
    expect(text.split('\r\n')[0]).toBe(HEADER);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + 4 + 2); // the FQDN has a TCP and a UDP segment
    expect(text).toContain('SEG-000001,"Linux servers, ""prod"" (SSH)","Linux servers, ""prod"" (SSH)",10.20.1.0/24,ipRangeCidr,TCP,"22, 2200-2299",,,Linux Admins; 11111111-1111-1111-1111-111111111111,alex@contoso.com,EU connectors,No,,Yes,no');
    expect(text).toContain(',corp.contoso.com,dnsSuffix,,,,,,22222222-2222-2222-2222-222222222222,55555555-5555-5555-5555-555555555555,No,,Yes,yes');

    const after = new TerraformStack(Testing.app(), 'after');
    const inventory = PrivateAccessInventory.fromMigrate2GsaCsv(after, 'Migrated', {
      text,
      connectorGroups: { 'EU connectors': new ConnectorGroup(after, 'Eu', { name: 'EU connectors' }) },
    });
    const original = [...(before.node.findAll().filter((c) => c instanceof PrivateAccessApplicationBase) as PrivateAccessApplicationBase[])];
    // The Quick Access rows go to the tenant's Quick Access app, whose name is read when Terraform plans.
    const named = (app: PrivateAccessApplicationBase) => ({ ...contentOf(app), displayName: app instanceof QuickAccessApplication ? 'Quick Access' : app.displayName });
    expect([...inventory.applications, inventory.quickAccess!].map(named)).toEqual(original.map(named));
    expect(inventory.quickAccess!.connectorGroup!.connectorGroupId).toBe(CONNECTORS_ID);
    expect(PrivateAccessInventory.toMigrate2GsaCsv(after)).toBe(text);
  });

  test('an app it cannot write says which and why', () => {
    const s = testStack();
    new PrivateAccessApplication(s, 'App', {
      displayName: 'App',
      connectorGroup: ConnectorGroup.fromTenantDefault(s, 'Default'),
      segments: [{ destination: Destination.ipAddress('10.0.0.4'), ports: [Port.SSH] }],
      principals: [Principal.group('A')],
    });
    expect(() => PrivateAccessInventory.toMigrate2GsaCsv(s)).toThrow(
      'test/App: its connector group test/Default has no name or ID known at synth, so the app cannot be written to a Migrate2GSA CSV',
    );
  });
});

describe('Migrate2GSA data is never code', () => {
  /** A stack with a sensitive variable, whose string token is `TOKEN.n` of this process. */
  function stackWithSecret(): { s: TerraformStack; secret: string; count: string } {
    const s = testStack();
    const secret = new TerraformVariable(s, 'secret', { type: 'string', sensitive: true }).stringValue;
    const count = `${new TerraformVariable(s, 'count', { type: 'number', sensitive: true }).numberValue}`;
    return { s, secret, count };
  }

  test('a cell that looks like a cdktf token is refused, and no secret reaches cdk.tf.json', () => {
    const { s, secret, count } = stackWithSecret();
    expect(secret).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    read(
      csv([
        row('S1', secret, '10.1.0.4', 'ipAddress'),
        row('S2', 'B', '10.1.0.5', 'ipAddress', { EntraGroups: `Admins ${secret}`, EntraUsers: `x${count}@contoso.com` }),
        row('S3', 'C', '10.1.0.6', 'ipAddress', { ConnectorGroup: `#{TfToken[TOKEN.1]}` }),
      ]),
      s,
    );
    const refused = (cell: string, token: string) => `"${cell}" holds "${token}", which cdktf would take for a token and replace at synth with another value of the program (a secret variable, say); data is never code, so it is refused: rename it in its source`;
    expect(problems(s)).toEqual([
      `[test/Migrated] (text), row S1, column OriginalAppName: ${refused(secret, secret)}`,
      `[test/Migrated] (text), row S1, column EnterpriseAppName: ${refused(secret, secret)}`,
      `[test/Migrated] (text), row S2, column EntraGroups: ${refused(`Admins ${secret}`, secret)}`,
      `[test/Migrated] (text), row S2, column EntraUsers: ${refused(`x${count}@contoso.com`, count)}`,
      `[test/Migrated] (text), row S3, column ConnectorGroup: ${refused('#{TfToken[TOKEN.1]}', '#{TfToken[TOKEN.1]}')}`,
    ]);
    expect(Testing.synth(s, false)).not.toContain('var.secret');
  });

  test('a ConnectorGroup or DestinationType cell such as `constructor` is only text', () => {
    const s = testStack();
    const inventory = read(csv([row('S1', 'A', '10.1.0.4', 'ipAddress', { ConnectorGroup: 'constructor' }), row('S2', 'B', '10.1.0.5', 'constructor', { ConnectorGroup: '__proto__' })]), s);
    const group = inventory.applications[0].connectorGroup!;
    expect(typeof group).toBe('object');
    expect(group.connectorGroupName).toBe('constructor'); // looked up by that name when Terraform plans
    expect(problems(s)).toEqual(['[test/Migrated] (text), row S2, column DestinationType: "constructor" is not one of ipAddress, ipRangeCidr, ipRange, FQDN, dnsSuffix']);
  });

  test('a column given twice is an error, not a silent choice', () => {
    expect(() => read(csv([row('S1', 'A', '10.1.0.4', 'ipAddress')], `${HEADER},EntraGroups`))).toThrow(
      'test/Migrated: (text) has the column "EntraGroups" twice (columns 10 and 17), so it is not clear which of its cells count; keep one',
    );
  });

  test('an enterprise app cannot join the Quick Access rows by its name, and messages stay on one line', () => {
    const s = testStack();
    const inventory = read(
      csv([
        row('S1', '\u0000quick-access', '10.1.0.4', 'ipAddress'),
        row('S2\n[test/Migrated] forged', 'Ops\u2028line', '10.1.0.5', 'ipAddress'),
        row('S3', 'A/B', '10.1.0.6', 'ipAddress'),
        row('S4', 'A%2FB', '10.1.0.7', 'ipAddress'),
      ]),
      s,
    );
    expect(inventory.quickAccess).toBeUndefined();
    const messages = errorOf(() => synthStack(s));
    expect(messages).not.toMatch(/[\u2028\u2029\u0000]/);
    expect(problems(s)).toEqual([
      expect.stringMatching(/^\[test\/Migrated\] \(text\), row S1, column EnterpriseAppName: display name "\\u0000quick-access" contains the control character U\+0000/),
      expect.stringMatching(/^\[test\/Migrated\] \(text\), line 4, column EnterpriseAppName: display name "Ops\\u2028line" contains the control character U\+2028/),
      '[test/Migrated] (text), row S4, column EnterpriseAppName: the app "A%2FB" would have the construct id "A%2FB" of test/Migrated/A%2FB; rename one of them',
    ]);
  });
});

describe('toMigrate2GsaCsv writes only what reads back as itself', () => {
  function app(s: TerraformStack, id: string, displayName: string, principals: Principal[], host = '10.0.0.4'): PrivateAccessApplication {
    return new PrivateAccessApplication(s, id, {
      displayName,
      connectorGroup: new ConnectorGroup(s, `${id}Connectors`, { name: 'EU connectors' }),
      segments: [{ destination: Destination.ipAddress(host), ports: [Port.SSH] }],
      principals,
    });
  }

  test('a group name with ";" is refused: it would read back as two groups', () => {
    const s = testStack();
    app(s, 'Ssh', 'SSH', [Principal.group('Ops; Admins')]);
    expect(() => PrivateAccessInventory.toMigrate2GsaCsv(s)).toThrow(
      'test/Ssh: the group name "Ops; Admins" contains ";", which separates names in Migrate2GSA\'s lists, so it would read back as 2 names; assign it by object ID (Principal.groupId or Principal.userId), or rename it, so the app cannot be written to a Migrate2GSA CSV',
    );
  });

  test('a name with white space at an end is refused: reading trims it', () => {
    const s = testStack();
    app(s, 'Ssh', 'SSH ', [Principal.group('Ops')]);
    expect(() => PrivateAccessInventory.toMigrate2GsaCsv(s)).toThrow(/^test\/Ssh: the display name "SSH " starts or ends with white space/);
  });

  test('two apps with one display name are refused, not merged', () => {
    const s = testStack();
    app(s, 'A', 'Servers', [Principal.group('Ops')], '10.0.0.4');
    app(s, 'B', 'Servers', [Principal.group('Finance')], '10.0.0.5');
    expect(() => PrivateAccessInventory.toMigrate2GsaCsv(s)).toThrow(
      'test/B: test/A has the same display name "Servers"; a Migrate2GSA CSV names an app by its display name, so reading the file back would merge the two apps into one (each with the other\'s segments and users): rename one, so the file can be written',
    );
  });
});
