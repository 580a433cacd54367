import * as fs from 'fs';
import * as path from 'path';
import { ISynthesisSession, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { IConnectorGroup } from './connector-group';
import type { Principal } from './principal';
import { addCustomSynthesis } from './private/cdktf-internals';
import { principalsWithoutMfa, requiresMfaOnEveryPath } from './private/coverage';
import { checkedRules, findingsOf, notesOf } from './private/findings';
import { originOf } from './private/origins';
import { quickAccessFacts } from './private/quick-access';
import { REVIEW_FORMAT_VERSION } from './private/review-format';
import { renderAccessReview } from './private/review-markdown';
import { PrivateAccessRegistry } from './private/registry';
import type { PrivateAccessApplicationBase } from './private-access-application-base';
import type { PrivateAccessConditionalAccessPolicy } from './private-access-conditional-access-policy';

/** A segment, as the review lists it. */
export interface ReviewedSegment {
  /** The destination as written on the wire. */
  readonly destination: string;
  /** The wire destination type: `ip`, `ipRangeCidr`, `ipRange` or `fqdn`. */
  readonly destinationType: string;
  /** `tcp`, `udp` or `tcp,udp`. */
  readonly protocol: string;
  /** The wire port ranges, such as `22-22`. */
  readonly ports: string[];
}

/** A user or group, as the review lists it. */
export interface ReviewedPrincipal {
  /** `user` or `group`. */
  readonly principalType: string;
  /**
   * What identifies the principal as Entra compares it (`group-name-linux admins`,
   * `user-3f2504e0-…`): what the access delta matches on.
   */
  readonly identity: string;
  /**
   * The group's display name or the user's UPN, when the principal was given by name.
   *
   * @default - given by object ID or construct
   */
  readonly name?: string;
  /**
   * The object ID, when given as one known at synth.
   *
   * @default - given by name or construct
   */
  readonly objectId?: string;
  /** How the review shows it: `group "Linux Admins"`. */
  readonly description: string;
}

/** A Conditional Access policy covering an app, as the review lists it. */
export interface ReviewedPolicy {
  /** The policy's display name. */
  readonly displayName: string;
  /** The policy's construct path. */
  readonly path: string;
  /** `enabled`, `enabledForReportingButNotEnforced` or `disabled`. */
  readonly state: string;
  /** The grant controls: `mfa`, `authenticationStrength`, `compliantDevice`, `domainJoinedDevice`. */
  readonly requires: string[];
  /** How the controls combine: `AND` or `OR`. */
  readonly grantOperator: string;
  /**
   * Whether every way to satisfy the grant controls includes MFA or an authentication strength
   * (`compliantDevice OR mfa` does not).
   */
  readonly requiresMfaOnEveryPath: boolean;
  /** The sign-in frequency, if set: `4h`, `1d`, `every time`. */
  readonly signInFrequency?: string;
  /** The principals the policy applies to. */
  readonly includes: ReviewedPrincipal[];
  /** The principals excluded (break-glass accounts). */
  readonly excludes: ReviewedPrincipal[];
}

/** A finding about an app or its segments, as the review lists it. */
export interface ReviewedFinding {
  /** The rule id (`EPA-…`), or `overlap` for a wildcard covering another segment. */
  readonly rule: string;
  /** `error` or `warning`. */
  readonly level: string;
  /** The construct the finding is about. */
  readonly construct: string;
  /** What was found. */
  readonly message: string;
}

/** A suppressed finding, as the review lists it. */
export interface ReviewedSuppression {
  /** The suppressed rule's id. */
  readonly rule: string;
  /** The construct the finding is about. */
  readonly construct: string;
  /** Why it was accepted. */
  readonly reason: string;
  /** Where the suppression was declared. */
  readonly declaredOn: string;
}

/** Where an app was read from, when it was not written in code. */
export interface ReviewedSource {
  /** The file's name, such as `inventory.csv`. */
  readonly file: string;
  /** The rows the app was made from: their `SegmentId`s, or `line N`. */
  readonly rows: string[];
}

/** One Private Access app, as the review lists it. */
export interface ReviewedApplication {
  /** The app's display name. */
  readonly displayName: string;
  /** The app's construct path. */
  readonly path: string;
  /** The connector group that carries the app's traffic. */
  readonly connectorGroup: string;
  /** The destinations, protocols and ports the app captures. */
  readonly segments: ReviewedSegment[];
  /** The users and groups assigned. */
  readonly principals: ReviewedPrincipal[];
  /** The Conditional Access policies targeting the app. */
  readonly conditionalAccess: ReviewedPolicy[];
  /**
   * The assigned principals that no enforced policy requiring MFA on every way in applies to: the
   * same evaluation as rule EPA-CA-1 and `AccessTest.requireMfa`.
   */
  readonly principalsWithoutMfa: ReviewedPrincipal[];
  /** Open findings of the rule pack and of validation, on the app, its segments and its policies. */
  readonly findings: ReviewedFinding[];
  /** Findings accepted with a reason. */
  readonly suppressions: ReviewedSuppression[];
  /**
   * Whether this is the tenant's Quick Access app.
   *
   * @default - absent for an enterprise app
   */
  readonly quickAccess?: boolean;
  /**
   * The Quick Access app's DNS suffixes (Private DNS).
   *
   * @default - absent for an enterprise app
   */
  readonly dnsSuffixes?: string[];
  /**
   * The file and rows the app was read from (`PrivateAccessInventory`).
   *
   * @default - absent for an app written in code
   */
  readonly source?: ReviewedSource;
}

/** One access test, as the review lists it. */
export interface ReviewedAccessTest {
  /** The test's construct path. */
  readonly path: string;
  /** The principal tested. */
  readonly principal: ReviewedPrincipal;
  /** Whether accepted access must be protected by MFA. */
  readonly requireMfa: boolean;
  /** Each entry: kind, entry, whether it holds, and through which apps it is reachable. */
  readonly results: ReviewedAccessTestResult[];
}

/** One entry of an access test, as the review lists it. */
export interface ReviewedAccessTestResult {
  /** `accept` or `deny`. */
  readonly kind: string;
  /** The entry as written, such as `10.1.0.4:22`. */
  readonly entry: string;
  /** Whether the entry holds. */
  readonly passed: boolean;
  /** The display names of the apps through which the principal reaches it. */
  readonly grantedBy: string[];
}

/** Whether the rule pack checked the stack, so that "no findings" can be told from "not checked". */
export interface ReviewedRulePack {
  /** The ids of the rules that ran on the stack's apps; empty when the pack did not run. */
  readonly rules: string[];
  /** The paths of the stack's apps the pack did not check. */
  readonly uncheckedApplications: string[];
}

/** The access review of one stack. */
export interface AccessReviewDocument {
  /**
   * The version of this format (`AccessReview.FORMAT_VERSION`): it changes when a field changes
   * meaning or goes away, so tools such as `entra-private-access review-diff` can refuse what they
   * do not understand.
   */
  readonly formatVersion: number;
  /** The stack's name. */
  readonly stack: string;
  /** Whether the rule pack ran, and on what. */
  readonly rulePack: ReviewedRulePack;
  /** The Private Access apps of the stack, by display name. */
  readonly applications: ReviewedApplication[];
  /** The access tests of the stack, by path. */
  readonly accessTests: ReviewedAccessTest[];
}

const ID = 'AccessReview';

/**
 * The access review of a stack: who can reach what through Entra Private Access, written at synth
 * next to the stack's `cdk.tf.json` as `access-review.md` (with a Mermaid diagram that GitHub
 * renders in a pull request) and `access-review.json`.
 *
 * A stack gets one when it asks for it: `AccessReview.of(stack)` (the core constructs never add
 * it, so a stack writes nothing but Terraform unless the program attaches a review). The review lists, per app, the destinations, the connector
 * group, the principals, the Conditional Access policies with their controls and state, and the
 * rule-pack findings and suppressions. It holds no token or machine path and is sorted by content,
 * so it is byte-identical across runs and unchanged when the program is reordered.
 */
export class AccessReview extends Construct {
  /** The version of the `access-review.json` format this library writes. */
  public static readonly FORMAT_VERSION = REVIEW_FORMAT_VERSION;

  /**
   * Attaches the review to the stack `scope` belongs to, once: later calls return the same review.
   * Its files are written when the stack synthesizes.
   *
   * @example
   * AccessReview.of(stack);
   *
   * @param scope any construct of the stack
   */
  public static of(scope: IConstruct): AccessReview {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return existing instanceof AccessReview ? existing : new AccessReview(stack, ID);
  }

  private constructor(scope: TerraformStack, id: string) {
    super(scope, id);
    addCustomSynthesis(this, (session) => this.write(session));
  }

  /** The review as data, for the program as it is now. */
  public document(): AccessReviewDocument {
    const stack = TerraformStack.of(this);
    const registry = PrivateAccessRegistry.of(this);
    const stackApps = registry.applications.filter((a) => TerraformStack.of(a) === stack);
    const apps = stackApps.map((a) => reviewApplication(a, registry.policies));
    const rules = [...new Set(stackApps.flatMap((a) => checkedRules(a)))].sort();
    const rulePack = {
      rules,
      uncheckedApplications: stackApps.filter((a) => checkedRules(a).length === 0).map((a) => a.node.path).sort(),
    };
    const tests = registry.accessTests
      .filter((t) => TerraformStack.of(t) === stack)
      .map((t) => ({
        path: t.node.path,
        principal: reviewPrincipal(t.principal),
        requireMfa: t.requireMfa,
        results: t.results().map((r) => ({ kind: r.kind, entry: r.entry, passed: r.passed, grantedBy: [...r.grantedBy].sort() })),
      }));
    return {
      formatVersion: REVIEW_FORMAT_VERSION,
      stack: stack.node.id,
      rulePack,
      applications: apps.sort((a, b) => compare(a.displayName, b.displayName) || compare(a.path, b.path)),
      accessTests: tests.sort((a, b) => compare(a.path, b.path)),
    };
  }

  /** The review as Markdown, with a Mermaid diagram. */
  public markdown(): string {
    return renderAccessReview(this.document());
  }

  /**
   * Renders a review document as Markdown with a Mermaid diagram, every piece of text escaped
   * (what `access-review.md` holds).
   *
   * @param document a review, such as one read back from `access-review.json`
   */
  public static toMarkdown(document: AccessReviewDocument): string {
    return renderAccessReview(document);
  }

  private write(session: ISynthesisSession): void {
    const stack = TerraformStack.of(this);
    const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
    const document = this.document();
    fs.writeFileSync(path.join(dir, 'access-review.json'), `${JSON.stringify(document, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, 'access-review.md'), renderAccessReview(document));
  }
}

function reviewPrincipal(p: Principal): ReviewedPrincipal {
  return {
    principalType: p.principalType,
    identity: p.identity,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.objectId !== undefined ? { objectId: p.objectId } : {}),
    description: p.description,
  };
}

/** The principals, sorted as their descriptions read. */
function reviewPrincipals(principals: readonly Principal[]): ReviewedPrincipal[] {
  return principals.map(reviewPrincipal).sort((a, b) => compare(a.description, b.description) || compare(a.identity, b.identity));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text for the review: a token is shown as what it is, never as a run-specific placeholder. */
function text(value: string | undefined, unresolved = '(known at apply)'): string {
  if (value === undefined) {
    return '';
  }
  return Token.isUnresolved(value) ? unresolved : value;
}

function describeConnectorGroup(group: IConnectorGroup | undefined): string {
  if (!group) {
    return "none: the tenant's default group";
  }
  if (group.isTenantDefault) {
    return "the tenant's default group";
  }
  if (group.connectorGroupName !== undefined) {
    return text(group.connectorGroupName);
  }
  return `existing group ${text(group.connectorGroupId)}`;
}

function reviewApplication(app: PrivateAccessApplicationBase, policies: readonly PrivateAccessConditionalAccessPolicy[]): ReviewedApplication {
  const segments = app.segments
    .map((s) => ({
      destination: text(s.destination.host, `(known at apply: ${s.node.id})`),
      destinationType: s.destination.destinationType,
      protocol: s.protocol,
      ports: s.ports.map((p) => text(p.toWire())),
    }))
    .sort(
      (a, b) =>
        compare(a.destination, b.destination) || compare(a.protocol, b.protocol) || compare(a.ports.join(), b.ports.join()),
    );
  const covering = policies.filter((p) => p.applications.includes(app));
  const findings: ReviewedFinding[] = [];
  const suppressions: ReviewedSuppression[] = [];
  for (const c of [app, ...app.segments, ...covering]) {
    for (const f of findingsOf(c)) {
      if (f.suppression) {
        suppressions.push({ rule: f.ruleId, construct: c.node.path, reason: f.suppression.reason, declaredOn: f.suppression.declaredOn });
      } else {
        findings.push({ rule: f.ruleId, level: f.level, construct: c.node.path, message: f.message });
      }
    }
    for (const note of notesOf(c)) {
      findings.push({ ...note, construct: c.node.path });
    }
  }
  const byContent = <T extends { rule: string; construct: string }>(a: T, b: T) => compare(a.rule, b.rule) || compare(a.construct, b.construct);
  const quickAccess = quickAccessFacts(app);
  const origin = originOf(app);
  return {
    displayName: quickAccess?.existing ? "Quick Access (the tenant's existing app)" : text(app.displayName),
    path: app.node.path,
    connectorGroup: describeConnectorGroup(app.connectorGroup),
    segments,
    principals: reviewPrincipals(app.assignments.map((a) => a.principal)),
    conditionalAccess: covering
      .map(reviewPolicy)
      .sort((a, b) => compare(a.displayName, b.displayName) || compare(a.path, b.path)),
    principalsWithoutMfa: reviewPrincipals(principalsWithoutMfa(app, policies)),
    findings: findings.sort(byContent),
    suppressions: suppressions.sort(byContent),
    ...(quickAccess ? { quickAccess: true, dnsSuffixes: quickAccess.dnsSuffixes().sort() } : {}),
    ...(origin ? { source: { file: origin.file, rows: [...origin.rows] } } : {}),
  };
}

function reviewPolicy(p: PrivateAccessConditionalAccessPolicy): ReviewedPolicy {
  return {
    displayName: text(p.displayName),
    path: p.node.path,
    state: p.state,
    requires: [
      ...(p.requireMfa ? ['mfa'] : []),
      ...(p.authenticationStrengthPolicyId !== undefined ? ['authenticationStrength'] : []),
      ...(p.requireCompliantDevice ? ['compliantDevice'] : []),
      ...(p.requireHybridJoinedDevice ? ['domainJoinedDevice'] : []),
    ],
    grantOperator: p.grantOperator,
    requiresMfaOnEveryPath: requiresMfaOnEveryPath(p),
    ...(p.signInFrequency ? { signInFrequency: `${p.signInFrequency}` } : {}),
    includes: reviewPrincipals(p.includePrincipals),
    excludes: reviewPrincipals(p.excludePrincipals),
  };
}
