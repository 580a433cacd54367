import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { DataAzureadApplication } from '@cdktf/provider-azuread/lib/data-azuread-application';
import { ITerraformDependable, Lazy } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ApplicationAdoption } from './adoption';
import { ApplicationSegment, SegmentOptions } from './application-segment';
import { IConnectorGroup } from './connector-group';
import { Destination, DestinationType } from './destination';
import { PrivateAccessError } from './errors';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
import { Resource } from './gen/providers/msgraph/resource';
import { ResourceAction } from './gen/providers/msgraph/resource-action';
import { checkDestination } from './private/destinations';
import { q, withConstructPath } from './private/errors';
import {
  GRAPH_BETA,
  REPLICATION_RETRY_PATTERNS,
  REPLICATION_TIMEOUT,
  USER_APP_ROLE_ID,
  applicationPath,
  connectorGroupODataId,
  servicePrincipalPath,
} from './private/graph';
import { logicalIdUnder, movesFrom01 } from './private/logical-ids';
import { checkPrincipal, checkPrincipals } from './private/principals';
import { AdoptionState } from './private/import-ids';
import { PrivateAccessRegistry } from './private/registry';
import { ensureStackChecks } from './private/stack-checks';
import { checkList, tfLiteral } from './private/text';
import { Port, Protocol } from './port';
import { Principal } from './principal';

/** A principal assigned to an application, with its object ID as the application's stack sees it. */
export interface ApplicationAssignment {
  /** The principal granted access. */
  readonly principal: Principal;

  /** The principal's object ID (often a token). */
  readonly principalObjectId: string;

  /** The `azuread_app_role_assignment` that grants the access. */
  readonly resource: AppRoleAssignment;
}

/** A Private Access enterprise application, as Conditional Access policies and checks see it. */
export interface IPrivateAccessApplication extends IConstruct {
  /** The application's display name. */
  readonly displayName: string;

  /** The application's client ID (appId): what Conditional Access targets. */
  readonly clientId: string;

  /** The principals assigned to the application so far. */
  readonly assignments: ApplicationAssignment[];

  /** The application's segments so far, one per destination and protocol. */
  readonly segments: ApplicationSegment[];
}

/**
 * What a subclass of `PrivateAccessApplicationBase` made or found for its application, handed to
 * `initializeApplication`.
 */
export interface PrivateAccessApplicationCore {
  /** The application's display name (a token for an application found at plan time). */
  readonly displayName: string;

  /** The object ID of the application registration. */
  readonly applicationObjectId: string;

  /** The object ID of the application's service principal. */
  readonly servicePrincipalObjectId: string;

  /**
   * What segments and the connector group assignment wait for: the PATCH of the application's
   * settings.
   *
   * @default - nothing: the application exists already
   */
  readonly settings?: ITerraformDependable;

  /**
   * The connector group to assign to the application.
   *
   * @default - none
   */
  readonly connectorGroup?: IConnectorGroup;

  /**
   * The segments to add.
   *
   * @default - none
   */
  readonly segments?: SegmentOptions[];

  /**
   * The users and groups to grant access.
   *
   * @default - none
   */
  readonly principals?: Principal[];

  /**
   * The existing segments and assignments to import rather than create.
   *
   * @default - none: the application is new
   */
  readonly adoption?: ApplicationAdoption;
}

/**
 * What every Private Access app has, enterprise app (`PrivateAccessApplication`) or the tenant's
 * Quick Access app (`QuickAccessApplication`): segments, a connector group, assignments, and the
 * checks that span apps (overlaps, the segment limit, coverage by Conditional Access, the review).
 *
 * Subclasses create or find the application, then call `initializeApplication` once.
 */
export abstract class PrivateAccessApplicationBase extends Construct implements IPrivateAccessApplication {
  private core?: {
    readonly displayName: string;
    readonly applicationObjectId: string;
    readonly servicePrincipalObjectId: string;
    readonly clientId: string;
    readonly servicePrincipalReady: DataMsgraphResource;
    readonly settings?: ITerraformDependable;
    readonly connectorGroup?: IConnectorGroup;
    readonly connectorGroupAssignment?: ResourceAction;
    readonly adoption?: AdoptionState;
  };
  private readonly segmentList: ApplicationSegment[] = [];
  private readonly assignmentList: ApplicationAssignment[] = [];

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The application's display name. */
  public get displayName(): string {
    return this.initialized().displayName;
  }

  /** The object ID of the application registration. */
  public get applicationObjectId(): string {
    return this.initialized().applicationObjectId;
  }

  /** The object ID of the app's service principal (the enterprise application). */
  public get servicePrincipalObjectId(): string {
    return this.initialized().servicePrincipalObjectId;
  }

  /** The application's client ID (appId): what Conditional Access targets. */
  public get clientId(): string {
    return this.initialized().clientId;
  }

  /** The connector group assigned to the app, if any. */
  public get connectorGroup(): IConnectorGroup | undefined {
    return this.initialized().connectorGroup;
  }

  /**
   * The read of the app's service principal that assignments wait for: it retries while a new
   * service principal replicates.
   */
  public get servicePrincipalReady(): DataMsgraphResource {
    return this.initialized().servicePrincipalReady;
  }

  /** The connector group assignment, if a connector group was given. */
  public get connectorGroupAssignment(): ResourceAction | undefined {
    return this.initialized().connectorGroupAssignment;
  }

  /** The app's segments, one per destination and protocol. */
  public get segments(): ApplicationSegment[] {
    return [...this.segmentList];
  }

  /** The principals granted access, with their assignments. */
  public get assignments(): ApplicationAssignment[] {
    return [...this.assignmentList];
  }

  /**
   * The import ID of an adopted segment (or DNS suffix) with this destination and protocol, if the
   * app adopts one: for subclasses that make segments of their own kinds.
   *
   * @param destination the destination
   * @param protocol the protocol; none for a DNS suffix
   */
  protected adoptedSegmentImportId(destination: Destination, protocol?: Protocol): string | undefined {
    return this.initialized().adoption?.segmentImport(destination, protocol);
  }

  /**
   * Completes the app once the subclass has made or found the application: reads its client ID,
   * waits for its service principal, assigns the connector group, adds the segments and grants,
   * and registers the app for the checks that span apps. Call it once, from the constructor.
   *
   * @param core what the subclass made or found
   */
  protected initializeApplication(core: PrivateAccessApplicationCore): void {
    if (this.core) {
      throw new PrivateAccessError(`${this.node.path}: initializeApplication was called twice`);
    }
    // The client ID comes from the application, which the template resource waits for; a read of
    // the new service principal could fail with 404 while it replicates.
    // An adopted app is tied to what is declared, when Terraform plans: the application carries the
    // Private Access or Quick Access tag, and the adopted service principal is that application's
    // (any well-formed ID would do otherwise: another app's service principal would receive every
    // assignment, and removing the construct would delete whatever was adopted).
    const adopted = core.adoption !== undefined;
    const application = new DataAzureadApplication(this, 'Application', {
      objectId: core.applicationObjectId,
      ...(adopted
        ? {
          lifecycle: {
            postcondition: [
              {
                condition: '${contains(self.tags, "PrivateAccessNonWebApplication") || contains(self.tags, "NetworkAccessQuickAccessApplication")}',
                errorMessage: tfLiteral(
                  `${this.node.path} adopts the application ${core.adoption!.applicationObjectId}, which carries neither the Private Access (PrivateAccessNonWebApplication) nor the Quick Access (NetworkAccessQuickAccessApplication) tag: it is not a Private Access app. Check adopt.applicationObjectId (entra-private-access import lists the tenant's Private Access apps).`,
                ),
              },
            ],
          },
        }
        : {}),
    });
    const clientId = application.clientId;
    // Assignments go to the service principal, and neither the template resource nor
    // azuread_app_role_assignment waits for it to replicate: this read retries 404 until it can be
    // read, and every assignment depends on it, so the first apply does not hang on timing.
    const servicePrincipalReady = new DataMsgraphResource(this, 'ServicePrincipalReady', {
      url: servicePrincipalPath(core.servicePrincipalObjectId),
      responseExportValues: { appId: 'appId' },
      retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
      timeouts: { read: REPLICATION_TIMEOUT },
      ...(adopted
        ? {
          lifecycle: {
            postcondition: [
              {
                // Read when the stack synthesizes, so that a logical id overridden later is the one named.
                condition: Lazy.stringValue({ produce: () => `\${self.output.appId == data.${DataAzureadApplication.tfResourceType}.${application.friendlyUniqueId}.client_id}` }),
                errorMessage: tfLiteral(
                  `${this.node.path} adopts the service principal ${core.adoption!.servicePrincipalObjectId}, which belongs to another application than ${core.adoption!.applicationObjectId}: every assignment would go to that other app. Check adopt.servicePrincipalObjectId (the enterprise application of the same app).`,
                ),
              },
            ],
          },
        }
        : {}),
    });
    const connectorGroupAssignment = core.connectorGroup
      ? new ResourceAction(this, 'ConnectorGroup', {
        resourceUrl: applicationPath(core.applicationObjectId),
        action: 'connectorGroup/$ref',
        method: 'PUT',
        apiVersion: GRAPH_BETA,
        body: { '@odata.id': connectorGroupODataId(this, core.connectorGroup.connectorGroupId) },
        retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
        timeouts: { create: REPLICATION_TIMEOUT },
        dependsOn: core.settings ? [core.settings] : undefined,
      })
      : undefined;
    this.core = {
      displayName: core.displayName,
      applicationObjectId: core.applicationObjectId,
      servicePrincipalObjectId: core.servicePrincipalObjectId,
      clientId,
      servicePrincipalReady,
      settings: core.settings,
      connectorGroup: core.connectorGroup,
      connectorGroupAssignment,
      adoption: core.adoption ? withConstructPath(this, () => AdoptionState.of(core.adoption!)) : undefined,
    };

    const segments = withConstructPath(this, () => checkList('segments', core.segments, "[{ destination: Destination.ipAddress('10.1.0.4'), ports: [Port.SSH] }]"));
    const principals = withConstructPath(this, () => checkPrincipals('principals', core.principals));
    for (const segment of segments) {
      this.addSegment(segment);
    }
    for (const principal of principals) {
      this.grantAccess(principal);
    }

    PrivateAccessRegistry.of(this).applications.push(this);
    ensureStackChecks(this);
    this.node.addValidation({ validate: () => this.validateApplication() });
  }

  /**
   * Adds a destination and its ports to the app.
   *
   * Ports of different protocols become one wire segment per protocol (`tcp`, `udp`, or `tcp,udp`
   * for `Port.tcpUdp`). The same destination, protocol and ports declared twice is an error.
   *
   * @param options the destination and ports
   * @returns the segments made, one per protocol
   */
  public addSegment(options: SegmentOptions): ApplicationSegment[] {
    return withConstructPath(this, () => {
      const destination = checkDestination('segment destination', options.destination);
      if (destination.destinationType === DestinationType.DNS_SUFFIX) {
        throw new PrivateAccessError(
          `destination ${q(destination.host)} is a DNS suffix, which has no ports: only the Quick Access app takes it, with QuickAccessApplication.addDnsSuffix(); ` +
            `an enterprise app covers the same hosts with the wildcard Destination.fqdn(${q(`*.${destination.host}`)})`,
        );
      }
      const ports = checkList(`segment ${q(destination.host)}: ports`, options.ports, '[Port.SSH]');
      if (ports.length === 0) {
        throw new PrivateAccessError(`segment ${q(destination.host)} has no ports; give at least one, such as Port.SSH`);
      }
      if (destination.isUnresolved && options.id === undefined) {
        throw new PrivateAccessError(
          `segment destination ${q(destination.host)} is an unresolved token, so it cannot name the segment's Terraform address; pass a fixed \`id\``,
        );
      }
      if (options.id === undefined && ports.some((p) => p instanceof Port && p.isUnresolved)) {
        throw new PrivateAccessError(
          `segment ${q(destination.host)} has a port that is an unresolved token, whose placeholder changes when unrelated tokens are made; pass a fixed \`id\` for the segment`,
        );
      }
      const byProtocol = new Map<Protocol, Port[]>();
      for (const port of ports) {
        if (!(port instanceof Port)) {
          throw new PrivateAccessError(`segment ${q(destination.host)}: ${q(port)} is not a Port; use Port.tcp(22) and the like`);
        }
        byProtocol.set(port.protocol, [...(byProtocol.get(port.protocol) ?? []), port]);
      }
      const made: ApplicationSegment[] = [];
      for (const protocol of [Protocol.TCP, Protocol.UDP, Protocol.TCP_UDP]) {
        const protocolPorts = byProtocol.get(protocol);
        if (!protocolPorts) {
          continue;
        }
        const id = ApplicationSegment.idFor(destination, protocol, options.id);
        const existing = this.segmentList.find((s) => s.node.id === id);
        if (existing) {
          throw new PrivateAccessError(
            options.id !== undefined
              ? `the segment id ${q(options.id)} is used twice for ${protocol}; give each segment its own id`
              : `the app already has a ${protocol} segment to ${existing.destination} (${existing}); give all its ports in one addSegment call (one segment per destination and protocol, so that a port change updates it in place)`,
          );
        }
        const segment = new ApplicationSegment(this, id, {
          applicationObjectId: this.applicationObjectId,
          destination,
          protocol,
          ports: protocolPorts,
          dependsOn: this.initialized().settings ? [this.initialized().settings!] : undefined,
        });
        const adopted = this.initialized().adoption?.segmentImport(destination, protocol);
        if (adopted) {
          segment.resource.importFrom(adopted);
        }
        if (options.id === undefined && movesFrom01(this)) {
          const legacy = logicalIdUnder(this, [ApplicationSegment.legacyIdFor(destination, protocol, protocolPorts), 'Resource']);
          segment.resource.moveFromId(`${Resource.tfResourceType}.${legacy}`);
        }
        this.segmentList.push(segment);
        made.push(segment);
      }
      return made;
    });
  }

  /**
   * Assigns a user or group to the app with its "User" role, so they can connect.
   *
   * Granting the same principal again (`principal.isSameAs`, such as a group name in another case)
   * returns the existing assignment.
   * Nested groups are not honoured by Private Access: assign the group whose direct members
   * should connect.
   *
   * @param principal the user or group
   * @returns the assignment
   */
  public grantAccess(principal: Principal): ApplicationAssignment {
    withConstructPath(this, () => checkPrincipal('the principal granted access', principal));
    const existing = this.assignmentList.find((a) => a.principal.isSameAs(principal));
    if (existing) {
      return existing;
    }
    const principalObjectId = principal.objectIdIn(this);
    const resource = new AppRoleAssignment(this, `Assignment-${principal.key}`, {
      // An adopted assignment keeps its role (Default Access, say): a different one would replace it.
      appRoleId: this.initialized().adoption?.assignmentRole(principal) ?? USER_APP_ROLE_ID,
      principalObjectId,
      resourceObjectId: this.servicePrincipalObjectId,
      dependsOn: [this.servicePrincipalReady],
    });
    const adopted = this.initialized().adoption?.assignmentImport(principal);
    if (adopted) {
      resource.importFrom(adopted);
    }
    const assignment: ApplicationAssignment = { principal, principalObjectId, resource };
    this.assignmentList.push(assignment);
    return assignment;
  }

  /**
   * What the program's adoption must match once it is built. Segments, a connector group and an
   * assignment, and what spans apps (overlaps, the segment limit, coverage), are judged on the
   * synthesized configuration, by the analysis.
   */
  private validateApplication(): string[] {
    const errors: string[] = [];
    errors.push(...(this.initialized().adoption?.unmatched() ?? []));
    return errors;
  }

  private initialized(): NonNullable<PrivateAccessApplicationBase['core']> {
    if (!this.core) {
      throw new PrivateAccessError(`${this.node.path}: the app is used before initializeApplication was called`);
    }
    return this.core;
  }
}
