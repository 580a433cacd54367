/**
 * Where the analysis meets cdktf: the access model is read from the very configuration a stack
 * writes (`stack.toTerraform()`, after every aspect and override), and the rule pack, the access
 * tests and the review are computed from it, so what is reviewed is what is applied.
 *
 * cdktf synthesizes a stack in this order: aspects, validations, custom synthesis, then
 * `toTerraform()` and the write of `cdk.tf.json`. The library wraps the stack's `toTerraform()`:
 * the configuration it returns is analysed before it is written. When validation ran (the stack's
 * own validation marks it), open error findings and failed access tests throw, so `cdktf synth`,
 * `Testing.synth(stack, true)` and `PlanReview.synthSnapshot` fail before anything is written.
 * When it did not (`skipValidation`, or `Testing.synth(stack)`), nothing is enforced, and a review
 * written then carries a banner that says so.
 */
import { IConstruct } from 'constructs';
import { AnnotationMetadataEntryType, Annotations, Aspects, DefaultTokenResolver, IAspect, ISynthesisSession, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import { AnalysisFinding, AnalysisInput, AnalysisResult, analyse, PackInput, SuppressionInput, TestInput } from '../analysis/analyse';
import { AccessFactsDocument, MembershipFact, NameFact } from '../analysis/facts';
import { reviewPrincipal } from '../analysis/analyse';
import type { PrivateAccessRule } from '../checks/rule';
import { PrivateAccessError } from '../errors';
import { AccessModel, ModelPrincipal, ModelPrincipalType } from '../model/access-model';
import { Principal, PrincipalType } from '../principal';
import { principalByExpression, principalById, principalByName, readStackModel } from '../readers/stack-reader';
import { exactReference } from '../readers/expressions';
import { recordStackFindings, SUPPRESSION_METADATA } from './findings';
import { whileSynthesizing } from './graph';
import { originOf } from './origins';
import { principalSource } from './principal-sources';
import { StackDeclarations } from './registry';

/** Resource types whose presence makes a stack part of the Private Access analysis. */
const PRIVATE_ACCESS_TYPES = /^(msgraph_|azuread_application_from_template$|azuread_app_role_assignment$|azuread_conditional_access_policy$|azuread_application$)/;

interface StackState {
  original: () => any;
  /** Set by the stack's validation; consumed by the next `toTerraform()`. */
  validated: boolean;
  /** Set by the review's custom synthesis; consumed by the next `toTerraform()`. */
  session?: ISynthesisSession;
  /** Whether the stack writes an access review. */
  review: boolean;
  /** The review files' writer, when the stack has a review. */
  writeReview?: (session: ISynthesisSession, result: AnalysisResult) => void;
  /** The last analysis. */
  last?: AnalysisResult;
}

const STATES = new WeakMap<TerraformStack, StackState>();
const RULE_PACKS = new WeakSet<IAspect>();

/** Registers a rule pack, so that the analysis finds it among a stack's aspects. */
export function registerRulePackForAnalysis(pack: IAspect & { readonly rules: PrivateAccessRule[] }): void {
  RULE_PACKS.add(pack);
}

/** Wraps the stack's `toTerraform()` once, so that what it returns is analysed. */
export function ensureStackAnalysis(stack: TerraformStack): void {
  if (STATES.has(stack)) {
    return;
  }
  const original = stack.toTerraform.bind(stack);
  const state: StackState = { original, validated: false, review: false };
  STATES.set(stack, state);
  const wrapped = function toTerraform(this: TerraformStack): any {
    const json = whileSynthesizing(stack, original);
    const enforce = state.validated;
    const session = state.session;
    state.validated = false;
    state.session = undefined;
    if (!enforce && !session) {
      return json;
    }
    const result = analyseConfiguration(stack, json, enforce);
    state.last = result;
    recordStackFindings(stack, result.findings);
    recordSuppressionsInJson(json, result.findings);
    annotateFindings(stack, result.findings, session);
    if (enforce) {
      const errors = result.findings.filter((f) => f.level === 'error' && !f.suppression);
      if (errors.length > 0) {
        throw new PrivateAccessError(`Validation failed with the following errors:\n  ${errors.map((e) => `[${e.path}] ${isRuleId(e.rule) ? `[${e.rule}] ` : ''}${e.message}`).join('\n  ')}`);
      }
    }
    if (session && state.writeReview) {
      state.writeReview(session, result);
    }
    return json;
  };
  (stack as unknown as { toTerraform: () => any }).toTerraform = wrapped;
  // cdktf resolves every element once before synthesis too (prepareStack); the questions about
  // the stack's providers are answered once there as well.
  const originalPrepare = stack.prepareStack.bind(stack);
  (stack as unknown as { prepareStack: () => void }).prepareStack = function prepareStack(): void {
    whileSynthesizing(stack, originalPrepare);
  };
  // `cdktf synth --hcl` writes HCL instead; the configuration is still analysed first.
  const originalHcl = stack.toHclTerraform.bind(stack);
  (stack as unknown as { toHclTerraform: () => any }).toHclTerraform = function toHclTerraform(): any {
    if (state.validated || state.session) {
      stack.toTerraform();
    }
    return originalHcl();
  };
}

/** Marks that the stack's validations ran in this synthesis: its next configuration is enforced. */
export function markValidated(stack: TerraformStack): void {
  const state = STATES.get(stack);
  if (state) {
    state.validated = true;
  }
}

/** Hands the synthesis session to the next configuration of the stack, for the review files. */
export function attachSession(stack: TerraformStack, session: ISynthesisSession): void {
  const state = STATES.get(stack);
  if (state) {
    state.session = session;
  }
}

/** Makes the stack write its review with `write` when it synthesizes. */
export function attachReviewWriter(stack: TerraformStack, write: (session: ISynthesisSession, result: AnalysisResult) => void): void {
  ensureStackAnalysis(stack);
  const state = STATES.get(stack)!;
  state.review = true;
  state.writeReview = write;
}

/**
 * Analyses the stack as it is now: its configuration is synthesized (without writing anything) and
 * read. `validationRan` says whether the review should read as checked.
 */
export function analyseStackNow(stack: TerraformStack, validationRan = true): AnalysisResult {
  ensureStackAnalysis(stack);
  const state = STATES.get(stack)!;
  const result = analyseConfiguration(stack, whileSynthesizing(stack, state.original), validationRan);
  state.last = result;
  recordStackFindings(stack, result.findings);
  annotateFindings(stack, result.findings, undefined);
  return result;
}

/** The last analysis of the stack, from its last synthesis. */
export function lastAnalysis(stack: TerraformStack): AnalysisResult | undefined {
  return STATES.get(stack)?.last;
}

/** Reads the model of a synthesized configuration and analyses it with the stack's declarations. */
function analyseConfiguration(stack: TerraformStack, json: any, validationRan: boolean): AnalysisResult {
  const model = readStackModel(json, { name: stack.node.id, origin: 'stack' });
  // One walk of the stack's constructs serves every question below.
  const nodes = stack.node.findAll();
  const input: AnalysisInput = {
    model,
    others: otherModels(stack),
    facts: factsOf(stack),
    packs: packsOf(stack, nodes),
    suppressions: suppressionsOf(stack, nodes),
    tests: testsOf(stack),
    validationRan,
    origins: originsOf(nodes),
  };
  return analyse(input);
}

/** The models of the other stacks of the cdktf App that hold Private Access resources. */
function otherModels(stack: TerraformStack): AccessModel[] {
  const stacks = stack.node.root.node.children.flatMap((c) => (TerraformStack.isStack(c) ? [c] : c.node.findAll().filter(TerraformStack.isStack))).filter((c) => c !== stack);
  return stacks
    .filter((s) => s.node.findAll().some((c) => PRIVATE_ACCESS_TYPES.test((c as { terraformResourceType?: string }).terraformResourceType ?? '')))
    .map((s) => readStackModel(whileSynthesizing(s, STATES.get(s)?.original ?? (() => s.toTerraform())), { name: s.node.id, origin: 'stack' }));
}

/** The rule packs among the aspects of the stack, its parents and its constructs, with where they were added. */
function packsOf(stack: TerraformStack, nodes: readonly IConstruct[]): PackInput[] {
  const packs: PackInput[] = [];
  const seen = new Set<IAspect>();
  for (const scope of [...stack.node.scopes.slice(0, -1), ...nodes]) {
    for (const aspect of Aspects.of(scope).all) {
      if (RULE_PACKS.has(aspect) && !seen.has(aspect)) {
        seen.add(aspect);
        const inStack = scope.node.scopes.includes(stack);
        packs.push({ scope: inStack && scope !== stack ? scope.node.path : '', rules: (aspect as unknown as { rules: PrivateAccessRule[] }).rules });
      }
    }
  }
  return packs;
}

/** Every suppression declared in the stack or above it. */
function suppressionsOf(stack: TerraformStack, nodes: readonly IConstruct[]): SuppressionInput[] {
  return [...stack.node.scopes.slice(0, -1), ...nodes].flatMap((c) =>
    c.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA).map((m) => m.data as SuppressionInput),
  );
}

/** The apps read from files, by construct path. */
function originsOf(nodes: readonly IConstruct[]): Record<string, { file: string; rows: string[] }> {
  const origins: Record<string, { file: string; rows: string[] }> = {};
  for (const c of nodes) {
    const origin = originOf(c);
    if (origin) {
      origins[c.node.path] = { file: origin.file, rows: [...origin.rows] };
    }
  }
  return origins;
}

function testsOf(stack: TerraformStack): TestInput[] {
  return StackDeclarations.of(stack).tests.map((t) => ({
    path: t.construct.node.path,
    principal: reviewPrincipal(modelPrincipalOf(t.principal, stack)),
    accept: t.accept,
    deny: t.deny,
    requireMfa: t.requireMfa,
  }));
}

function factsOf(stack: TerraformStack): AccessFactsDocument {
  const names = new Map<string, Set<string>>();
  const memberships = new Map<string, MembershipFact>();
  for (const f of StackDeclarations.of(stack).facts) {
    for (const n of f.names) {
      const set = names.get(n.name) ?? new Set<string>();
      n.addresses.forEach((a) => set.add(a));
      names.set(n.name, set);
    }
    for (const m of f.memberships) {
      const group = modelPrincipalOf(m.group, stack);
      const existing = memberships.get(group.identity);
      const members = new Map<string, string>(existing ? existing.members.map((id, i) => [id, existing.memberDescriptions[i]]) : []);
      for (const p of (m.members ?? []).map((x) => modelPrincipalOf(x, stack))) {
        members.set(p.identity, p.description);
      }
      const nonMembers = new Map<string, string>(existing ? existing.nonMembers.map((id, i) => [id, existing.nonMemberDescriptions[i]]) : []);
      for (const p of (m.nonMembers ?? []).map((x) => modelPrincipalOf(x, stack))) {
        nonMembers.set(p.identity, p.description);
      }
      const sorted = [...members.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      const sortedNon = [...nonMembers.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
      memberships.set(group.identity, {
        group: group.identity,
        description: group.description,
        complete: (existing?.complete ?? false) || m.members !== undefined,
        members: sorted.map(([id]) => id),
        memberDescriptions: sorted.map(([, d]) => d),
        nonMembers: sortedNon.map(([id]) => id),
        nonMemberDescriptions: sortedNon.map(([, d]) => d),
      });
    }
  }
  const nameFacts: NameFact[] = [...names.entries()].map(([name, set]) => ({ name, addresses: [...set].sort() })).sort((a, b) => (a.name < b.name ? -1 : 1));
  return { names: nameFacts, memberships: [...memberships.values()].sort((a, b) => (a.group < b.group ? -1 : 1)) };
}

/**
 * A principal of the program in the model's terms: the identity the model reader gives the same
 * object in the synthesized configuration.
 */
export function modelPrincipalOf(p: Principal, stack: TerraformStack): ModelPrincipal {
  const type = p.principalType === PrincipalType.GROUP ? ModelPrincipalType.GROUP : ModelPrincipalType.USER;
  const source = principalSource(p);
  if (p.name !== undefined) {
    return principalByName(type, p.name);
  }
  if (source?.kind === 'resource' && source.resource) {
    const resolved = resolveIn(stack, source.resource.objectId);
    const ref = exactReference(resolved);
    return {
      principalType: type,
      reference: 'resource' as ModelPrincipal['reference'],
      identity: `${type}-resource-${ref?.root ?? resolved}`,
      objectId: { expression: resolved },
      description: p.description,
    };
  }
  if (source?.objectId !== undefined && !Token.isUnresolved(source.objectId)) {
    return principalById(type, source.objectId.toLowerCase(), source.label, source.label !== undefined);
  }
  if (source?.objectId !== undefined) {
    return principalByExpression(type, resolveIn(stack, source.objectId), source.label);
  }
  return principalByExpression(type, p.key);
}

/**
 * Records each suppression next to the resource it is about in the configuration (`"//":
 * {"checks": {"suppressed": [...]}}`), where reviewers of the plan see it; Terraform ignores `//`.
 */
function recordSuppressionsInJson(json: any, findings: readonly AnalysisFinding[]): void {
  const byAddress = new Map<string, Map<string, object>>();
  for (const f of findings) {
    if (!f.suppression) {
      continue;
    }
    const entries = byAddress.get(f.address) ?? new Map<string, object>();
    entries.set(f.rule, { rule: f.rule, level: f.level, reason: f.suppression.reason, declared_on: f.suppression.declaredOn });
    byAddress.set(f.address, entries);
  }
  for (const [address, entries] of byAddress) {
    const parts = address.split('.');
    const [kind, type, name] = parts[0] === 'data' ? ['data', parts[1], parts[2]] : ['resource', parts[0], parts[1]];
    const block = json?.[kind]?.[type]?.[name];
    if (block) {
      block['//'] = { ...(block['//'] ?? {}), checks: { suppressed: [...entries.keys()].sort().map((k) => entries.get(k)) } };
    }
  }
}

/**
 * Annotates the constructs findings are about (what tests and `cdktf synth` show), and, during a
 * synthesis, adds them to the stack's manifest, which cdktf filled before the configuration was
 * written.
 */
function annotateFindings(stack: TerraformStack, findings: readonly AnalysisFinding[], session: ISynthesisSession | undefined): void {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c] as const));
  const manifest = session ? (session.manifest.forStack(stack) as unknown as { annotations?: Array<Record<string, unknown>> }) : undefined;
  for (const f of findings) {
    const construct = byPath.get(f.path) ?? stack;
    const text = f.suppression ? `[${f.rule}] suppressed (${f.suppression.reason}): ${f.message}` : isRuleId(f.rule) ? `[${f.rule}] ${f.message}` : f.message;
    const level = f.suppression ? 'info' : f.level === 'error' ? 'error' : 'warning';
    if (construct.node.metadata.some((m) => m.data === text)) {
      continue;
    }
    if (level === 'info') {
      Annotations.of(construct).addInfo(text);
    } else if (level === 'warning') {
      Annotations.of(construct).addWarning(text);
    } else {
      Annotations.of(construct).addError(text);
    }
    if (manifest && Array.isArray(manifest.annotations) && level !== 'error') {
      manifest.annotations.push({ constructPath: construct.node.path, level: level === 'info' ? AnnotationMetadataEntryType.INFO : AnnotationMetadataEntryType.WARN, message: text });
    }
  }
}

/** A token's value as the stack writes it (`${var.admins}`). */
function resolveIn(stack: TerraformStack, value: string): string {
  return String(Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }));
}

/** Whether a finding's rule is a rule id (`EPA-CA-1`, `ACME-APP-1`) rather than a kind of analysis finding (`overlap`). */
function isRuleId(rule: string): boolean {
  return /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(rule);
}
