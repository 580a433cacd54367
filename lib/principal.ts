import { DataAzureadGroup } from '@cdktf/provider-azuread/lib/data-azuread-group';
import { DataAzureadUser } from '@cdktf/provider-azuread/lib/data-azuread-user';
import type { Group } from '@cdktf/provider-azuread/lib/group';
import type { User } from '@cdktf/provider-azuread/lib/user';
import { TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { PrivateAccessError } from './errors';
import { q } from './private/errors';
import { setPrincipalSource } from './private/principal-sources';
import { checkName, MAX_USER_PRINCIPAL_NAME_LENGTH, tfLiteral } from './private/text';

/** Whether a principal is a user or a group. */
export enum PrincipalType {
  /** A user account. */
  USER = 'user',
  /** A security or Microsoft 365 group. Nested groups are not supported in app assignments. */
  GROUP = 'group',
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a principal finds its object ID in a given stack. */
type Resolver = (scope: IConstruct) => string;

/**
 * A user or group of Microsoft Entra ID that can be granted access to a Private Access app,
 * included in or excluded from a Conditional Access policy.
 *
 * The factories follow one pattern, by what identifies the principal: by name `group(displayName)`
 * and `user(userPrincipalName)` (looked up at plan time through the azuread `azuread_group` /
 * `azuread_user` data sources), by object ID `groupId(objectId, label?)` and `userId(objectId,
 * label?)`, and from an azuread `Group` / `User` construct of the same program `fromGroup(group)`
 * and `fromUser(user)` (`from…` references an object made elsewhere, as in aws-cdk). Access tests, policies and reviews compare principals as Entra compares
 * directory objects (`isSameAs`: group names and UPNs in any case); the Terraform address of an
 * assignment derives from `principal.key`, the name as written.
 *
 * Group membership is resolved by Entra ID at sign-in, not here; nested groups are not honoured by
 * app assignments.
 *
 * @example
 * const admins = Principal.group('Linux Admins');
 * const breakGlass = Principal.userId('00000000-0000-0000-0000-000000000001', 'break-glass-1');
 */
export class Principal {
  /**
   * A group given by its object ID.
   *
   * @param objectId the group's object ID (a GUID), or a token that resolves to one
   * @param label a stable name for the group; required when `objectId` is an unresolved token,
   *   because the Terraform addresses of the group's assignments derive from it
   */
  public static groupId(objectId: string, label?: string): Principal {
    return Principal.byId(PrincipalType.GROUP, objectId, label);
  }

  /**
   * A user given by its object ID.
   *
   * @param objectId the user's object ID (a GUID), or a token that resolves to one
   * @param label a stable name for the user; required when `objectId` is an unresolved token,
   *   because the Terraform addresses of the user's assignments derive from it
   */
  public static userId(objectId: string, label?: string): Principal {
    return Principal.byId(PrincipalType.USER, objectId, label);
  }

  /**
   * A group looked up by display name when Terraform plans (data source `azuread_group`).
   *
   * The plan fails if no group, or more than one, has the name.
   *
   * @param displayName the group's display name
   */
  public static group(displayName: string): Principal {
    if (typeof displayName === 'string' && Token.isUnresolved(displayName)) {
      throw new PrivateAccessError(
        `group display name ${q(displayName)} is an unresolved token; give the name as text, or use Principal.groupId()`,
      );
    }
    checkName('group display name', displayName, 'give the name as text, or use Principal.groupId()');
    return Principal.recorded({ kind: 'name' }, new Principal(
      PrincipalType.GROUP,
      `group-name-${escapeId(displayName)}`,
      `group ${q(displayName)}`,
      (scope) => lookup(scope, `group ${escapeId(displayName)}`, (s, id) => new DataAzureadGroup(s, id, { displayName: tfLiteral(displayName) }).objectId),
      // Entra compares group display names without regard to case.
      `group-name-${displayName.toLowerCase()}`,
      displayName,
    ));
  }

  /**
   * A user looked up by user principal name when Terraform plans (data source `azuread_user`).
   *
   * @param userPrincipalName the user's UPN, such as `alex@contoso.com`
   */
  public static user(userPrincipalName: string): Principal {
    if (typeof userPrincipalName === 'string' && !Token.isUnresolved(userPrincipalName)) {
      checkName('user principal name', userPrincipalName, 'give the UPN, such as "alex@contoso.com"', MAX_USER_PRINCIPAL_NAME_LENGTH);
    }
    if (typeof userPrincipalName !== 'string' || Token.isUnresolved(userPrincipalName) || !/^[^@\s]+@[^@\s]+$/.test(userPrincipalName)) {
      throw new PrivateAccessError(
        `user principal name ${q(userPrincipalName)} is not of the form "name@domain"; give the UPN, such as "alex@contoso.com", or use Principal.userId()`,
      );
    }
    const upn = userPrincipalName.toLowerCase();
    return Principal.recorded({ kind: 'name' }, new Principal(
      PrincipalType.USER,
      `user-upn-${escapeId(upn)}`,
      `user ${q(upn)}`,
      (scope) => lookup(scope, `user ${escapeId(upn)}`, (s, id) => new DataAzureadUser(s, id, { userPrincipalName: tfLiteral(upn) }).objectId),
      undefined,
      upn,
    ));
  }

  /**
   * A group managed by an azuread `Group` construct of this program.
   *
   * @param group the group construct
   */
  public static fromGroup(group: Group): Principal {
    return Principal.recorded({ kind: 'resource', resource: group }, new Principal(PrincipalType.GROUP, `group-construct-${group.node.addr}`, `group ${group.node.path}`, () => group.objectId));
  }

  /**
   * A user managed by an azuread `User` construct of this program.
   *
   * @param user the user construct
   */
  public static fromUser(user: User): Principal {
    return Principal.recorded({ kind: 'resource', resource: user }, new Principal(PrincipalType.USER, `user-construct-${user.node.addr}`, `user ${user.node.path}`, () => user.objectId));
  }

  private static recorded(source: Parameters<typeof setPrincipalSource>[1], principal: Principal): Principal {
    setPrincipalSource(principal, source);
    return principal;
  }

  private static byId(type: PrincipalType, objectId: string, label?: string): Principal {
    const factory = type === PrincipalType.GROUP ? 'Principal.groupId' : 'Principal.userId';
    if (label !== undefined && (typeof label !== 'string' || label.trim().length === 0 || Token.isUnresolved(label))) {
      throw new PrivateAccessError(`${factory}: label ${q(label)} is empty or unresolved; give a fixed name such as "platform-admins"`);
    }
    if (label !== undefined) {
      checkName(`${factory}: label`, label, 'give a fixed name such as "platform-admins"');
    }
    if (Token.isUnresolved(objectId)) {
      if (label === undefined) {
        throw new PrivateAccessError(
          `${factory}: the object ID is an unresolved token, so it cannot name the assignment's Terraform address; pass a stable label: ${factory}(objectId, "platform-admins")`,
        );
      }
      const principal = new Principal(type, `${type}-label-${escapeId(label)}`, `${type} ${q(label)}`, (scope) => lookupById(scope, type, objectId, label, `label ${escapeId(label)}`));
      setPrincipalSource(principal, { kind: 'id', objectId, label });
      return principal;
    }
    if (typeof objectId !== 'string' || !GUID.test(objectId)) {
      throw new PrivateAccessError(
        `${factory}: ${q(objectId)} is not an object ID; expected a GUID such as "3f2504e0-4f89-11d3-9a0c-0305e82c3301"`,
      );
    }
    const id = objectId.toLowerCase();
    const description = label === undefined ? `${type} ${id}` : `${type} ${q(label)} (${id})`;
    const principal = new Principal(type, `${type}-${id}`, description, (scope) => lookupById(scope, type, id, label, label === undefined ? id : `${id} ${escapeId(label)}`), undefined, undefined, id);
    setPrincipalSource(principal, { kind: 'id', objectId: id, ...(label !== undefined ? { label } : {}) });
    return principal;
  }

  private constructor(
    /** Whether the principal is a user or a group. */
    public readonly principalType: PrincipalType,
    /**
     * A stable key for the principal, unique per identity. The construct ids of the principal's
     * assignments derive from it, so it must not change between runs.
     */
    public readonly key: string,
    /** A human-readable description for messages and reviews, such as `group "Linux Admins"`. */
    public readonly description: string,
    private readonly resolver: Resolver,
    /** What Entra compares: the key, case-folded where Entra ignores case. */
    identity?: string,
    /**
     * The group's display name or the user's UPN, when the principal was given by name
     * (`Principal.group`, `Principal.user`).
     */
    public readonly name?: string,
    /** The object ID, when the principal was given by one known at synth (`groupId`, `userId`). */
    public readonly objectId?: string,
  ) {
    this.identity = identity ?? key;
  }

  /**
   * What Entra compares: the key, case-folded where Entra ignores case (`group-name-linux admins`).
   * Two principals with the same identity are the same directory object (`isSameAs`).
   */
  public readonly identity: string;

  /**
   * Whether both principals are the same directory object as Entra compares them: the same object
   * ID, the same group display name in any case, the same UPN in any case, the same label, or the
   * same construct. A group given by name and the same group given by ID cannot be matched at
   * synth and are different principals here.
   *
   * @param other another principal
   */
  public isSameAs(other: Principal): boolean {
    return other instanceof Principal && this.principalType === other.principalType && this.identity === other.identity;
  }

  /**
   * The principal's object ID, for use in resources under `scope`.
   *
   * For a principal given by name this creates (once per stack) the data source that looks it up.
   *
   * @param scope the construct that will use the object ID
   */
  public objectIdIn(scope: IConstruct): string {
    return this.resolver(scope);
  }

  /** The principal's description. */
  public toString(): string {
    return this.description;
  }
}

const LOOKUPS_ID = 'PrincipalLookups';

/** The object ID token of each lookup: one token per data source, however many assignments use it. */
const LOOKUP_OBJECT_IDS = new WeakMap<IConstruct, string>();

/** Finds or creates, once per stack, the data source with the given id. */
function lookup(scope: IConstruct, id: string, create: (scope: Construct, id: string) => string): string {
  const stack = TerraformStack.of(scope);
  const lookups = (stack.node.tryFindChild(LOOKUPS_ID) as Construct | undefined) ?? new Construct(stack, LOOKUPS_ID);
  const existing = lookups.node.tryFindChild(id) as { objectId: string } | undefined;
  if (existing === undefined) {
    const objectId = create(lookups, id);
    LOOKUP_OBJECT_IDS.set(lookups.node.findChild(id), objectId);
    return objectId;
  }
  let objectId = LOOKUP_OBJECT_IDS.get(existing as unknown as IConstruct);
  if (objectId === undefined) {
    objectId = existing.objectId;
    LOOKUP_OBJECT_IDS.set(existing as unknown as IConstruct, objectId);
  }
  return objectId;
}

/**
 * The read of a principal given by object ID: it makes Terraform fail at plan when the object is
 * not a group (or user), and, with a label, when its display name is not the label, so that a
 * label can be trusted in the review.
 */
function lookupById(scope: IConstruct, type: PrincipalType, objectId: string, label: string | undefined, key: string): string {
  const what = type === PrincipalType.GROUP ? 'group' : 'user';
  return lookup(scope, `${what} id ${key}`, (s, id) => {
    const lifecycle =
      label === undefined
        ? undefined
        : {
          postcondition: [
            {
              condition: `\${self.display_name == ${JSON.stringify(label).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}}`,
              errorMessage: tfLiteral(
                `The ${what} with object ID ${Token.isUnresolved(objectId) ? 'given' : objectId} is not named "${label}", the label the program gives it; fix the ID or the label (Principal.${what}Id(id, label)).`,
              ),
            },
          ],
        };
    return type === PrincipalType.GROUP
      ? new DataAzureadGroup(s, id, { objectId, ...(lifecycle ? { lifecycle } : {}) }).objectId
      : new DataAzureadUser(s, id, { objectId, ...(lifecycle ? { lifecycle } : {}) }).objectId;
  });
}

/** Makes text safe for a construct id ("/" separates path components), reversibly. */
function escapeId(text: string): string {
  return text.replace(/%/g, '%25').replace(/\//g, '%2F');
}
