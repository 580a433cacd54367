/** The facts a stack states (`AccessFacts`), as the review carries them. */

/** A name and the IPv4 addresses it resolves to (through Private DNS or ordinary DNS). */
export interface NameFact {
  /** The name, lower-case, without a trailing dot. */
  readonly name: string;
  /** The addresses, as dotted quads, sorted. */
  readonly addresses: string[];
}

/** Who is, and who is not, in a group. */
export interface MembershipFact {
  /** The group's identity (`group-name-linux admins`). */
  readonly group: string;
  /** How the group reads (`group "Linux Admins"`). */
  readonly description: string;
  /** Whether `members` is the complete list: anyone else is not a member. */
  readonly complete: boolean;
  /** The identities of members, users and groups. */
  readonly members: string[];
  /** How the members read. */
  readonly memberDescriptions: string[];
  /** The identities of principals stated not to be members. */
  readonly nonMembers: string[];
  /** How they read. */
  readonly nonMemberDescriptions: string[];
}

/** Every fact a stack states. */
export interface AccessFactsDocument {
  /** Names and their addresses. */
  readonly names: NameFact[];
  /** Groups and their members. */
  readonly memberships: MembershipFact[];
}

