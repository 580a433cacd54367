import { ConditionalAccessPolicyAdoption } from './adoption';
import { checkGuid, policyImportId } from './private/import-ids';
import { ConditionalAccessPolicy } from '@cdktf/provider-azuread/lib/conditional-access-policy';
import { DefaultTokenResolver, Lazy, StringConcat, TerraformStack, Token, Tokenization } from 'cdktf';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
import { logicalIdUnder } from './private/logical-ids';
import { Construct } from 'constructs';
import { SignInFrequency } from './sign-in-frequency';
import { failAt, q, withConstructPath } from './private/errors';
import { checkPrincipals } from './private/principals';
import { checkList, checkName, tfLiteral } from './private/text';
import { ensureStackChecks } from './private/stack-checks';
import { Principal, PrincipalType } from './principal';
import { IPrivateAccessApplication } from './private-access-application-base';

/** Whether a Conditional Access policy is enforced. */
export enum ConditionalAccessPolicyState {
  /** Enforced. */
  ENABLED = 'enabled',
  /** Evaluated and logged, not enforced: Microsoft's recommended first step for a new policy. */
  REPORT_ONLY = 'enabledForReportingButNotEnforced',
  /** Neither evaluated nor enforced. */
  DISABLED = 'disabled',
}

/** How the grant controls of a policy combine. */
export enum GrantOperator {
  /** Every control is required. */
  AND = 'AND',
  /** One of the controls is enough. */
  OR = 'OR',
}

/** The controls a Private Access Conditional Access policy can require. */
export interface PrivateAccessConditionalAccessOptions {
  /**
   * Require multifactor authentication.
   *
   * @default true, unless `authenticationStrengthPolicyId` is given (Graph does not accept both)
   */
  readonly requireMfa?: boolean;

  /**
   * Require an authentication strength instead of plain MFA: the ID of an authentication strength
   * policy, as a GUID (such as the built-in phishing-resistant MFA strength
   * `00000000-0000-0000-0000-000000000004`) or as the azuread resource ID
   * `/policies/authenticationStrengthPolicies/{id}`.
   *
   * @default - none
   */
  readonly authenticationStrengthPolicyId?: string;

  /**
   * Require a device marked compliant by Intune.
   *
   * @default false
   */
  readonly requireCompliantDevice?: boolean;

  /**
   * Require a Microsoft Entra hybrid joined device.
   *
   * @default false
   */
  readonly requireHybridJoinedDevice?: boolean;

  /**
   * How the required controls combine.
   *
   * @default GrantOperator.AND
   */
  readonly grantOperator?: GrantOperator;

  /**
   * How often users must sign in again.
   *
   * @default - the tenant's default (a rolling 90 days)
   */
  readonly signInFrequency?: SignInFrequency;

  /**
   * Whether the policy is enforced.
   *
   * @default ConditionalAccessPolicyState.ENABLED (secure by default; choose REPORT_ONLY to trial a policy first)
   */
  readonly state?: ConditionalAccessPolicyState;

  /**
   * Users and groups the policy never applies to: the tenant's emergency-access (break-glass)
   * accounts, so that a mistake cannot lock every administrator out.
   *
   * @default - none
   */
  readonly excludePrincipals?: Principal[];
}

/** Properties of a `PrivateAccessConditionalAccessPolicy`. */
export interface PrivateAccessConditionalAccessPolicyProps extends PrivateAccessConditionalAccessOptions {
  /** The policy's display name. */
  readonly displayName: string;

  /** The Private Access apps the policy protects; at least one. */
  readonly applications: IPrivateAccessApplication[];

  /**
   * The users and groups the policy applies to.
   *
   * @default - every principal assigned to the applications, read when the program is synthesized
   */
  readonly includePrincipals?: Principal[];

  /**
   * The ID of the policy when it exists in the tenant already: synth writes a Terraform `import`
   * block, and the first plan imports it, then updates it in place to what this construct declares.
   *
   * @default - the policy is created
   */
  readonly adopt?: ConditionalAccessPolicyAdoption;
}

/**
 * A Conditional Access policy that guards Private Access apps, targeting them by client ID.
 *
 * By default it applies to everyone assigned to the apps, requires MFA and is enforced. Conditional
 * Access applies per app: there is no policy on Private Access traffic as a whole, and the
 * compliant-network condition does not work for Private Access apps.
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/how-to-target-resource-private-access-apps
 *
 * @example
 * new PrivateAccessConditionalAccessPolicy(this, 'SshMfa', {
 *   displayName: 'SSH servers: require MFA',
 *   applications: [app],
 *   excludePrincipals: [Principal.userId('00000000-0000-0000-0000-000000000001', 'break-glass')],
 * });
 */
export class PrivateAccessConditionalAccessPolicy extends Construct {
  /** The policy's display name. */
  public readonly displayName: string;

  /** The apps the policy protects. */
  public readonly applications: IPrivateAccessApplication[];

  /** Whether the policy is enforced. */
  public readonly state: ConditionalAccessPolicyState;

  /** Whether the policy requires MFA. */
  public readonly requireMfa: boolean;

  /** The authentication strength the policy requires, if any (azuread resource ID form). */
  public readonly authenticationStrengthPolicyId?: string;

  /** Whether the policy requires a compliant device. */
  public readonly requireCompliantDevice: boolean;

  /** Whether the policy requires a hybrid joined device. */
  public readonly requireHybridJoinedDevice: boolean;

  /** How the required controls combine. */
  public readonly grantOperator: GrantOperator;

  /** The sign-in frequency, if one is set. */
  public readonly signInFrequency?: SignInFrequency;

  /** The principals excluded from the policy. */
  public readonly excludePrincipals: Principal[];

  /** The `azuread_conditional_access_policy` resource. */
  public readonly resource: ConditionalAccessPolicy;

  private readonly explicitIncludes?: readonly Principal[];

  constructor(scope: Construct, id: string, props: PrivateAccessConditionalAccessPolicyProps) {
    super(scope, id);
    const fail = (message: string): never => {
      return failAt(this, message);
    };
    const check = <T>(fn: () => T): T => withConstructPath(this, fn);
    check(() => checkName('display name', props.displayName, 'give the policy a name'));
    if (props.requireMfa === true && props.authenticationStrengthPolicyId !== undefined) {
      fail('requireMfa and authenticationStrengthPolicyId cannot both be set (Graph rejects the pair); an authentication strength already requires MFA, so drop requireMfa');
    }
    this.displayName = props.displayName;
    this.applications = check(() => [...checkList('applications', props.applications, '[app]')]);
    this.applications.forEach((a, i) => {
      if (typeof a !== 'object' || a === null || typeof (a as IPrivateAccessApplication).clientId !== 'string' || !Array.isArray((a as IPrivateAccessApplication).assignments)) {
        fail(`applications[${i}] is ${q(a)}, not a Private Access app; pass PrivateAccessApplication constructs (SshAdminAccess: its .application)`);
      }
    });
    this.state = props.state ?? ConditionalAccessPolicyState.ENABLED;
    if (!Object.values(ConditionalAccessPolicyState).includes(this.state)) {
      fail(`state ${q(this.state)} is not one of ${Object.values(ConditionalAccessPolicyState).map((s) => q(s)).join(', ')}`);
    }
    if (props.grantOperator !== undefined && !Object.values(GrantOperator).includes(props.grantOperator)) {
      fail(`grantOperator ${q(props.grantOperator)} is not one of ${Object.values(GrantOperator).map((s) => q(s)).join(', ')}; use GrantOperator.AND or GrantOperator.OR`);
    }
    for (const flag of ['requireMfa', 'requireCompliantDevice', 'requireHybridJoinedDevice'] as const) {
      if (props[flag] !== undefined && typeof props[flag] !== 'boolean') {
        fail(`${flag} ${q(props[flag])} is not true or false`);
      }
    }
    if (props.signInFrequency !== undefined && !(props.signInFrequency instanceof SignInFrequency)) {
      fail(`signInFrequency ${q(props.signInFrequency)} is not a SignInFrequency; use SignInFrequency.hours(4) and the like`);
    }
    this.authenticationStrengthPolicyId = normaliseStrengthId(props.authenticationStrengthPolicyId, fail);
    this.requireMfa = props.requireMfa ?? this.authenticationStrengthPolicyId === undefined;
    this.requireCompliantDevice = props.requireCompliantDevice ?? false;
    this.requireHybridJoinedDevice = props.requireHybridJoinedDevice ?? false;
    this.grantOperator = props.grantOperator ?? GrantOperator.AND;
    this.signInFrequency = props.signInFrequency;
    this.excludePrincipals = check(() => checkPrincipals('excludePrincipals', props.excludePrincipals));
    this.explicitIncludes = props.includePrincipals === undefined ? undefined : check(() => checkPrincipals('includePrincipals', props.includePrincipals));

    const builtInControls = [
      ...(this.requireMfa ? ['mfa'] : []),
      ...(this.requireCompliantDevice ? ['compliantDevice'] : []),
      ...(this.requireHybridJoinedDevice ? ['domainJoinedDevice'] : []),
    ];
    if (builtInControls.length === 0 && this.authenticationStrengthPolicyId === undefined) {
      fail('the policy requires no control; require MFA, an authentication strength or a managed device');
    }

    const objectIds = (principals: readonly Principal[], type: PrincipalType): string[] | undefined => {
      const ids = principals.filter((p) => p.principalType === type).map((p) => p.objectIdIn(this));
      return ids.length > 0 ? ids : undefined;
    };
    const excluded = (type: PrincipalType) => objectIds(this.excludePrincipals, type);
    const included = (type: PrincipalType) =>
      this.explicitIncludes ? objectIds(this.explicitIncludes, type) : this.lazyIncluded(type);

    this.resource = new ConditionalAccessPolicy(this, 'Resource', {
      displayName: tfLiteral(props.displayName),
      state: this.state,
      conditions: {
        clientAppTypes: ['all'],
        applications: {
          includedApplications: this.applications.map((a) => a.clientId),
        },
        users: {
          includedGroups: included(PrincipalType.GROUP),
          includedUsers: included(PrincipalType.USER),
          excludedGroups: excluded(PrincipalType.GROUP),
          excludedUsers: excluded(PrincipalType.USER),
        },
      },
      grantControls: {
        operator: this.grantOperator,
        builtInControls,
        authenticationStrengthPolicyId: this.authenticationStrengthPolicyId,
      },
      sessionControls: this.signInFrequency?.sessionControls,
    });

    if (props.adopt !== undefined) {
      const policyId = check(() =>
        checkGuid('adopt.policyId', props.adopt?.policyId, 'copy the policy ID from Entra ID > Conditional Access > Policies'),
      );
      this.resource.importFrom(policyImportId(policyId));
      this.checkAdoptedTargets(policyId);
    }
    ensureStackChecks(this);
  }

  /**
   * An adopted policy may guard more than the declared apps (the tenant's baseline policy, say):
   * applying makes it target only those. A check, when Terraform plans, reads the policy as the
   * tenant has it and warns with what else it targets; the review and the delta say the same.
   */
  private checkAdoptedTargets(policyId: string): void {
    const current = new DataMsgraphResource(this, 'AdoptedTargets', {
      url: `identity/conditionalAccess/policies/${policyId}`,
      responseExportValues: { applications: 'conditions.applications.includeApplications' },
    });
    const stack = TerraformStack.of(this);
    const name = logicalIdUnder(this, ['AdoptedTargetsCheck']);
    stack.addOverride(`check.${name}`, {
      assert: [
        {
          condition: Lazy.stringValue({
            produce: () => {
              const targets = `try(coalesce(data.${DataMsgraphResource.tfResourceType}.${current.friendlyUniqueId}.output.applications, []), [])`;
              const declared = this.applications.map((a) => expressionOf(stack, a.clientId)).join(', ');
              return `\${length(setsubtract(toset(${targets}), toset([${declared}]))) == 0}`;
            },
          }),
          error_message: Lazy.stringValue({
            produce: () =>
              `${tfLiteral(`The adopted Conditional Access policy ${policyId} (${this.node.path}) also targets apps this program does not declare: `)}\${join(", ", setsubtract(toset(try(coalesce(data.${DataMsgraphResource.tfResourceType}.${current.friendlyUniqueId}.output.applications, []), [])), toset([${this.applications.map((a) => expressionOf(stack, a.clientId)).join(', ')}])))}${tfLiteral('. Applying makes it target only the declared apps; if it also guards others, adopt a policy of their own instead.')}`,
          }),
        },
      ],
    });
  }

  /**
   * The principals the policy applies to: the given ones, or those assigned to its apps, each once,
   * in a stable order.
   */
  public get includePrincipals(): Principal[] {
    if (this.explicitIncludes) {
      return [...this.explicitIncludes];
    }
    const byKey = new Map<string, Principal>();
    for (const app of this.applications) {
      for (const a of app.assignments) {
        byKey.set(a.principal.key, a.principal);
      }
    }
    return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private lazyIncluded(type: PrincipalType): string[] {
    return Lazy.listValue({
      produce: () => {
        const ids = new Map<string, string>();
        for (const app of this.applications) {
          for (const a of app.assignments) {
            if (a.principal.principalType === type && !ids.has(a.principal.key)) {
              ids.set(a.principal.key, a.principalObjectId);
            }
          }
        }
        const sorted = [...ids.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
        return sorted.length > 0 ? sorted : undefined;
      },
    });
  }
}

const STRENGTH_PREFIX = '/policies/authenticationStrengthPolicies/';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function normaliseStrengthId(id: string | undefined, fail: (m: string) => never): string | undefined {
  if (id === undefined || Token.isUnresolved(id)) {
    return id;
  }
  const guid = id.startsWith(STRENGTH_PREFIX) ? id.slice(STRENGTH_PREFIX.length) : id;
  if (!GUID.test(guid)) {
    return fail(
      `authentication strength policy ID ${q(id)} is neither a GUID nor "${STRENGTH_PREFIX}{GUID}"; built-in strengths are 00000000-0000-0000-0000-000000000002 (MFA), ...03 (passwordless MFA) and ...04 (phishing-resistant MFA)`,
    );
  }
  return `${STRENGTH_PREFIX}${guid.toLowerCase()}`;
}

/** A value as a Terraform expression: a token's reference without `${}`, or a literal quoted. */
function expressionOf(stack: TerraformStack, value: string): string {
  const resolved = String(Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }));
  const m = /^\$\{([^{}]*)\}$/.exec(resolved);
  return m ? m[1] : JSON.stringify(resolved);
}
