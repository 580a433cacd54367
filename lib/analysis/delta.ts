/**
 * The access delta between two reviews of a stack (the base branch's and the pull request's):
 * everything that matters for who can reach what, computed from the access models both reviews
 * carry, through the same route evaluation as the review and the access tests. It never says "no
 * change" when something could not be compared: access known only at apply, principals nobody
 * checks, and reviews written without validation are listed as such.
 */
import { AccessModel, ModelApplication, ModelPolicy } from '../model/access-model';
import { coverage, mfaPoliciesOf, policyName, requiresMfaOnEveryPath, subjectOf, targets } from './coverage';
import { AccessFactsDocument, NO_FACTS } from './facts';
import { reviewPrincipal } from './analyse';
import { Cells, effectiveAccess, minus } from './effective';
import { AccessReviewDocument, ReviewedPrincipal } from './review-document';
import { AccessGraph, describeApp } from './routes';
import { Facts } from './facts';
import { mergeIntervals, protocolName, shapeOf, show, wirePorts } from './shapes';

/** The version of the access delta's JSON. */
export const ACCESS_DELTA_FORMAT_VERSION = 2;

/** An app, as the delta names it. */
export interface DeltaApplication {
  readonly address: string;
  readonly path: string;
  readonly displayName: string;
}

/** One principal's access to one destination, on some ports, through one app. */
export interface AccessChange {
  readonly principal: ReviewedPrincipal;
  readonly application: DeltaApplication;
  readonly destination: string;
  readonly protocol: string;
  /** The ports gained or lost, as `from-to` ranges. */
  readonly ports: string[];
  /**
   * For a gain: whether an enforced policy requiring MFA covers the principal there (`yes`, `no`,
   * `undecided`).
   *
   * @default - for a loss
   */
  readonly mfa?: string;
  /**
   * How the traffic gets there, when it is not a segment of its own (Private DNS).
   *
   * @default - a segment
   */
  readonly via?: string;
}

/** A change the delta reports in words: to Conditional Access, apps, groups, rules, the network. */
export interface DeltaChange {
  /** What it concerns: an app's display name, a policy's, a rule id, `network`, `stack`. */
  readonly subject: string;
  /** A stable kind, such as `policyStateChanged`, `applicationAdded`, `unknownAccess`, `adoption`. */
  readonly kind: string;
  /** The change, in words. */
  readonly message: string;
  /** Whether a reviewer must look twice: MFA lost, access nobody can check, an adopted object. */
  readonly alarm: boolean;
}

/** Who gains and who loses which access between two reviews of a stack, and everything around it. */
export interface AccessDelta {
  readonly formatVersion: number;
  readonly stack: string;
  readonly gained: AccessChange[];
  readonly lost: AccessChange[];
  /** Conditional Access, apps, connector groups, DNS suffixes, adoptions, the network path, the forwarding profile. */
  readonly changes: DeltaChange[];
  /** Access that cannot be compared: values known only at apply, principals nobody checks, unchecked reviews. */
  readonly uncomparable: DeltaChange[];
  /** The rule pack's rules, suppressions and the access tests. */
  readonly checks: DeltaChange[];
}

/** The delta between two reviews of one stack. */
export function accessDelta(base: AccessReviewDocument, head: AccessReviewDocument): AccessDelta {
  const b = base.model ?? emptyModel(base.stack);
  const h = head.model ?? emptyModel(head.stack);
  const bFacts = base.facts ?? NO_FACTS;
  const hFacts = head.facts ?? NO_FACTS;
  const cells = new Cells([b, h], [bFacts, hFacts]);
  const before = effectiveAccess([b], bFacts, cells);
  const after = effectiveAccess([h], hFacts, cells);
  const headGraph = new AccessGraph(h.applications, new Facts(hFacts));

  const changesOf = (from: typeof before, to: typeof before, gain: boolean): AccessChange[] => {
    const out: AccessChange[] = [];
    for (const [identity, access] of to.access) {
      const grouped = new Map<string, { app: string; protocol: number; cells: string[]; ports: string }>();
      for (const d of minus(access, from.access.get(identity))) {
        const key = `${d.app}\n${d.protocol}\n${wirePorts(d.ports).join()}`;
        const g = grouped.get(key) ?? { app: d.app, protocol: d.protocol, cells: [], ports: wirePorts(d.ports).join() };
        g.cells.push(d.cell);
        grouped.set(key, g);
      }
      const principal = reviewPrincipal(to.principals.get(identity)!);
      for (const g of grouped.values()) {
        const app = to.apps.get(g.app)!;
        for (const place of cells.describe(g.cells)) {
          const via = place.keys.length === 1 ? to.notes.get(`${g.app}\n${place.keys[0].replace(/^host:/, '')}`) : undefined;
          const c = gain ? coverage(app, subjectOf(principal), h.policies, headGraph) : undefined;
          out.push({
            principal,
            application: { address: app.source.address, path: app.source.path ?? app.source.address, displayName: describeApp(app) },
            destination: place.text,
            protocol: protocolName(g.protocol),
            ports: g.ports.split(','),
            ...(c ? { mfa: c.answer === 'unknown' ? 'undecided' : c.answer } : {}),
            ...(via ? { via } : {}),
          });
        }
      }
    }
    return out.sort(
      (x, y) =>
        compare(x.principal.description, y.principal.description) ||
        compare(x.application.displayName, y.application.displayName) ||
        compare(x.destination, y.destination) ||
        compare(x.protocol, y.protocol),
    );
  };

  return {
    formatVersion: ACCESS_DELTA_FORMAT_VERSION,
    stack: head.stack,
    gained: changesOf(before, after, true),
    lost: changesOf(after, before, false),
    changes: [...applicationChanges(b, h), ...policyChanges(b, h, headGraph), ...adoptionChanges(b, h), ...networkChanges(base, head)],
    uncomparable: uncomparable(base, head, h),
    checks: checkChanges(base, head),
  };
}

function emptyModel(name: string): AccessModel {
  return { name, origin: 'stack', applications: [], policies: [], connectorGroups: [], networkRules: [], connectorHosts: [], adoptions: [], unplaced: [] };
}

// ---- apps, connector groups, DNS suffixes -------------------------------------------------------

function applicationChanges(b: AccessModel, h: AccessModel): DeltaChange[] {
  const out: DeltaChange[] = [];
  const before = new Map(b.applications.map((a) => [a.source.address, a]));
  const after = new Map(h.applications.map((a) => [a.source.address, a]));
  const guards = (app: ModelApplication, m: AccessModel) => {
    const ps = m.policies.filter((p) => targets(p, app));
    return ps.length === 0 ? 'no Conditional Access policy' : ps.map((p) => `"${policyName(p)}" (${show(p.state)}${requiresMfaOnEveryPath(p) ? ', MFA' : ''})`).join(', ');
  };
  for (const [address, app] of after) {
    const old = before.get(address);
    if (!old) {
      out.push({ subject: describeApp(app), kind: 'applicationAdded', message: `new ${app.kind === 'quickAccess' ? 'Quick Access' : 'enterprise'} app, guarded by ${guards(app, h)}`, alarm: false });
      continue;
    }
    if (show(old.displayName) !== show(app.displayName)) {
      out.push({ subject: describeApp(app), kind: 'applicationRenamed', message: `display name ${JSON.stringify(show(old.displayName))} → ${JSON.stringify(show(app.displayName))}`, alarm: false });
    }
    const group = (a: ModelApplication) => (a.connectorGroup ? a.connectorGroup.connectorGroupAddress ?? show(a.connectorGroup.connectorGroupId) : "the tenant's default group");
    if (group(old) !== group(app)) {
      out.push({ subject: describeApp(app), kind: 'connectorGroupChanged', message: `connector group ${group(old)} → ${group(app)}`, alarm: false });
    }
    const suffixes = (a: ModelApplication) => new Set(a.dnsSuffixes.map((d) => show(d.suffix)));
    const [s0, s1] = [suffixes(old), suffixes(app)];
    for (const s of [...s1].filter((x) => !s0.has(x)).sort()) {
      out.push({
        subject: describeApp(app),
        kind: 'dnsSuffixAdded',
        message: `Private DNS suffix ${s} added: names under it now resolve through the connectors, and whoever reaches their addresses through Quick Access reaches them by name (state the names' addresses with AccessFacts to see exactly who gains what)`,
        alarm: true,
      });
    }
    for (const s of [...s0].filter((x) => !s1.has(x)).sort()) {
      out.push({ subject: describeApp(app), kind: 'dnsSuffixRemoved', message: `Private DNS suffix ${s} removed: names under it no longer resolve through the connectors`, alarm: false });
    }
  }
  for (const [address, app] of before) {
    if (!after.has(address)) {
      out.push({ subject: describeApp(app), kind: 'applicationRemoved', message: `app removed (it was guarded by ${guards(app, b)}); Terraform deletes it${app.adoptedId ? `, and it was adopted: the existing app ${app.applicationObjectId ?? app.adoptedId} is deleted from the tenant` : ''}`, alarm: app.adoptedId !== undefined });
    }
  }
  const groups = (m: AccessModel) => new Map(m.connectorGroups.map((g) => [g.source.address, g]));
  const [g0, g1] = [groups(b), groups(h)];
  for (const [address, g] of g1) {
    if (!g0.has(address)) {
      out.push({ subject: address, kind: 'connectorGroupAdded', message: `connector group ${g.name ? show(g.name) : address} ${g.existing ? 'used' : 'made'}`, alarm: false });
    }
  }
  for (const [address, g] of g0) {
    if (!g1.has(address)) {
      out.push({ subject: address, kind: 'connectorGroupRemoved', message: `connector group ${g.name ? show(g.name) : address} no longer ${g.existing ? 'used' : 'made (Terraform deletes it)'}`, alarm: !g.existing });
    }
  }
  if (show(b.forwardingProfile?.state) !== show(h.forwardingProfile?.state)) {
    out.push({
      subject: 'tenant',
      kind: 'forwardingProfileChanged',
      message: `the tenant's Private Access forwarding profile: ${b.forwardingProfile ? show(b.forwardingProfile.state) : 'not set by the stack'} → ${h.forwardingProfile ? show(h.forwardingProfile.state) : 'not set by the stack'} (tenant-wide)`,
      alarm: true,
    });
  }
  return out;
}

// ---- Conditional Access ---------------------------------------------------------------------------

function policyChanges(b: AccessModel, h: AccessModel, headGraph: AccessGraph): DeltaChange[] {
  const out: DeltaChange[] = [];
  // MFA coverage of each app's assignees, before and after, by the one evaluation.
  const baseGraph = new AccessGraph(b.applications);
  for (const app of h.applications) {
    const old = b.applications.find((a) => a.source.address === app.source.address);
    if (!old) {
      continue;
    }
    const guarded = (x: ModelApplication, m: AccessModel) => mfaPoliciesOf(x, m.policies).length > 0;
    if (guarded(old, b) && !guarded(app, h)) {
      out.push({ subject: describeApp(app), kind: 'mfaPolicyLost', message: 'no enforced policy requiring MFA on every way in guards the app any more', alarm: true });
    } else if (!guarded(old, b) && guarded(app, h)) {
      out.push({ subject: describeApp(app), kind: 'mfaPolicyGained', message: 'an enforced policy requiring MFA on every way in now guards the app', alarm: false });
    }
    for (const a of app.assignments) {
      const now = coverage(app, subjectOf(a.principal), h.policies, headGraph).answer;
      const was = old.assignments.some((x) => x.principal.identity === a.principal.identity) ? coverage(old, subjectOf(a.principal), b.policies, baseGraph).answer : undefined;
      if (was === 'yes' && now !== 'yes') {
        out.push({ subject: describeApp(app), kind: 'mfaLost', message: `${a.principal.description}: no longer covered by an enforced policy requiring MFA${now === 'unknown' ? ' (undecided)' : ''}`, alarm: true });
      } else if (was !== undefined && was !== 'yes' && now === 'yes') {
        out.push({ subject: describeApp(app), kind: 'mfaGained', message: `${a.principal.description}: now covered by an enforced policy requiring MFA`, alarm: false });
      }
    }
  }
  const before = new Map(b.policies.map((p) => [p.source.address, p]));
  const after = new Map(h.policies.map((p) => [p.source.address, p]));
  const apps = (p: ModelPolicy, m: AccessModel) => [...p.applications.map((a) => describeApp(m.applications.find((x) => x.source.address === a)!)), ...p.otherApplications.map((v) => (v.value === 'All' ? 'all apps' : `app ${show(v)}`))].sort();
  const who = (list: ModelPolicy['includes']) => list.map((x) => x.description).sort();
  for (const [address, p] of after) {
    const old = before.get(address);
    const name = policyName(p);
    if (!old) {
      out.push({ subject: name, kind: 'policyAdded', message: `new policy (${show(p.state)}; requires ${controls(p)}) on ${apps(p, h).join(', ') || 'no app'}`, alarm: false });
      continue;
    }
    const diff = (kind: string, what: string, x: string, y: string, alarm = false) => {
      if (x !== y) {
        out.push({ subject: name, kind, message: `${what}: ${x || 'none'} → ${y || 'none'}`, alarm });
      }
    };
    diff('policyStateChanged', 'state', show(old.state), show(p.state), old.state.value === 'enabled' && p.state.value !== 'enabled');
    diff('policyControlsChanged', 'requires', controls(old), controls(p), requiresMfaOnEveryPath(old) && !requiresMfaOnEveryPath(p));
    diff('policyStrengthChanged', 'authentication strength', show(old.authenticationStrengthPolicyId), show(p.authenticationStrengthPolicyId));
    diff('policySignInFrequencyChanged', 'sign-in frequency', old.signInFrequency ?? '', p.signInFrequency ?? '');
    diff('policyIncludesChanged', 'includes', [...(old.includesAllUsers ? ['all users'] : []), ...who(old.includes)].join(', '), [...(p.includesAllUsers ? ['all users'] : []), ...who(p.includes)].join(', '));
    diff('policyExcludesChanged', 'excludes', who(old.excludes).join(', '), who(p.excludes).join(', '), p.excludes.length > old.excludes.length);
    diff('policyTargetsChanged', 'targets', apps(old, b).join(', '), apps(p, h).join(', '));
  }
  for (const [address, p] of before) {
    if (!after.has(address)) {
      out.push({ subject: policyName(p), kind: 'policyRemoved', message: `policy removed (it was ${show(p.state)}, requiring ${controls(p)})${p.adoptedId ? `; it was adopted: Terraform deletes the existing policy ${p.adoptedId}` : ''}`, alarm: true });
    }
  }
  return out;
}

function controls(p: ModelPolicy): string {
  const list = [...p.builtInControls, ...(p.authenticationStrengthPolicyId ? ['authenticationStrength'] : [])];
  return list.join(` ${show(p.grantOperator)} `);
}

// ---- adoptions --------------------------------------------------------------------------------------

function adoptionChanges(b: AccessModel, h: AccessModel): DeltaChange[] {
  const before = new Set(b.adoptions.map((a) => `${a.address}\n${a.importId}`));
  const out: DeltaChange[] = [];
  for (const a of h.adoptions) {
    if (before.has(`${a.address}\n${a.importId}`)) {
      continue;
    }
    let detail = '';
    const policy = h.policies.find((p) => p.source.address === a.address);
    if (policy) {
      const apps = policy.applications.map((x) => describeApp(h.applications.find((y) => y.source.address === x)!));
      detail = `: now targets only ${[...apps, ...policy.otherApplications.map(show)].join(', ') || 'nothing'}, ${show(policy.state)}, requiring ${controls(policy)}`;
    }
    const app = h.applications.find((x) => x.source.address === a.address);
    if (app) {
      detail = `: "${describeApp(app)}" with ${app.segments.length} segments and ${app.assignments.length} assignments as declared; what else it holds is removed or kept as the providers decide`;
    }
    out.push({
      subject: a.path ?? a.address,
      kind: 'adoption',
      message: `adopts existing ${a.kind} ${a.importId}${detail}; removing the construct later deletes it from the tenant`,
      alarm: true,
    });
  }
  return out;
}

// ---- the network path --------------------------------------------------------------------------------

function networkChanges(base: AccessReviewDocument, head: AccessReviewDocument): DeltaChange[] {
  const out: DeltaChange[] = [];
  const rule = (r: NonNullable<AccessReviewDocument['networkRules']>[number]) =>
    `${r.direction} ${r.access} ${r.protocol} from ${r.sources.join(', ') || '*'} to ${r.destinations.join(', ') || '*'} ports ${r.ports.join(', ') || '*'} (NSG ${r.networkSecurityGroup}, priority ${r.priority})`;
  const b = new Map((base.networkRules ?? []).map((r) => [r.address, r]));
  const h = new Map((head.networkRules ?? []).map((r) => [r.address, r]));
  for (const [address, r] of h) {
    const old = b.get(address);
    if (!old) {
      out.push({ subject: 'network', kind: 'networkRuleAdded', message: `NSG rule ${r.name} opened: ${rule(r)}`, alarm: r.access.toLowerCase() === 'allow' });
    } else if (rule(old) !== rule(r)) {
      out.push({ subject: 'network', kind: 'networkRuleChanged', message: `NSG rule ${r.name}: ${rule(old)} → ${rule(r)}`, alarm: r.access.toLowerCase() === 'allow' });
    }
  }
  for (const [address, r] of b) {
    if (!h.has(address)) {
      out.push({ subject: 'network', kind: 'networkRuleRemoved', message: `NSG rule ${r.name} removed: ${rule(r)}`, alarm: false });
    }
  }
  const hosts = (d: AccessReviewDocument) => new Map((d.connectorHosts ?? []).map((x) => [x.address, `${x.name} (${x.size}${x.zone ? `, zone ${x.zone}` : ''})`]));
  const [hb, hh] = [hosts(base), hosts(head)];
  for (const [address, text] of hh) {
    if (!hb.has(address)) {
      out.push({ subject: 'network', kind: 'connectorHostAdded', message: `connector host ${text} added`, alarm: false });
    } else if (hb.get(address) !== text) {
      out.push({ subject: 'network', kind: 'connectorHostChanged', message: `connector host ${hb.get(address)} → ${text}`, alarm: false });
    }
  }
  for (const [address, text] of hb) {
    if (!hh.has(address)) {
      out.push({ subject: 'network', kind: 'connectorHostRemoved', message: `connector host ${text} removed`, alarm: false });
    }
  }
  return out;
}

// ---- what cannot be compared ------------------------------------------------------------------------

function uncomparable(base: AccessReviewDocument, head: AccessReviewDocument, h: AccessModel): DeltaChange[] {
  const out: DeltaChange[] = [];
  for (const [doc, side] of [
    [base, 'base'],
    [head, 'head'],
  ] as const) {
    if (doc.validation && !doc.validation.ran) {
      out.push({ subject: 'stack', kind: 'unchecked', message: `the ${side} review was written without validation, access tests or the rule pack (skipValidation): nothing in it was checked`, alarm: true });
    }
    if (!doc.model) {
      out.push({ subject: 'stack', kind: 'noModel', message: `the ${side} review carries no access model (written before format 2): its access cannot be compared`, alarm: true });
    }
  }
  for (const app of h.applications) {
    for (const s of app.segments) {
      const shape = shapeOf(app, s);
      if (shape.unknown.length > 0) {
        out.push({
          subject: describeApp(app),
          kind: 'unknownAccess',
          message: `segment ${s.source.path ?? s.source.address}: ${shape.unknown.join(', ')} known only at apply; who it lets reach what cannot be compared${shape.knownPorts.length > 0 ? ` (known ports ${mergeIntervals(shape.knownPorts).map(([x, y]) => (x === y ? x : `${x}-${y}`)).join(', ')})` : ''}`,
          alarm: true,
        });
      }
    }
    if (app.existing && (app.segments.length > 0 || app.dnsSuffixes.length > 0)) {
      out.push({ subject: describeApp(app), kind: 'undeclaredAssignees', message: "the tenant's existing Quick Access app: its assignees live in the tenant, so who gains its segments is not known here", alarm: true });
    }
    const unverified = new Map<string, string>();
    for (const a of app.assignments) {
      const r = reviewPrincipal(a.principal);
      if (r.unverified) {
        unverified.set(r.identity, r.description);
      }
    }
    for (const d of [...unverified.values()].sort()) {
      out.push({ subject: describeApp(app), kind: 'unverifiedPrincipal', message: `${d} is assigned, and nothing checks who it is (a label without a plan-time check, or an object known only at apply)`, alarm: true });
    }
  }
  for (const u of h.unplaced) {
    out.push({ subject: u.source.path ?? u.source.address, kind: 'unplaced', message: u.reason, alarm: true });
  }
  return out;
}

// ---- rules, suppressions, access tests --------------------------------------------------------------

function checkChanges(base: AccessReviewDocument, head: AccessReviewDocument): DeltaChange[] {
  const out: DeltaChange[] = [];
  const [r0, r1] = [new Set(base.rulePack.rules), new Set(head.rulePack.rules)];
  for (const r of [...r1].filter((x) => !r0.has(x)).sort()) {
    out.push({ subject: r, kind: 'ruleAdded', message: `rule ${r} now runs`, alarm: false });
  }
  for (const r of [...r0].filter((x) => !r1.has(x)).sort()) {
    out.push({ subject: r, kind: 'ruleRemoved', message: `rule ${r} no longer runs`, alarm: true });
  }
  for (const p of head.rulePack.uncheckedApplications.filter((x) => !base.rulePack.uncheckedApplications.includes(x))) {
    out.push({ subject: p, kind: 'uncheckedApplication', message: `the rule pack does not check app ${p}`, alarm: true });
  }
  const suppressions = (d: AccessReviewDocument) => new Map(d.applications.flatMap((a) => a.suppressions.map((s) => [`${s.rule}\n${s.construct}`, s] as const)));
  const [s0, s1] = [suppressions(base), suppressions(head)];
  for (const [key, s] of s1) {
    if (!s0.has(key)) {
      out.push({ subject: s.rule, kind: 'suppressionAdded', message: `${s.rule} accepted on ${s.construct}: ${s.reason}`, alarm: true });
    }
  }
  for (const [key, s] of s0) {
    if (!s1.has(key)) {
      out.push({ subject: s.rule, kind: 'suppressionRemoved', message: `${s.rule} no longer accepted on ${s.construct}`, alarm: false });
    }
  }
  const tests = (d: AccessReviewDocument) => new Map(d.accessTests.flatMap((t) => t.results.map((r) => [`${t.path}\n${r.kind}\n${r.entry}`, { t, r }] as const)));
  const [t0, t1] = [tests(base), tests(head)];
  for (const [key, { t, r }] of t1) {
    if (!t0.has(key)) {
      out.push({ subject: t.path, kind: 'testAdded', message: `access test ${r.kind} ${r.entry} for ${t.principal.description} added (${r.outcome ?? (r.passed ? 'pass' : 'fail')})`, alarm: !r.passed });
    } else if (!r.passed) {
      out.push({ subject: t.path, kind: 'testFailing', message: `access test ${r.kind} ${r.entry} for ${t.principal.description}: ${r.outcome ?? 'fail'}`, alarm: true });
    }
  }
  for (const [key, { t, r }] of t0) {
    if (!t1.has(key)) {
      out.push({ subject: t.path, kind: 'testRemoved', message: `access test ${r.kind} ${r.entry} for ${t.principal.description} removed`, alarm: true });
    }
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type { AccessFactsDocument };
