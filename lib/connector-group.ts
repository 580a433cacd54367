import { Annotations, TerraformStack, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ConnectorGroupAdoption } from './adoption';
import { PrivateAccessError } from './errors';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
import { MsgraphProvider } from './gen/providers/msgraph/provider';
import { Resource } from './gen/providers/msgraph/resource';
import { failAt, q, withConstructPath } from './private/errors';
import { checkName, tfLiteral } from './private/text';
import { CONNECTOR_GROUPS_PATH, GRAPH_BETA } from './private/graph';
import { checkGuid, connectorGroupImportId } from './private/import-ids';
import { ensureStackChecks } from './private/stack-checks';

/**
 * The region a connector group is assigned to and optimises traffic for, as Graph spells it. The
 * region can only be changed while the group has no connectors and no applications.
 */
export enum ConnectorGroupRegion {
  /** North America. */
  NORTH_AMERICA = 'nam',
  /** Europe. */
  EUROPE = 'eur',
  /** Australia. */
  AUSTRALIA = 'aus',
  /** Asia. */
  ASIA = 'asia',
  /** India. */
  INDIA = 'ind',
}

const REGIONS: string[] = Object.values(ConnectorGroupRegion);

/** A private network connector group, made by this program or elsewhere. */
export interface IConnectorGroup extends IConstruct {
  /** The connector group's ID (a GUID, or a token that resolves to one). */
  readonly connectorGroupId: string;

  /** The connector group's name, when this program knows it. */
  readonly connectorGroupName?: string;

  /**
   * Whether this is the tenant's default connector group, which every app without a group of its
   * own falls back to.
   *
   * @default false
   */
  readonly isTenantDefault?: boolean;
}

/** Properties of a `ConnectorGroup`. */
export interface ConnectorGroupProps {
  /** The connector group's name, as shown in the Entra admin center. */
  readonly name: string;

  /**
   * The region the group is assigned to.
   *
   * @default - not sent; the service assigns the tenant's default region
   */
  readonly region?: ConnectorGroupRegion;

  /**
   * The ID of the group when it exists in the tenant already: synth writes a Terraform `import`
   * block, and the first plan imports it (and updates its name or region in place if they differ).
   *
   * @default - the group is created
   */
  readonly adopt?: ConnectorGroupAdoption;
}

/**
 * A private network connector group: the set of connectors that carry an app's traffic to the
 * private network.
 *
 * Created with `POST /beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups` through
 * the msgraph provider. Connectors cannot be registered through Graph: install them on hosts that
 * reach the servers and register them into this group (see the README). A group that still has
 * connectors cannot be deleted, so `terraform destroy` fails until they are moved or removed.
 *
 * Microsoft documents the connector group calls for delegated permissions only; deploy with a user
 * identity (for example `az login`) when app-only calls are refused.
 *
 * @see https://learn.microsoft.com/graph/api/resources/connectorgroup?view=graph-rest-beta
 */
export class ConnectorGroup extends Construct implements IConnectorGroup {
  /**
   * Refers to a connector group made elsewhere, such as in the Entra admin center.
   *
   * @param scope the scope of the reference
   * @param id the construct id of the reference
   * @param connectorGroupId the connector group's ID (a GUID)
   */
  public static fromConnectorGroupId(scope: Construct, id: string, connectorGroupId: string): IConnectorGroup {
    class Import extends Construct implements IConnectorGroup {
      public readonly connectorGroupId = connectorGroupId;
    }
    const imported = new Import(scope, id);
    if (!Token.isUnresolved(connectorGroupId) && !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(connectorGroupId)) {
      failAt(
        imported,
        `connector group ID ${q(connectorGroupId)} is not a GUID; copy the ID from Global Secure Access > Connect > Connectors`,
      );
    }
    return imported;
  }

  /**
   * Refers to a connector group made elsewhere, found by its name when Terraform plans. The plan
   * fails, naming the group, unless exactly one group has the name (compared as written: Graph
   * does not fold case here).
   *
   * @param scope the scope of the lookup
   * @param id the construct id of the lookup
   * @param name the connector group's name, as shown in the Entra admin center
   */
  public static fromConnectorGroupName(scope: Construct, id: string, name: string): IConnectorGroup {
    class ByName extends Construct implements IConnectorGroup {
      public readonly connectorGroupId: string;
      public readonly connectorGroupName = name;
      constructor() {
        super(scope, id);
        withConstructPath(this, () => checkName('connector group name', name, 'give the name as shown in the Entra admin center'));
        // A JMESPath raw string literal: backslash and quote are its only escapes.
        const literal = `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
        const lookup = new DataMsgraphResource(this, 'Lookup', {
          url: CONNECTOR_GROUPS_PATH,
          apiVersion: GRAPH_BETA,
          responseExportValues: {
            count: tfLiteral(`length(value[?name == ${literal}])`),
            id: tfLiteral(`value[?name == ${literal}] | [0].id`),
          },
          lifecycle: {
            postcondition: [
              {
                condition: '${self.output.count == 1}',
                errorMessage: tfLiteral(
                  `ConnectorGroup.fromConnectorGroupName (${this.node.path}): the tenant has no connector group named "${name}", or more than one; check the name in Global Secure Access > Connect > Connectors, or pass the group by ID (ConnectorGroup.fromConnectorGroupId)`,
                ),
              },
            ],
          },
        });
        this.connectorGroupId = lookup.output.lookup('id');
      }
    }
    return new ByName();
  }

  /**
   * Refers to the tenant's default connector group, found when Terraform plans (the group with
   * `isDefault` true). Apps on it share connectors with every app that has no group of its own;
   * the rule pack warns about it.
   *
   * @param scope the scope of the lookup
   * @param id the construct id of the lookup
   */
  public static fromTenantDefault(scope: Construct, id: string): IConnectorGroup {
    class TenantDefault extends Construct implements IConnectorGroup {
      public readonly connectorGroupId: string;
      public readonly isTenantDefault = true;
      constructor() {
        super(scope, id);
        const lookup = new DataMsgraphResource(this, 'Lookup', {
          url: CONNECTOR_GROUPS_PATH,
          apiVersion: GRAPH_BETA,
          responseExportValues: { id: 'value[?isDefault] | [0].id' },
          lifecycle: {
            postcondition: [
              {
                condition: '${self.output.id != null}',
                errorMessage: 'The tenant has no default connector group: register a private network connector first.',
              },
            ],
          },
        });
        this.connectorGroupId = lookup.output.lookup('id');
      }
    }
    return new TenantDefault();
  }

  public readonly connectorGroupId: string;
  public readonly connectorGroupName?: string;

  /** The region the group is assigned to, if one was given. */
  public readonly region?: ConnectorGroupRegion;

  /** The msgraph resource that manages the group. */
  public readonly resource: Resource;

  constructor(scope: Construct, id: string, props: ConnectorGroupProps) {
    super(scope, id);
    withConstructPath(this, () => validate(props));
    this.connectorGroupName = props.name;
    this.region = props.region;
    // Microsoft documents the connector group calls for delegated permissions only: an app-only
    // identity can create a group but not read it back, so the create would fail after the group
    // exists, and every rerun would leave another one behind. Reading the signed-in user when
    // Terraform plans fails for an app-only identity ("/me request is only valid with delegated
    // authentication flow") before anything is created.
    const signIn = new DataMsgraphResource(this, 'RequiresDelegatedSignIn', {
      url: 'me',
      responseExportValues: { id: 'id' },
    });
    // An adopted group is imported with an empty body, so the first apply PATCHes every key of the
    // body; Graph refuses `region` once the group has connectors or apps. The region of an adopted
    // group is therefore not sent: it stays as the tenant has it.
    const sendRegion = props.region !== undefined && props.adopt === undefined;
    if (props.region !== undefined && props.adopt !== undefined) {
      Annotations.of(this).addWarning(
        `the connector group is adopted, so its region (${props.region}) is not sent: Graph refuses to set a region once the group has connectors or apps. It stays as the tenant has it; leave \`region\` out to silence this`,
      );
    }
    this.resource = new Resource(this, 'Resource', {
      url: CONNECTOR_GROUPS_PATH,
      apiVersion: GRAPH_BETA,
      body: sendRegion ? { name: tfLiteral(props.name), region: props.region } : { name: tfLiteral(props.name) },
      dependsOn: [signIn],
    });
    checkSignInOnce(this);
    if (props.adopt !== undefined) {
      const groupId = withConstructPath(this, () =>
        checkGuid('adopt.connectorGroupId', props.adopt?.connectorGroupId, 'copy the ID from Global Secure Access > Connect > Connectors'),
      );
      this.resource.importFrom(connectorGroupImportId(groupId));
      // Adopting the tenant's default group would put it under this stack (and delete it with the
      // construct): the group's own read, when Terraform plans, makes sure it is not the default.
      new DataMsgraphResource(this, 'AdoptedGroup', {
        url: `${CONNECTOR_GROUPS_PATH}/${groupId}`,
        apiVersion: GRAPH_BETA,
        responseExportValues: { isDefault: 'isDefault' },
        lifecycle: {
          postcondition: [
            {
              condition: '${!coalesce(self.output.isDefault, false)}',
              errorMessage: tfLiteral(
                `${this.node.path} adopts the connector group ${groupId}, which is the tenant's default group: every app without a group of its own uses it. Use ConnectorGroup.fromTenantDefault(...) to refer to it, or adopt another group.`,
              ),
            },
          ],
        },
      });
    }
    this.connectorGroupId = this.resource.id;
    ensureStackChecks(this);
  }
}

function validate(props: ConnectorGroupProps): void {
  checkName('connector group name', props.name, 'give the group a name');
  if (props.region !== undefined && !Token.isUnresolved(props.region) && !REGIONS.includes(props.region)) {
    throw new PrivateAccessError(
      `connector group region ${q(props.region)} is not one of ${REGIONS.map((r) => q(r)).join(', ')}; use ConnectorGroupRegion.EUROPE and the like`,
    );
  }
}

/** The connector groups each stack creates or adopts, checked together by one validation of the stack. */
const GROUPS_OF_STACK = new WeakMap<TerraformStack, ConnectorGroup[]>();

/**
 * Registers the group for the stack's sign-in check. The check walks the stack once for all of its
 * groups (a walk per group made validation quadratic in the size of the stack).
 */
function checkSignInOnce(group: ConnectorGroup): void {
  const stack = TerraformStack.of(group);
  let groups = GROUPS_OF_STACK.get(stack);
  if (groups === undefined) {
    const registered: ConnectorGroup[] = [];
    groups = registered;
    GROUPS_OF_STACK.set(stack, registered);
    stack.node.addValidation({ validate: () => appOnlyProviders(stack, registered) });
  }
  groups.push(group);
}

/**
 * An error for each msgraph provider of the stack configured to sign in app-only (a client secret
 * or certificate, OIDC, managed identity, workload identity), naming the connector groups it would
 * fail on: Graph does not let such an identity read connector groups.
 */
function appOnlyProviders(stack: TerraformStack, groups: readonly ConnectorGroup[]): string[] {
  const appOnly = stack.node
    .findAll()
    .filter((c): c is MsgraphProvider => c instanceof MsgraphProvider)
    .filter(
      (p) =>
        p.clientSecret !== undefined ||
        p.clientSecretFilePath !== undefined ||
        p.clientCertificate !== undefined ||
        p.clientCertificatePath !== undefined ||
        p.useOidc === true ||
        p.useMsi === true ||
        p.useAksWorkloadIdentity === true ||
        p.oidcToken !== undefined ||
        p.oidcTokenFilePath !== undefined,
    );
  const paths = groups.map((g) => g.node.path).join(', ');
  return appOnly.map(
    (p) =>
      `${paths}: the msgraph provider ${p.node.path} signs in app-only, and Graph lets an app-only identity create a connector group but not read it back (Microsoft documents the connector group calls for delegated permissions only), so the apply would fail and leave the group behind: ` +
      `create the group once as an admin (az login) and refer to it with ConnectorGroup.fromConnectorGroupId, or deploy with a delegated (user) sign-in (see docs/pipelines.md)`,
  );
}
