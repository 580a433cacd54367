import { PrivateAccessError } from './errors';
import { checkPrefix } from './private/prefixes';

/** Connector hosts, as a network security rule can name them. */
export interface IConnectorSourceProvider {
  /** The hosts' private IP addresses. */
  readonly privateIpAddresses: string[];
  /** The ID of an application security group holding the hosts' network interfaces. */
  readonly applicationSecurityGroupId: string;
}

/** Where connector traffic comes from, as a network security rule sees it. */
export class ConnectorSource {
  /**
   * The connectors' subnets or host addresses, such as `10.0.9.0/27`.
   *
   * @param prefixes IPv4 addresses or CIDR networks
   */
  public static addressPrefixes(prefixes: string[]): ConnectorSource {
    if (!Array.isArray(prefixes) || prefixes.length === 0) {
      throw new PrivateAccessError('connector source: give at least one address prefix, such as the connector subnet "10.0.9.0/27"');
    }
    return new ConnectorSource(prefixes.map((p, i) => checkPrefix(`connector source addressPrefixes[${i}]`, p)), undefined);
  }

  /**
   * An application security group that holds the connector hosts' network interfaces. Azure
   * accepts it only when the hosts and the servers are in the same virtual network.
   *
   * @param applicationSecurityGroupId the group's resource ID
   */
  public static applicationSecurityGroup(applicationSecurityGroupId: string): ConnectorSource {
    return new ConnectorSource(undefined, applicationSecurityGroupId);
  }

  /**
   * The hosts of a `ConnectorHost` construct, by their private IP addresses (which works across
   * peered virtual networks, unlike an application security group).
   *
   * @param hosts the connector hosts
   */
  public static hosts(hosts: IConnectorSourceProvider): ConnectorSource {
    return new ConnectorSource([...hosts.privateIpAddresses], undefined);
  }

  private constructor(
    /** The source address prefixes, if the source is given by address. */
    public readonly sourceAddressPrefixes: string[] | undefined,
    /** The application security group, if the source is given by group. */
    public readonly applicationSecurityGroupId: string | undefined,
  ) {}
}
