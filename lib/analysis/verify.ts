/**
 * The tenant held against the code: two access models (one read from synthesized stacks or
 * approved reviews, one read from Microsoft Graph) compared element by element, and the rule pack
 * run on both, so that "what Terraform applies" and "what the tenant has" are judged by the same
 * evaluation. The result is plain data; `lib/private/verify-markdown.ts` renders it.
 *
 * How elements are matched (docs/verify.md has the same rules for users):
 * - Apps: by the application object ID the code adopts; then by display name, exactly as Entra
 *   stores it (two tenant apps with the name, or two code apps claiming one tenant app, are
 *   reported as ambiguous and not compared); the code's Quick Access app found by tag is the
 *   tenant's one Quick Access app. Code apps whose name is known only at apply are not compared.
 * - Segments: by the segment ID the code adopts; then by destination type, host (case-insensitive),
 *   protocol and ports (as merged intervals, so `22` and `22-22` are equal); a segment with the
 *   same destination and protocol but other ports is "changed".
 * - Principals (assignments, policy includes and excludes): the tenant gives object IDs. A code
 *   principal given by object ID matches that ID. One given by name (`Principal.group('Linux
 *   Admins')`, `Principal.user('alex@contoso.com')`) or made by the stack with a known name
 *   matches the tenant object whose display name (groups) or user principal name (users) is that
 *   name, case-insensitively as Entra compares them, which is why the reader looks those names
 *   up. A principal known only at apply cannot be matched: it is listed as not compared, and a
 *   tenant principal of its type that nothing else matches is "undecided", not drift.
 * - Policies: by the policy ID the code adopts; then by display name (ambiguous when two tenant
 *   policies have it). A policy "targets" an app as the coverage evaluation says (its client ID,
 *   or all apps, not excluded).
 * - Connector groups: the code's group by ID (given, or adopted), else by name; no group, or
 *   `ConnectorGroup.fromTenantDefault`, means the tenant's default group.
 *
 * An app the code takes as it exists (`QuickAccessApplication.fromExisting`) may hold more than
 * the code declares: what it holds beyond the code is listed, not counted as drift, and the rule
 * pack's findings on it are listed as the tenant's.
 */
import type { PrivateAccessRule } from '../checks/rule';
import {
  AccessModel,
  ModelApplication,
  ModelApplicationKind,
  ModelAssignment,
  ModelConnectorGroup,
  ModelPolicy,
  ModelPrincipal,
  ModelPrincipalReference,
  ModelPrincipalType,
  ModelSegment,
  ModelValue,
} from '../model/access-model';
import type { TenantConnectorGroupHealth, TenantDirectoryObject, TenantRead } from '../readers/tenant-reader';
import { analyse, AnalysisFinding } from './analyse';
import { policyName, targets } from './coverage';
import type { AccessFactsDocument } from './facts';
import { mergeIntervals, PortInterval, portInterval, protocolBits, protocolName, show, showPorts } from './shapes';

/** The version of the verify report's JSON; it changes when a field changes meaning or goes away. */
export const VERIFY_FORMAT_VERSION = 1;

/** What kind of difference a `VerifyDifference` is. */
export enum VerifyDifferenceKind {
  /** A Private Access app in the tenant that no code declares. */
  APPLICATION_ONLY_IN_TENANT = 'application-only-in-tenant',
  /** An app the code declares that the tenant does not have. */
  APPLICATION_ONLY_IN_CODE = 'application-only-in-code',
  /** An app that cannot be matched one to one. */
  APPLICATION_AMBIGUOUS = 'application-ambiguous',
  /** The app's `onPremisesPublishing` settings differ. */
  SETTINGS_CHANGED = 'settings-changed',
  /** A segment in the tenant that the code does not declare: added outside the code. */
  SEGMENT_ADDED = 'segment-added',
  /** A segment the code declares that the tenant does not have. */
  SEGMENT_MISSING = 'segment-missing',
  /** A segment whose ports (or, when adopted, anything) differ. */
  SEGMENT_CHANGED = 'segment-changed',
  /** A DNS suffix of the Quick Access app not in the code. */
  DNS_SUFFIX_ADDED = 'dns-suffix-added',
  /** A DNS suffix the code declares that the tenant does not have. */
  DNS_SUFFIX_MISSING = 'dns-suffix-missing',
  /** An assignment in the tenant that the code does not declare. */
  ASSIGNMENT_ADDED = 'assignment-added',
  /** An assignment the code declares that the tenant does not have. */
  ASSIGNMENT_MISSING = 'assignment-missing',
  /** An assignment of the same principal with another app role. */
  ASSIGNMENT_CHANGED = 'assignment-changed',
  /** The app's connector group differs. */
  CONNECTOR_GROUP_CHANGED = 'connector-group-changed',
  /** A connector group an app uses has no active connector. */
  CONNECTOR_GROUP_INACTIVE = 'connector-group-inactive',
  /** A policy that targets the app in the tenant but not in the code. */
  POLICY_NOW_TARGETS = 'policy-now-targets',
  /** A policy that targets the app in the code but no longer in the tenant. */
  POLICY_STOPPED_TARGETING = 'policy-stopped-targeting',
  /** A policy the code declares that the tenant does not have. */
  POLICY_MISSING = 'policy-missing',
  /** A policy's state differs (enabled, report-only, disabled). */
  POLICY_STATE_CHANGED = 'policy-state-changed',
  /** Who a policy excludes differs. */
  POLICY_EXCLUSIONS_CHANGED = 'policy-exclusions-changed',
  /** Who a policy includes differs. */
  POLICY_INCLUSIONS_CHANGED = 'policy-inclusions-changed',
  /** A policy's grant or session controls differ. */
  POLICY_CONTROLS_CHANGED = 'policy-controls-changed',
  /** The Private Access forwarding profile is off, or absent. */
  FORWARDING_PROFILE_OFF = 'forwarding-profile-off',
  /** The forwarding profile's state differs from the code's. */
  FORWARDING_PROFILE_CHANGED = 'forwarding-profile-changed',
}

/** One way the tenant differs from the code. */
export interface VerifyDifference {
  /** What kind of difference (`VerifyDifferenceKind`). */
  readonly kind: string;
  /** The app it is about (its display name), when it is about one app. */
  readonly application?: string;
  /** What differs, in words. */
  readonly message: string;
  /** How the code has it, when it has it. */
  readonly code?: string;
  /** How the tenant has it, when it has it. */
  readonly tenant?: string;
  /** The code's address (and stack) of the element. */
  readonly codeAddress?: string;
  /** The Graph path of the tenant's element. */
  readonly tenantAddress?: string;
}

/** How one app of the code and the tenant were matched. */
export interface VerifiedApplication {
  /** The display name (the tenant's when matched). */
  readonly displayName: string;
  /** The stack that declares it. */
  readonly stack?: string;
  /** Its Terraform address. */
  readonly codeAddress?: string;
  /** Its construct path. */
  readonly codePath?: string;
  /** Its Graph path. */
  readonly tenantAddress?: string;
  /** `objectId`, `displayName` or `quickAccess`; absent when not matched. */
  readonly matchedBy?: string;
  /** Whether the code takes the app as it exists in the tenant (it may hold more than the code). */
  readonly takenAsExisting?: boolean;
  /** How many differences are about it. */
  readonly differences: number;
}

/** A finding of the rule pack on the tenant's model. */
export interface VerifyFinding {
  readonly rule: string;
  readonly level: string;
  /** The app it is about, when about an app. */
  readonly application?: string;
  /** The Graph path of what it is about. */
  readonly tenantAddress: string;
  readonly message: string;
  /**
   * `new`: the code's model does not have it (drift); `alsoInCode`: the code's model has the same
   * finding (same rule, same app or policy), so it is as designed and reviewed; `takenAsExisting`:
   * about an app the code takes as it exists; `tenantBaseline`: about a policy for all apps that the
   * code does not declare.
   */
  readonly status: string;
  /** Whether it counts as drift (`status` `new`). */
  readonly drift: boolean;
}

/** Something that could not be compared, and why. */
export interface NotCompared {
  readonly application?: string;
  readonly what: string;
  readonly why: string;
}

/** A connector group the tenant's apps use, and its connectors. */
export interface VerifiedConnectorGroup {
  readonly name: string;
  readonly connectorGroupId: string;
  readonly isDefault: boolean;
  readonly activeConnectors: number;
  readonly inactiveConnectors: number;
  /** The apps that use it (display names). */
  readonly applications: string[];
}

/** The result of `verify`: plain data, rendered as Markdown or written as JSON. */
export interface VerifyReport {
  /** `VERIFY_FORMAT_VERSION`. */
  readonly formatVersion: number;
  /** The tenant's model's name. */
  readonly tenant: string;
  /** The code's models' names (stacks). */
  readonly code: string[];
  /** Whether the tenant matches the code: no difference and no new finding. */
  readonly matches: boolean;
  /** Every app of the code and of the tenant, and how they were matched. */
  readonly applications: VerifiedApplication[];
  /** Every difference, in a stable order. */
  readonly differences: VerifyDifference[];
  /** The rule pack's findings on the tenant's model. */
  readonly tenantFindings: VerifyFinding[];
  /** What the tenant holds beyond the code in apps the code takes as they exist (not drift). */
  readonly undeclared: VerifyDifference[];
  /** Policies for all apps that the code does not declare (the tenant's baseline): they apply, and are not drift. */
  readonly tenantWidePolicies: string[];
  /** The connector groups the tenant's apps use. */
  readonly connectorGroups: VerifiedConnectorGroup[];
  /** What could not be compared. */
  readonly notCompared: NotCompared[];
  /** What was not read from the tenant. */
  readonly notRead: string[];
}

/** What `verify` compares. */
export interface VerifyInput {
  /** The code's models: one per stack (or approved review). */
  readonly code: AccessModel[];
  /** What was read from the tenant. */
  readonly tenant: TenantRead;
  /** The rule pack's rules, run on both sides. */
  readonly rules: PrivateAccessRule[];
  /** The facts the code states (names' addresses, group members), for both evaluations. */
  readonly facts?: AccessFactsDocument;
}

type Match = 'yes' | 'no' | 'unknown';

/** A code app with the model it belongs to. */
interface CodeApp {
  readonly model: AccessModel;
  readonly app: ModelApplication;
}

/** A code policy with the model it belongs to. */
interface CodePolicy {
  readonly model: AccessModel;
  readonly policy: ModelPolicy;
}

const K = VerifyDifferenceKind;

/** Compares the tenant with the code. */
export function verifyTenant(input: VerifyInput): VerifyReport {
  return new Verifier(input).run();
}

class Verifier {
  private readonly tenant: AccessModel;
  private readonly directory: Map<string, TenantDirectoryObject>;
  private readonly differences: VerifyDifference[] = [];
  private readonly undeclared: VerifyDifference[] = [];
  private readonly notCompared: NotCompared[] = [];
  /** Tenant app address → its code counterpart. */
  private readonly appPairs = new Map<string, CodeApp>();
  /** Tenant policy address → its code counterpart. */
  private readonly policyPairs = new Map<string, CodePolicy>();
  private readonly codeApps: CodeApp[];
  private readonly codePolicies: CodePolicy[];

  constructor(private readonly input: VerifyInput) {
    this.tenant = input.tenant.model;
    this.directory = new Map(input.tenant.directory.map((d) => [d.objectId, d]));
    this.codeApps = input.code.flatMap((model) => model.applications.map((app) => ({ model, app })));
    this.codePolicies = input.code.flatMap((model) => model.policies.map((policy) => ({ model, policy })));
  }

  public run(): VerifyReport {
    const matched = this.matchApplications();
    this.matchPolicies();
    for (const [tenantAddress, code] of this.appPairs) {
      const tenantApp = this.tenant.applications.find((a) => a.source.address === tenantAddress)!;
      this.compareApplication(code, tenantApp);
    }
    this.comparePolicies();
    this.compareConnectorGroups();
    this.compareForwardingProfile();
    const tenantFindings = this.compareFindings();

    const differences = this.differences.sort(byDifference);
    const applications = matched.map((a) => ({ ...a, differences: differences.filter((d) => d.application === a.displayName).length }));
    const tenantWide = this.tenant.policies
      .filter((p) => !this.policyPairs.has(p.source.address) && p.otherApplications.some((v) => v.value === 'All'))
      .map((p) => `${policyName(p)} (${show(p.state)})`)
      .sort();
    return {
      formatVersion: VERIFY_FORMAT_VERSION,
      tenant: this.tenant.name,
      code: this.input.code.map((m) => m.name),
      matches: differences.length === 0 && tenantFindings.every((f) => !f.drift),
      applications,
      differences,
      tenantFindings,
      undeclared: this.undeclared.sort(byDifference),
      tenantWidePolicies: tenantWide,
      connectorGroups: this.connectorGroupSummary(),
      notCompared: dedupeNotCompared(this.notCompared),
      notRead: [...this.input.tenant.notRead],
    };
  }

  // ---- apps -------------------------------------------------------------------------------------

  private matchApplications(): Array<Omit<VerifiedApplication, 'differences'>> {
    const out: Array<Omit<VerifiedApplication, 'differences'>> = [];
    const tenantApps = this.tenant.applications;
    const taken = new Map<string, CodeApp[]>();
    const how = new Map<CodeApp, string>();
    const claim = (code: CodeApp, tenant: ModelApplication, by: string) => {
      taken.set(tenant.source.address, [...(taken.get(tenant.source.address) ?? []), code]);
      how.set(code, by);
    };
    const unmatched: CodeApp[] = [];
    const ambiguous = new Set<string>();
    // 1. Adopted object IDs.
    for (const code of this.codeApps) {
      const id = code.app.applicationObjectId?.toLowerCase();
      const found = id ? tenantApps.find((t) => t.applicationObjectId === id) : undefined;
      if (found) {
        claim(code, found, 'objectId');
      } else {
        unmatched.push(code);
      }
    }
    // 2. Display names; 3. the Quick Access app.
    const rest: CodeApp[] = [];
    for (const code of unmatched) {
      const name = code.app.displayName.value;
      if (code.app.applicationObjectId) {
        rest.push(code); // adopted, and the object is gone: not matched by name
        continue;
      }
      if (name !== undefined) {
        const candidates = tenantApps.filter((t) => t.displayName.value === name && !this.claimedByObjectId(taken, how, t));
        if (candidates.length === 1) {
          claim(code, candidates[0], 'displayName');
          continue;
        }
        if (candidates.length > 1) {
          this.differences.push({
            kind: K.APPLICATION_AMBIGUOUS,
            application: name,
            codeAddress: codeAddress(code),
            message: `${candidates.length} Private Access apps in the tenant are named "${name}" (${candidates.map((c) => c.applicationObjectId).join(', ')}); the code's app cannot be matched to one: adopt it by object ID, or rename the others`,
          });
          out.push({ displayName: name, stack: code.model.name, codeAddress: code.app.source.address, ...(code.app.source.path ? { codePath: code.app.source.path } : {}) });
          candidates.forEach((c) => ambiguous.add(c.source.address));
          continue;
        }
      }
      if (code.app.kind === ModelApplicationKind.QUICK_ACCESS) {
        const quick = tenantApps.filter((t) => t.kind === ModelApplicationKind.QUICK_ACCESS);
        if (quick.length === 1) {
          claim(code, quick[0], 'quickAccess');
          continue;
        }
      }
      rest.push(code);
    }
    // One tenant app claimed by several code apps: ambiguous.
    for (const [address, claimants] of taken) {
      const tenantApp = tenantApps.find((t) => t.source.address === address)!;
      const name = tenantApp.displayName.value!;
      if (claimants.length > 1) {
        this.differences.push({
          kind: K.APPLICATION_AMBIGUOUS,
          application: name,
          tenantAddress: address,
          message: `the tenant's app "${name}" is declared by ${claimants.length} apps of the code (${claimants.map(codeAddress).join(', ')}); one app must be declared once`,
        });
        out.push({ displayName: name, tenantAddress: address });
        continue;
      }
      const [code] = claimants;
      this.appPairs.set(address, code);
      out.push({
        displayName: name,
        stack: code.model.name,
        codeAddress: code.app.source.address,
        ...(code.app.source.path ? { codePath: code.app.source.path } : {}),
        tenantAddress: address,
        matchedBy: how.get(code)!,
        ...(code.app.existing ? { takenAsExisting: true } : {}),
      });
    }
    for (const code of rest) {
      const name = code.app.displayName.value;
      if (name === undefined && !code.app.applicationObjectId) {
        this.notCompared.push({
          what: `app ${code.app.source.path ?? code.app.source.address} of stack ${code.model.name}`,
          why: `its display name is known only at apply (${atApply(code.app.displayName)}), so it cannot be found in the tenant`,
        });
        continue;
      }
      const label = name ?? code.app.applicationObjectId!;
      this.differences.push({
        kind: K.APPLICATION_ONLY_IN_CODE,
        application: label,
        codeAddress: codeAddress(code),
        code: label,
        message: code.app.applicationObjectId
          ? `the code adopts the app with object ID ${code.app.applicationObjectId}, which is not a Private Access app in the tenant (deleted, or its Private Access tag removed)`
          : `the code declares the app "${label}", and the tenant has no Private Access app of that name (not applied yet, renamed, or deleted outside the code)`,
      });
      out.push({ displayName: label, stack: code.model.name, codeAddress: code.app.source.address, ...(code.app.source.path ? { codePath: code.app.source.path } : {}) });
    }
    for (const t of tenantApps) {
      if (taken.has(t.source.address) || ambiguous.has(t.source.address)) {
        if (!taken.has(t.source.address)) {
          out.push({ displayName: t.displayName.value!, tenantAddress: t.source.address });
        }
        continue;
      }
      const name = t.displayName.value!;
      this.differences.push({
        kind: K.APPLICATION_ONLY_IN_TENANT,
        application: name,
        tenantAddress: t.source.address,
        tenant: name,
        message: `the tenant's ${t.kind === ModelApplicationKind.QUICK_ACCESS ? 'Quick Access app' : 'Private Access app'} "${name}" (${t.applicationObjectId}) is declared by no code: its ${t.segments.length} segment(s)${t.dnsSuffixes.length ? `, ${t.dnsSuffixes.length} DNS suffix(es)` : ''} and ${t.assignments.length} assignment(s) are invisible to Terraform; adopt it (entra-private-access import) or delete it`,
      });
      out.push({ displayName: name, tenantAddress: t.source.address });
    }
    return out.sort((a, b) => compare(a.displayName, b.displayName) || compare(a.codeAddress ?? '', b.codeAddress ?? ''));
  }

  private claimedByObjectId(taken: Map<string, CodeApp[]>, how: Map<CodeApp, string>, t: ModelApplication): boolean {
    return (taken.get(t.source.address) ?? []).some((c) => how.get(c) === 'objectId');
  }

  private compareApplication(code: CodeApp, tenant: ModelApplication): void {
    const app = tenant.displayName.value!;
    const where = (d: Omit<VerifyDifference, 'application'>): VerifyDifference => ({ application: app, ...d });
    const existing = code.app.existing;
    const extra = (d: VerifyDifference) => (existing ? this.undeclared.push(d) : this.differences.push(d));

    // Settings.
    const cs = code.app.settings;
    const ts = tenant.settings;
    if (cs) {
      for (const [field, c, t] of [
        ['applicationType', cs.applicationType, ts?.applicationType],
        ['isAccessibleViaZTNAClient', cs.isAccessibleViaZTNAClient, ts?.isAccessibleViaZTNAClient],
        ['isDnsResolutionEnabled', cs.isDnsResolutionEnabled, ts?.isDnsResolutionEnabled],
      ] as const) {
        if (c === undefined) {
          continue;
        }
        if (c.value === undefined) {
          this.notCompared.push({ application: app, what: `onPremisesPublishing.${field}`, why: `known only at apply (${atApply(c)})` });
        } else if (c.value.toLowerCase() !== (t?.value ?? '').toLowerCase()) {
          this.differences.push(
            where({
              kind: K.SETTINGS_CHANGED,
              code: `${field} ${c.value}`,
              tenant: t?.value !== undefined ? `${field} ${t.value}` : `${field} not set`,
              codeAddress: `${code.model.name}:${cs.source.address}`,
              tenantAddress: ts?.source.address ?? tenant.source.address,
              message: `onPremisesPublishing.${field} is ${t?.value !== undefined ? t.value : 'not set'} in the tenant, and ${c.value} in the code${field === 'isAccessibleViaZTNAClient' && c.value === 'true' ? ': the Global Secure Access client does not reach the app' : ''}`,
            }),
          );
        }
      }
    }

    // Segments.
    this.compareSegments(code, tenant, app, extra);

    // DNS suffixes.
    const suffix = (s: string) => s.toLowerCase().replace(/\.$/, '');
    const tenantSuffixes = new Map(tenant.dnsSuffixes.map((d) => [suffix(d.suffix.value!), d]));
    for (const d of code.app.dnsSuffixes) {
      if (d.suffix.value === undefined) {
        this.notCompared.push({ application: app, what: `DNS suffix ${d.source.path ?? d.source.address}`, why: `known only at apply (${atApply(d.suffix)})` });
        continue;
      }
      if (tenantSuffixes.has(suffix(d.suffix.value))) {
        tenantSuffixes.delete(suffix(d.suffix.value));
      } else {
        this.differences.push(
          where({ kind: K.DNS_SUFFIX_MISSING, code: d.suffix.value, codeAddress: `${code.model.name}:${d.source.address}`, message: `the DNS suffix ${d.suffix.value} is declared in the code and not in the tenant` }),
        );
      }
    }
    for (const [s, d] of tenantSuffixes) {
      extra(where({ kind: K.DNS_SUFFIX_ADDED, tenant: s, tenantAddress: d.source.address, message: `the DNS suffix ${s} is in the tenant and not in the code (added outside the code): Private DNS resolves names under it for Quick Access users` }));
    }

    // Assignments.
    this.compareAssignments(code, tenant, app, extra);

    // Connector group.
    this.compareConnectorGroupLink(code, tenant, app);
  }

  private compareSegments(code: CodeApp, tenant: ModelApplication, app: string, extra: (d: VerifyDifference) => void): void {
    const remaining = [...tenant.segments];
    const take = (s: ModelSegment) => remaining.splice(remaining.indexOf(s), 1);
    const unknown: ModelSegment[] = [];
    const missing: ModelSegment[] = [];
    const changed = (c: ModelSegment, t: ModelSegment, why: string) =>
      this.differences.push({
        application: app,
        kind: K.SEGMENT_CHANGED,
        code: describeSegment(c),
        tenant: describeSegment(t),
        codeAddress: `${code.model.name}:${c.source.address}`,
        tenantAddress: t.source.address,
        message: `the segment ${describeSegment(c)} is ${describeSegment(t)} in the tenant (${why})`,
      });
    const pending: ModelSegment[] = [];
    // 1. Adopted segment IDs.
    for (const c of code.app.segments) {
      const id = idAfter(c.adoptedId, 'applicationSegments');
      if (id === undefined) {
        pending.push(c);
        continue;
      }
      const t = remaining.find((s) => idAfter(s.source.address, 'applicationSegments') === id);
      if (!t) {
        missing.push(c);
        continue;
      }
      take(t);
      const ck = segmentKey(c);
      if (ck.full === undefined) {
        unknown.push(c);
      } else if (ck.full !== segmentKey(t).full) {
        changed(c, t, 'the adopted segment was edited outside the code');
      }
    }
    // 2. Exact matches; 3. same destination and protocol, other ports.
    const second: ModelSegment[] = [];
    for (const c of pending) {
      const key = segmentKey(c).full;
      if (key === undefined) {
        unknown.push(c);
        continue;
      }
      const t = remaining.find((s) => segmentKey(s).full === key);
      if (t) {
        take(t);
      } else {
        second.push(c);
      }
    }
    for (const c of second) {
      const base = segmentKey(c).base;
      const t = remaining.find((s) => segmentKey(s).base === base);
      if (t) {
        take(t);
        changed(c, t, 'other ports');
      } else {
        missing.push(c);
      }
    }
    for (const c of missing) {
      this.differences.push({
        application: app,
        kind: K.SEGMENT_MISSING,
        code: describeSegment(c),
        codeAddress: `${code.model.name}:${c.source.address}`,
        message: `the segment ${describeSegment(c)} is declared in the code and not in the tenant (not applied yet, or deleted outside the code)`,
      });
    }
    for (const c of unknown) {
      this.notCompared.push({ application: app, what: `segment ${c.source.path ?? c.source.address}`, why: `known only at apply (${describeSegment(c)})` });
    }
    for (const t of remaining) {
      if (unknown.length > 0) {
        this.notCompared.push({
          application: app,
          what: `segment ${describeSegment(t)} in the tenant`,
          why: `the code has ${unknown.length} segment(s) known only at apply, which it may be`,
        });
        continue;
      }
      extra({
        application: app,
        kind: K.SEGMENT_ADDED,
        tenant: describeSegment(t),
        tenantAddress: t.source.address,
        message: `the segment ${describeSegment(t)} is in the tenant and not in the code (added outside the code): its traffic goes to this app, invisible to Terraform`,
      });
    }
  }

  private compareAssignments(code: CodeApp, tenant: ModelApplication, app: string, extra: (d: VerifyDifference) => void): void {
    const remaining = [...tenant.assignments];
    const take = (a: ModelAssignment) => remaining.splice(remaining.indexOf(a), 1);
    const undecidable: ModelAssignment[] = [];
    const role = (a: ModelAssignment) => (a.appRoleId.value ?? '').toLowerCase();
    const pair = (c: ModelAssignment, t: ModelAssignment) => {
      take(t);
      if (c.appRoleId.value !== undefined && role(c) !== role(t)) {
        this.differences.push({
          application: app,
          kind: K.ASSIGNMENT_CHANGED,
          code: `${c.principal.description} with app role ${role(c)}`,
          tenant: `${t.principal.description} with app role ${role(t)}`,
          codeAddress: `${code.model.name}:${c.source.address}`,
          tenantAddress: t.source.address,
          message: `${t.principal.description} is assigned with the app role ${role(t)} in the tenant, and ${role(c)} in the code`,
        });
      }
    };
    const pending: ModelAssignment[] = [];
    for (const c of code.app.assignments) {
      const id = idAfter(c.adoptedId, 'appRoleAssignedTo');
      const t = id !== undefined ? remaining.find((a) => idAfter(a.source.address, 'appRoleAssignedTo') === id) : undefined;
      if (t) {
        pair(c, t);
      } else {
        pending.push(c);
      }
    }
    for (const c of pending) {
      const t = remaining.find((a) => this.samePrincipal(c.principal, a.principal) === 'yes');
      if (t) {
        pair(c, t);
        continue;
      }
      if (remaining.some((a) => this.samePrincipal(c.principal, a.principal) === 'unknown') || !comparable(c.principal)) {
        undecidable.push(c);
        this.notCompared.push({ application: app, what: `the assignment of ${c.principal.description}`, why: this.whyNotComparable(c.principal) });
        continue;
      }
      this.differences.push({
        application: app,
        kind: K.ASSIGNMENT_MISSING,
        code: c.principal.description,
        codeAddress: `${code.model.name}:${c.source.address}`,
        message: `${c.principal.description} is assigned in the code and not in the tenant (not applied yet, or removed outside the code)`,
      });
    }
    for (const t of remaining) {
      const maybe = undecidable.filter((c) => sameType(c.principal, t.principal));
      if (maybe.length > 0) {
        this.notCompared.push({
          application: app,
          what: `the assignment of ${t.principal.description} in the tenant`,
          why: `it may be the code's ${maybe.map((c) => c.principal.description).join(', ')}, which cannot be compared`,
        });
        continue;
      }
      extra({
        application: app,
        kind: K.ASSIGNMENT_ADDED,
        tenant: t.principal.description,
        tenantAddress: t.source.address,
        message: `${t.principal.description} is assigned in the tenant and not in the code (added outside the code): it can connect, invisible to Terraform`,
      });
    }
  }

  private compareConnectorGroupLink(code: CodeApp, tenant: ModelApplication, app: string): void {
    if (!this.input.tenant.connectorGroupsRead) {
      return; // said once, in notRead
    }
    const expected = expectedGroup(code);
    if (expected.kind === 'unset') {
      return;
    }
    if (expected.kind === 'unknown') {
      this.notCompared.push({ application: app, what: 'the connector group', why: expected.why });
      return;
    }
    const actual = tenant.connectorGroup?.connectorGroupAddress ? this.tenant.connectorGroups.find((g) => g.source.address === tenant.connectorGroup!.connectorGroupAddress) : undefined;
    const ok =
      expected.kind === 'default'
        ? actual === undefined || actual.tenantDefault
        : expected.kind === 'id'
          ? actual?.connectorGroupId?.value === expected.id
          : actual?.name?.value === expected.name;
    if (!ok) {
      const shown = actual ? describeTenantGroup(actual) : "the tenant's default group";
      this.differences.push({
        application: app,
        kind: K.CONNECTOR_GROUP_CHANGED,
        code: expected.text,
        tenant: shown,
        ...(code.app.connectorGroup ? { codeAddress: `${code.model.name}:${code.app.connectorGroup.source.address}` } : {}),
        tenantAddress: tenant.connectorGroup?.source.address ?? tenant.source.address,
        message: `the app's traffic goes through ${shown} in the tenant, and through ${expected.text} in the code`,
      });
    }
  }

  // ---- policies -----------------------------------------------------------------------------------

  private matchPolicies(): void {
    const tenantPolicies = this.tenant.policies;
    const used = new Set<string>();
    const byName: CodePolicy[] = [];
    for (const c of this.codePolicies) {
      const id = idAfter(c.policy.adoptedId, 'policies');
      const t = id !== undefined ? tenantPolicies.find((p) => idAfter(p.source.address, 'policies') === id) : undefined;
      if (t) {
        used.add(t.source.address);
        this.policyPairs.set(t.source.address, c);
      } else if (id === undefined) {
        byName.push(c);
      } else {
        this.policyMissing(c, `the code adopts the policy ${id}, which is not in the tenant or targets no Private Access app there`);
      }
    }
    for (const c of byName) {
      const name = c.policy.displayName.value;
      if (name === undefined) {
        this.notCompared.push({ what: `policy ${c.policy.source.path ?? c.policy.source.address}`, why: `its display name is known only at apply (${atApply(c.policy.displayName)})` });
        continue;
      }
      const candidates = tenantPolicies.filter((p) => p.displayName.value === name && !used.has(p.source.address));
      if (candidates.length === 1) {
        used.add(candidates[0].source.address);
        this.policyPairs.set(candidates[0].source.address, c);
      } else if (candidates.length > 1) {
        this.notCompared.push({ what: `policy "${name}"`, why: `${candidates.length} policies in the tenant have that name; adopt the right one by ID` });
      } else {
        this.policyMissing(c, `the code declares the policy "${name}", and no policy of that name targets a Private Access app in the tenant (not applied yet, renamed, deleted, or its apps changed outside the code)`);
      }
    }
  }

  private policyMissing(c: CodePolicy, message: string): void {
    this.differences.push({ kind: K.POLICY_MISSING, code: policyName(c.policy), codeAddress: `${c.model.name}:${c.policy.source.address}`, message });
  }

  private comparePolicies(): void {
    for (const [tenantAddress, c] of this.policyPairs) {
      const t = this.tenant.policies.find((p) => p.source.address === tenantAddress)!;
      const name = policyName(t);
      const base = { codeAddress: `${c.model.name}:${c.policy.source.address}`, tenantAddress };
      const state = c.policy.state.value;
      if (state === undefined) {
        this.notCompared.push({ what: `the state of policy "${name}"`, why: `known only at apply (${atApply(c.policy.state)})` });
      } else if (state !== t.state.value) {
        this.differences.push({
          ...base,
          kind: K.POLICY_STATE_CHANGED,
          code: state,
          tenant: show(t.state),
          message: `policy "${name}" is ${describeState(show(t.state))} in the tenant, and ${describeState(state)} in the code${t.state.value !== 'enabled' ? ': it enforces nothing' : ''}`,
        });
      }
      this.comparePrincipals(name, 'excludes', c.policy.excludes, t.excludes, K.POLICY_EXCLUSIONS_CHANGED, base);
      this.compareList(name, 'excludes the roles', c.policy.excludedRoles.map(show), t.excludedRoles.map(show), K.POLICY_EXCLUSIONS_CHANGED, base);
      this.comparePrincipals(name, 'includes', c.policy.includes, t.includes, K.POLICY_INCLUSIONS_CHANGED, base);
      this.compareList(name, 'includes the roles', c.policy.includedRoles.map(show), t.includedRoles.map(show), K.POLICY_INCLUSIONS_CHANGED, base);
      if (c.policy.includesAllUsers !== t.includesAllUsers) {
        this.differences.push({
          ...base,
          kind: K.POLICY_INCLUSIONS_CHANGED,
          code: c.policy.includesAllUsers ? 'all users' : 'named users and groups',
          tenant: t.includesAllUsers ? 'all users' : 'named users and groups',
          message: `policy "${name}" includes ${t.includesAllUsers ? 'all users' : 'only named users and groups'} in the tenant, and ${c.policy.includesAllUsers ? 'all users' : 'only named users and groups'} in the code`,
        });
      }
      this.compareList(name, 'applies to the client app types', c.policy.clientAppTypes, t.clientAppTypes, K.POLICY_INCLUSIONS_CHANGED, base);
      this.compareList(name, 'requires', c.policy.builtInControls.map((x) => x.toLowerCase()), t.builtInControls.map((x) => x.toLowerCase()), K.POLICY_CONTROLS_CHANGED, base);
      const controls: Array<[string, string | undefined, string | undefined]> = [
        ['grant operator', c.policy.grantOperator.value?.toUpperCase(), t.grantOperator.value?.toUpperCase()],
        ['authentication strength', c.policy.authenticationStrengthPolicyId?.value ?? (c.policy.authenticationStrengthPolicyId ? undefined : 'none'), t.authenticationStrengthPolicyId?.value ?? 'none'],
        ['sign-in frequency', c.policy.signInFrequency ?? 'none', t.signInFrequency ?? 'none'],
      ];
      for (const [what, cv, tv] of controls) {
        if (cv === undefined) {
          this.notCompared.push({ what: `the ${what} of policy "${name}"`, why: 'known only at apply' });
        } else if (cv !== tv) {
          this.differences.push({ ...base, kind: K.POLICY_CONTROLS_CHANGED, code: `${what} ${cv}`, tenant: `${what} ${tv}`, message: `policy "${name}" has the ${what} ${tv} in the tenant, and ${cv} in the code` });
        }
      }
    }
    // Which policies target which app.
    for (const [tenantAddress, code] of this.appPairs) {
      const tenantApp = this.tenant.applications.find((a) => a.source.address === tenantAddress)!;
      const app = tenantApp.displayName.value!;
      for (const t of this.tenant.policies) {
        if (!t.applications.includes(tenantAddress) || !targets(t, tenantApp)) {
          continue; // policies for all apps are listed as the tenant's baseline
        }
        const c = this.policyPairs.get(t.source.address);
        if (!c || c.model !== code.model || !targets(c.policy, code.app)) {
          this.differences.push({
            application: app,
            kind: K.POLICY_NOW_TARGETS,
            tenant: `${policyName(t)} (${show(t.state)})`,
            tenantAddress: t.source.address,
            message: `policy "${policyName(t)}" (${show(t.state)}, requires ${t.builtInControls.join(', ') || 'nothing'}) targets the app in the tenant${c ? ', and not in the code' : ', and the code does not declare it'}`,
          });
        }
      }
      for (const c of this.codePolicies.filter((x) => x.model === code.model && targets(x.policy, code.app))) {
        const t = [...this.policyPairs].find(([, v]) => v === c)?.[0];
        const tp = t !== undefined ? this.tenant.policies.find((p) => p.source.address === t) : undefined;
        if (tp && !targets(tp, tenantApp)) {
          this.differences.push({
            application: app,
            kind: K.POLICY_STOPPED_TARGETING,
            code: policyName(c.policy),
            codeAddress: `${c.model.name}:${c.policy.source.address}`,
            tenantAddress: tp.source.address,
            message: `policy "${policyName(tp)}" targets the app in the code, and no longer in the tenant: it does not guard the app`,
          });
        }
      }
    }
  }

  private comparePrincipals(name: string, verb: string, code: ModelPrincipal[], tenant: ModelPrincipal[], kind: string, base: { codeAddress: string; tenantAddress: string }): void {
    const remaining = [...tenant];
    const undecidable: ModelPrincipal[] = [];
    for (const c of code) {
      const t = remaining.find((p) => this.samePrincipal(c, p) === 'yes');
      if (t) {
        remaining.splice(remaining.indexOf(t), 1);
      } else if (!comparable(c) || remaining.some((p) => this.samePrincipal(c, p) === 'unknown')) {
        undecidable.push(c);
        this.notCompared.push({ what: `whether policy "${name}" ${verb} ${c.description}`, why: this.whyNotComparable(c) });
      } else {
        this.differences.push({ ...base, kind, code: c.description, message: `policy "${name}" ${verb} ${c.description} in the code, and not in the tenant` });
      }
    }
    for (const t of remaining) {
      if (undecidable.some((c) => sameType(c, t))) {
        this.notCompared.push({ what: `whether policy "${name}" ${verb} ${t.description} in the code`, why: 'it may be one of the code\'s principals that cannot be compared' });
      } else {
        this.differences.push({ ...base, kind, tenant: t.description, message: `policy "${name}" ${verb} ${t.description} in the tenant, and not in the code` });
      }
    }
  }

  private compareList(name: string, verb: string, code: string[], tenant: string[], kind: string, base: { codeAddress: string; tenantAddress: string }): void {
    const c = [...new Set(code)].sort();
    const t = [...new Set(tenant)].sort();
    if (c.join('\n') !== t.join('\n')) {
      this.differences.push({
        ...base,
        kind,
        code: c.join(', ') || 'none',
        tenant: t.join(', ') || 'none',
        message: `policy "${name}" ${verb} ${t.join(', ') || 'none'} in the tenant, and ${c.join(', ') || 'none'} in the code`,
      });
    }
  }

  // ---- connector groups and the forwarding profile --------------------------------------------------

  private compareConnectorGroups(): void {
    for (const g of this.input.tenant.connectorGroups) {
      const apps = this.appsOfGroup(g);
      if (apps.length === 0) {
        continue;
      }
      const active = g.connectors.filter((c) => c.status.toLowerCase() === 'active');
      if (active.length === 0) {
        this.differences.push({
          kind: K.CONNECTOR_GROUP_INACTIVE,
          tenant: `${g.name}: ${g.connectors.length === 0 ? 'no connectors' : g.connectors.map((c) => `${c.machineName} ${c.status}`).join(', ')}`,
          tenantAddress: g.address,
          message: `the connector group "${g.name}"${g.isDefault ? " (the tenant's default)" : ''} has no active connector (${g.connectors.length === 0 ? 'none at all' : `${g.connectors.length} inactive`}): ${apps.map((a) => `"${a}"`).join(', ')} cannot reach ${apps.length > 1 ? 'their' : 'its'} servers`,
        });
      }
    }
  }

  private appsOfGroup(g: TenantConnectorGroupHealth): string[] {
    return this.tenant.applications
      .filter((a) => (a.connectorGroup ? a.connectorGroup.connectorGroupAddress === g.address : g.isDefault))
      .map((a) => a.displayName.value!)
      .sort();
  }

  private connectorGroupSummary(): VerifiedConnectorGroup[] {
    return this.input.tenant.connectorGroups.map((g) => ({
      name: g.name,
      connectorGroupId: g.connectorGroupId,
      isDefault: g.isDefault,
      activeConnectors: g.connectors.filter((c) => c.status.toLowerCase() === 'active').length,
      inactiveConnectors: g.connectors.filter((c) => c.status.toLowerCase() !== 'active').length,
      applications: this.appsOfGroup(g),
    }));
  }

  private compareForwardingProfile(): void {
    const t = this.tenant.forwardingProfile;
    const codeProfiles = this.input.code.filter((m) => m.forwardingProfile);
    const wanted = codeProfiles.map((m) => m.forwardingProfile!.state.value).find((v) => v !== undefined);
    if (!t) {
      this.differences.push({
        kind: K.FORWARDING_PROFILE_OFF,
        tenant: 'absent',
        message: 'the tenant has no Private Access forwarding profile (trafficForwardingType private): Global Secure Access is not set up, and no Private Access traffic is forwarded',
      });
      return;
    }
    const state = t.state.value ?? '';
    if (wanted !== undefined && wanted !== state) {
      this.differences.push({
        kind: state === 'enabled' ? K.FORWARDING_PROFILE_CHANGED : K.FORWARDING_PROFILE_OFF,
        code: wanted,
        tenant: state,
        codeAddress: `${codeProfiles[0].name}:${codeProfiles[0].forwardingProfile!.source.address}`,
        tenantAddress: t.source.address,
        message: `the Private Access forwarding profile is ${state} in the tenant, and ${wanted} in the code${state !== 'enabled' ? ': no Private Access traffic is forwarded, no app works' : ''}`,
      });
    } else if (wanted === undefined && state !== 'enabled' && this.tenant.applications.length > 0) {
      this.differences.push({
        kind: K.FORWARDING_PROFILE_OFF,
        tenant: state,
        tenantAddress: t.source.address,
        message: `the Private Access forwarding profile is ${state} in the tenant: no Private Access traffic is forwarded, no app works (the code does not set it; PrivateAccessForwardingProfile does)`,
      });
    }
  }

  // ---- the rule pack on both models ------------------------------------------------------------------

  private compareFindings(): VerifyFinding[] {
    const packs = [{ scope: '', rules: this.input.rules }];
    const facts = this.input.facts ? { facts: this.input.facts } : {};
    const known = new Set<string>();
    for (const model of this.input.code) {
      const others = this.input.code.filter((m) => m !== model);
      for (const f of analyse({ model, others, validationRan: true, packs, ...facts }).findings) {
        known.add(`${f.rule}\n${this.codeKey(model, f)}`);
      }
    }
    const tenantFindings = analyse({ model: this.tenant, validationRan: true, packs, ...facts }).findings;
    return tenantFindings
      .map((f) => {
        const app = this.tenantAppOf(f.address);
        const key = this.tenantKey(f.address);
        const policy = this.tenant.policies.find((p) => p.source.address === f.address);
        const status =
          key !== undefined && known.has(`${f.rule}\n${key}`)
            ? 'alsoInCode'
            : app !== undefined && this.appPairs.get(app.source.address)?.app.existing === true
              ? 'takenAsExisting'
              : policy !== undefined && !this.policyPairs.has(policy.source.address) && policy.applications.length === 0
                ? 'tenantBaseline'
                : 'new';
        return {
          rule: f.rule,
          level: f.level,
          ...(app ? { application: app.displayName.value! } : {}),
          tenantAddress: f.address,
          message: f.message,
          status,
          drift: status === 'new',
        };
      })
      .sort((a, b) => Number(b.drift) - Number(a.drift) || compare(a.application ?? '', b.application ?? '') || compare(a.rule, b.rule) || compare(a.message, b.message));
  }

  /** What a code finding is about, as a key both sides share: its app, or its policy. */
  private codeKey(model: AccessModel, f: AnalysisFinding): string {
    const app = model.applications.find(
      (a) => a.source.address === f.address || a.segments.some((s) => s.source.address === f.address) || a.assignments.some((s) => s.source.address === f.address) || a.source.path === f.path,
    );
    if (app) {
      return `app:${model.name}:${app.source.address}`;
    }
    const policy = model.policies.find((p) => p.source.address === f.address || p.source.path === f.path);
    return policy ? `policy:${model.name}:${policy.source.address}` : `other:${model.name}:${f.address}`;
  }

  private tenantAppOf(address: string): ModelApplication | undefined {
    return this.tenant.applications.find((a) => address === a.source.address || address.startsWith(`${a.source.address}/`));
  }

  private tenantKey(address: string): string | undefined {
    const app = this.tenantAppOf(address);
    if (app) {
      const code = this.appPairs.get(app.source.address);
      return code ? `app:${code.model.name}:${code.app.source.address}` : undefined;
    }
    const code = this.policyPairs.get(address);
    return code ? `policy:${code.model.name}:${code.policy.source.address}` : undefined;
  }

  // ---- principals ------------------------------------------------------------------------------

  /** Whether a code principal is the tenant principal; see the module's comment. */
  private samePrincipal(code: ModelPrincipal, tenant: ModelPrincipal): Match {
    if (!sameType(code, tenant)) {
      return 'no';
    }
    const objectId = (tenant.objectId.value ?? '').toLowerCase();
    switch (code.reference) {
      case ModelPrincipalReference.OBJECT_ID:
        return (code.objectId.value ?? '').toLowerCase() === objectId ? 'yes' : 'no';
      case ModelPrincipalReference.NAME:
      case ModelPrincipalReference.RESOURCE: {
        if (code.name === undefined) {
          return 'unknown';
        }
        const entry = this.directory.get(objectId);
        const name = code.principalType === ModelPrincipalType.USER ? entry?.userPrincipalName : entry?.displayName;
        if (name === undefined) {
          return 'unknown';
        }
        return name.toLowerCase() === code.name.toLowerCase() ? 'yes' : 'no';
      }
      default:
        return 'unknown';
    }
  }

  private whyNotComparable(p: ModelPrincipal): string {
    if (p.reference === ModelPrincipalReference.EXPRESSION || (p.reference === ModelPrincipalReference.RESOURCE && p.name === undefined)) {
      return `the code gives it by ${atApply(p.objectId)}, known only at apply`;
    }
    return p.principalType === ModelPrincipalType.USER
      ? "the tenant's users' principal names were not read (the identity needs User.Read.All)"
      : "the tenant's groups' display names were not read (the identity needs GroupMember.Read.All)";
  }
}

// ---- helpers ------------------------------------------------------------------------------------

/** Whether a code principal can be compared at all (not known only at apply). */
function comparable(p: ModelPrincipal): boolean {
  return p.reference === ModelPrincipalReference.OBJECT_ID || ((p.reference === ModelPrincipalReference.NAME || p.reference === ModelPrincipalReference.RESOURCE) && p.name !== undefined);
}

function sameType(a: ModelPrincipal, b: ModelPrincipal): boolean {
  return a.principalType === b.principalType || a.principalType === ModelPrincipalType.UNKNOWN || b.principalType === ModelPrincipalType.UNKNOWN;
}

/** A segment's keys: `base` (type, host, protocol) and `full` (with the ports), when known. */
function segmentKey(s: ModelSegment): { base?: string; full?: string } {
  const type = s.destinationType.value === 'ipAddress' ? 'ip' : s.destinationType.value;
  const host = s.destinationHost.value?.toLowerCase().replace(/\.$/, '');
  const protocols = s.protocol.value !== undefined ? protocolBits(s.protocol.value) : undefined;
  if (type === undefined || host === undefined || protocols === undefined) {
    return {};
  }
  const base = `${type}|${host}|${protocols}`;
  const intervals = s.ports.map((p) => (p.value !== undefined ? portInterval(p.value) : undefined));
  if (intervals.some((i) => i === undefined) || intervals.length === 0) {
    return { base };
  }
  return { base, full: `${base}|${mergeIntervals(intervals as PortInterval[]).map(([a, b]) => `${a}-${b}`).join(',')}` };
}

/** `10.1.0.0/24 tcp 22, 2200-2299`. */
export function describeSegment(s: ModelSegment): string {
  const protocols = s.protocol.value !== undefined ? protocolBits(s.protocol.value) : undefined;
  const intervals = s.ports.map((p) => (p.value !== undefined ? portInterval(p.value) : undefined));
  const ports = intervals.every((i) => i !== undefined) && intervals.length > 0 ? showPorts(mergeIntervals(intervals as PortInterval[])) : s.ports.map(show).join(', ');
  return `${show(s.destinationHost)} ${protocols !== undefined ? protocolName(protocols) : show(s.protocol)} ${ports}`;
}

/** The ID after `/<collection>/` in an import ID or Graph path. */
function idAfter(text: string | undefined, collection: string): string | undefined {
  const m = text === undefined ? null : new RegExp(`/${collection}/([^/?]+)`, 'i').exec(text);
  return m ? m[1].toLowerCase() : undefined;
}

type ExpectedGroup =
  | { kind: 'unset' }
  | { kind: 'unknown'; why: string }
  | { kind: 'default'; text: string }
  | { kind: 'id'; id: string; text: string }
  | { kind: 'name'; name: string; text: string };

/** The connector group the code gives the app. */
function expectedGroup(code: CodeApp): ExpectedGroup {
  const link = code.app.connectorGroup;
  if (!link) {
    return code.app.existing ? { kind: 'unset' } : { kind: 'default', text: "the tenant's default group (no group of its own)" };
  }
  const group: ModelConnectorGroup | undefined = link.connectorGroupAddress ? code.model.connectorGroups.find((g) => g.source.address === link.connectorGroupAddress) : undefined;
  if (group?.tenantDefault) {
    return { kind: 'default', text: "the tenant's default group" };
  }
  const id = group?.connectorGroupId?.value ?? idAfter(group?.adoptedId, 'connectorGroups') ?? (group ? undefined : link.connectorGroupId.value);
  const name = group?.name?.value;
  if (id !== undefined && /^[0-9a-f-]{36}$/i.test(id)) {
    return { kind: 'id', id: id.toLowerCase(), text: name !== undefined ? `"${name}" (${id.toLowerCase()})` : `the group ${id.toLowerCase()}` };
  }
  if (name !== undefined) {
    return { kind: 'name', name, text: `"${name}"` };
  }
  return { kind: 'unknown', why: `the code gives the group by ${atApply(link.connectorGroupId)}, known only at apply` };
}

function describeTenantGroup(g: ModelConnectorGroup): string {
  return `"${g.name?.value ?? ''}" (${g.connectorGroupId?.value ?? ''})${g.tenantDefault ? ", the tenant's default group" : ''}`;
}

/** The expression a value known only at apply comes from (or the value). */
function atApply(v: ModelValue): string {
  return v.expression ?? v.value ?? '';
}

function describeState(state: string): string {
  return state === 'enabledForReportingButNotEnforced' ? 'report-only (enabledForReportingButNotEnforced)' : state;
}

function codeAddress(c: CodeApp): string {
  return `${c.model.name}:${c.app.source.address}`;
}

function dedupeNotCompared(items: NotCompared[]): NotCompared[] {
  const seen = new Set<string>();
  return items
    .filter((i) => {
      const key = `${i.application ?? ''}\n${i.what}\n${i.why}`;
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    })
    .sort((a, b) => compare(a.application ?? '', b.application ?? '') || compare(a.what, b.what));
}

function byDifference(a: VerifyDifference, b: VerifyDifference): number {
  return compare(a.application ?? '', b.application ?? '') || compare(a.kind, b.kind) || compare(a.message, b.message);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
