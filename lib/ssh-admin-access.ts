import { Construct } from 'constructs';
import { ConnectorAccessRules, ConnectorAccessRuleSettings } from './connector-access-rules';
import { ConnectorSource } from './connector-source';
import { ConnectorGroup, ConnectorGroupRegion, IConnectorGroup } from './connector-group';
import { ConnectorHost, ConnectorHostOptions } from './connector-host';
import { Destination } from './destination';
import { ApplicationSegment } from './application-segment';
import { Port } from './port';
import { Principal } from './principal';
import { PrivateAccessApplication } from './private-access-application';
import { ApplicationAssignment } from './private-access-application-base';
import {
  PrivateAccessConditionalAccessOptions,
  PrivateAccessConditionalAccessPolicy,
} from './private-access-conditional-access-policy';
import { PrivateAccessForwardingProfile } from './private-access-forwarding-profile';
import { failAt, withConstructPath } from './private/errors';
import { checkDestination, checkDestinations } from './private/destinations';
import { checkPrincipals } from './private/principals';
import { checkList, checkName } from './private/text';

/** The Conditional Access policy of an `SshAdminAccess`. */
export interface SshAdminConditionalAccessOptions extends PrivateAccessConditionalAccessOptions {
  /**
   * The policy's display name.
   *
   * @default - `${displayName}: require MFA` (or `: Conditional Access` when MFA is not required)
   */
  readonly displayName?: string;
}

/** The network security rules of an `SshAdminAccess`: connectors to servers on the SSH ports. */
export interface SshAdminNetworkOptions extends ConnectorAccessRuleSettings {
  /**
   * Where the connector traffic comes from.
   *
   * @default - the private addresses of the connector hosts made with `connectorHosts`
   */
  readonly source?: ConnectorSource;

  /**
   * The addresses behind the host name servers, which a network security rule cannot name:
   * `{ 'bastion.corp.contoso.com': ['10.20.3.4'] }`. Every host name server needs an entry.
   *
   * @default - none; the servers must then all be addresses, networks or ranges
   */
  readonly hostAddresses?: { [hostName: string]: string[] };
}

/** Properties of an `SshAdminAccess`. */
export interface SshAdminAccessProps {
  /** The display name of the Private Access app, such as `Linux servers (SSH)`. */
  readonly displayName: string;

  /**
   * The SSH servers: addresses, networks, ranges or host names, such as
   * `Destination.ipAddress('10.1.0.4')`. More can be added with `addServer`.
   */
  readonly servers: Destination[];

  /**
   * The ports SSH listens on.
   *
   * @default [Port.SSH] (TCP 22)
   */
  readonly ports?: Port[];

  /**
   * An existing connector group whose connectors reach the servers.
   *
   * @default - a new connector group named `${displayName} connectors`
   */
  readonly connectorGroup?: IConnectorGroup;

  /**
   * The region of the new connector group; ignored when `connectorGroup` is given.
   *
   * @default - the tenant's default region
   */
  readonly connectorGroupRegion?: ConnectorGroupRegion;

  /**
   * The users and groups who administer the servers: they are assigned to the app (as
   * `PrivateAccessApplication`'s `principals`). More can be added with `grantAccess`.
   */
  readonly principals: Principal[];

  /**
   * The Conditional Access policy guarding the app.
   *
   * @default - an enforced policy requiring MFA from the app's principals
   */
  readonly conditionalAccess?: SshAdminConditionalAccessOptions;

  /**
   * Whether to make the Conditional Access policy. Turn it off only when another policy guards
   * the app (the rule pack's EPA-CA-1 then checks that one).
   *
   * @default true
   */
  readonly enableConditionalAccess?: boolean;

  /**
   * Whether to turn on the tenant's Private Access forwarding profile (shared per stack).
   *
   * @default true
   */
  readonly enableForwardingProfile?: boolean;

  /**
   * Windows VMs in Azure that run the private network connectors and join the connector group.
   *
   * @default - none: the connectors run elsewhere
   */
  readonly connectorHosts?: ConnectorHostOptions;

  /**
   * Azure network security rules that let the connectors reach the servers on the SSH ports,
   * derived from the same server list as the segments.
   *
   * @default - none: the network path is managed elsewhere
   */
  readonly network?: SshAdminNetworkOptions;
}

/**
 * SSH administration of private servers through Entra Private Access, end to end: the whole flow
 * of Microsoft's guide "Use SSH to administer servers with Microsoft Entra Private Access" in one
 * construct.
 *
 * It makes a Private Access app with one TCP 22 segment per server, links a new or existing
 * connector group, assigns the principals (the admins), guards the app with a Conditional Access policy that
 * requires MFA (tunable, or off with `enableConditionalAccess: false`) and turns on the tenant's Private
 * Access forwarding profile. Every part it made is exposed for further use.
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/how-to-manage-ssh-server-administration
 *
 * @example
 * new SshAdminAccess(this, 'LinuxSsh', {
 *   displayName: 'Linux servers (SSH)',
 *   servers: [Destination.ipAddress('10.1.0.4'), Destination.cidr('10.1.2.0/24'), Destination.fqdn('bastion.corp.contoso.com')],
 *   principals: [Principal.group('Linux Admins')],
 * });
 */
export class SshAdminAccess extends Construct {
  /** The Private Access app. */
  public readonly application: PrivateAccessApplication;

  /** The connector group the app uses (the given one, or the one made here). */
  public readonly connectorGroup: IConnectorGroup;

  /** The Conditional Access policy, unless it was turned off. */
  public readonly conditionalAccessPolicy?: PrivateAccessConditionalAccessPolicy;

  /** The stack's forwarding profile construct, unless it was turned off. */
  public readonly forwardingProfile?: PrivateAccessForwardingProfile;

  /** The ports every server is reached on. */
  public readonly ports: Port[];

  /** The connector hosts, if `connectorHosts` was given. */
  public readonly connectorHosts?: ConnectorHost;

  /** The network security rules, if `network` was given. */
  public readonly networkRules?: ConnectorAccessRules;

  constructor(scope: Construct, id: string, props: SshAdminAccessProps) {
    super(scope, id);
    withConstructPath(this, () => checkName('display name', props.displayName, 'give the app a name, such as "Linux servers (SSH)"'));
    const renamed = props as unknown as { admins?: unknown };
    if (renamed.admins !== undefined) {
      failAt(this, '`admins` is now `principals`, as on PrivateAccessApplication; rename the prop');
    }
    const servers = withConstructPath(this, () => checkDestinations('servers', props.servers));
    const principals = withConstructPath(this, () => checkPrincipals('principals', props.principals));
    this.ports = props.ports === undefined ? [Port.SSH] : withConstructPath(this, () => [...checkList('ports', props.ports, '[Port.SSH]')]);
    if (this.ports.length === 0) {
      failAt(this, 'ports is empty; leave it out for TCP 22 or give at least one port');
    }
    this.connectorGroup =
      props.connectorGroup ??
      new ConnectorGroup(this, 'ConnectorGroup', {
        name: `${props.displayName} connectors`,
        region: props.connectorGroupRegion,
      });
    this.application = new PrivateAccessApplication(this, 'App', {
      displayName: props.displayName,
      connectorGroup: this.connectorGroup,
    });
    for (const server of servers) {
      this.addServer(server);
    }
    for (const principal of principals) {
      this.application.grantAccess(principal);
    }

    if ((props.conditionalAccess as unknown) === false) {
      failAt(this, 'conditionalAccess: false is now enableConditionalAccess: false');
    }
    if (props.enableConditionalAccess ?? true) {
      const options = props.conditionalAccess ?? {};
      const requiresMfa = options.requireMfa ?? options.authenticationStrengthPolicyId === undefined;
      this.conditionalAccessPolicy = new PrivateAccessConditionalAccessPolicy(this, 'ConditionalAccess', {
        ...options,
        displayName: options.displayName ?? `${props.displayName}: ${requiresMfa ? 'require MFA' : 'Conditional Access'}`,
        applications: [this.application],
      });
    }
    if (props.enableForwardingProfile ?? true) {
      this.forwardingProfile = PrivateAccessForwardingProfile.of(this);
    }

    if (props.connectorHosts) {
      this.connectorHosts = new ConnectorHost(this, 'ConnectorHosts', { ...props.connectorHosts, connectorGroup: this.connectorGroup });
    }
    if (props.network) {
      const source = props.network.source ?? (this.connectorHosts ? ConnectorSource.hosts(this.connectorHosts) : undefined);
      if (!source) {
        failAt(
          this,
          'network needs a source: pass network.source (such as ConnectorSource.addressPrefixes(["10.0.9.0/27"])) or connectorHosts',
        );
      }
      this.networkRules = ConnectorAccessRules.forApplication(this, 'NetworkRules', this.application, {
        ...props.network,
        namePrefix: props.network.namePrefix ?? id,
        source,
      });
    }
  }

  /**
   * Adds an SSH server: a segment for the destination on every port of the construct.
   *
   * @param server the server's address, network, range or host name
   * @returns the segments made
   */
  public addServer(server: Destination): ApplicationSegment[] {
    const destination = withConstructPath(this, () => checkDestination('addServer', server));
    return this.application.addSegment({ destination, ports: [...this.ports] });
  }

  /**
   * Assigns another admin to the app, as `PrivateAccessApplication.grantAccess` does.
   *
   * @param principal the user or group
   * @returns the assignment (the existing one if the principal was already assigned)
   */
  public grantAccess(principal: Principal): ApplicationAssignment {
    return this.application.grantAccess(principal);
  }
}
