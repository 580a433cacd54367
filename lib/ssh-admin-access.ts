import { Construct } from 'constructs';
import { ConnectorGroup, ConnectorGroupRegion, IConnectorGroup } from './connector-group';
import { Destination } from './destination';
import { PrivateAccessError } from './errors';
import { ApplicationSegment } from './application-segment';
import { Port } from './port';
import { Principal } from './principal';
import { PrivateAccessApplication } from './private-access-application';
import {
  PrivateAccessConditionalAccessOptions,
  PrivateAccessConditionalAccessPolicy,
} from './private-access-conditional-access-policy';
import { PrivateAccessForwardingProfile } from './private-access-forwarding-profile';

/** The Conditional Access policy of an `SshAdminAccess`. */
export interface SshAdminConditionalAccessOptions extends PrivateAccessConditionalAccessOptions {
  /**
   * The policy's display name.
   *
   * @default - `${displayName}: require MFA` (or `: Conditional Access` when MFA is not required)
   */
  readonly displayName?: string;
}

/** Properties of an `SshAdminAccess`. */
export interface SshAdminAccessProps {
  /** The display name of the Private Access app, such as `Linux servers (SSH)`. */
  readonly displayName: string;

  /**
   * The SSH servers: `Destination`s or their text (`"10.1.0.4"`, `"10.1.2.0/24"`,
   * `"10.1.0.1..10.1.0.20"`, `"ssh.corp.contoso.com"`). More can be added with `addServer`.
   */
  readonly servers: (Destination | string)[];

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

  /** The users and groups who administer the servers; they are assigned to the app. */
  readonly admins: Principal[];

  /**
   * The Conditional Access policy guarding the app, or `false` for none.
   *
   * @default - an enforced policy requiring MFA from the admins
   */
  readonly conditionalAccess?: SshAdminConditionalAccessOptions | false;

  /**
   * Whether to turn on the tenant's Private Access forwarding profile (shared per stack).
   *
   * @default true
   */
  readonly enableForwardingProfile?: boolean;
}

/**
 * SSH administration of private servers through Entra Private Access, end to end: the whole flow
 * of Microsoft's guide "Use SSH to administer servers with Microsoft Entra Private Access" in one
 * construct.
 *
 * It makes a Private Access app with one TCP 22 segment per server, links a new or existing
 * connector group, assigns the admins, guards the app with a Conditional Access policy that
 * requires MFA (tunable, or off with `conditionalAccess: false`) and turns on the tenant's Private
 * Access forwarding profile. Every part it made is exposed for further use.
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/how-to-manage-ssh-server-administration
 *
 * @example
 * new SshAdminAccess(this, 'LinuxSsh', {
 *   displayName: 'Linux servers (SSH)',
 *   servers: ['10.1.0.4', '10.1.2.0/24', 'bastion.corp.contoso.com'],
 *   admins: [Principal.group('Linux Admins')],
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
  public readonly ports: readonly Port[];

  constructor(scope: Construct, id: string, props: SshAdminAccessProps) {
    super(scope, id);
    this.ports = [...(props.ports ?? [Port.SSH])];
    if (this.ports.length === 0) {
      throw new PrivateAccessError('ports is empty; leave it out for TCP 22 or give at least one port', this.node.path);
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
    for (const server of props.servers ?? []) {
      this.addServer(server);
    }
    for (const admin of props.admins ?? []) {
      this.application.grantAccess(admin);
    }

    if (props.conditionalAccess !== false) {
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
  }

  /**
   * Adds an SSH server: a segment for the destination on every port of the construct.
   *
   * @param server the server's address, network, range or host name
   * @returns the segments made
   */
  public addServer(server: Destination | string): ApplicationSegment[] {
    return this.application.addSegment({ destination: server, ports: [...this.ports] });
  }

  /**
   * Assigns another admin.
   *
   * @param admin the user or group
   */
  public addAdmin(admin: Principal): void {
    this.application.grantAccess(admin);
  }
}
