import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, Aspects, TerraformStack, Testing, Token } from 'cdktf';
import {
  AccessReview,
  AccessTest,
  ConnectorGroup,
  Destination,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessChecks,
  PrivateAccessConditionalAccessPolicy,
} from '../../lib';
import { PlanReview } from '../../lib/testing';
import { errorOf, testStack } from '../util';

const ADMINS = Principal.group('Linux Admins');

/** A stack with one app, guarded by an MFA policy; `segments` as given. */
function stackWith(app: App, id: string, destination = '10.1.2.0/24'): TerraformStack {
  const s = new TerraformStack(app, id);
  new AzureadProvider(s, 'azuread');
  new MsgraphProvider(s, 'msgraph');
  const pa = new PrivateAccessApplication(s, 'App', {
    displayName: `Servers ${id}`,
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
    segments: [{ destination: Destination.parse(destination), ports: [Port.SSH] }],
    principals: [ADMINS],
  });
  new PrivateAccessConditionalAccessPolicy(s, 'Mfa', {
    displayName: `MFA ${id}`,
    applications: [pa],
    requireCompliantDevice: true,
    excludePrincipals: [Principal.userId('99999999-9999-9999-9999-999999999999', 'break-glass')],
  });
  return s;
}

describe('nothing is silently unchecked', () => {
  test('a rule pack added to the App checks every stack', () => {
    const app = Testing.app();
    const wide = stackWith(app, 'wide', '0.0.0.0/0');
    const fine = stackWith(app, 'fine', 'ssh.corp.contoso.com'); // a name: no overlap with 0.0.0.0/0
    Aspects.of(app).add(new PrivateAccessChecks());
    expect(errorOf(() => Testing.synth(wide, true))).toContain('[wide/App] [EPA-SEG-2] app "Servers wide": its segments together cover every IPv4 address');
    expect(() => Testing.synth(fine, true)).not.toThrow();
    expect(AccessReview.of(fine).document().rulePack.uncheckedApplications).toEqual([]);
  });

  test('a rule pack added to the App fails app.synth() as cdktf synth does', () => {
    const app = Testing.app();
    stackWith(app, 'wide', '0.0.0.0/1');
    stackWith(app, 'other', '128.0.0.0/1');
    Aspects.of(app).add(new PrivateAccessChecks());
    expect(() => app.synth()).toThrow(/EPA-SEG-2/);
  });

  test('the review says whether the rule pack ran', () => {
    const unchecked = stackWith(Testing.app(), 'unchecked');
    Testing.synth(unchecked, true);
    const review = AccessReview.of(unchecked);
    expect(review.document().rulePack).toEqual({ rules: [], uncheckedApplications: ['unchecked/App'] });
    expect(review.markdown()).toContain('**Rule pack: not run on this stack.** No finding below comes from it;');

    const checked = stackWith(Testing.app(), 'checked');
    Aspects.of(checked).add(new PrivateAccessChecks());
    Testing.synth(checked, true);
    expect(AccessReview.of(checked).document().rulePack.rules).toContain('EPA-CA-1');
    expect(AccessReview.of(checked).markdown()).toContain('Rule pack: `PrivateAccessChecks` checked every app of this stack (EPA-ASSIGN-1, EPA-CA-1,');

    const partly = stackWith(Testing.app(), 'partly');
    const other = new PrivateAccessApplication(partly, 'Other', {
      displayName: 'Other',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(partly, 'OtherConnectors', '55555555-5555-5555-5555-555555555556'),
      segments: [{ destination: Destination.parse('10.9.0.4'), ports: [Port.SSH] }],
      principals: [ADMINS],
    });
    Aspects.of(partly.node.findChild('App')).add(new PrivateAccessChecks());
    Testing.synth(partly);
    expect(AccessReview.of(partly).document().rulePack.uncheckedApplications).toEqual([other.node.path]);
    expect(AccessReview.of(partly).markdown()).toContain('**Rule pack: not run on `partly/Other`.**');
  });

  test('one synth reports validation errors, rule-pack errors and access-test failures together', () => {
    const s = stackWith(Testing.app(), 'all', '0.0.0.0/0');
    new AccessTest(s, 'Broken', { principal: Principal.group('Ops'), accept: ['10.1.2.4:22'] });
    new PrivateAccessApplication(s, 'Empty', { displayName: 'Empty' });
    Aspects.of(s).add(new PrivateAccessChecks());
    const message = errorOf(() => Testing.synth(s, true));
    expect(message).toContain('[all/App] [EPA-SEG-2]');
    expect(message).toContain('[all/Broken] access test failed: accept "10.1.2.4:22"');
    expect(message).toContain('[all/Empty] the app has no segments');
  });

  test('synthSnapshot fails on an error finding, as cdktf synth does', () => {
    const s = stackWith(Testing.app(), 'snap', '0.0.0.0/0');
    Aspects.of(s).add(new PrivateAccessChecks());
    expect(() => PlanReview.synthSnapshot(s)).toThrow(/\[snap\/App\] \[EPA-SEG-2\]/);
  });

  test('a suppressed error finding does not fail synth', () => {
    const s = stackWith(Testing.app(), 'accepted', '0.0.0.0/0');
    PrivateAccessChecks.suppress(s, 'EPA-SEG-2', 'A lab tenant whose whole network is disposable (LAB-1)');
    Aspects.of(s).add(new PrivateAccessChecks());
    expect(() => PlanReview.synthSnapshot(s)).not.toThrow();
  });

  test('a stack without MsgraphProvider is told which class to add and where it comes from', () => {
    const s = new TerraformStack(Testing.app(), 'noprovider');
    new AzureadProvider(s, 'azuread');
    new ConnectorGroup(s, 'Connectors', { name: 'DC1' });
    expect(errorOf(() => Testing.synth(s, true))).toContain(
      "[noprovider] the stack uses msgraph resources but has no msgraph provider: add new MsgraphProvider(stack, 'msgraph'), imported from 'cdktf-entra-private-access'",
    );
  });
});

describe('access tests that cannot be fooled', () => {
  test('a deny over a segment whose destination is known only at apply is undecided, so it fails', () => {
    const s = testStack();
    const app = new PrivateAccessApplication(s, 'App', {
      displayName: 'Servers',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
      principals: [ADMINS],
    });
    app.addSegment({ destination: Destination.ipAddress(Token.asString({ Ref: 'address' })), ports: [Port.SSH], id: 'db' });
    const test = new AccessTest(s, 'NoSshToDb', { principal: ADMINS, deny: ['10.1.2.4:22', '10.1.2.4:53/udp'] });
    const [tcp, udp] = test.results();
    expect(tcp.passed).toBe(false);
    expect(tcp.outcome).toBe('undecided');
    expect(tcp.reason).toMatch(/^cannot be decided: app "Servers" \(segment test\/App\/Segment-tcp-db: tcp to \(known at apply: .*\)\) might carry it: destination \(known at apply: .*\) known only at apply; an undecided deny never passes$/);
    expect(udp.passed).toBe(true); // a TCP segment never carries UDP, whatever its destination
  });

  test('a deny for a group name in another case fails when the group is assigned', () => {
    const s = testStack();
    new PrivateAccessApplication(s, 'App', {
      displayName: 'Servers',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
      segments: [{ destination: Destination.parse('10.1.2.0/24'), ports: [Port.SSH] }],
      principals: [Principal.group('Linux Admins')],
    });
    const test = new AccessTest(s, 'Lower', { principal: Principal.group('linux admins'), deny: ['10.1.2.4:22'] });
    expect(test.results()[0]).toMatchObject({ passed: false, grantedBy: ['Servers'] });
  });
});
