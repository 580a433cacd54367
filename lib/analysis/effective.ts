/**
 * Effective access: who reaches which destinations, ports and protocols through which app, once
 * Private Access has routed them (an enterprise app's segment takes its traffic away from Quick
 * Access; names under a Quick Access DNS suffix that a stated fact resolves are reached through
 * their addresses). The delta compares two of these; the review shows the carve-outs.
 *
 * Destinations are cut into cells that both sides of a comparison share: address intervals between
 * every boundary any segment has, single host names, and "other names under a wildcard's domain".
 * Each principal's access is then, per app and protocol, a map from cell to port intervals, and a
 * difference is a difference of port intervals cell by cell: exact, and linear in the segments.
 */
import { AccessModel, ModelApplication, ModelPrincipal } from '../model/access-model';
import { AccessFactsDocument, Facts } from './facts';
import { describeApp } from './routes';
import { isQuickAccess, mergeIntervals, PortInterval, SegmentShape, shapeOf, subtractIntervals, Target, TCP, UDP } from './shapes';
import { describeInterval } from '../private/ipv4';

/** The principal that stands for the assignees the tenant holds of its existing Quick Access app. */
export const TENANT_QUICK_ACCESS_USERS: ModelPrincipal = {
  principalType: 'group' as ModelPrincipal['principalType'],
  reference: 'expression' as ModelPrincipal['reference'],
  identity: 'tenant-quick-access-assignees',
  objectId: { expression: "(the tenant's Quick Access assignments)" },
  description: "the Quick Access app's assignees in the tenant (not declared by the stack)",
};

/** A cell of the destination space. */
export interface Cell {
  readonly key: string;
  /** For an address cell: its first and last address. */
  readonly first?: number;
  readonly last?: number;
  /** For people: `10.0.1.7`, `10.0.0.0..10.0.1.6`, `db.corp.contoso.com`, `other names under corp.contoso.com`. */
  readonly text: string;
  /** Sort key. */
  readonly order: string;
}

/** One principal's access through one app with one protocol: cell key → ports. */
export type CellPorts = Map<string, PortInterval[]>;

/** Effective access: principal identity → app address → protocol bit → cells. */
export interface Effective {
  readonly principals: Map<string, ModelPrincipal>;
  readonly apps: Map<string, ModelApplication>;
  readonly access: Map<string, Map<string, Map<number, CellPorts>>>;
  /** How each grant got there, for the few that need saying (`Private DNS: name → address`). */
  readonly notes: Map<string, string>;
}

/** The cells of the destination space that the segments of the given models (and stated names) cut. */
export class Cells {
  private readonly boundaries: number[];
  private readonly hosts: Set<string>;
  private readonly domains: string[];
  public readonly byKey = new Map<string, Cell>();

  constructor(models: readonly AccessModel[], facts: readonly AccessFactsDocument[]) {
    const bounds = new Set<number>();
    const hosts = new Set<string>();
    const domains = new Set<string>();
    for (const m of models) {
      for (const app of m.applications) {
        for (const s of app.segments) {
          const t = shapeOf(app, s).target;
          if (t?.kind === 'ip') {
            bounds.add(t.first);
            bounds.add(t.last + 1);
          } else if (t?.kind === 'host') {
            hosts.add(t.host);
          } else if (t?.kind === 'wildcard') {
            domains.add(t.domain);
          }
        }
      }
    }
    for (const f of facts) {
      for (const n of f.names) {
        hosts.add(n.name);
      }
    }
    this.boundaries = [...bounds].sort((a, b) => a - b);
    this.hosts = hosts;
    this.domains = [...domains].sort();
  }

  /** The cells a target covers. */
  public covered(t: Target): Cell[] {
    if (t.kind === 'ip') {
      const out: Cell[] = [];
      let i = lowerBound(this.boundaries, t.first);
      for (; i < this.boundaries.length - 1 && this.boundaries[i] <= t.last; i++) {
        out.push(this.cell(`ip:${pad(this.boundaries[i])}`, describeInterval(this.boundaries[i], this.boundaries[i + 1] - 1), `0:${pad(this.boundaries[i])}`, this.boundaries[i], this.boundaries[i + 1] - 1));
      }
      return out;
    }
    if (t.kind === 'host') {
      return [this.cell(`host:${t.host}`, t.host, `1:${t.host}`)];
    }
    const out: Cell[] = [this.cell(`rest:${t.domain}`, `other names under ${t.domain}`, `2:${t.domain}`)];
    for (const h of this.hosts) {
      if (h.endsWith(`.${t.domain}`)) {
        out.push(this.cell(`host:${h}`, h, `1:${h}`));
      }
    }
    for (const d of this.domains) {
      if (d !== t.domain && d.endsWith(`.${t.domain}`)) {
        out.push(this.cell(`rest:${d}`, `other names under ${d}`, `2:${d}`));
      }
    }
    return out;
  }

  /** The cell of one host name. */
  public hostCell(host: string): Cell {
    return this.cell(`host:${host}`, host, `1:${host}`);
  }

  /** The cell of one address. */
  public addressCell(address: number): Cell | undefined {
    const i = upperBound(this.boundaries, address) - 1;
    if (i < 0 || i >= this.boundaries.length - 1) {
      return undefined;
    }
    return this.byKey.get(`ip:${pad(this.boundaries[i])}`);
  }

  private cell(key: string, text: string, order: string, first?: number, last?: number): Cell {
    let c = this.byKey.get(key);
    if (!c) {
      c = { key, text, order, ...(first !== undefined ? { first, last } : {}) };
      this.byKey.set(key, c);
    }
    return c;
  }

  /** Adjacent address cells with the same ports, merged for people: `10.0.0.0..10.0.1.6`. */
  public describe(keys: readonly string[]): Array<{ text: string; keys: string[] }> {
    const sorted = [...keys].map((k) => this.byKey.get(k)!).sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const out: Array<{ text: string; keys: string[]; first?: number; last?: number }> = [];
    for (const c of sorted) {
      if (c.first !== undefined && c.last !== undefined) {
        const [first, last] = [c.first, c.last];
        const prev = out[out.length - 1];
        if (prev && prev.last !== undefined && prev.last + 1 === first) {
          prev.last = last;
          prev.keys.push(c.key);
          prev.text = describeInterval(prev.first!, last);
          continue;
        }
        out.push({ text: describeInterval(first, last), keys: [c.key], first, last });
      } else {
        out.push({ text: c.text, keys: [c.key] });
      }
    }
    return out.map(({ text, keys: k }) => ({ text, keys: k }));
  }
}

/** The effective access of the apps of some models (one side of a comparison). */
export function effectiveAccess(models: readonly AccessModel[], factsDocument: AccessFactsDocument, cells: Cells): Effective {
  const facts = new Facts(factsDocument);
  const apps = models.flatMap((m) => m.applications);
  const shapes = apps.flatMap((app) => app.segments.map((s) => shapeOf(app, s))).filter((s) => s.target && s.ports && s.protocols !== undefined);
  // The ports enterprise apps take, per cell and protocol.
  const enterprise = new Map<string, Map<number, PortInterval[]>>();
  for (const s of shapes.filter((x) => !isQuickAccess(x.app))) {
    for (const c of cells.covered(s.target!)) {
      for (const bit of bits(s.protocols!)) {
        const byProtocol = enterprise.get(c.key) ?? new Map<number, PortInterval[]>();
        byProtocol.set(bit, mergeIntervals([...(byProtocol.get(bit) ?? []), ...s.ports!]));
        enterprise.set(c.key, byProtocol);
      }
    }
  }
  // Per app, per protocol, per cell: the ports the app carries.
  const carried = new Map<string, Map<number, CellPorts>>();
  const add = (app: ModelApplication, bit: number, cellKey: string, ports: readonly PortInterval[]) => {
    if (ports.length === 0) {
      return;
    }
    const byProtocol = carried.get(app.source.address) ?? new Map<number, CellPorts>();
    const byCell = byProtocol.get(bit) ?? new Map<string, PortInterval[]>();
    byCell.set(cellKey, mergeIntervals([...(byCell.get(cellKey) ?? []), ...ports]));
    byProtocol.set(bit, byCell);
    carried.set(app.source.address, byProtocol);
  };
  for (const s of shapes) {
    for (const c of cells.covered(s.target!)) {
      for (const bit of bits(s.protocols!)) {
        const taken = isQuickAccess(s.app) ? enterprise.get(c.key)?.get(bit) ?? [] : [];
        add(s.app, bit, c.key, subtractIntervals(s.ports!, taken));
      }
    }
  }
  // Names under a Quick Access DNS suffix that a fact resolves, and no FQDN segment acquires: reached
  // through their addresses (Private DNS).
  const notes = new Map<string, string>();
  const suffixes = apps.filter(isQuickAccess).flatMap((a) => a.dnsSuffixes.map((d) => d.suffix.value?.toLowerCase())).filter((d): d is string => d !== undefined);
  for (const n of factsDocument.names) {
    const suffix = suffixes.find((d) => n.name === d || n.name.endsWith(`.${d}`));
    if (!suffix || shapes.some((s) => s.target!.kind !== 'ip' && (s.target!.kind === 'host' ? s.target!.host === n.name : n.name.endsWith(`.${(s.target as { domain: string }).domain}`)))) {
      continue;
    }
    for (const address of facts.addressesOf(n.name) ?? []) {
      const cell = cells.addressCell(address);
      if (!cell) {
        continue;
      }
      for (const [appAddress, byProtocol] of carried) {
        for (const [bit, byCell] of byProtocol) {
          const ports = byCell.get(cell.key);
          if (ports) {
            const app = apps.find((a) => a.source.address === appAddress)!;
            add(app, bit, cells.hostCell(n.name).key, ports);
            notes.set(`${appAddress}\n${n.name}`, `Private DNS (suffix ${suffix}): ${n.name} → ${describeInterval(address, address)}`);
          }
        }
      }
    }
  }
  // Per principal.
  const access = new Map<string, Map<string, Map<number, CellPorts>>>();
  const principals = new Map<string, ModelPrincipal>();
  for (const app of apps) {
    const byProtocol = carried.get(app.source.address);
    if (!byProtocol) {
      continue;
    }
    const assignees = [...app.assignments.map((a) => a.principal), ...(app.existing ? [TENANT_QUICK_ACCESS_USERS] : [])];
    for (const p of assignees) {
      principals.set(p.identity, p);
      const byApp = access.get(p.identity) ?? new Map<string, Map<number, CellPorts>>();
      byApp.set(app.source.address, byProtocol);
      access.set(p.identity, byApp);
    }
  }
  return { principals, apps: new Map(apps.map((a) => [a.source.address, a])), access, notes };
}

/** `a` minus `b`: per app, protocol and cell, the ports `a` has and `b` has not. */
export function minus(
  a: Map<string, Map<number, CellPorts>> | undefined,
  b: Map<string, Map<number, CellPorts>> | undefined,
): Array<{ app: string; protocol: number; cell: string; ports: PortInterval[] }> {
  const out: Array<{ app: string; protocol: number; cell: string; ports: PortInterval[] }> = [];
  for (const [app, byProtocol] of a ?? []) {
    for (const [protocol, byCell] of byProtocol) {
      for (const [cell, ports] of byCell) {
        const rest = subtractIntervals(ports, b?.get(app)?.get(protocol)?.get(cell) ?? []);
        if (rest.length > 0) {
          out.push({ app, protocol, cell, ports: rest });
        }
      }
    }
  }
  return out;
}

function bits(protocols: number): number[] {
  return [TCP, UDP].filter((b) => (protocols & b) !== 0);
}

function pad(n: number): string {
  return n.toString(16).padStart(9, '0');
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  // The cell containing x starts at the last boundary <= x.
  return sorted[lo] === x ? lo : Math.max(0, lo - 1);
}

function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

export { describeApp };
export type { SegmentShape };
