import { IAspect } from 'cdktf';
import { IConstruct } from 'constructs';
import { ROUTE_RULE_ID, UNPLACED_RULE_ID } from '../analysis/analyse';
import { PrivateAccessError } from '../errors';
import { failAt, q, withConstructPath } from '../private/errors';
import { findingsAt, SUPPRESSION_METADATA } from '../private/findings';
import { checkFreeText } from '../private/text';
import { registerRulePack } from '../private/stack-checks';
import { CaBreakGlassRule } from './ca-break-glass';
import { CaManagedDeviceRule } from './ca-managed-device';
import { CaMfaRequiredRule } from './ca-mfa-required';
import { CaNotEnforcedRule } from './ca-not-enforced';
import { DedicatedConnectorGroupRule } from './dedicated-connector-group';
import { PrivateAccessRule, RuleLevel } from './rule';
import { SegmentAllAddressesRule } from './segment-all-addresses';
import { SegmentTooWideRule } from './segment-too-wide';
import { SshPortRangeRule } from './ssh-port-range';
import { UserAssignmentsRule } from './user-assignments';
import { WildcardSegmentRule } from './wildcard-segment';

/** Settings of the rule pack. */
export interface PrivateAccessChecksProps {
  /**
   * EPA-SEG-1 warns about segments covering more addresses than a network of this prefix length.
   *
   * @default 16
   */
  readonly widestPrefixLength?: number;

  /**
   * EPA-SEG-3 warns about port ranges of more than this many ports on an SSH app.
   *
   * @default 100
   */
  readonly maxSshPortRange?: number;

  /**
   * EPA-ASSIGN-1 warns about users assigned directly to more than this many apps.
   *
   * @default 3
   */
  readonly maxDirectUserAssignments?: number;

  /**
   * Rules of your own, run with the built-in ones: subclasses of `PrivateAccessRule` with ids of
   * their own (such as `ACME-SEG-1`), suppressible like the built-in ones.
   *
   * @default - none
   */
  readonly additionalRules?: PrivateAccessRule[];

  /**
   * Ids of rules to leave out, such as `['EPA-CG-1']`. A finding is better suppressed on the
   * construct it is about, with a reason; disable a rule only when it does not apply to the
   * organisation at all.
   *
   * @default - none
   */
  readonly disabledRules?: string[];
}

/** A suppression of one rule on one construct and everything below it. */
export interface RuleSuppression {
  /** The suppressed rule's id. */
  readonly ruleId: string;
  /** Why the finding is accepted, in words. */
  readonly reason: string;
  /** The path of the construct the suppression was declared on. */
  readonly declaredOn: string;
}

/** A finding of the rule pack on one construct, as the last synthesis saw it. */
export interface CheckFinding {
  /** The rule's id. */
  readonly ruleId: string;
  /** The rule's level. */
  readonly level: RuleLevel;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** The suppression that accepts the finding, if any. */
  readonly suppression?: RuleSuppression;
}

/** The built-in rules, with the pack's settings. */
function builtInRules(props: PrivateAccessChecksProps): PrivateAccessRule[] {
  return [
    new CaMfaRequiredRule(),
    new CaManagedDeviceRule(),
    new CaNotEnforcedRule(),
    new CaBreakGlassRule(),
    new SegmentTooWideRule(props.widestPrefixLength ?? 16),
    new SegmentAllAddressesRule(),
    new SshPortRangeRule(props.maxSshPortRange ?? 100),
    new WildcardSegmentRule(),
    new DedicatedConnectorGroupRule(),
    new UserAssignmentsRule(props.maxDirectUserAssignments ?? 3),
  ];
}

/** The ids of the built-in rules, read from the rule classes. */
const RULE_IDS: readonly string[] = builtInRules({}).map((r) => r.id);

/**
 * The ids `suppress` accepts: the built-in rules, the rules of every pack made so far, and the
 * analysis's own findings that a reason can accept (what the review cannot place, routing).
 */
const KNOWN_RULE_IDS = new Set<string>([...RULE_IDS, UNPLACED_RULE_ID, ROUTE_RULE_ID]);


const MIN_REASON_LENGTH = 10;

/**
 * The Private Access rule pack: checks that Conditional Access, segments, connector groups and
 * assignments follow Microsoft's and the community's (Maester) recommendations, in the style of
 * cdk-nag.
 *
 * Add it as an aspect to a stack, to the App, or to any construct whose apps it should judge. The
 * pack does not judge constructs: when the stack synthesizes, it judges the stack's access model,
 * read from the synthesized configuration after every aspect and override, so a late aspect, an
 * escape hatch or a raw resource is judged like everything else. Its rules see every app of the
 * cdktf App. Error findings fail synthesis (and `synthSnapshot`); warnings are printed by `cdktf
 * synth`. The access review says whether the pack checked each app. A finding is accepted only
 * with a written reason through `PrivateAccessChecks.suppress`, which applies to the construct and
 * everything below it and is recorded next to the affected resource in `cdk.tf.json` (under
 * `"//": {"checks": …}`).
 *
 * @example
 * Aspects.of(stack).add(new PrivateAccessChecks());
 * PrivateAccessChecks.suppress(ssh, 'EPA-CA-2', 'Admin workstations are not Intune-enrolled yet (SEC-123)');
 */
export class PrivateAccessChecks implements IAspect {
  /** The ids of the built-in rules (`suppress` also accepts those of packs' additional rules). */
  public static readonly RULE_IDS: string[] = [...RULE_IDS];

  /**
   * Accepts the findings of one rule on `scope` and everything below it, for a written reason.
   *
   * @param scope the construct (an app, a segment, a policy, or one that contains them)
   * @param ruleId the id of the rule, such as `EPA-CA-2`
   * @param reason why the finding is accepted: at least a sentence a reviewer can judge
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    if (!KNOWN_RULE_IDS.has(ruleId)) {
      failAt(
        scope,
        `cannot suppress ${q(ruleId)}: no such rule; the rules are ${[...KNOWN_RULE_IDS].join(', ')} (make a pack with additionalRules before suppressing one of its rules)`,
      );
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
      failAt(
        scope,
        `suppressing ${ruleId} needs a written reason of at least ${MIN_REASON_LENGTH} characters (got ${q(reason)}); say why the finding is accepted, for example with a ticket`,
      );
    }
    const text = withConstructPath(scope, () => checkFreeText(`the reason for suppressing ${ruleId}`, reason));
    const suppression: RuleSuppression = { ruleId, reason: text, declaredOn: scope.node.path };
    scope.node.addMetadata(SUPPRESSION_METADATA, suppression, { stackTrace: false });
  }

  /**
   * The suppression of `ruleId` that applies to `scope`: declared on it or on one of its parents
   * (the nearest wins).
   *
   * @param scope the construct a finding is about
   * @param ruleId the rule's id
   */
  public static suppressionFor(scope: IConstruct, ruleId: string): RuleSuppression | undefined {
    for (const c of [...scope.node.scopes].reverse()) {
      const found = c.node.metadata
        .filter((m) => m.type === SUPPRESSION_METADATA && (m.data as RuleSuppression).ruleId === ruleId)
        .pop();
      if (found) {
        return found.data as RuleSuppression;
      }
    }
    return undefined;
  }

  /**
   * The findings on `scope` itself (not its children), sorted by rule id, as the last synthesis of
   * its stack found them; empty if the stack has not been synthesized.
   *
   * @param scope an app, a segment or a policy
   */
  public static findingsOf(scope: IConstruct): CheckFinding[] {
    return findingsAt(scope);
  }

  /** The rules of the pack. */
  public readonly rules: PrivateAccessRule[];

  constructor(props: PrivateAccessChecksProps = {}) {
    const additional = props.additionalRules ?? [];
    additional.forEach((rule, i) => {
      if (!(rule instanceof PrivateAccessRule)) {
        throw new PrivateAccessError(`additionalRules[${i}] is ${q(rule)}, not a PrivateAccessRule; subclass PrivateAccessRule`);
      }
      if (!/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(rule.id) || RULE_IDS.includes(rule.id)) {
        throw new PrivateAccessError(
          `additionalRules[${i}] has the id ${q(rule.id)}; give it an id of your own in capitals and hyphens, such as "ACME-SEG-1" (the built-in ids are ${RULE_IDS.join(', ')})`,
        );
      }
    });
    const all = [...builtInRules(props), ...additional];
    const ids = all.map((r) => r.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) {
      throw new PrivateAccessError(`the rule id ${q(duplicate)} is used by two rules; give each additional rule its own id`);
    }
    const disabled = props.disabledRules ?? [];
    const unknown = disabled.filter((id) => !ids.includes(id));
    if (unknown.length > 0) {
      throw new PrivateAccessError(`disabledRules names no rule ${unknown.map((u) => q(u)).join(', ')}; the rules are ${ids.join(', ')}`);
    }
    this.rules = all.filter((r) => !disabled.includes(r.id));
    ids.forEach((id) => KNOWN_RULE_IDS.add(id));
    registerRulePack(this);
  }

  /**
   * Called by cdktf for every construct below the one the pack was added to. The pack judges the
   * synthesized stack, not constructs one by one, so there is nothing to do here: the analysis finds
   * the pack among the stack's aspects when the stack synthesizes.
   */
  public visit(_node: IConstruct): void {}
}
