/**
 * Facts the tenant and DNS hold that a program cannot know, as a stack states them
 * (`AccessFacts`): the addresses names resolve to, and the complete members of groups. The
 * analysis answers exactly with a fact and "undecided" without one; it never assumes.
 */
import { formatIpv4, parseIpv4 } from '../private/ipv4';
import type { AccessFactsDocument } from './facts-document';

export type { AccessFactsDocument, MembershipFact, NameFact } from './facts-document';

/** No facts. */
export const NO_FACTS: AccessFactsDocument = { names: [], memberships: [] };

/** The facts, indexed for the analysis. */
export class Facts {
  private readonly addressesByName = new Map<string, number[]>();
  private readonly namesByAddress = new Map<number, string[]>();
  private readonly membersByGroup = new Map<string, Set<string>>();
  private readonly completeGroups = new Set<string>();
  private readonly nonMembersByGroup = new Map<string, Set<string>>();

  constructor(public readonly document: AccessFactsDocument = NO_FACTS) {
    for (const n of document.names) {
      const addresses = n.addresses.map((a) => parseIpv4(a)).flatMap((p) => ('address' in p ? [p.address] : []));
      this.addressesByName.set(n.name, addresses);
      for (const a of addresses) {
        this.namesByAddress.set(a, [...(this.namesByAddress.get(a) ?? []), n.name]);
      }
    }
    for (const m of document.memberships) {
      this.membersByGroup.set(m.group, new Set(m.members));
      this.nonMembersByGroup.set(m.group, new Set(m.nonMembers));
      if (m.complete) {
        this.completeGroups.add(m.group);
      }
    }
  }

  /** The addresses a name resolves to, or undefined when no fact says. */
  public addressesOf(name: string): number[] | undefined {
    return this.addressesByName.get(name);
  }

  /** The names stated to resolve to an address. */
  public namesOf(address: number): string[] {
    return this.namesByAddress.get(address) ?? [];
  }

  /** Whether `member` is in `group`: yes or no when a fact says, unknown otherwise. */
  public isMember(member: string, group: string): 'yes' | 'no' | 'unknown' {
    if (this.membersByGroup.get(group)?.has(member)) {
      return 'yes';
    }
    if (this.nonMembersByGroup.get(group)?.has(member) || this.completeGroups.has(group)) {
      return 'no';
    }
    return 'unknown';
  }

  /** The complete members of a group, when stated, or undefined. */
  public membersOf(group: string): string[] | undefined {
    const members = this.membersByGroup.get(group);
    return members && this.completeGroups.has(group) ? [...members].sort() : undefined;
  }

  /** How a member's identity reads, from the facts. */
  public describeMember(identity: string): string {
    for (const m of this.document.memberships) {
      const i = m.members.indexOf(identity);
      if (i >= 0) {
        return m.memberDescriptions[i] ?? identity;
      }
    }
    return identity;
  }
}

export { formatIpv4 };
