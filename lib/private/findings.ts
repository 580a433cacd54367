import { IConstruct } from 'constructs';
import type { CheckFinding } from '../checks/private-access-checks';

/**
 * The rule pack's findings per construct, kept apart from the pack so that the access review can
 * read them without importing the rules.
 */
const FINDINGS = new WeakMap<IConstruct, Map<string, CheckFinding>>();

/** Forgets the findings on `scope`, before the pack checks it again. */
export function clearFindings(scope: IConstruct): void {
  FINDINGS.delete(scope);
}

/** Records a finding on `scope`, once per rule and message. */
export function recordFinding(scope: IConstruct, finding: CheckFinding): void {
  const found = FINDINGS.get(scope) ?? new Map<string, CheckFinding>();
  found.set(`${finding.ruleId}\n${finding.message}`, finding);
  FINDINGS.set(scope, found);
}

/** The findings on `scope` itself, sorted by rule id and message. */
export function findingsOf(scope: IConstruct): CheckFinding[] {
  const found = FINDINGS.get(scope);
  return found ? [...found.keys()].sort().map((k) => found.get(k)!) : [];
}

/** The rule ids of the packs that visited each construct, for the review's "checked or not". */
const CHECKED = new WeakMap<IConstruct, Set<string>>();

/** Records that a pack with the given rules visited `scope`. */
export function markChecked(scope: IConstruct, ruleIds: readonly string[]): void {
  const set = CHECKED.get(scope) ?? new Set<string>();
  ruleIds.forEach((id) => set.add(id));
  CHECKED.set(scope, set);
}

/** The ids of the rules that checked `scope`, sorted; empty when no pack visited it. */
export function checkedRules(scope: IConstruct): string[] {
  return [...(CHECKED.get(scope) ?? [])].sort();
}

/** A validation finding that is not the rule pack's, kept as data for the review. */
export interface ValidationNote {
  /** What kind of finding it is, such as `overlap`. */
  readonly rule: string;
  /** `warning`. */
  readonly level: string;
  /** What was found. */
  readonly message: string;
}

const NOTES = new WeakMap<IConstruct, Map<string, ValidationNote>>();

/** Records a validation finding on `scope`, once per message (validation runs on every synth). */
export function recordNote(scope: IConstruct, note: ValidationNote): void {
  const notes = NOTES.get(scope) ?? new Map<string, ValidationNote>();
  notes.set(`${note.rule}\n${note.message}`, note);
  NOTES.set(scope, notes);
}

/** The validation findings recorded on `scope` itself. */
export function notesOf(scope: IConstruct): ValidationNote[] {
  return [...(NOTES.get(scope)?.values() ?? [])];
}
