import { createHash } from 'crypto';
import { DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { q } from './errors';
import { perApp } from './per-app';

/**
 * Priorities of the network security rules the library writes, allocated across the whole cdktf
 * App, per network security group and direction.
 *
 * Azure wants priorities unique per NSG and direction, and a rule that takes the priority of one
 * destroyed in the same apply fails if it comes first. So a rule's priority depends on its own name
 * only: a slot in its construct's range chosen by a hash of the name, moved to the next free slot
 * on a collision (with an explicit priority, another rule's slot, or `existingPriorities`).
 * Adding or removing a rule leaves the others where they are, unless a new rule's slot collides
 * with an existing rule that sorts after it; two constructs writing into one NSG cannot take the
 * same priority or the same name.
 */

/** Azure's priority limits. */
export const MIN_PRIORITY = 100;
export const MAX_PRIORITY = 4096;

/** How many priorities a construct's rules spread over, from its base. */
const SPAN = 1000;

/** One rule's claim on a priority. */
export interface PriorityClaim {
  /** The network security group: its resource group and name (either may be a token). */
  readonly networkSecurityGroup: { readonly resourceGroupName: string; readonly name: string };
  /** `Inbound` or `Outbound`. */
  readonly direction: string;
  /** The rule's name. */
  readonly name: string;
  /** The construct that writes the rule, for messages. */
  readonly owner: IConstruct;
  /** An explicit priority; otherwise one is chosen from `base`. */
  readonly fixed?: number;
  /** The first priority of the owner's range. */
  readonly base?: number;
  /** Priorities other rules of the NSG use, which this one must not take. */
  readonly existing?: readonly number[];
}

const REGISTRIES = new WeakMap<IConstruct, PriorityRegistry>();

/** The claims of one cdktf App and their allocation. */
export class PriorityRegistry {
  /** The registry of the App that `scope` belongs to. */
  public static of(scope: IConstruct): PriorityRegistry {
    return perApp(REGISTRIES, scope, () => new PriorityRegistry());
  }

  private readonly claims: PriorityClaim[] = [];
  private cached?: { readonly count: number; readonly priorities: Map<PriorityClaim, number>; readonly problems: Map<IConstruct, string[]> };

  private constructor() {}

  /** Adds a claim; its priority is known once the App is built. */
  public claim(claim: PriorityClaim): PriorityClaim {
    this.claims.push(claim);
    return claim;
  }

  /** The claim's priority, allocated over every claim of the App. */
  public priorityOf(claim: PriorityClaim): number {
    return this.allocate().priorities.get(claim) ?? claim.fixed ?? claim.base ?? MIN_PRIORITY;
  }

  /** What is wrong with the owner's claims: a name or an explicit priority taken twice, no free slot. */
  public problemsOf(owner: IConstruct): string[] {
    return this.allocate().problems.get(owner) ?? [];
  }

  private allocate() {
    if (this.cached?.count === this.claims.length) {
      return this.cached;
    }
    const priorities = new Map<PriorityClaim, number>();
    const problems = new Map<IConstruct, string[]>();
    const report = (owner: IConstruct, message: string) => problems.set(owner, [...(problems.get(owner) ?? []), message]);
    const groups = new Map<string, PriorityClaim[]>();
    for (const c of this.claims) {
      const group = groupOf(c);
      groups.set(group, [...(groups.get(group) ?? []), c]);
    }
    for (const [group, claims] of groups) {
      const names = new Map<string, PriorityClaim>();
      for (const c of claims) {
        const other = names.get(c.name.toLowerCase());
        if (other) {
          report(c.owner, `the rule name ${q(c.name)} is also written by ${other.owner.node.path} into ${group}; give one of them another namePrefix`);
        }
        names.set(c.name.toLowerCase(), c);
      }
      const taken = new Map<number, PriorityClaim>();
      for (const c of claims.filter((x) => x.fixed !== undefined)) {
        const other = taken.get(c.fixed!);
        if (other) {
          report(c.owner, `priority ${c.fixed} of rule ${q(c.name)} is also taken by ${q(other.name)} (${other.owner.node.path}) in ${group}; choose another`);
        }
        taken.set(c.fixed!, c);
        priorities.set(c, c.fixed!);
      }
      const hashed = claims
        .filter((x) => x.fixed === undefined)
        .map((c) => ({ c, base: c.base!, span: Math.min(SPAN, MAX_PRIORITY - c.base! + 1) }))
        .map((x) => ({ ...x, preferred: x.base + (hash(x.c.name) % x.span) }))
        .sort((a, b) => a.preferred - b.preferred || (a.c.name < b.c.name ? -1 : a.c.name > b.c.name ? 1 : 0));
      for (const { c, base, span, preferred } of hashed) {
        const existing = new Set(c.existing ?? []);
        let slot = preferred;
        let tries = 0;
        while ((taken.has(slot) || existing.has(slot)) && tries < span) {
          slot = base + ((slot - base + 1) % span);
          tries++;
        }
        if (tries === span) {
          report(c.owner, `no free priority from ${base} to ${base + span - 1} for rule ${q(c.name)} in ${group}; choose another priorityBase`);
          continue;
        }
        taken.set(slot, c);
        priorities.set(c, slot);
      }
    }
    this.cached = { count: this.claims.length, priorities, problems };
    return this.cached;
  }
}

/** `rg/nsg/direction`, lower-cased, with tokens resolved to the references they stand for. */
function groupOf(c: PriorityClaim): string {
  const text = (value: string) =>
    Token.isUnresolved(value)
      ? String(Tokenization.resolve(value, { scope: c.owner, resolver: new DefaultTokenResolver(new StringConcat()) }))
      : value;
  return `${text(c.networkSecurityGroup.resourceGroupName)}/${text(c.networkSecurityGroup.name)}/${c.direction}`.toLowerCase();
}

function hash(text: string): number {
  return parseInt(createHash('sha256').update(text).digest('hex').slice(0, 8), 16);
}

/** A short, stable hash of text, for names that must be shortened: 8 hex digits. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
