/**
 * The access review as data (`access-review.json`): a versioned contract that `review-diff`, the
 * plan gate (`entra-private-access review --plan`) and `verify` read. Everything in it is computed
 * from the access model of what Terraform applies.
 */
import type { AccessModel } from '../model/access-model';
import type { AccessFactsDocument } from './facts';

/** A part of a Quick Access segment that an enterprise app's segment takes over. */
export interface ReviewedCarveOut {
  /** The enterprise app that carries this traffic instead (its display name). */
  readonly application: string;
  /** The enterprise app's address. */
  readonly applicationAddress: string;
  /** The destination taken over, such as `10.8.0.5` or `db.corp.contoso.com`. */
  readonly destination: string;
  /** `tcp`, `udp` or `tcp,udp`. */
  readonly protocol: string;
  /** The ports taken over, as wire ranges. */
  readonly ports: string[];
}

/** A segment, as the review lists it. */
export interface ReviewedSegment {
  /**
   * The Terraform address of the segment.
   *
   * @default - none (reviews written before format 2)
   */
  readonly address?: string;
  /** The destination as written on the wire, or `(known at apply: <expression>)`. */
  readonly destination: string;
  /** The wire destination type: `ip`, `ipRangeCidr`, `ipRange` or `fqdn`. */
  readonly destinationType: string;
  /** `tcp`, `udp` or `tcp,udp`. */
  readonly protocol: string;
  /** The wire port ranges, such as `22-22`, or `(known at apply: <expression>)`. */
  readonly ports: string[];
  /**
   * What of the segment is known only at apply; empty when everything is known.
   *
   * @default - everything is known
   */
  readonly unknown?: string[];
  /**
   * The parts of a Quick Access segment that enterprise apps carry instead: users reach them
   * through those apps, or not at all.
   *
   * @default - none
   */
  readonly carvedOut?: ReviewedCarveOut[];
  /**
   * The segment's ID in the tenant, when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** A user or group, as the review lists it. */
export interface ReviewedPrincipal {
  /** `user`, `group`, `servicePrincipal` or `unknown`. */
  readonly principalType: string;
  /**
   * What identifies the principal as Entra compares it (`group-name-linux admins`,
   * `user-3f2504e0-…`, `group-expression-${var.admins}`): what the access delta matches on.
   */
  readonly identity: string;
  /**
   * How it is identified: `objectId`, `name`, `resource` or `expression`.
   *
   * @default - none (reviews written before format 2)
   */
  readonly reference?: string;
  /**
   * The group's display name or the user's UPN, when the principal was given by name.
   *
   * @default - given otherwise
   */
  readonly name?: string;
  /**
   * The object ID, when given as one known at synth.
   *
   * @default - given otherwise
   */
  readonly objectId?: string;
  /**
   * The label given to an object ID or expression.
   *
   * @default - none
   */
  readonly label?: string;
  /**
   * Whether nothing checks who the principal is: a label without a plan-time check, or an object
   * known only at apply. The review and the delta flag such principals.
   *
   * @default false
   */
  readonly unverified?: boolean;
  /** How the review shows it: `group "Linux Admins"`. */
  readonly description: string;
}

/** A Conditional Access policy, as the review lists it. */
export interface ReviewedPolicy {
  /** The policy's display name. */
  readonly displayName: string;
  /** The policy's construct path (or address, for a raw resource without one). */
  readonly path: string;
  /**
   * The policy's Terraform address.
   *
   * @default - none (reviews written before format 2)
   */
  readonly address?: string;
  /** `enabled`, `enabledForReportingButNotEnforced` or `disabled`. */
  readonly state: string;
  /** The grant controls: `mfa`, `authenticationStrength`, `compliantDevice`, `domainJoinedDevice`, ... */
  readonly requires: string[];
  /** How the controls combine: `AND` or `OR`. */
  readonly grantOperator: string;
  /** Whether every way to satisfy the grant controls includes MFA or an authentication strength. */
  readonly requiresMfaOnEveryPath: boolean;
  /**
   * The authentication strength policy ID.
   *
   * @default - none
   */
  readonly authenticationStrength?: string;
  /** The sign-in frequency, if set: `4h`, `1d`, `every time`. */
  readonly signInFrequency?: string;
  /** The principals the policy applies to. */
  readonly includes: ReviewedPrincipal[];
  /** The principals excluded (break-glass accounts). */
  readonly excludes: ReviewedPrincipal[];
  /**
   * What else the policy targets besides this stack's Private Access apps.
   *
   * @default - nothing else
   */
  readonly otherTargets?: string[];
  /**
   * The policy's ID when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** A finding, as the review lists it. */
export interface ReviewedFinding {
  /** The rule id (`EPA-…`), `overlap`, or `EPA-REVIEW-1` for something the review cannot place. */
  readonly rule: string;
  /** `error` or `warning`. */
  readonly level: string;
  /** The construct path (or address) the finding is about. */
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

/** A principal whose MFA coverage on an app cannot be decided, and why. */
export interface ReviewedUndecided {
  /** The principal. */
  readonly principal: ReviewedPrincipal;
  /** What would decide it. */
  readonly why: string;
}

/** One Private Access app, as the review lists it. */
export interface ReviewedApplication {
  /** The app's display name. */
  readonly displayName: string;
  /** The app's construct path (or address, for a raw resource without one). */
  readonly path: string;
  /**
   * The app's Terraform address.
   *
   * @default - none (reviews written before format 2)
   */
  readonly address?: string;
  /** The connector group that carries the app's traffic. */
  readonly connectorGroup: string;
  /** The destinations, protocols and ports the app captures. */
  readonly segments: ReviewedSegment[];
  /** The users and groups assigned. */
  readonly principals: ReviewedPrincipal[];
  /**
   * Whether the tenant holds assignees (and segments) of this app that the stack does not declare
   * (the tenant's existing Quick Access app).
   *
   * @default false
   */
  readonly undeclaredInTenant?: boolean;
  /** The Conditional Access policies targeting the app. */
  readonly conditionalAccess: ReviewedPolicy[];
  /**
   * The assigned principals that no enforced policy requiring MFA on every way in applies to: the
   * same evaluation as rule EPA-CA-1 and `AccessTest.requireMfa`.
   */
  readonly principalsWithoutMfa: ReviewedPrincipal[];
  /**
   * The assigned principals whose MFA coverage cannot be decided, and why.
   *
   * @default - none
   */
  readonly mfaUndecided?: ReviewedUndecided[];
  /** Open findings of the rule pack and of the analysis, on the app, its segments and its policies. */
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
  /**
   * The app's import ID when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
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
  /** Whether the entry holds. An undecided entry does not. */
  readonly passed: boolean;
  /**
   * `pass`, `fail` or `undecided`.
   *
   * @default - `pass` or `fail` as `passed` says
   */
  readonly outcome?: string;
  /** The display names of the apps through which the principal reaches it. */
  readonly grantedBy: string[];
  /**
   * What decides it: the apps that carry the traffic and the policies, in words.
   *
   * @default - none
   */
  readonly reason?: string;
}

/** Whether the rule pack checked the stack, so that "no findings" can be told from "not checked". */
export interface ReviewedRulePack {
  /** The ids of the rules that ran on the stack's apps; empty when the pack did not run. */
  readonly rules: string[];
  /** The paths of the stack's apps the pack did not check. */
  readonly uncheckedApplications: string[];
}

/** Whether the checks ran when the review was written. */
export interface ReviewedValidation {
  /** Whether validation, the access tests and the rule pack ran. */
  readonly ran: boolean;
  /**
   * The banner a review written without them carries.
   *
   * @default - none: they ran
   */
  readonly banner?: string;
}

/** A connector group, as the review lists it. */
export interface ReviewedConnectorGroup {
  /** Its address. */
  readonly address: string;
  /** Its construct path. */
  readonly path: string;
  /** How the review shows it: its name, `the tenant's default group`, `existing group <id>`. */
  readonly description: string;
  /**
   * The region, as written.
   *
   * @default - none
   */
  readonly region?: string;
  /** Whether the stack makes it (`false`: it exists and is found or given). */
  readonly managed: boolean;
  /**
   * The group's ID when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** A network security rule on the connectors' path, as the review lists it. */
export interface ReviewedNetworkRule {
  /** Its address. */
  readonly address: string;
  /** The network security group. */
  readonly networkSecurityGroup: string;
  /** The rule's name. */
  readonly name: string;
  /** `Inbound Allow` and the like. */
  readonly direction: string;
  /** `Allow` or `Deny`. */
  readonly access: string;
  /** The protocol. */
  readonly protocol: string;
  /** The priority. */
  readonly priority: string;
  /** The sources. */
  readonly sources: string[];
  /** The destinations. */
  readonly destinations: string[];
  /** The destination ports. */
  readonly ports: string[];
}

/** A connector host, as the review lists it. */
export interface ReviewedConnectorHost {
  /** Its address. */
  readonly address: string;
  /** The machine's name. */
  readonly name: string;
  /** Its size. */
  readonly size: string;
  /**
   * Its zone.
   *
   * @default - none
   */
  readonly zone?: string;
}

/** An adopted object, as the review lists it. */
export interface ReviewedAdoption {
  /** What it is: `application`, `segment`, `assignment`, `policy`, `connectorGroup`, ... */
  readonly kind: string;
  /** The address it is imported to. */
  readonly address: string;
  /** The construct path. */
  readonly path: string;
  /** The ID in the tenant. */
  readonly importId: string;
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
  /**
   * What the review was computed from: `stack` (the synthesized `cdk.tf.json`) or `plan` (a plan's JSON).
   *
   * @default - `stack`
   */
  readonly computedFrom?: string;
  /**
   * Whether validation, the access tests and the rule pack ran.
   *
   * @default - they ran (reviews written before format 2)
   */
  readonly validation?: ReviewedValidation;
  /** Whether the rule pack ran, and on what. */
  readonly rulePack: ReviewedRulePack;
  /** The Private Access apps of the stack, by display name. */
  readonly applications: ReviewedApplication[];
  /** The access tests of the stack, by path. */
  readonly accessTests: ReviewedAccessTest[];
  /**
   * Every Conditional Access policy of the stack.
   *
   * @default - none
   */
  readonly policies?: ReviewedPolicy[];
  /**
   * The connector groups the stack makes or uses.
   *
   * @default - none
   */
  readonly connectorGroups?: ReviewedConnectorGroup[];
  /**
   * The state the stack sets on the tenant's Private Access forwarding profile.
   *
   * @default - the stack does not set it
   */
  readonly forwardingProfile?: string;
  /**
   * The network security rules on the connectors' path.
   *
   * @default - none
   */
  readonly networkRules?: ReviewedNetworkRule[];
  /**
   * The connector hosts.
   *
   * @default - none
   */
  readonly connectorHosts?: ReviewedConnectorHost[];
  /**
   * The existing objects the stack adopts.
   *
   * @default - none
   */
  readonly adoptions?: ReviewedAdoption[];
  /**
   * Findings about the stack as a whole (what the review cannot place).
   *
   * @default - none
   */
  readonly findings?: ReviewedFinding[];
  /**
   * The facts the stack states (names and their addresses, group members).
   *
   * @default - none
   */
  readonly facts?: AccessFactsDocument;
  /**
   * The access model the review was computed from: what `review-diff`, the plan gate and `verify`
   * compare.
   *
   * @default - none (reviews written before format 2)
   */
  readonly model?: AccessModel;
}
