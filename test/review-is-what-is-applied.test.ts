/**
 * The review is what Terraform applies: what changes `cdk.tf.json` after the constructs spoke (an
 * escape hatch, a raw resource, a late aspect, values known only at apply, an adopted object) is in
 * the review, the delta, the rule pack and the access tests. Each case failed before the analysis
 * read the synthesized configuration.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { App, Aspects, IAspect, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  AccessReview,
  AccessReviewDocument,
  AccessTest,
  ConnectorGroup,
  Destination,
  MsgraphProvider,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessChecks,
  PrivateAccessConditionalAccessPolicy,
  QuickAccessApplication,
} from '../lib';
import { accessDelta } from '../lib/analysis/delta';
import { errorOf, testStack } from './util';

const ADMINS = Principal.group('Linux Admins');

/** One SSH app for the admins, guarded by an enforced MFA policy. */
function estate(s: TerraformStack) {
  const app = new PrivateAccessApplication(s, 'Ssh', {
    displayName: 'SSH',
    connectorGroup: ConnectorGroup.fromConnectorGroupId(s, 'Connectors', '55555555-5555-5555-5555-555555555555'),
    segments: [{ destination: Destination.ipAddress('10.1.0.4'), ports: [Port.SSH] }],
    principals: [ADMINS],
  });
  const policy = new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: 'SSH: MFA', applications: [app] });
  return { app, policy };
}

function review(s: TerraformStack): AccessReviewDocument {
  return AccessReview.of(s).document();
}

describe('escape hatches', () => {
  test('an override of a segment\'s ports or destination is what the review shows and the delta reports', () => {
    const base = testStack();
    estate(base);
    const head = testStack();
    const { app } = estate(head);
    app.segments[0].resource.addOverride('body.ports', ['1-65535']);
    app.segments[0].resource.addOverride('body.destinationHost', '10.1.0.0/16');
    app.segments[0].resource.addOverride('body.destinationType', 'ipRangeCidr');
    const after = review(head);
    expect(after.applications[0].segments).toEqual([
      // cdktf merges an overridden list into the one the construct wrote: both ranges are applied.
      expect.objectContaining({ destination: '10.1.0.0/16', destinationType: 'ipRangeCidr', protocol: 'tcp', ports: ['22-22', '1-65535'] }),
    ]);
    const delta = accessDelta(review(base), after);
    expect(delta.gained.map((g) => `${g.principal.description} ${g.protocol} ${g.ports.join(',')} ${g.destination}`)).toEqual([
      'group "Linux Admins" tcp 1-65535 10.1.0.0/30',
      'group "Linux Admins" tcp 1-21,23-65535 10.1.0.4',
      'group "Linux Admins" tcp 1-65535 10.1.0.5..10.1.255.255',
    ]);
  });

  test('an override of an assignment\'s principal changes who the review says is assigned', () => {
    const s = testStack();
    const { app } = estate(s);
    app.assignments[0].resource.addOverride('principal_object_id', '66666666-6666-6666-6666-666666666666');
    expect(review(s).applications[0].principals.map((p) => p.description)).toEqual(['unknown 66666666-6666-6666-6666-666666666666']);
  });

  test('an override of the policy\'s state or exclusions is what MFA coverage and the access tests see', () => {
    const s = testStack();
    const { policy } = estate(s);
    new AccessTest(s, 'AdminsWithMfa', { principal: ADMINS, accept: ['10.1.0.4:22'], requireMfa: true });
    expect(() => Testing.synth(s, true)).not.toThrow();
    policy.resource.addOverride('state', 'enabledForReportingButNotEnforced');
    expect(review(s).applications[0].conditionalAccess[0].state).toBe('enabledForReportingButNotEnforced');
    expect(errorOf(() => Testing.synth(s, true))).toMatch(/access test failed: accept "10\.1\.0\.4:22": .* no enforced Conditional Access policy requiring MFA/);
  });

  test('an excluded group added by override makes the admins\' MFA coverage undecided, as it is', () => {
    const s = testStack();
    const { policy } = estate(s);
    policy.resource.addOverride('conditions.users.excluded_groups', ['44444444-4444-4444-4444-444444444444']);
    const app = review(s).applications[0];
    expect(app.conditionalAccess[0].excludes.map((p) => p.description)).toEqual(['group 44444444-4444-4444-4444-444444444444']);
    expect(app.principalsWithoutMfa).toEqual([]);
    expect(app.mfaUndecided).toEqual([
      {
        principal: expect.objectContaining({ description: 'group "Linux Admins"' }),
        why: 'policy "SSH: MFA": it excludes group 44444444-4444-4444-4444-444444444444: members of both group "Linux Admins" and group 44444444-4444-4444-4444-444444444444 are not covered, and who they are is not stated (AccessFacts members)',
      },
    ]);
  });
});

describe('raw resources', () => {
  test('an AppRoleAssignment to the app\'s service principal is an assignment the review lists', () => {
    const s = testStack();
    const { app } = estate(s);
    new AppRoleAssignment(s, 'x', {
      appRoleId: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
      principalObjectId: '77777777-7777-7777-7777-777777777777',
      resourceObjectId: app.servicePrincipalObjectId,
    });
    expect(review(s).applications[0].principals.map((p) => p.description)).toEqual(['group "Linux Admins"', 'unknown 77777777-7777-7777-7777-777777777777']);
  });

  test('a resource that touches the app in a way the model does not know is an error, not silence', () => {
    const s = testStack();
    const { app } = estate(s);
    new AppRoleAssignment(s, 'AppAsPrincipal', {
      appRoleId: '00000000-0000-0000-0000-000000000000',
      principalObjectId: app.servicePrincipalObjectId,
      resourceObjectId: '88888888-8888-8888-8888-888888888888',
    });
    expect(errorOf(() => Testing.synth(s, true))).toContain(
      '[test/AppAsPrincipal] [EPA-REVIEW-1] azuread_app_role_assignment.AppAsPrincipal refers to the Private Access app test/Ssh in a way the access model does not know (azuread_app_role_assignment); what it grants is not in the review',
    );
    PrivateAccessChecks.suppress(s.node.findChild('AppAsPrincipal'), 'EPA-REVIEW-1', 'The app reads the CMDB with this role (CHG-77)');
    expect(() => Testing.synth(s, true)).not.toThrow();
  });
});

describe('late aspects', () => {
  test('a segment an aspect adds after the rule pack ran is judged by it', () => {
    const s = testStack();
    const { app } = estate(s);
    Aspects.of(s).add(new PrivateAccessChecks());
    class Widen implements IAspect {
      public visit(node: IConstruct): void {
        if (node === app && app.segments.length === 1) {
          app.addSegment({ destination: Destination.cidr('0.0.0.0/0'), ports: [Port.tcp(443)] });
        }
      }
    }
    Aspects.of(s).add(new Widen());
    expect(errorOf(() => Testing.synth(s, true))).toContain('[test/Ssh] [EPA-SEG-2] app "SSH": its segments together cover every IPv4 address');
  });
});

describe('values known only at apply', () => {
  test('ports from a variable are unknown access in the review and the delta, never "no change"', () => {
    const base = testStack();
    estate(base);
    const head = testStack();
    const { app } = estate(head);
    const port = new TerraformVariable(head, 'port', { type: 'number' });
    app.addSegment({ destination: Destination.ipAddress('10.1.0.9'), ports: [Port.tcp(port.numberValue)], id: 'app' });
    const after = review(head);
    expect(after.applications[0].segments.find((x) => x.destination === '10.1.0.9')).toEqual(
      expect.objectContaining({ ports: ['(known at apply: ${var.port}-${var.port})'], unknown: ['port (known at apply: ${var.port}-${var.port})'] }),
    );
    const delta = accessDelta(review(base), after);
    expect(delta.uncomparable.map((c) => c.kind)).toEqual(['unknownAccess']);
    expect(delta.uncomparable[0].message).toContain('known only at apply; who it lets reach what cannot be compared');
  });

  test('a group by a token and a label is not "the same" as another group with that label', () => {
    const s = testStack();
    const id = new TerraformVariable(s, 'admins', { type: 'string' });
    const { app } = estate(s);
    app.grantAccess(Principal.groupId(id.stringValue, 'Linux Admins'));
    const principals = review(s).applications[0].principals;
    expect(principals.map((p) => [p.identity, p.unverified ?? false])).toEqual([
      ['group-name-linux admins', false],
      ['group-expression-${var.admins}', false], // its label is checked at plan: not unverified, and not the group by name
    ]);
    new AccessTest(s, 'Named', { principal: ADMINS, deny: ['10.1.0.4:22'] });
    // The admins by name are assigned: the deny fails whatever the token is.
    expect(errorOf(() => Testing.synth(s, true))).toContain('access test failed: deny "10.1.0.4:22": group "Linux Admins" reaches it');
  });

  test("segments added to the tenant's existing Quick Access app: its assignees live in the tenant", () => {
    const s = testStack();
    QuickAccessApplication.fromExisting(s, 'QuickAccess', { segments: [{ destination: Destination.cidr('10.8.0.0/16'), ports: [Port.tcpRange(1, 65535)] }] });
    const doc = review(s);
    expect(doc.applications[0]).toEqual(expect.objectContaining({ quickAccess: true, undeclaredInTenant: true, principals: [] }));
    const delta = accessDelta({ ...doc, model: { ...doc.model!, applications: [] }, applications: [] }, doc);
    expect(delta.gained.map((g) => `${g.principal.description}: ${g.protocol} ${g.ports.join(',')} ${g.destination}`)).toEqual([
      "the Quick Access app's assignees in the tenant (not declared by the stack): tcp 1-65535 10.8.0.0/16",
    ]);
    expect(delta.uncomparable.map((c) => c.kind)).toContain('undeclaredAssignees');
    new AccessTest(s, 'Nobody', { principal: ADMINS, deny: ['10.8.0.5:22'] });
    expect(errorOf(() => Testing.synth(s, true))).toMatch(/deny "10\.8\.0\.5:22": cannot be decided: .*the assignees the tenant holds/);
  });
});

describe('adopted objects', () => {
  test('the review lists every adopted object with its ID, and the delta says what removing one deletes', () => {
    const base = testStack();
    new PrivateAccessApplication(base, 'Ssh', {
      displayName: 'SSH',
      connectorGroup: ConnectorGroup.fromConnectorGroupId(base, 'Connectors', '55555555-5555-5555-5555-555555555555'),
      segments: [{ destination: Destination.ipAddress('10.1.0.4'), ports: [Port.SSH] }],
      principals: [ADMINS],
      adopt: { applicationObjectId: '11111111-aaaa-4aaa-8aaa-111111111111', servicePrincipalObjectId: '22222222-bbbb-4bbb-8bbb-222222222222' },
    });
    const before = review(base);
    expect(before.adoptions).toEqual([
      {
        kind: 'application',
        address: 'azuread_application_from_template.Ssh_D3C75D03',
        path: 'test/Ssh',
        importId: '/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate/11111111-aaaa-4aaa-8aaa-111111111111/22222222-bbbb-4bbb-8bbb-222222222222',
      },
    ]);
    const delta = accessDelta({ ...before, model: { ...before.model!, adoptions: [], applications: [] } }, before);
    expect(delta.changes.find((c) => c.kind === 'adoption')?.message).toMatch(/^adopts existing application \/applicationTemplates\/.*: "SSH" with 1 segments and 1 assignments as declared/);
    const removed = accessDelta(before, { ...before, model: { ...before.model!, applications: [], adoptions: [] }, applications: [] });
    expect(removed.changes.find((c) => c.kind === 'applicationRemoved')).toEqual(
      expect.objectContaining({ alarm: true, message: expect.stringContaining('it was adopted: the existing app 11111111-aaaa-4aaa-8aaa-111111111111 is deleted from the tenant') }),
    );
  });
});

describe('nothing runs unchecked without saying so', () => {
  test('a review synthesized with skipValidation carries a banner, and review-diff lists it', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'skip-'));
    try {
      const app = new App({ outdir, skipValidation: true });
      const s = new TerraformStack(app, 'skip');
      new AzureadProvider(s, 'azuread');
      new MsgraphProvider(s, 'msgraph');
      estate(s);
      new AccessTest(s, 'Broken', { principal: Principal.group('Ops'), accept: ['10.1.0.4:22'] });
      AccessReview.of(s);
      app.synth();
      const doc: AccessReviewDocument = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'skip', 'access-review.json'), 'utf8'));
      expect(doc.validation).toEqual({ ran: false, banner: expect.stringContaining('Validation, the access tests and the rule pack were not run') });
      expect(fs.readFileSync(path.join(outdir, 'stacks', 'skip', 'access-review.md'), 'utf8')).toContain('> **Validation, the access tests and the rule pack were not run');
      const checked = review(testStack());
      expect(accessDelta({ ...checked, stack: 'skip' }, doc).uncomparable.map((c) => c.kind)).toContain('unchecked');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
