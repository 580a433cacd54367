import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, Aspects, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Destination,
  AccessReview,
  ConditionalAccessPolicyState,
  AccessTest,
  ConnectorGroup,
  ConnectorGroupRegion,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessChecks,
  PrivateAccessConditionalAccessPolicy,
  SignInFrequency,
} from '../lib';
import { PlanReview } from '../lib/testing';
import { testStack } from './util';

const ADMINS = Principal.group('Linux Admins');
const OPS = Principal.groupId('22222222-2222-2222-2222-222222222222', 'ops');
const ALEX = Principal.user('alex@contoso.com');
const BREAK_GLASS = Principal.userId('99999999-9999-9999-9999-999999999999', 'break-glass');

/** A small estate, built in the given order (or reversed), with the rule pack. */
function build(s: TerraformStack, reverse = false): void {
  const order = <T>(xs: T[]) => (reverse ? [...xs].reverse() : xs);
  const connectors = new ConnectorGroup(s, 'Connectors', { name: 'DC1 "north"', region: ConnectorGroupRegion.EUROPE });
  const apps: Record<string, () => PrivateAccessApplication> = {
    ssh: () =>
      new PrivateAccessApplication(s, 'Ssh', {
        displayName: 'Linux | SSH',
        connectorGroup: connectors,
        segments: order([
          { destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH] },
          { destination: Destination.parse('*.lab.contoso.com'), ports: [Port.SSH] },
          { destination: Destination.parse('10.1.3.1..10.1.3.9'), ports: [Port.tcpRange(2200, 2210), Port.udp(60001)] },
        ]),
        principals: order([ADMINS, ALEX]),
      }),
    rdp: () =>
      new PrivateAccessApplication(s, 'Rdp', {
        displayName: 'Windows RDP',
        connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Existing', '55555555-5555-5555-5555-555555555555'),
        segments: [{ destination: Destination.parse('10.2.0.0/24'), ports: [Port.tcp(3389)] }],
        principals: [OPS],
      }),
  };
  const made = Object.fromEntries(order(Object.keys(apps)).map((k) => [k, apps[k]()]));
  new PrivateAccessConditionalAccessPolicy(s, 'Mfa', {
    displayName: 'Private Access: MFA',
    applications: order([made.ssh, made.rdp]),
    requireCompliantDevice: true,
    signInFrequency: SignInFrequency.hours(8),
    excludePrincipals: [BREAK_GLASS],
  });
  new PrivateAccessConditionalAccessPolicy(s, 'RdpTrial', {
    displayName: 'RDP: phishing-resistant MFA (trial)',
    applications: [made.rdp],
    authenticationStrengthPolicyId: '00000000-0000-0000-0000-000000000004',
    state: ConditionalAccessPolicyState.REPORT_ONLY,
  });
  new AccessTest(s, 'AdminsReachSsh', { principal: ADMINS, accept: ['10.1.2.4:22'], deny: ['10.2.0.4:3389'], requireMfa: true });
  PrivateAccessChecks.suppress(made.ssh, 'EPA-SEG-4', 'The lab hosts are all disposable jump hosts (LAB-7)');
  Aspects.of(s).add(new PrivateAccessChecks());
}

function reviewed(reverse = false) {
  const s = testStack();
  build(s, reverse);
  return PlanReview.accessReviewOf(s);
}

describe('AccessReview', () => {
  const review = reviewed();

  test('lists apps, destinations, connector groups, principals, policies, findings and suppressions (JSON)', () => {
    expect(review.document).toMatchSnapshot();
  });

  test('renders Markdown with a Mermaid diagram', () => {
    expect(review.markdown).toMatchSnapshot();
    expect(review.markdown).toContain('```mermaid\nflowchart LR\n');
  });

  test('is unchanged when apps, segments, principals and policies are declared in another order', () => {
    const reversed = reviewed(true);
    expect(reversed.markdown).toBe(review.markdown);
    expect(reversed.document).toEqual(review.document);
  });

  test('holds no token placeholder: values known only at apply keep their Terraform expression', () => {
    expect(JSON.stringify(review.document)).not.toMatch(/TfToken|\$\{Token/);
    expect(review.markdown).not.toMatch(/TfToken/);
    expect(review.document.model?.connectorGroups.map((g) => g.source.address)).toEqual(['msgraph_resource.Connectors_D11F060E']);
  });

  describe('files', () => {
    let outdir: string;
    beforeEach(() => {
      outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
    });
    afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

    function synthApp(configure?: (s: TerraformStack) => void): string {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'test');
      new AzureadProvider(s, 'azuread');
      new MsgraphProvider(s, 'msgraph');
      new LocalBackend(s, { path: 'terraform.test.tfstate' });
      build(s);
      configure?.(s);
      app.synth();
      return path.join(outdir, 'stacks', 'test');
    }

    test('are written next to cdk.tf.json, identical to the helper, byte-identical across runs', () => {
      const dir = synthApp((s) => AccessReview.of(s));
      const md = fs.readFileSync(path.join(dir, 'access-review.md'), 'utf8');
      const json = fs.readFileSync(path.join(dir, 'access-review.json'), 'utf8');
      expect(md).toBe(review.markdown);
      expect(JSON.parse(json)).toEqual(review.document);
      expect(synthApp((s) => AccessReview.of(s))).toBe(dir);
      expect(fs.readFileSync(path.join(dir, 'access-review.md'), 'utf8')).toBe(md);
      expect(fs.readFileSync(path.join(dir, 'access-review.json'), 'utf8')).toBe(json);
    });

    test('are written only for a stack that attached the review', () => {
      const dir = synthApp();
      expect(fs.existsSync(path.join(dir, 'cdk.tf.json'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'access-review.md'))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'access-review.json'))).toBe(false);
    });
  });
});

describe('AccessReview findings of validation', () => {
  test('a wildcard in one app over another app\'s host name is listed as a conflict on the covered segment', () => {
    const s = testStack();
    const connectors = ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555');
    new PrivateAccessApplication(s, 'Wide', {
      displayName: 'Wide',
      connectorGroup: connectors,
      segments: [{ destination: Destination.parse('*.corp.contoso.com'), ports: [Port.SSH] }],
      principals: [ADMINS],
    });
    new PrivateAccessApplication(s, 'Narrow', {
      displayName: 'Narrow',
      connectorGroup: connectors,
      segments: [{ destination: Destination.parse('ssh.corp.contoso.com'), ports: [Port.SSH] }],
      principals: [OPS],
    });
    expect(() => PlanReview.accessReviewOf(s)).toThrow(/both cover ssh\.corp\.contoso\.com on tcp\/22 in different apps/);
    const narrow = AccessReview.of(s).document().applications.find((a) => a.displayName === 'Narrow')!;
    expect(narrow.findings).toEqual([
      {
        rule: 'overlap',
        level: 'error',
        construct: 'test/Narrow/Segment-tcp-fqdn-ssh_corp_contoso_com',
        message:
          "the wildcard segment test/Wide/Segment-tcp-fqdn-WILDCARD_corp_contoso_com (*.corp.contoso.com) and test/Narrow/Segment-tcp-fqdn-ssh_corp_contoso_com both cover ssh.corp.contoso.com on tcp/22 in different apps: Microsoft's Migrate2GSA converter treats such a pair as a conflict, and which app Private Access picks for the name is not documented, so who reaches it cannot be told; move the name into the wildcard's app, or narrow the wildcard",
      },
    ]);
  });
});

describe('synthSnapshot', () => {
  test('is the synthesized stack without metadata or machine paths, validations run', () => {
    const s = testStack();
    build(s);
    new LocalBackend(s, {});
    const snapshot = PlanReview.synthSnapshot(s) as any;
    expect(JSON.stringify(snapshot)).not.toContain('"//"');
    expect(snapshot.terraform.backend.local.path).toBe('<cwd>/terraform.test.tfstate');
    expect(JSON.stringify(snapshot)).not.toContain(process.cwd());
  });

  test('fails when validation fails (a failing access test)', () => {
    const s = testStack();
    build(s);
    new AccessTest(s as Construct, 'Broken', { principal: OPS, accept: ['10.1.2.4:22'] });
    expect(() => PlanReview.synthSnapshot(s)).toThrow(/access test failed: accept "10.1.2.4:22"/);
  });
});
