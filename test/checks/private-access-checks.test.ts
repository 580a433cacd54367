import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, Aspects, TerraformStack, Testing } from 'cdktf';
import { Destination,
  ConditionalAccessPolicyState,
  ConnectorGroup,
  IConnectorGroup,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessChecks,
  PrivateAccessChecksProps,
  PrivateAccessConditionalAccessOptions,
  PrivateAccessConditionalAccessPolicy,
  PrivateAccessRule,
  RuleContext,
  RuleFinding,
  RuleLevel,
  SegmentOptions,
} from '../../lib';
import { analysisOf, annotationsOf, errorOf, testStack } from '../util';

const ADMINS = Principal.groupId('11111111-1111-1111-1111-111111111111');
const BREAK_GLASS = Principal.userId('99999999-9999-9999-9999-999999999999', 'break-glass');
const SECURE: PrivateAccessConditionalAccessOptions = { requireCompliantDevice: true, excludePrincipals: [BREAK_GLASS] };

interface Setup {
  readonly segments?: SegmentOptions[];
  readonly policy?: PrivateAccessConditionalAccessOptions | false;
  readonly connectorGroup?: (s: TerraformStack) => IConnectorGroup | undefined;
  readonly principals?: Principal[];
  readonly checks?: PrivateAccessChecksProps;
}

/** A stack with one app (secure unless told otherwise) and the rule pack; returns its annotations. */
function check(setup: Setup = {}, extra?: (s: TerraformStack, app: PrivateAccessApplication) => void): string[] {
  const s = testStack();
  const app = new PrivateAccessApplication(s, 'App', {
    displayName: 'Servers',
    connectorGroup: setup.connectorGroup
      ? setup.connectorGroup(s)
      : ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
    segments: setup.segments ?? [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH] }],
    principals: setup.principals ?? [ADMINS],
  });
  if (setup.policy !== false) {
    new PrivateAccessConditionalAccessPolicy(s, 'Policy', { displayName: 'Servers policy', applications: [app], ...(setup.policy ?? SECURE) });
  }
  extra?.(s, app);
  Aspects.of(s).add(new PrivateAccessChecks(setup.checks));
  analysisOf(s);
  return annotationsOf(s);
}

/**
 * Synthesizes to disk, as `cdktf synth` does (error annotations fail it there), a stack with one
 * app and the rule pack, and returns its cdk.tf.json.
 */
function synthToDisk(configure?: (s: TerraformStack, app: PrivateAccessApplication) => void): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-'));
  try {
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'stack');
    new AzureadProvider(s, 'azuread');
    new MsgraphProvider(s, 'msgraph');
    const pa = new PrivateAccessApplication(s, 'App', {
      displayName: 'Servers',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
      segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH] }],
      principals: [ADMINS],
    });
    configure?.(s, pa);
    Aspects.of(s).add(new PrivateAccessChecks());
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'stack', 'cdk.tf.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('PrivateAccessChecks', () => {
  test('a secure app passes every rule', () => {
    expect(check()).toEqual([]);
  });

  test.each<[string, Setup, string[]]>([
    [
      'EPA-CA-1 without any policy',
      { policy: false },
      [
        'error test/App: [EPA-CA-1] app "Servers" is covered by no enabled Conditional Access policy requiring MFA or an authentication strength on every way in; guard it with a PrivateAccessConditionalAccessPolicy that requires MFA or an authentication strength (with grantOperator AND when it also requires a device) and includes its assignees (SshAdminAccess makes one unless enableConditionalAccess is false)',
        'warning test/App: [EPA-CA-2] app "Servers" requires no compliant or hybrid joined device; set requireCompliantDevice or requireHybridJoinedDevice on its Conditional Access policy',
      ],
    ],
    [
      'EPA-CA-1 with a policy requiring only a device',
      { policy: { ...SECURE, requireMfa: false } },
      ['error test/App: [EPA-CA-1] app "Servers" is covered by no enabled Conditional Access policy requiring MFA or an authentication strength on every way in; guard it with a PrivateAccessConditionalAccessPolicy that requires MFA or an authentication strength (with grantOperator AND when it also requires a device) and includes its assignees (SshAdminAccess makes one unless enableConditionalAccess is false)'],
    ],
    [
      'EPA-CA-1 and EPA-CA-3 with a report-only policy',
      { policy: { ...SECURE, state: ConditionalAccessPolicyState.REPORT_ONLY } },
      [
        'error test/App: [EPA-CA-1] app "Servers" is covered by no enabled Conditional Access policy requiring MFA or an authentication strength on every way in; guard it with a PrivateAccessConditionalAccessPolicy that requires MFA or an authentication strength (with grantOperator AND when it also requires a device) and includes its assignees (SshAdminAccess makes one unless enableConditionalAccess is false)',
        'warning test/App: [EPA-CA-2] app "Servers" requires no compliant or hybrid joined device; set requireCompliantDevice or requireHybridJoinedDevice on its Conditional Access policy',
        'warning test/Policy: [EPA-CA-3] policy "Servers policy" is report-only (enabledForReportingButNotEnforced), so it protects nothing; set state to ConditionalAccessPolicyState.ENABLED once its sign-in logs look right',
      ],
    ],
    [
      'EPA-CA-2 with MFA only',
      { policy: { excludePrincipals: [BREAK_GLASS] } },
      ['warning test/App: [EPA-CA-2] app "Servers" requires no compliant or hybrid joined device; set requireCompliantDevice or requireHybridJoinedDevice on its Conditional Access policy'],
    ],
    [
      'EPA-CA-3 with a disabled policy',
      { policy: { ...SECURE, state: ConditionalAccessPolicyState.DISABLED } },
      [
        'error test/App: [EPA-CA-1] app "Servers" is covered by no enabled Conditional Access policy requiring MFA or an authentication strength on every way in; guard it with a PrivateAccessConditionalAccessPolicy that requires MFA or an authentication strength (with grantOperator AND when it also requires a device) and includes its assignees (SshAdminAccess makes one unless enableConditionalAccess is false)',
        'warning test/App: [EPA-CA-2] app "Servers" requires no compliant or hybrid joined device; set requireCompliantDevice or requireHybridJoinedDevice on its Conditional Access policy',
        'warning test/Policy: [EPA-CA-3] policy "Servers policy" is disabled, so it protects nothing; set state to ConditionalAccessPolicyState.ENABLED once its sign-in logs look right',
      ],
    ],
    [
      'EPA-CA-4 without a break-glass exclusion',
      { policy: { requireCompliantDevice: true } },
      ['warning test/Policy: [EPA-CA-4] policy "Servers policy" excludes no emergency-access (break-glass) account; pass them in excludePrincipals'],
    ],
    [
      'EPA-SEG-1 with a segment wider than a /16',
      { segments: [{ destination: Destination.parse('10.0.0.0/15'), ports: [Port.SSH] }] },
      ['warning test/App/Segment-tcp-cidr-10_0_0_0-15: [EPA-SEG-1] segment tcp/22 10.0.0.0/15 covers 131072 addresses, more than a /16; list the servers or their subnets instead'],
    ],
    [
      'EPA-SEG-1 with a configured threshold',
      { segments: [{ destination: Destination.parse('10.1.0.1..10.1.2.0'), ports: [Port.SSH] }], checks: { widestPrefixLength: 24 } },
      ['warning test/App/Segment-tcp-range-10_1_0_1--10_1_2_0: [EPA-SEG-1] segment tcp/22 10.1.0.1..10.1.2.0 covers 512 addresses, more than a /24; list the servers or their subnets instead'],
    ],
    [
      'EPA-SEG-2 with 0.0.0.0/0',
      { segments: [{ destination: Destination.parse('0.0.0.0/0'), ports: [Port.SSH] }] },
      ['error test/App: [EPA-SEG-2] app "Servers": its segments together cover every IPv4 address, a full network tunnel; list the servers or their subnets'],
    ],
    [
      'EPA-SEG-2 with every address but one, as a range',
      { segments: [{ destination: Destination.parse('0.0.0.1..255.255.255.255'), ports: [Port.SSH] }] },
      ['error test/App: [EPA-SEG-2] app "Servers": its segments together cover 4294967295 addresses, 99% of IPv4, a full network tunnel; list the servers or their subnets'],
    ],
    [
      'EPA-SEG-2 with the two halves of IPv4 in one app',
      { segments: [{ destination: Destination.parse('0.0.0.0/1'), ports: [Port.SSH] }, { destination: Destination.parse('128.0.0.0/1'), ports: [Port.tcp(2222)] }] },
      ['error test/App: [EPA-SEG-2] app "Servers": its segments together cover every IPv4 address, a full network tunnel; list the servers or their subnets'],
    ],
    [
      'EPA-SEG-2 with exactly half of IPv4, in overlapping pieces',
      { segments: [{ destination: Destination.parse('10.0.0.0/8'), ports: [Port.SSH] }, { destination: Destination.parse('0.0.0.0..127.255.255.255'), ports: [Port.tcp(2222)] }] },
      [
        'error test/App: [EPA-SEG-2] app "Servers": its segments together cover 2147483648 addresses, 50% of IPv4, a full network tunnel; list the servers or their subnets',
        'warning test/App/Segment-tcp-cidr-10_0_0_0-8: [EPA-SEG-1] segment tcp/22 10.0.0.0/8 covers 16777216 addresses, more than a /16; list the servers or their subnets instead',
      ],
    ],
    [
      'EPA-SEG-3 with a wide port range on an SSH app',
      { segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH, Port.tcpRange(2000, 2100)] }] },
      ['warning test/App/Segment-tcp-cidr-10_1_2_0-24: [EPA-SEG-3] segment tcp/22,2000-2100 10.1.2.0/24 opens 101 ports (tcp/2000-2100) on an SSH app, more than 100; list the ports the servers use'],
    ],
    [
      'EPA-SEG-4 with a wildcard',
      { segments: [{ destination: Destination.parse('*.corp.contoso.com'), ports: [Port.SSH] }] },
      ['warning test/App/Segment-tcp-fqdn-WILDCARD_corp_contoso_com: [EPA-SEG-4] segment tcp/22 *.corp.contoso.com captures every host under corp.contoso.com, including hosts added later; list the hosts'],
    ],
    [
      "EPA-CG-1 on the tenant's default connector group",
      { connectorGroup: (s) => ConnectorGroup.fromTenantDefault(s, 'Default') },
      ['warning test/App: [EPA-CG-1] app "Servers" is on the tenant\'s default connector group; give it a ConnectorGroup whose connectors reach only its servers'],
    ],
    [
      'EPA-CG-1 without a connector group',
      { connectorGroup: () => undefined },
      [
        "error test/App: the app has no connector group, so its traffic would go through the tenant's default group, which may not reach the servers; pass `connectorGroup`",
        'warning test/App: [EPA-CG-1] app "Servers" has no connector group, so it falls back to the default; give it a ConnectorGroup whose connectors reach only its servers',
      ],
    ],
  ])('%s', (_, setup, expected) => {
    expect(check(setup)).toEqual(expected);
  });

  test.each<[string, Setup]>([
    ['EPA-CA-1 passes with an authentication strength', { policy: { ...SECURE, authenticationStrengthPolicyId: '00000000-0000-0000-0000-000000000004' } }],
    ['EPA-CA-2 passes with a hybrid joined device', { policy: { requireHybridJoinedDevice: true, excludePrincipals: [BREAK_GLASS] } }],
    ['EPA-SEG-1 passes with a /16', { segments: [{ destination: Destination.parse('10.0.0.0/16'), ports: [Port.SSH] }] }],
    ['EPA-SEG-3 passes with 100 ports', { segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH, Port.tcpRange(2000, 2099)] }] }],
    ['EPA-SEG-3 ignores UDP ranges, such as the one mosh needs', { segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH, Port.udpRange(60000, 61000)] }] }],
    ['EPA-SEG-3 ignores apps that are not SSH', { segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.tcpRange(8000, 9000)] }] }],
    ['EPA-SEG-3 passes with a higher limit', { segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.tcpRange(1, 1024)] }], checks: { maxSshPortRange: 1024 } }],
  ])('%s', (_, setup) => {
    expect(check(setup)).toEqual([]);
  });

  describe('EPA-ASSIGN-1', () => {
    const alex = Principal.user('alex@contoso.com');
    const assignedTo = (apps: number) => (s: TerraformStack, first: PrivateAccessApplication) => {
      first.grantAccess(alex);
      for (let i = 2; i <= apps; i++) {
        const app = new PrivateAccessApplication(s, `App${i}`, {
          displayName: `Servers ${i}`,
          connectorGroup: first.connectorGroup,
          segments: [{ destination: Destination.parse(`10.${i}.0.0/24`), ports: [Port.SSH] }],
          principals: [alex],
        });
        new PrivateAccessConditionalAccessPolicy(s, `Policy${i}`, { displayName: `p${i}`, applications: [app], ...SECURE });
      }
    };

    test('warns on each app of a user assigned directly to more than 3 apps', () => {
      expect(check({}, assignedTo(4))).toEqual(
        ['App2', 'App3', 'App4', 'App'].map(
          (id) => `warning test/${id}: [EPA-ASSIGN-1] user "alex@contoso.com" is assigned directly to 4 apps, more than 3; assign a group instead`,
        ),
      );
    });

    test('passes at 3 apps, and for groups however many', () => {
      expect(check({}, assignedTo(3))).toEqual([]);
    });
  });

  describe('suppression', () => {
    test('needs a known rule and a written reason', () => {
      const s = testStack();
      expect(errorOf(() => PrivateAccessChecks.suppress(s, 'EPA-CA-9', 'because we say so, really'))).toContain(
        `test: cannot suppress "EPA-CA-9": no such rule; the rules are ${PrivateAccessChecks.RULE_IDS.join(', ')}`,
      );
      expect(errorOf(() => PrivateAccessChecks.suppress(s, 'EPA-CA-2', 'ok'))).toBe(
        'test: suppressing EPA-CA-2 needs a written reason of at least 10 characters (got "ok"); say why the finding is accepted, for example with a ticket',
      );
    });

    test('turns the finding into an info with the reason, for the construct and everything below it', () => {
      const found = check({ policy: { excludePrincipals: [BREAK_GLASS] }, segments: [{ destination: Destination.parse('*.corp.contoso.com'), ports: [Port.SSH] }] }, (s) =>
        PrivateAccessChecks.suppress(s, 'EPA-SEG-4', 'Hosts under corp.contoso.com are all admin jump hosts (SEC-42)'),
      );
      expect(found).toEqual([
        'info test/App/Segment-tcp-fqdn-WILDCARD_corp_contoso_com: [EPA-SEG-4] suppressed (Hosts under corp.contoso.com are all admin jump hosts (SEC-42)): segment tcp/22 *.corp.contoso.com captures every host under corp.contoso.com, including hosts added later; list the hosts',
        'warning test/App: [EPA-CA-2] app "Servers" requires no compliant or hybrid joined device; set requireCompliantDevice or requireHybridJoinedDevice on its Conditional Access policy',
      ]);
    });

    test('is recorded next to the resource in cdk.tf.json', () => {
      const tf = synthToDisk((s, app) => {
        new PrivateAccessConditionalAccessPolicy(s, 'Policy', { displayName: 'p', applications: [app], excludePrincipals: [BREAK_GLASS] });
        PrivateAccessChecks.suppress(app, 'EPA-CA-2', 'Workstations are enrolled next quarter (SEC-7)');
      });
      const resource = Object.values<any>(tf.resource.azuread_application_from_template)[0];
      expect(resource['//'].checks).toEqual({
        suppressed: [{ rule: 'EPA-CA-2', level: 'warning', reason: 'Workstations are enrolled next quarter (SEC-7)', declared_on: 'stack/App' }],
      });
    });

    test('the nearest suppression wins', () => {
      const s = testStack();
      const app = new PrivateAccessApplication(s, 'App', { displayName: 'a' });
      const [segment] = app.addSegment({ destination: Destination.parse('*.corp.contoso.com'), ports: [Port.SSH] });
      const other = new PrivateAccessApplication(s, 'Other', { displayName: 'b' });
      PrivateAccessChecks.suppress(s, 'EPA-SEG-4', 'stack-wide reason here');
      PrivateAccessChecks.suppress(app, 'EPA-SEG-4', 'reason for this app only');
      expect(PrivateAccessChecks.suppressionFor(segment, 'EPA-SEG-4')).toEqual({
        ruleId: 'EPA-SEG-4',
        reason: 'reason for this app only',
        declaredOn: 'test/App',
      });
      expect(PrivateAccessChecks.suppressionFor(other, 'EPA-SEG-4')?.reason).toBe('stack-wide reason here');
      expect(PrivateAccessChecks.suppressionFor(new TerraformStack(Testing.app(), 'elsewhere'), 'EPA-SEG-4')).toBeUndefined();
    });
  });

  test('an error finding fails synthesis', () => {
    expect(errorOf(() => synthToDisk())).toContain('[stack/App] [EPA-CA-1] app "Servers" is covered by no enabled Conditional Access policy');
  });

  test('rejects bad settings', () => {
    expect(errorOf(() => new PrivateAccessChecks({ widestPrefixLength: 40 }))).toBe('widestPrefixLength 40 is outside 1-32');
    expect(errorOf(() => new PrivateAccessChecks({ maxSshPortRange: 0 }))).toBe('maxSshPortRange 0 is not a whole number of at least 1');
  });

  test('every rule has an id, a level, a title and a rationale, and the ids are the suppressible ones', () => {
    const rules = new PrivateAccessChecks().rules;
    expect(rules.map((r) => r.id)).toEqual(PrivateAccessChecks.RULE_IDS);
    for (const r of rules) {
      expect([r.level, r.title.length > 10, r.rationale.length > 40]).toEqual([expect.stringMatching(/^(error|warning)$/), true, true]);
    }
  });
});

describe('the rule pack is open', () => {
  /** A rule of an organisation's own: no app may be named "test". */
  class NoTestAppsRule extends PrivateAccessRule {
    public readonly id: string = 'ACME-APP-1';
    public readonly level = RuleLevel.ERROR;
    public readonly title = 'No app named "test"';
    public readonly rationale = 'Test apps end up in production.';
    public check(context: RuleContext): RuleFinding[] {
      return context.applications
        .filter((app) => /test/i.test(app.displayName.value ?? ''))
        .map((app) => ({ subject: app.source, message: `app "${app.displayName.value}" looks like a test app; give it a real name` }));
    }
  }

  test('rule ids come from the rule classes', () => {
    expect(PrivateAccessChecks.RULE_IDS).toEqual(new PrivateAccessChecks().rules.map((r) => r.id));
  });

  test('additional rules run with the built-in ones, fail synth and can be suppressed', () => {
    const pack = new PrivateAccessChecks({ additionalRules: [new NoTestAppsRule()] });
    const s = testStack();
    new PrivateAccessApplication(s, 'App', {
      displayName: 'Test servers',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
      segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH] }],
      principals: [ADMINS],
    });
    Aspects.of(s).add(pack);
    expect(errorOf(() => Testing.synth(s, true))).toContain('[test/App] [ACME-APP-1] app "Test servers" looks like a test app; give it a real name');

    PrivateAccessChecks.suppress(s, 'ACME-APP-1', 'The lab tenant is called test on purpose (LAB-3)');
    analysisOf(s);
    expect(PrivateAccessChecks.findingsOf(s.node.findChild('App'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'ACME-APP-1', suppression: expect.objectContaining({ reason: 'The lab tenant is called test on purpose (LAB-3)' }) })]),
    );
  });

  test('rules can be disabled by id, and a bad id or a taken one is refused', () => {
    expect(new PrivateAccessChecks({ disabledRules: ['EPA-CG-1', 'EPA-CA-2'] }).rules.map((r) => r.id)).not.toEqual(
      expect.arrayContaining(['EPA-CG-1']),
    );
    expect(new PrivateAccessChecks({ disabledRules: ['EPA-CG-1'] }).rules).toHaveLength(PrivateAccessChecks.RULE_IDS.length - 1);
    expect(errorOf(() => new PrivateAccessChecks({ disabledRules: ['EPA-XX-1'] }))).toContain('disabledRules names no rule "EPA-XX-1"');
    class Clash extends NoTestAppsRule {
      public readonly id: string = 'EPA-CA-1';
    }
    expect(errorOf(() => new PrivateAccessChecks({ additionalRules: [new Clash() as never] }))).toContain('additionalRules[0] has the id "EPA-CA-1"');
  });

  test('suppressions are construct metadata, as cdk-nag keeps them', () => {
    const s = testStack();
    PrivateAccessChecks.suppress(s, 'EPA-CA-2', 'Workstations are not enrolled yet (SEC-1)');
    expect(s.node.metadata.filter((m) => m.type === 'cdktf-entra-private-access:suppression').map((m) => m.data)).toEqual([
      { ruleId: 'EPA-CA-2', reason: 'Workstations are not enrolled yet (SEC-1)', declaredOn: 'test' },
    ]);
  });
});
