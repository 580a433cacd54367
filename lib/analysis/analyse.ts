/**
 * The analysis of one stack: its access model (read from what Terraform applies), with the other
 * stacks of the same cdktf App, the facts it states, its rule packs, suppressions and access tests,
 * gives the access review and every finding. One evaluation feeds the review, the rule pack, the
 * access tests and the delta.
 */
import type { PrivateAccessRule, RuleContext } from '../checks/rule';
import { RuleLevel } from '../checks/rule';
import { AccessModel, ModelApplication, ModelPolicy, ModelPrincipal, ModelPrincipalReference, ModelSource } from '../model/access-model';
import { attachGraph } from '../private/rule-helpers';
import { coverage, policyName, requiresMfaOnEveryPath, subjectOf, targets } from './coverage';
import { AccessFactsDocument, Facts, NO_FACTS } from './facts';
import { findSegmentOverlaps } from './overlaps';
import {
  AccessReviewDocument,
  ReviewedAccessTest,
  ReviewedApplication,
  ReviewedCarveOut,
  ReviewedFinding,
  ReviewedPolicy,
  ReviewedPrincipal,
  ReviewedSegment,
  ReviewedSuppression,
} from './review-document';
import { AccessGraph, describeApp, describeRoute, parseAccessEntry, Subject } from './routes';
import { intersectIntervals, isQuickAccess, nameCovers, protocolName, SegmentShape, shapeOf, show, showTarget, wirePorts } from './shapes';

/**
 * The version of `access-review.json` this library writes. 1: principals, policy includes and
 * excludes, and access test principals as structured fields. 2: computed from the access model of
 * the synthesized stack, which the review carries (`model`), with addresses, values known only at
 * apply, carve-outs, MFA left undecided, policies, connector groups, the network path, adoptions,
 * facts and whether validation ran. It changes when a field changes meaning or goes away.
 */
export const REVIEW_FORMAT_VERSION = 2;

/** The most segments one Private Access app can have. */
export const MAX_SEGMENTS_PER_APP = 500;

/** The id of findings about something the review cannot place. */
export const UNPLACED_RULE_ID = 'EPA-REVIEW-1';

/** The id of routing findings (a server that stays reachable through Quick Access by address). */
export const ROUTE_RULE_ID = 'EPA-ROUTE-1';

/** A rule pack and where it was added (the construct path whose subtree it judges; `''` for everything). */
export interface PackInput {
  readonly scope: string;
  readonly rules: PrivateAccessRule[];
}

/** A suppression declared on a construct. */
export interface SuppressionInput {
  readonly ruleId: string;
  readonly reason: string;
  readonly declaredOn: string;
}

/** An access test. */
export interface TestInput {
  readonly path: string;
  readonly principal: ReviewedPrincipal;
  readonly accept: string[];
  readonly deny: string[];
  readonly requireMfa: boolean;
}

/** Everything one stack's analysis reads. */
export interface AnalysisInput {
  /** The stack's model. */
  readonly model: AccessModel;
  /** The models of the other stacks of the cdktf App. */
  readonly others?: AccessModel[];
  readonly facts?: AccessFactsDocument;
  readonly packs?: PackInput[];
  readonly suppressions?: SuppressionInput[];
  readonly tests?: TestInput[];
  /** Whether validation ran (false: the review carries a banner and nothing is enforced). */
  readonly validationRan: boolean;
  /** Apps read from files (`PrivateAccessInventory`), by construct path. */
  readonly origins?: Record<string, { file: string; rows: string[] }>;
}

/** A finding of the analysis, open or suppressed. */
export interface AnalysisFinding {
  readonly rule: string;
  readonly level: 'error' | 'warning';
  /** The construct path (or address) it is about. */
  readonly path: string;
  /** The Terraform address of what it is about. */
  readonly address: string;
  readonly message: string;
  readonly suppression?: SuppressionInput;
}

/** What the analysis of a stack gives. */
export interface AnalysisResult {
  readonly document: AccessReviewDocument;
  /** Every finding, open or suppressed, in a stable order. */
  readonly findings: AnalysisFinding[];
  /** Access test failures (each also a finding with rule `access-test`). */
  readonly graph: AccessGraph;
}

/** Analyses one stack. */
export function analyse(input: AnalysisInput): AnalysisResult {
  const model = input.model;
  const everything = [model, ...(input.others ?? [])];
  const allApps = everything.flatMap((m) => m.applications);
  const allPolicies = everything.flatMap((m) => m.policies);
  const facts = new Facts(input.facts ?? NO_FACTS);
  const graph = new AccessGraph(allApps, facts);
  const own = new Set(model.applications.map((a) => a.source.address));
  const raw: Array<Omit<AnalysisFinding, 'suppression'>> = [];

  // Overlaps Graph rejects, and wildcard covers.
  const origins = input.origins ?? {};
  const { findings: overlapFindings, unreported } = findSegmentOverlaps(graph.shapes, (path) => (origins[path] ? ` (${origins[path].file}: ${origins[path].rows.join(', ')})` : ''));
  for (const o of overlapFindings) {
    if (own.has(o.segment.app.source.address)) {
      raw.push({ rule: 'overlap', level: o.level, path: pathOf(o.kind === 'overlap' ? o.segment.app.source : o.segment.segment.source), address: o.segment.segment.source.address, message: o.message });
    }
  }
  for (const [address, count] of unreported) {
    const app = model.applications.find((a) => a.source.address === address);
    if (app) {
      raw.push({
        rule: 'overlap',
        level: 'error',
        path: pathOf(app.source),
        address,
        message: `… and ${count.rest} more overlapping pairs of segments of this app (${count.total} in all; the first ${count.listed} are listed)`,
      });
    }
  }
  // What a program must give (segments, a connector group, assignees) is judged on code; a tenant's
  // app on the default group, or with nothing assigned yet, is as the tenant has it.
  if (model.origin !== 'tenant') {
    raw.push(...completeness(model));
  }
  for (const app of model.applications) {
    if (app.segments.length > MAX_SEGMENTS_PER_APP) {
      raw.push({
        rule: 'limit',
        level: 'error',
        path: pathOf(app.source),
        address: app.source.address,
        message: `the app has ${app.segments.length} segments; Private Access allows at most ${MAX_SEGMENTS_PER_APP} per app: split the destinations across several apps`,
      });
    }
  }
  for (const u of model.unplaced) {
    raw.push({ rule: UNPLACED_RULE_ID, level: 'error', path: pathOf(u.source), address: u.source.address, message: u.reason });
  }
  raw.push(...routeFindings(model, graph));

  // The rule packs, each on the apps below the construct it was added to.
  const checkedBy = new Map<string, Set<string>>();
  for (const pack of input.packs ?? []) {
    const judged = model.applications.filter((a) => inScope(pathOf(a.source), pack.scope));
    judged.forEach((a) => {
      const set = checkedBy.get(a.source.address) ?? new Set<string>();
      pack.rules.forEach((r) => set.add(r.id));
      checkedBy.set(a.source.address, set);
    });
    const context: RuleContext = { model, applications: judged, allApplications: allApps, policies: allPolicies, connectorGroups: everything.flatMap((m) => m.connectorGroups) };
    attachGraph(context, graph);
    for (const rule of pack.rules) {
      for (const f of rule.check(context)) {
        raw.push({ rule: rule.id, level: (f.level ?? rule.level) === RuleLevel.ERROR ? 'error' : 'warning', path: pathOf(f.subject), address: f.subject.address, message: f.message });
      }
    }
  }

  // Access tests.
  const tests: ReviewedAccessTest[] = [];
  for (const t of input.tests ?? []) {
    const subject: Subject = subjectOf(t.principal);
    const results = [
      ...t.accept.map((entry) => evaluate('accept', entry, subject, t.requireMfa, graph, allPolicies)),
      ...t.deny.map((entry) => evaluate('deny', entry, subject, false, graph, allPolicies)),
    ];
    for (const r of results.filter((x) => !x.passed)) {
      raw.push({ rule: 'access-test', level: 'error', path: t.path, address: t.path, message: `access test failed: ${r.kind} "${r.entry}": ${r.reason}` });
    }
    tests.push({ path: t.path, principal: t.principal, requireMfa: t.requireMfa, results });
  }

  // Suppressions: the nearest declaration above the finding's construct wins.
  const findings: AnalysisFinding[] = dedupe(raw)
    .map((f) => {
      const suppression = ['overlap', 'access-test', 'limit', 'incomplete'].includes(f.rule) ? undefined : suppressionFor(f.path, f.rule, input.suppressions ?? []);
      return suppression ? { ...f, suppression } : f;
    })
    .sort((a, b) => compare(a.path, b.path) || compare(a.rule, b.rule) || compare(a.message, b.message));

  const document = buildDocument(input, model, graph, allPolicies, findings, checkedBy, tests);
  return { document, findings, graph };
}

/** What every app and policy needs to do anything: segments, a connector group, assignees; targets and includes. */
function completeness(model: AccessModel): Array<Omit<AnalysisFinding, 'suppression'>> {
  const out: Array<Omit<AnalysisFinding, 'suppression'>> = [];
  const error = (source: ModelSource, message: string) => out.push({ rule: 'incomplete', level: 'error', path: pathOf(source), address: source.address, message });
  for (const app of model.applications) {
    if (app.existing) {
      continue; // the tenant's Quick Access app holds what the program does not declare
    }
    if (app.segments.length === 0 && app.dnsSuffixes.length === 0) {
      error(
        app.source,
        isQuickAccess(app)
          ? 'the Quick Access app has no segments and no DNS suffixes, so it captures no traffic; add them with `segments`, `dnsSuffixes`, addSegment() or addDnsSuffix()'
          : 'the app has no segments, so it captures no traffic; add one with `segments` or addSegment() (SshAdminAccess: `servers`)',
      );
    }
    if (!app.connectorGroup) {
      error(app.source, "the app has no connector group, so its traffic would go through the tenant's default group, which may not reach the servers; pass `connectorGroup`");
    }
    if (app.assignments.length === 0) {
      error(app.source, 'nobody is assigned to the app, so nobody could connect; grant access with `principals` or grantAccess()');
    }
  }
  for (const p of model.policies) {
    if (p.applications.length === 0 && p.otherApplications.length === 0) {
      error(p.source, 'the policy targets no application; pass the Private Access apps it protects in `applications`');
    }
    if (p.includes.length === 0 && !p.includesAllUsers && p.includedRoles.length === 0) {
      error(p.source, 'the policy includes no user or group; grant access on its applications or pass `includePrincipals`');
    }
  }
  return out;
}

/** Findings about how Private Access will route: a server that stays reachable through Quick Access. */
function routeFindings(model: AccessModel, graph: AccessGraph): Array<Omit<AnalysisFinding, 'suppression'>> {
  const out: Array<Omit<AnalysisFinding, 'suppression'>> = [];
  const quick = graph.shapes.filter((s) => isQuickAccess(s.app) && s.target?.kind === 'ip' && s.ports !== undefined && s.protocols !== undefined);
  for (const app of model.applications.filter((a) => !isQuickAccess(a))) {
    for (const segment of app.segments) {
      const s = shapeOf(app, segment);
      const ports = s.ports;
      const protocols = s.protocols;
      if (s.target?.kind !== 'host' || ports === undefined || protocols === undefined) {
        continue;
      }
      const addresses = graph.facts.addressesOf(s.target.host) ?? [];
      for (const address of addresses) {
        const inQuick = quick.filter((q) => q.target!.kind === 'ip' && q.target!.first <= address && address <= q.target!.last && (q.protocols! & protocols) !== 0 && intersectIntervals(q.ports!, ports).length > 0);
        const covered = graph.shapes.some((e) => !isQuickAccess(e.app) && e.target?.kind === 'ip' && e.target.first <= address && address <= e.target.last);
        if (inQuick.length > 0 && !covered) {
          out.push({
            rule: ROUTE_RULE_ID,
            level: 'warning',
            path: pathOf(segment.source),
            address: segment.source.address,
            message: `${s.target.host} resolves to ${showTarget({ kind: 'ip', first: address, last: address })}, inside the Quick Access segment ${showTarget(inQuick[0].target!)}: traffic sent to the address still goes to Quick Access and its users, only traffic to the name goes to "${describeApp(app)}"; add the address to the app too (Microsoft's segmentation guide: add the FQDNs and the addresses they resolve to)`,
          });
        }
      }
    }
  }
  return out;
}

/** One entry of an access test. */
function evaluate(kind: 'accept' | 'deny', text: string, subject: Subject, requireMfa: boolean, graph: AccessGraph, policies: readonly ModelPolicy[]) {
  let entry;
  try {
    entry = parseAccessEntry(text);
  } catch (err) {
    return { kind, entry: text, passed: false, outcome: 'fail', grantedBy: [], reason: (err as Error).message };
  }
  const a = graph.answer(subject, entry);
  const base = { kind, entry: text, grantedBy: a.grantedBy };
  if (a.reachable === 'unknown') {
    return { ...base, passed: false, outcome: 'undecided', reason: `${a.reason}; an undecided ${kind} never passes` };
  }
  if (kind === 'deny') {
    return a.reachable === 'yes' ? { ...base, passed: false, outcome: 'fail', reason: a.reason } : { ...base, passed: true, outcome: 'pass', reason: a.reason };
  }
  if (a.reachable === 'no') {
    return { ...base, passed: false, outcome: 'fail', reason: a.reason };
  }
  if (requireMfa) {
    const apps = [...new Set(a.routes.map((r) => r.shape.app))];
    const results = apps.map((app) => ({ app, c: coverage(app, subject, policies, graph) }));
    const no = results.filter((r) => r.c.answer === 'no');
    if (no.length > 0) {
      const routes = a.routes.filter((r) => no.some((x) => x.app === r.shape.app));
      return {
        ...base,
        passed: false,
        outcome: 'fail',
        reason: `${routes.map(describeRoute).join(' and ')} ${routes.length > 1 ? 'grant' : 'grants'} it, but no enforced Conditional Access policy requiring MFA or an authentication strength applies to ${subject.description} there (${[...new Set(no.map((r) => r.c.why))].join('; ')})`,
      };
    }
    const unknown = results.filter((r) => r.c.answer === 'unknown');
    if (unknown.length > 0) {
      return { ...base, passed: false, outcome: 'undecided', reason: `MFA cannot be decided: ${unknown.map((r) => `app "${describeApp(r.app)}": ${r.c.why}`).join('; ')}` };
    }
    return { ...base, passed: true, outcome: 'pass', reason: `${a.reason}, with MFA required by ${results.map((r) => r.c.policies.map((p) => `"${p}"`).join(', ')).join('; ')}` };
  }
  return { ...base, passed: true, outcome: 'pass', reason: a.reason };
}

// ---- the review document -------------------------------------------------------------------------

function buildDocument(
  input: AnalysisInput,
  model: AccessModel,
  graph: AccessGraph,
  policies: readonly ModelPolicy[],
  findings: readonly AnalysisFinding[],
  checkedBy: Map<string, Set<string>>,
  tests: ReviewedAccessTest[],
): AccessReviewDocument {
  const rules = [...new Set([...checkedBy.values()].flatMap((s) => [...s]))].sort();
  const groups = new Map(model.connectorGroups.map((g) => [g.source.address, g]));
  const applications = model.applications.map((app) => reviewApplication(app, graph, policies, findings, input.origins ?? {}, groups));
  const policyPaths = new Set(model.policies.map((p) => pathOf(p.source)));
  const appFindingPaths = new Set(applications.flatMap((a) => [...a.findings, ...a.suppressions].map((f) => `${f.rule}\n${f.construct}`)));
  const stackFindings = findings
    .filter((f) => !f.suppression && !appFindingPaths.has(`${f.rule}\n${f.path}`) && !policyPaths.has(f.path) && f.rule !== 'access-test')
    .map((f) => ({ rule: f.rule, level: f.level, construct: f.path, message: f.message }));
  return {
    formatVersion: REVIEW_FORMAT_VERSION,
    stack: model.name,
    computedFrom: model.origin,
    validation: input.validationRan
      ? { ran: true }
      : {
        ran: false,
        banner:
          'Validation, the access tests and the rule pack were not run for this review (synthesized with skipValidation, as cdktf suggests after an error). Nothing below was checked: fix the error instead, and synthesize again.',
      },
    rulePack: {
      rules,
      uncheckedApplications: model.applications.filter((a) => !checkedBy.has(a.source.address)).map((a) => pathOf(a.source)).sort(),
    },
    applications: applications.sort((a, b) => compare(a.displayName, b.displayName) || compare(a.path, b.path)),
    accessTests: tests.sort((a, b) => compare(a.path, b.path)),
    policies: model.policies.map(reviewPolicy).sort((a, b) => compare(a.displayName, b.displayName) || compare(a.path, b.path)),
    connectorGroups: model.connectorGroups.map((g) => ({
      address: g.source.address,
      path: pathOf(g.source),
      description: describeGroup(g),
      ...(g.region ? { region: show(g.region) } : {}),
      managed: !g.existing,
      ...(g.adoptedId ? { adoptedId: g.adoptedId } : {}),
    })),
    ...(model.forwardingProfile ? { forwardingProfile: show(model.forwardingProfile.state) } : {}),
    networkRules: model.networkRules.map((r) => ({
      address: r.source.address,
      networkSecurityGroup: show(r.networkSecurityGroup),
      name: show(r.name),
      direction: show(r.direction),
      access: show(r.access),
      protocol: show(r.protocol),
      priority: show(r.priority),
      sources: r.sources.map(show),
      destinations: r.destinations.map(show),
      ports: r.destinationPorts.map(show),
    })),
    connectorHosts: model.connectorHosts.map((h) => ({ address: h.source.address, name: show(h.name), size: show(h.size), ...(h.zone ? { zone: show(h.zone) } : {}) })),
    adoptions: model.adoptions.map((a) => ({ kind: a.kind, address: a.address, path: a.path ?? a.address, importId: a.importId })),
    findings: stackFindings,
    facts: input.facts ?? NO_FACTS,
    model,
  };
}

function reviewApplication(
  app: ModelApplication,
  graph: AccessGraph,
  policies: readonly ModelPolicy[],
  findings: readonly AnalysisFinding[],
  origins: Record<string, { file: string; rows: string[] }>,
  groups: Map<string, AccessModel['connectorGroups'][number]>,
): ReviewedApplication {
  const path = pathOf(app.source);
  const covering = policies.filter((p) => targets(p, app));
  const mine = new Set([path, ...app.segments.map((s) => pathOf(s.source)), ...covering.map((p) => pathOf(p.source))]);
  const related = findings.filter((f) => mine.has(f.path) || f.path.startsWith(`${path}/`));
  const principals = app.assignments.map((a) => a.principal);
  const coverageOf = principals.map((p) => ({ p, c: coverage(app, subjectOf(p), policies, graph) }));
  const origin = origins[path];
  return {
    displayName: describeApp(app),
    path,
    address: app.source.address,
    connectorGroup: describeLink(app, groups),
    segments: app.segments.map((s) => reviewSegment(app, s, graph)).sort(
      (a, b) => compare(a.destination, b.destination) || compare(a.protocol, b.protocol) || compare(a.ports.join(), b.ports.join()),
    ),
    principals: reviewPrincipals(principals),
    ...(app.existing ? { undeclaredInTenant: true } : {}),
    conditionalAccess: covering.map(reviewPolicy).sort((a, b) => compare(a.displayName, b.displayName) || compare(a.path, b.path)),
    principalsWithoutMfa: reviewPrincipals(coverageOf.filter((x) => x.c.answer === 'no').map((x) => x.p)),
    ...(coverageOf.some((x) => x.c.answer === 'unknown')
      ? { mfaUndecided: coverageOf.filter((x) => x.c.answer === 'unknown').map((x) => ({ principal: reviewPrincipal(x.p), why: x.c.why })).sort((a, b) => compare(a.principal.description, b.principal.description)) }
      : {}),
    findings: related.filter((f) => !f.suppression).map((f) => ({ rule: f.rule, level: f.level, construct: f.path, message: f.message })),
    suppressions: related
      .filter((f) => f.suppression)
      .map((f): ReviewedSuppression => ({ rule: f.rule, construct: f.path, reason: f.suppression!.reason, declaredOn: f.suppression!.declaredOn })),
    ...(isQuickAccess(app) ? { quickAccess: true, dnsSuffixes: app.dnsSuffixes.map((d) => show(d.suffix)).sort() } : {}),
    ...(origin ? { source: { file: origin.file, rows: [...origin.rows] } } : {}),
    ...(app.adoptedId ? { adoptedId: app.adoptedId } : {}),
  };
}

function reviewSegment(app: ModelApplication, segment: ModelApplication['segments'][number], graph: AccessGraph): ReviewedSegment {
  const shape = shapeOf(app, segment);
  const carvedOut = isQuickAccess(app) ? carveOuts(shape, graph) : [];
  return {
    address: segment.source.address,
    destination: show(segment.destinationHost),
    destinationType: show(segment.destinationType),
    protocol: show(segment.protocol),
    ports: segment.ports.map(show),
    ...(shape.unknown.length > 0 ? { unknown: shape.unknown } : {}),
    ...(carvedOut.length > 0 ? { carvedOut } : {}),
    ...(segment.adoptedId ? { adoptedId: segment.adoptedId } : {}),
  };
}

/** The enterprise segments that take parts of a Quick Access segment. */
export function carveOuts(quick: SegmentShape, graph: AccessGraph): ReviewedCarveOut[] {
  const q = quick.target;
  if (!q || quick.ports === undefined || quick.protocols === undefined) {
    return [];
  }
  const out: ReviewedCarveOut[] = [];
  for (const e of graph.shapes) {
    if (isQuickAccess(e.app) || !e.target || e.ports === undefined || e.protocols === undefined || (e.protocols & quick.protocols) === 0) {
      continue;
    }
    const ports = intersectIntervals(e.ports, quick.ports);
    if (ports.length === 0) {
      continue;
    }
    let destination: string | undefined;
    if (q.kind === 'ip' && e.target.kind === 'ip') {
      const first = Math.max(q.first, e.target.first);
      const last = Math.min(q.last, e.target.last);
      destination = first <= last ? showTarget({ kind: 'ip', first, last }) : undefined;
    } else if (q.kind !== 'ip' && e.target.kind === 'host') {
      destination = nameCovers(q, e.target.host) ? e.target.host : undefined;
    } else if (q.kind !== 'ip' && e.target.kind === 'wildcard') {
      const inner = q.kind === 'wildcard' && (e.target.domain === q.domain || e.target.domain.endsWith(`.${q.domain}`));
      const outer = q.kind === 'host' ? nameCovers(e.target, q.host) : q.kind === 'wildcard' && q.domain.endsWith(`.${e.target.domain}`);
      destination = inner ? `*.${e.target.domain}` : outer ? showTarget(q) : undefined;
    }
    if (destination !== undefined) {
      out.push({ application: describeApp(e.app), applicationAddress: e.app.source.address, destination, protocol: protocolName(e.protocols & quick.protocols), ports: wirePorts(ports) });
    }
  }
  return out.sort((a, b) => compare(a.destination, b.destination) || compare(a.application, b.application));
}

function reviewPolicy(p: ModelPolicy): ReviewedPolicy {
  const controls = p.builtInControls;
  const strength = p.authenticationStrengthPolicyId;
  const others = p.otherApplications.map((v) => (v.value === 'All' ? 'all apps' : `app ${show(v)}`));
  return {
    displayName: policyName(p),
    path: pathOf(p.source),
    address: p.source.address,
    state: show(p.state),
    requires: [...(controls.includes('mfa') ? ['mfa'] : []), ...(strength ? ['authenticationStrength'] : []), ...controls.filter((c) => c !== 'mfa')],
    grantOperator: show(p.grantOperator),
    requiresMfaOnEveryPath: requiresMfaOnEveryPath(p),
    ...(strength ? { authenticationStrength: show(strength) } : {}),
    ...(p.signInFrequency ? { signInFrequency: p.signInFrequency } : {}),
    includes: reviewPrincipals(p.includes),
    excludes: reviewPrincipals(p.excludes),
    ...(others.length > 0 ? { otherTargets: others.sort() } : {}),
    ...(p.adoptedId ? { adoptedId: p.adoptedId } : {}),
  };
}

/** A model principal as the review lists it. */
export function reviewPrincipal(p: ModelPrincipal): ReviewedPrincipal {
  // An object known only by an expression, or a label nothing checks: anything could be behind it.
  const unverified = !p.labelChecked && (p.reference === ModelPrincipalReference.EXPRESSION || p.label !== undefined);
  return {
    principalType: p.principalType,
    identity: p.identity,
    reference: p.reference,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.objectId.value !== undefined ? { objectId: p.objectId.value } : {}),
    ...(p.label !== undefined ? { label: p.label } : {}),
    ...(unverified ? { unverified: true } : {}),
    description: p.description,
  };
}

function reviewPrincipals(principals: readonly ModelPrincipal[]): ReviewedPrincipal[] {
  const byIdentity = new Map(principals.map((p) => [p.identity, reviewPrincipal(p)]));
  return [...byIdentity.values()].sort((a, b) => compare(a.description, b.description) || compare(a.identity, b.identity));
}

function describeGroup(g: AccessModel['connectorGroups'][number]): string {
  if (g.tenantDefault) {
    return "the tenant's default group";
  }
  if (g.name) {
    return show(g.name);
  }
  return `existing group ${show(g.connectorGroupId)}`;
}

function describeLink(app: ModelApplication, groups: Map<string, AccessModel['connectorGroups'][number]>): string {
  const link = app.connectorGroup;
  if (!link) {
    return app.existing ? "the tenant's (not set by this stack)" : "none: the tenant's default group";
  }
  const g = link.connectorGroupAddress ? groups.get(link.connectorGroupAddress) : undefined;
  return g ? describeGroup(g) : `existing group ${show(link.connectorGroupId)}`;
}

// ---- helpers ------------------------------------------------------------------------------------

/** The construct path of an element, or its address. */
export function pathOf(source: ModelSource): string {
  return source.path ?? source.address;
}

function inScope(path: string, scope: string): boolean {
  return scope === '' || path === scope || path.startsWith(`${scope}/`);
}

/** The suppression of `ruleId` nearest above `path`. */
export function suppressionFor(path: string, ruleId: string, suppressions: readonly SuppressionInput[]): SuppressionInput | undefined {
  return suppressions
    .filter((s) => s.ruleId === ruleId && inScope(path, s.declaredOn))
    .sort((a, b) => b.declaredOn.length - a.declaredOn.length)[0];
}

function dedupe<T extends { rule: string; path: string; message: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.rule}\n${i.path}\n${i.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type { ReviewedFinding };
