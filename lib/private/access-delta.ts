import type { AccessReviewDocument, ReviewedApplication, ReviewedPrincipal } from '../access-review';
import { code, md } from './markdown';

/** The version of the access delta's JSON. */
export const ACCESS_DELTA_FORMAT_VERSION = 1;

/** One principal's access to one destination, on some ports, through one app. */
export interface AccessChange {
  readonly principal: ReviewedPrincipal;
  readonly application: { readonly path: string; readonly displayName: string };
  readonly destination: string;
  readonly destinationType: string;
  readonly protocol: string;
  /** The ports gained or lost, as `from-to` ranges. */
  readonly ports: string[];
}

/** A change to the Conditional Access that guards an app. */
export interface ConditionalAccessChange {
  readonly application: { readonly path: string; readonly displayName: string };
  /** `mfaPolicyLost`, `mfaPolicyGained`, `mfaLost`, `mfaGained`, `policyAdded`, `policyRemoved`, `policyStateChanged`, `policyControlsChanged`. */
  readonly kind: string;
  /** The principals it concerns (for `mfaLost` and `mfaGained`). */
  readonly principals: ReviewedPrincipal[];
  /** The change, in words. */
  readonly message: string;
}

/** Who gains and who loses which access between two reviews of a stack. */
export interface AccessDelta {
  readonly formatVersion: number;
  readonly stack: string;
  readonly gained: AccessChange[];
  readonly lost: AccessChange[];
  readonly conditionalAccess: ConditionalAccessChange[];
}

type Interval = [number, number];

/** The port intervals of wire ranges (`22-22`), merged. */
function intervals(ports: readonly string[]): Interval[] {
  const parsed = ports
    .map((p) => /^(\d+)-(\d+)$/.exec(p))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2])] as Interval)
    .sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [from, to] of parsed) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1) {
      last[1] = Math.max(last[1], to);
    } else {
      merged.push([from, to]);
    }
  }
  return merged;
}

/** `a` minus `b`, as intervals. */
function subtract(a: Interval[], b: Interval[]): Interval[] {
  let rest = a.map((i) => [...i] as Interval);
  for (const [from, to] of b) {
    rest = rest.flatMap(([x, y]): Interval[] => {
      if (to < x || from > y) {
        return [[x, y]];
      }
      return [...(x < from ? [[x, from - 1] as Interval] : []), ...(y > to ? [[to + 1, y] as Interval] : [])];
    });
  }
  return rest;
}

/** Every (principal, app, destination, protocol) of a review with its port intervals. */
function accessOf(doc: AccessReviewDocument): Map<string, { change: Omit<AccessChange, 'ports'>; ports: Interval[] }> {
  const access = new Map<string, { change: Omit<AccessChange, 'ports'>; ports: Interval[] }>();
  for (const app of doc.applications) {
    for (const principal of app.principals) {
      for (const segment of app.segments) {
        const key = [principal.identity, app.path, segment.destinationType, segment.destination, segment.protocol].join('\u0000');
        const existing = access.get(key);
        const ports = intervals(segment.ports);
        if (existing) {
          existing.ports = intervals([...existing.ports, ...ports].map(([x, y]) => `${x}-${y}`));
        } else {
          access.set(key, {
            change: {
              principal,
              application: { path: app.path, displayName: app.displayName },
              destination: segment.destination,
              destinationType: segment.destinationType,
              protocol: segment.protocol,
            },
            ports,
          });
        }
      }
    }
  }
  return access;
}

function diffAccess(from: AccessReviewDocument, to: AccessReviewDocument): AccessChange[] {
  const before = accessOf(from);
  const changes: AccessChange[] = [];
  for (const [key, { change, ports }] of accessOf(to)) {
    const added = subtract(ports, before.get(key)?.ports ?? []);
    if (added.length > 0) {
      changes.push({ ...change, ports: added.map(([x, y]) => `${x}-${y}`) });
    }
  }
  return changes.sort(
    (a, b) =>
      compare(a.principal.description, b.principal.description) ||
      compare(a.application.displayName, b.application.displayName) ||
      compare(a.destination, b.destination) ||
      compare(a.protocol, b.protocol),
  );
}

/** Whether an enforced policy on the app requires MFA on every way in. */
function hasMfaPolicy(app: ReviewedApplication): boolean {
  return app.conditionalAccess.some((p) => p.state === 'enabled' && p.requiresMfaOnEveryPath);
}

function diffConditionalAccess(from: AccessReviewDocument, to: AccessReviewDocument): ConditionalAccessChange[] {
  const changes: ConditionalAccessChange[] = [];
  const baseApps = new Map(from.applications.map((a) => [a.path, a]));
  for (const head of to.applications) {
    const base = baseApps.get(head.path);
    const application = { path: head.path, displayName: head.displayName };
    if (!base) {
      continue; // a new app: its access is in `gained`, its coverage in its review
    }
    if (hasMfaPolicy(base) && !hasMfaPolicy(head)) {
      changes.push({ application, kind: 'mfaPolicyLost', principals: [], message: 'no enforced policy requiring MFA on every way in guards the app any more' });
    }
    if (!hasMfaPolicy(base) && hasMfaPolicy(head)) {
      changes.push({ application, kind: 'mfaPolicyGained', principals: [], message: 'an enforced policy requiring MFA on every way in now guards the app' });
    }
    const ids = (ps: readonly ReviewedPrincipal[]) => new Set(ps.map((p) => p.identity));
    const baseWithout = ids(base.principalsWithoutMfa);
    const headWithout = ids(head.principalsWithoutMfa);
    const baseAssigned = ids(base.principals);
    const lost = head.principalsWithoutMfa.filter((p) => !baseWithout.has(p.identity) && baseAssigned.has(p.identity));
    if (lost.length > 0) {
      changes.push({ application, kind: 'mfaLost', principals: lost, message: 'no longer covered by an enforced policy requiring MFA' });
    }
    const gained = base.principalsWithoutMfa.filter((p) => !headWithout.has(p.identity) && ids(head.principals).has(p.identity));
    if (gained.length > 0) {
      changes.push({ application, kind: 'mfaGained', principals: gained, message: 'now covered by an enforced policy requiring MFA' });
    }
    const basePolicies = new Map(base.conditionalAccess.map((p) => [p.path, p]));
    const headPolicies = new Map(head.conditionalAccess.map((p) => [p.path, p]));
    for (const [path, p] of headPolicies) {
      const before = basePolicies.get(path);
      if (!before) {
        changes.push({ application, kind: 'policyAdded', principals: [], message: `policy ${JSON.stringify(p.displayName)} now targets the app (${p.state}; requires ${p.requires.join(` ${p.grantOperator} `)})` });
      } else if (before.state !== p.state) {
        changes.push({ application, kind: 'policyStateChanged', principals: [], message: `policy ${JSON.stringify(p.displayName)}: ${before.state} → ${p.state}` });
      } else if (before.requires.join() !== p.requires.join() || before.grantOperator !== p.grantOperator) {
        changes.push({
          application,
          kind: 'policyControlsChanged',
          principals: [],
          message: `policy ${JSON.stringify(p.displayName)}: requires ${before.requires.join(` ${before.grantOperator} `)} → ${p.requires.join(` ${p.grantOperator} `)}`,
        });
      }
    }
    for (const [path, p] of basePolicies) {
      if (!headPolicies.has(path)) {
        changes.push({ application, kind: 'policyRemoved', principals: [], message: `policy ${JSON.stringify(p.displayName)} no longer targets the app` });
      }
    }
  }
  return changes;
}

/**
 * Who gains and who loses which access between two access reviews of one stack, and what changes
 * in the Conditional Access that guards the apps. Nothing for what did not change.
 *
 * @param base the review before (`access-review.json` of the base branch)
 * @param head the review after
 */
export function accessDelta(base: AccessReviewDocument, head: AccessReviewDocument): AccessDelta {
  return {
    formatVersion: ACCESS_DELTA_FORMAT_VERSION,
    stack: head.stack,
    gained: diffAccess(base, head),
    lost: diffAccess(head, base),
    conditionalAccess: diffConditionalAccess(base, head),
  };
}

/** The delta as Markdown for a pull request comment; one line when nothing changed. */
export function renderAccessDelta(delta: AccessDelta): string {
  if (delta.gained.length + delta.lost.length + delta.conditionalAccess.length === 0) {
    return `Access delta of ${md(delta.stack)}: no change in who can reach what, or in the Conditional Access that guards it.\n`;
  }
  const out = [`## Access delta: ${md(delta.stack)}`, ''];
  const table = (title: string, changes: AccessChange[]) => {
    if (changes.length === 0) {
      return;
    }
    out.push(`### ${title} (${changes.length})`, '', '| principal | protocol and ports | destination | app |', '|---|---|---|---|');
    for (const c of changes) {
      const ports = c.ports.map((p) => (/^(\d+)-\1$/.test(p) ? p.split('-')[0] : p)).join(', ');
      out.push(`| ${md(c.principal.description)} | ${md(`${c.protocol} ${ports}`)} | ${md(c.destination)} | ${md(c.application.displayName)} |`);
    }
    out.push('');
  };
  table('Gains access', delta.gained);
  table('Loses access', delta.lost);
  if (delta.conditionalAccess.length > 0) {
    out.push(`### Conditional Access (${delta.conditionalAccess.length})`, '');
    for (const c of delta.conditionalAccess) {
      const who = c.principals.length > 0 ? `${c.principals.map((p) => md(p.description)).join(', ')}: ` : '';
      const alarm = c.kind === 'mfaPolicyLost' || c.kind === 'mfaLost' ? '**' : '';
      out.push(`- ${md(c.application.displayName)} (${code(c.application.path)}): ${alarm}${who}${md(c.message)}${alarm}`);
    }
    out.push('');
  }
  return out.join('\n');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
