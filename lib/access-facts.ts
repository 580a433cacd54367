import { Construct } from 'constructs';
import { PrivateAccessError } from './errors';
import { failAt, q, withConstructPath } from './private/errors';
import { parseIpv4 } from './private/ipv4';
import { checkPrincipal, checkPrincipals } from './private/principals';
import { StackDeclarations } from './private/registry';
import { ensureStackChecks } from './private/stack-checks';
import { checkList } from './private/text';
import { Principal, PrincipalType } from './principal';

/** A name and the IPv4 addresses it resolves to, through Private DNS or ordinary DNS. */
export interface NameResolution {
  /**
   * The name: a host name (`db.corp.contoso.com`) or a single-label name that Private DNS
   * resolves (`benefits`).
   */
  readonly name: string;

  /** The IPv4 addresses it resolves to, such as `['10.8.0.5']`. */
  readonly addresses: string[];
}

/** Who is, or is not, in a group. */
export interface GroupMembership {
  /** The group. */
  readonly group: Principal;

  /**
   * Its members: the complete list, so that anyone else is known not to be a member.
   *
   * @default - the members are not all stated
   */
  readonly members?: Principal[];

  /**
   * Principals known not to be members (when the complete list is not stated).
   *
   * @default - none
   */
  readonly nonMembers?: Principal[];
}

/** Properties of `AccessFacts`. */
export interface AccessFactsProps {
  /**
   * Names and the addresses they resolve to.
   *
   * @default - none
   */
  readonly names?: NameResolution[];

  /**
   * Group memberships that decide an access test or MFA coverage.
   *
   * @default - none
   */
  readonly groups?: GroupMembership[];
}

/**
 * Facts the tenant and DNS hold that a program cannot know, stated once per stack so that the
 * analysis can answer exactly: the addresses names resolve to (does `db.corp.contoso.com:5432` go
 * through an IP segment? is `10.0.1.7` also reached by its name?) and who is, or is not, in a group
 * (does a deny hold for a user of an assigned group? does a policy that excludes a group still
 * cover the members of another?).
 *
 * Without a fact, the answer is "undecided" and names the missing fact; an undecided access test
 * never passes. Facts are assumptions the review lists; they are not applied to the tenant.
 *
 * @example
 * new AccessFacts(this, 'Facts', {
 *   names: [{ name: 'db.corp.contoso.com', addresses: ['10.0.1.7'] }],
 *   groups: [{ group: Principal.group('Linux Admins'), nonMembers: [breakGlass] }],
 * });
 */
export class AccessFacts extends Construct {
  /** The names and their addresses. */
  public readonly names: NameResolution[];

  /** The group memberships. */
  public readonly groups: GroupMembership[];

  constructor(scope: Construct, id: string, props: AccessFactsProps) {
    super(scope, id);
    this.names = withConstructPath(this, () => checkList('names', props.names, "[{ name: 'db.corp.contoso.com', addresses: ['10.0.1.7'] }]")).map((n, i) =>
      withConstructPath(this, () => checkName(n, i)),
    );
    this.groups = withConstructPath(this, () => checkList('groups', props.groups, "[{ group: Principal.group('Linux Admins'), nonMembers: [breakGlass] }]")).map((g, i) =>
      withConstructPath(this, () => checkGroup(g, i)),
    );
    if (this.names.length + this.groups.length === 0) {
      failAt(this, 'AccessFacts states no fact; give `names` or `groups`');
    }
    StackDeclarations.of(this).facts.push({
      names: this.names.map((n) => ({ name: n.name, addresses: n.addresses })),
      memberships: this.groups.map((g) => ({ group: g.group, ...(g.members ? { members: g.members } : {}), ...(g.nonMembers ? { nonMembers: g.nonMembers } : {}) })),
    });
    ensureStackChecks(this);
  }
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function checkName(n: NameResolution, i: number): NameResolution {
  if (typeof n !== 'object' || n === null || typeof n.name !== 'string') {
    throw new PrivateAccessError(`names[${i}] is ${q(n)}; give { name: 'db.corp.contoso.com', addresses: ['10.0.1.7'] }`);
  }
  const name = n.name.toLowerCase().replace(/\.$/, '');
  if (name.length === 0 || name.length > 253 || !name.split('.').every((l) => LABEL.test(l))) {
    throw new PrivateAccessError(`names[${i}]: ${q(n.name)} is not a host name (letters, digits and hyphens in dot-separated labels)`);
  }
  const addresses = checkList(`names[${i}].addresses`, n.addresses, "['10.0.1.7']");
  if (addresses.length === 0) {
    throw new PrivateAccessError(`names[${i}] (${q(n.name)}) has no address; give the IPv4 addresses it resolves to`);
  }
  for (const a of addresses) {
    const parsed = typeof a === 'string' ? parseIpv4(a) : { problem: 'is not text' };
    if ('problem' in parsed) {
      throw new PrivateAccessError(`names[${i}] (${q(n.name)}): the address ${q(a)} ${parsed.problem}`);
    }
  }
  return { name, addresses: [...new Set(addresses)].sort() };
}

function checkGroup(g: GroupMembership, i: number): GroupMembership {
  if (typeof g !== 'object' || g === null) {
    throw new PrivateAccessError(`groups[${i}] is ${q(g)}; give { group: Principal.group('Linux Admins'), members: [...] }`);
  }
  const group = checkPrincipal(`groups[${i}].group`, g.group);
  if (group.principalType !== PrincipalType.GROUP) {
    throw new PrivateAccessError(`groups[${i}].group is ${group}, not a group`);
  }
  const members = g.members === undefined ? undefined : checkPrincipals(`groups[${i}].members`, g.members);
  const nonMembers = g.nonMembers === undefined ? undefined : checkPrincipals(`groups[${i}].nonMembers`, g.nonMembers);
  if (members === undefined && nonMembers === undefined) {
    throw new PrivateAccessError(`groups[${i}] (${group}) states neither members nor nonMembers`);
  }
  const both = (members ?? []).filter((m) => (nonMembers ?? []).some((n) => n.isSameAs(m)));
  if (both.length > 0) {
    throw new PrivateAccessError(`groups[${i}] (${group}) states ${both[0]} as a member and as a non-member`);
  }
  return { group, ...(members ? { members } : {}), ...(nonMembers ? { nonMembers } : {}) };
}
