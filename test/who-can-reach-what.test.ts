/**
 * Who can reach what, answered the way Private Access routes (Microsoft Learn, Global Secure
 * Access): the access tests, the review and the delta give the same answer from one route
 * evaluation. Each rule is tested on the documented example where there is one.
 */
import { TerraformStack, Testing } from 'cdktf';
import {
  AccessFacts,
  AccessReview,
  AccessReviewDocument,
  AccessTest,
  ConnectorGroup,
  Destination,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessConditionalAccessPolicy,
  QuickAccessApplication,
} from '../lib';
import { accessDelta } from '../lib/analysis/delta';
import { errorOf, testStack } from './util';

const EVERYONE = Principal.group('All Staff');
const DBAS = Principal.group('DBAs');
const ADMINS = Principal.group('Linux Admins');
const CONTRACTORS = Principal.group('Contractors');
const ALEX = Principal.user('alex@contoso.com');

/** Quick Access for everyone: the documented 10.8.0.0/16 range with the contoso.local suffix. */
function quickAccess(s: TerraformStack): QuickAccessApplication {
  return new QuickAccessApplication(s, 'QuickAccess', {
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
    segments: [{ destination: Destination.cidr('10.8.0.0/16'), ports: [Port.tcpRange(1, 65535)] }],
    dnsSuffixes: ['contoso.local'],
    principals: [EVERYONE],
  });
}

/** An enterprise app for the DBAs, carved out of Quick Access. */
function database(s: TerraformStack, destination = Destination.ipAddress('10.8.0.7')): PrivateAccessApplication {
  return new PrivateAccessApplication(s, 'Database', {
    displayName: 'Database',
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'DbConnectors', '66666666-6666-6666-6666-666666666666'),
    segments: [{ destination, ports: [Port.tcp(5432)] }],
    principals: [DBAS],
  });
}

function results(_s: TerraformStack, test: AccessTest) {
  return test.results().map((r) => `${r.kind} ${r.entry}: ${r.outcome}`);
}

function review(s: TerraformStack): AccessReviewDocument {
  return AccessReview.of(s).document();
}

describe('per-app access: an enterprise segment inside Quick Access wins (how-to-configure-per-app-access)', () => {
  test('Quick Access users are blocked there until assigned; the enterprise app\'s users reach it', () => {
    const s = testStack();
    quickAccess(s);
    database(s);
    const everyone = new AccessTest(s, 'Everyone', { principal: EVERYONE, accept: ['10.8.0.6:5432', '10.8.0.7:22'], deny: ['10.8.0.7:5432'] });
    const dbas = new AccessTest(s, 'Dbas', { principal: DBAS, accept: ['10.8.0.7:5432'], deny: ['10.8.0.6:5432'] });
    expect(results(s, everyone)).toEqual(['accept 10.8.0.6:5432: pass', 'accept 10.8.0.7:22: pass', 'deny 10.8.0.7:5432: pass']);
    expect(results(s, dbas)).toEqual(['accept 10.8.0.7:5432: pass', 'deny 10.8.0.6:5432: pass']);
    expect(everyone.results()[2].reason).toContain('app "Database" (segment test/Database/Segment-tcp-ip-10_8_0_7: tcp/5432 10.8.0.7) covers it, but group "All Staff" is not assigned to it');
  });

  test('the review lists the Quick Access range with the part the enterprise app carries instead', () => {
    const s = testStack();
    quickAccess(s);
    database(s);
    const qa = review(s).applications.find((a) => a.quickAccess)!;
    expect(qa.segments[0].carvedOut).toEqual([
      { application: 'Database', applicationAddress: 'azuread_application_from_template.Database_B269D8BB', destination: '10.8.0.7', protocol: 'tcp', ports: ['5432-5432'] },
    ]);
    expect(AccessReview.toMarkdown(review(s))).toContain('| ↳ except 10.8.0.7 | carried by Database | tcp | 5432 |');
  });

  test('review-diff: adding the enterprise app shows who loses, and removing it shows who regains', () => {
    const before = testStack();
    quickAccess(before);
    const after = testStack();
    quickAccess(after);
    database(after);
    const [b, a] = [review(before), review(after)];
    const added = accessDelta(b, a);
    const line = (c: { principal: { description: string }; application: { displayName: string }; protocol: string; ports: string[]; destination: string }) =>
      `${c.principal.description} via ${c.application.displayName}: ${c.protocol} ${c.ports.join()} ${c.destination}`;
    expect(added.gained.map(line)).toEqual(['group "DBAs" via Database: tcp 5432-5432 10.8.0.7']);
    expect(added.lost.map(line)).toEqual(['group "All Staff" via Quick Access: tcp 5432-5432 10.8.0.7']);
    const removed = accessDelta(a, b);
    expect(removed.gained.map(line)).toEqual(['group "All Staff" via Quick Access: tcp 5432-5432 10.8.0.7']);
    expect(removed.lost.map(line)).toEqual(['group "DBAs" via Database: tcp 5432-5432 10.8.0.7']);
  });
});

describe('segmentation strategies: a name moves only name-addressed traffic (how-to-private-access-segmentation-strategies)', () => {
  test('traffic to the address still goes to Quick Access: the server stays reachable there, and the library warns', () => {
    const s = testStack();
    quickAccess(s);
    database(s, Destination.fqdn('db.contoso.local'));
    new AccessFacts(s, 'Facts', { names: [{ name: 'db.contoso.local', addresses: ['10.8.0.7'] }] });
    const everyone = new AccessTest(s, 'Everyone', { principal: EVERYONE, deny: ['db.contoso.local:5432'], accept: ['10.8.0.7:5432'] });
    expect(results(s, everyone)).toEqual(['accept 10.8.0.7:5432: pass', 'deny db.contoso.local:5432: pass']);
    const findings = review(s).applications.find((x) => x.displayName === 'Database')!.findings;
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'EPA-ROUTE-1',
        level: 'warning',
        message: expect.stringContaining('db.contoso.local resolves to 10.8.0.7, inside the Quick Access segment 10.8.0.0/16: traffic sent to the address still goes to Quick Access and its users'),
      }),
    ]);
  });

  test('an address entry sees the name that reaches the same server (deny 10.0.1.7:5432 while db.corp reaches it)', () => {
    const s = testStack();
    database(s, Destination.fqdn('db.corp.contoso.com'));
    const test = new AccessTest(s, 'Dbas', { principal: DBAS, deny: ['10.0.1.7:5432'] });
    expect(results(s, test)).toEqual(['deny 10.0.1.7:5432: pass']); // no fact: the name is not known to be that server
    new AccessFacts(s, 'Facts', { names: [{ name: 'db.corp.contoso.com', addresses: ['10.0.1.7'] }] });
    expect(results(s, test)).toEqual(['deny 10.0.1.7:5432: fail']);
    expect(test.results()[0].reason).toContain('group "DBAs" reaches it through app "Database" (segment test/Database/Segment-tcp-fqdn-db_corp_contoso_com: tcp/5432 db.corp.contoso.com)');
  });
});

describe('Private DNS: names are resolved, then steered by address (concept-private-name-resolution)', () => {
  test('Microsoft\'s example: a 10.8.0.0/16 range, a suffix, and benefits reaching 10.8.0.5', () => {
    const s = testStack();
    quickAccess(s);
    const test = new AccessTest(s, 'Benefits', { principal: EVERYONE, accept: ['benefits.contoso.local:443', 'benefits:443'] });
    expect(results(s, test)).toEqual(['accept benefits.contoso.local:443: undecided', 'accept benefits:443: undecided']);
    expect(test.results()[0].reason).toContain('the address benefits.contoso.local resolves to (through Private DNS (suffix contoso.local)) is not stated');
    new AccessFacts(s, 'Facts', {
      names: [
        { name: 'benefits.contoso.local', addresses: ['10.8.0.5'] },
        { name: 'benefits', addresses: ['10.8.0.5'] },
      ],
    });
    expect(results(s, test)).toEqual(['accept benefits.contoso.local:443: pass', 'accept benefits:443: pass']);
    expect(test.results()[0].grantedBy).toEqual(['Quick Access']);
  });

  test('adding a DNS suffix is a change in who can reach what: the delta says so, and with a fact, exactly', () => {
    const before = testStack();
    new QuickAccessApplication(before, 'QuickAccess', {
      connectorGroup: ConnectorGroup.fromConnectorGroupId(before, 'Connectors', '55555555-5555-5555-5555-555555555555'),
      segments: [{ destination: Destination.cidr('10.8.0.0/16'), ports: [Port.tcpRange(1, 65535)] }],
      principals: [EVERYONE],
    });
    new AccessFacts(before, 'Facts', { names: [{ name: 'benefits.contoso.local', addresses: ['10.8.0.5'] }] });
    const after = testStack();
    quickAccess(after);
    new AccessFacts(after, 'Facts', { names: [{ name: 'benefits.contoso.local', addresses: ['10.8.0.5'] }] });
    const delta = accessDelta(review(before), review(after));
    expect(delta.changes.map((c) => c.kind)).toEqual(['dnsSuffixAdded']);
    expect(delta.gained.map((g) => `${g.principal.description} ${g.protocol} ${g.ports.join()} ${g.destination} (${g.via})`)).toEqual([
      'group "All Staff" tcp 1-65535 benefits.contoso.local (Private DNS (suffix contoso.local): benefits.contoso.local → 10.8.0.5)',
    ]);
  });
});

describe('Conditional Access: exclusions and report-only (concept-conditional-access-users-groups)', () => {
  function guarded(s: TerraformStack, exclude: Principal[]) {
    const app = database(s);
    app.grantAccess(ADMINS);
    new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'DB: MFA', applications: [app], excludePrincipals: exclude });
    return app;
  }

  test('an MFA policy that excludes Contractors leaves Linux Admins undecided: members of both connect without MFA', () => {
    const s = testStack();
    guarded(s, [CONTRACTORS]);
    const test = new AccessTest(s, 'AdminsWithMfa', { principal: ADMINS, accept: ['10.8.0.7:5432'], requireMfa: true });
    expect(results(s, test)).toEqual(['accept 10.8.0.7:5432: undecided']);
    const app = review(s).applications[0];
    expect(app.principalsWithoutMfa).toEqual([]);
    expect(app.mfaUndecided!.map((u) => u.principal.description)).toEqual(['group "DBAs"', 'group "Linux Admins"']);
    expect(app.mfaUndecided![1].why).toContain('members of both group "Linux Admins" and group "Contractors" are not covered');
    // Stating who the contractors are decides it.
    new AccessFacts(s, 'Facts', { groups: [{ group: CONTRACTORS, members: [Principal.user('vendor@contoso.com')] }] });
    expect(results(s, test)).toEqual(['accept 10.8.0.7:5432: pass']);
    expect(review(s).applications[0].conditionalAccess[0].excludes.map((p) => p.description)).toEqual(['group "Contractors"']);
  });

  test('a user excluded through a group is not covered; report-only enforces nothing', () => {
    const s = testStack();
    guarded(s, [CONTRACTORS]);
    new AccessFacts(s, 'Facts', { groups: [{ group: CONTRACTORS, members: [ALEX] }, { group: DBAS, members: [ALEX] }] });
    const alex = new AccessTest(s, 'Alex', { principal: ALEX, accept: ['10.8.0.7:5432'], requireMfa: true });
    expect(results(s, alex)).toEqual(['accept 10.8.0.7:5432: fail']);
    expect(alex.results()[0].reason).toContain('no enforced Conditional Access policy requiring MFA or an authentication strength applies to user "alex@contoso.com" there');
  });

  test('a deny for a user in an assigned group is undecided until the membership is stated', () => {
    const s = testStack();
    database(s);
    const test = new AccessTest(s, 'AlexNot', { principal: ALEX, deny: ['10.8.0.7:5432'] });
    expect(results(s, test)).toEqual(['deny 10.8.0.7:5432: undecided']);
    expect(errorOf(() => Testing.synth(s, true))).toContain('it is not known whether user "alex@contoso.com" is in group "DBAs"');
    new AccessFacts(s, 'Facts', { groups: [{ group: DBAS, nonMembers: [ALEX] }] });
    expect(results(s, test)).toEqual(['deny 10.8.0.7:5432: pass']);
    new AccessFacts(s, 'More', { groups: [{ group: DBAS, members: [ALEX] }] });
    expect(errorOf(() => new AccessFacts(testStack(), 'Both', { groups: [{ group: DBAS, members: [ALEX], nonMembers: [ALEX] }] }))).toContain('states user "alex@contoso.com" as a member and as a non-member');
  });
});

describe('the existing Quick Access app', () => {
  test('a deny cannot pass while the tenant holds segments and assignees the program does not declare', () => {
    const s = testStack();
    QuickAccessApplication.fromExisting(s, 'QuickAccess', { dnsSuffixes: ['contoso.local'] });
    database(s);
    const test = new AccessTest(s, 'Nothing', { principal: ADMINS, deny: ['10.9.9.9:22'] });
    expect(results(s, test)).toEqual(['deny 10.9.9.9:22: undecided']);
    expect(test.results()[0].reason).toContain("segments the tenant holds that the program does not declare");
  });
});
