import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ConnectorGroupAdoption } from './adoption';
import { PrivateAccessError } from './errors';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
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
    this.resource = new Resource(this, 'Resource', {
      url: CONNECTOR_GROUPS_PATH,
      apiVersion: GRAPH_BETA,
      body: props.region === undefined ? { name: tfLiteral(props.name) } : { name: tfLiteral(props.name), region: props.region },
    });
    if (props.adopt !== undefined) {
      const groupId = withConstructPath(this, () =>
        checkGuid('adopt.connectorGroupId', props.adopt?.connectorGroupId, 'copy the ID from Global Secure Access > Connect > Connectors'),
      );
      this.resource.importFrom(connectorGroupImportId(groupId));
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
