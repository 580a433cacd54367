import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import type { AnalysisFinding } from '../analysis/analyse';
import type { CheckFinding } from '../checks/private-access-checks';
import { RuleLevel } from '../checks/rule';

/** The construct metadata type of a rule suppression (as cdk-nag keeps its own). */
export const SUPPRESSION_METADATA = 'cdktf-entra-private-access:suppression';

/**
 * The findings of each stack's last analysis, by construct path, so that
 * `PrivateAccessChecks.findingsOf(construct)` can answer after a synth.
 */
const FINDINGS = new WeakMap<TerraformStack, Map<string, CheckFinding[]>>();

/** Keeps the findings of a stack's analysis, replacing those of its previous one. */
export function recordStackFindings(stack: TerraformStack, findings: readonly AnalysisFinding[]): void {
  const byPath = new Map<string, CheckFinding[]>();
  for (const f of findings) {
    const entry: CheckFinding = {
      ruleId: f.rule,
      level: f.level === 'error' ? RuleLevel.ERROR : RuleLevel.WARNING,
      message: f.message,
      ...(f.suppression ? { suppression: { ruleId: f.suppression.ruleId, reason: f.suppression.reason, declaredOn: f.suppression.declaredOn } } : {}),
    };
    byPath.set(f.path, [...(byPath.get(f.path) ?? []), entry]);
  }
  FINDINGS.set(stack, byPath);
}

/** The findings on `scope` itself, sorted by rule id and message. */
export function findingsAt(scope: IConstruct): CheckFinding[] {
  const found = FINDINGS.get(TerraformStack.of(scope))?.get(scope.node.path) ?? [];
  return [...found].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
