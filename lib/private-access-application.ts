import { AppRoleAssignment } from '@cdktf/provider-azuread/lib/app-role-assignment';
import { ApplicationFromTemplate } from '@cdktf/provider-azuread/lib/application-from-template';
import { DataAzureadApplication } from '@cdktf/provider-azuread/lib/data-azuread-application';
import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ApplicationSegment, SegmentOptions } from './application-segment';
import { IConnectorGroup } from './connector-group';
import { DestinationType } from './destination';
import { PrivateAccessError } from './errors';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
import { Resource } from './gen/providers/msgraph/resource';
import { ResourceAction } from './gen/providers/msgraph/resource-action';
import { annotate } from './private/annotations';
import { recordNote } from './private/findings';
import { describeShared, describeTraffic } from './private/describe';
import { q, withConstructPath } from './private/errors';
import { checkPrincipal, checkPrincipals } from './private/principals';
import { checkDestination } from './private/destinations';
import { checkList, checkName, tfLiteral } from './private/text';
import {
  GRAPH_BETA,
  PRIVATE_ACCESS_TEMPLATE_ID,
  REPLICATION_RETRY_PATTERNS,
  REPLICATION_TIMEOUT,
  USER_APP_ROLE_ID,
  applicationPath,
  servicePrincipalPath,
  connectorGroupODataId,
} from './private/graph';
import { movesFrom01, logicalIdUnder } from './private/logical-ids';
import { PrivateAccessRegistry } from './private/registry';
import { ensureStackChecks } from './private/stack-checks';
import { Port, Protocol } from './port';
import { Principal } from './principal';

/** The body that makes an application a Private Access app. */
const PRIVATE_ACCESS_SETTINGS = {
  onPremisesPublishing: {
    applicationType: 'nonwebapp',
    isAccessibleViaZTNAClient: true,
  },
};

/** The most segments one Private Access app can have. */
const MAX_SEGMENTS = 500;

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

/** Properties of a `PrivateAccessApplication`. */
export interface PrivateAccessApplicationProps {
  /** The enterprise application's display name. */
  readonly displayName: string;

  /**
   * The connector group whose connectors carry the app's traffic.
   *
   * @default - none is assigned, and the app uses the tenant's default connector group
   */
  readonly connectorGroup?: IConnectorGroup;

  /**
   * The app's segments; more can be added with `addSegment`.
   *
   * @default - none
   */
  readonly segments?: SegmentOptions[];

  /**
   * The users and groups granted access; more can be granted with `grantAccess`.
   *
   * @default - none
   */
  readonly principals?: Principal[];
}

/**
 * A Microsoft Entra Private Access enterprise application: the destinations it captures, the
 * connector group that reaches them and the users and groups who may connect.
 *
 * It makes:
 * - the app and its service principal from the non-gallery template
 *   8adf8e6e-67b2-4cf2-a259-e3dc5476c621 (`azuread_application_from_template`), a data lookup of
 *   the application for its client ID, and a read of the service principal that retries while it
 *   replicates, which every assignment waits for;
 * - the PATCH that makes it a Private Access app (`onPremisesPublishing.applicationType
 *   "nonwebapp"`, `isAccessibleViaZTNAClient true`), retried while the new app replicates;
 * - the connector group assignment (`PUT applications/{id}/connectorGroup/$ref`), after the PATCH;
 * - one `ipApplicationSegment` per destination and protocol (see `addSegment`), after the PATCH;
 * - one `azuread_app_role_assignment` with the app's "User" role per principal (see `grantAccess`).
 *
 * Construct ids of segments and assignments derive from their content (destination, protocol,
 * ports; the principal's key), never their position, so reordering or adding them leaves every
 * other Terraform address where it was.
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/how-to-configure-per-app-access
 *
 * @example
 * const app = new PrivateAccessApplication(this, 'LinuxSsh', {
 *   displayName: 'Linux servers (SSH)',
 *   connectorGroup: group,
 * });
 * app.addSegment({ destination: Destination.cidr('10.1.2.0/24'), ports: [Port.SSH] });
 * app.grantAccess(Principal.group('Linux Admins'));
 */
export class PrivateAccessApplication extends Construct implements IPrivateAccessApplication {
  /** The id of the "User" app role that assignments use. */
  public static readonly USER_APP_ROLE_ID = USER_APP_ROLE_ID;

  /** The most segments one Private Access app can have. */
  public static readonly MAX_SEGMENTS = MAX_SEGMENTS;

  /** The id of the application template the app is instantiated from. */
  public static readonly TEMPLATE_ID = PRIVATE_ACCESS_TEMPLATE_ID;

  public readonly displayName: string;

  /** The object ID of the application registration. */
  public readonly applicationObjectId: string;

  /** The object ID of the app's service principal (the enterprise application). */
  public readonly servicePrincipalObjectId: string;

  public readonly clientId: string;

  /** The connector group assigned to the app, if any. */
  public readonly connectorGroup?: IConnectorGroup;

  /** The application made from the template. */
  public readonly resource: ApplicationFromTemplate;

  /**
   * The PATCH that turns the app into a Private Access app (an action: it runs on create and when
   * its body changes; drift is reported by a check block).
   */
  public readonly privateAccessSettings: ResourceAction;

  /**
   * The read of the app's service principal that assignments wait for: it retries while the new
   * service principal replicates.
   */
  public readonly servicePrincipalReady: DataMsgraphResource;

  /** The connector group assignment, if a connector group was given. */
  public readonly connectorGroupAssignment?: ResourceAction;

  private readonly segmentList: ApplicationSegment[] = [];
  private readonly assignmentList: ApplicationAssignment[] = [];

  constructor(scope: Construct, id: string, props: PrivateAccessApplicationProps) {
    super(scope, id);
    this.displayName = withConstructPath(this, () => checkName('display name', props.displayName, 'give the app a name'));
    this.connectorGroup = props.connectorGroup;

    this.resource = new ApplicationFromTemplate(this, 'Resource', {
      templateId: PRIVATE_ACCESS_TEMPLATE_ID,
      displayName: tfLiteral(props.displayName),
    });
    this.applicationObjectId = this.resource.applicationObjectId;
    this.servicePrincipalObjectId = this.resource.servicePrincipalObjectId;
    // The client ID comes from the application, which the template resource waits for; a read of
    // the new service principal could fail with 404 while it replicates.
    this.clientId = new DataAzureadApplication(this, 'Application', {
      objectId: this.applicationObjectId,
    }).clientId;
    // Assignments go to the service principal, and neither the template resource nor
    // azuread_app_role_assignment waits for it to replicate: this read retries 404 until it can be
    // read, and every assignment depends on it, so the first apply does not hang on timing.
    this.servicePrincipalReady = new DataMsgraphResource(this, 'ServicePrincipalReady', {
      url: servicePrincipalPath(this.servicePrincipalObjectId),
      responseExportValues: { appId: 'appId' },
      retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
      timeouts: { read: REPLICATION_TIMEOUT },
    });

    // Graph stores applicationType as "NonWebApp" and msgraph_update_resource compares what it
    // reads back case-sensitively, which would show a change on every plan. An action PATCHes the
    // settings on create (and whenever the body changes) and never diffs; a read and a check block
    // detect real drift, as a warning that names the app and the setting.
    this.privateAccessSettings = new ResourceAction(this, 'PrivateAccessSettings', {
      resourceUrl: applicationPath(this.applicationObjectId),
      method: 'PATCH',
      apiVersion: GRAPH_BETA,
      body: PRIVATE_ACCESS_SETTINGS,
      retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
    });
    const read = new DataMsgraphResource(this, 'PrivateAccessSettingsRead', {
      url: applicationPath(this.applicationObjectId),
      apiVersion: GRAPH_BETA,
      queryParameters: { $select: ['onPremisesPublishing'] },
      responseExportValues: {
        applicationType: 'onPremisesPublishing.applicationType',
        isAccessibleViaZTNAClient: 'onPremisesPublishing.isAccessibleViaZTNAClient',
      },
      retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
      dependsOn: [this.privateAccessSettings],
    });
    const output = `data.${DataMsgraphResource.tfResourceType}.${read.friendlyUniqueId}.output`;
    TerraformStack.of(this).addOverride(`check.${logicalIdUnder(this, ['PrivateAccessSettingsDrift'])}`, {
      assert: [
        {
          condition: `\${lower(coalesce(${output}.applicationType, "")) == "nonwebapp" && coalesce(${output}.isAccessibleViaZTNAClient, false)}`,
          error_message: tfLiteral(
            `Private Access app "${this.displayName}": onPremisesPublishing in the tenant is no longer applicationType nonwebapp with isAccessibleViaZTNAClient true (changed outside Terraform). Restore it with: terraform apply -replace=${ResourceAction.tfResourceType}.${this.privateAccessSettings.friendlyUniqueId}`,
          ),
        },
      ],
    });

    if (props.connectorGroup) {
      this.connectorGroupAssignment = new ResourceAction(this, 'ConnectorGroup', {
        resourceUrl: applicationPath(this.applicationObjectId),
        action: 'connectorGroup/$ref',
        method: 'PUT',
        apiVersion: GRAPH_BETA,
        body: { '@odata.id': connectorGroupODataId(this, props.connectorGroup.connectorGroupId) },
        retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
        dependsOn: [this.privateAccessSettings],
      });
    }

    const segments = withConstructPath(this, () => checkList('segments', props.segments, "[{ destination: Destination.ipAddress('10.1.0.4'), ports: [Port.SSH] }]"));
    const principals = withConstructPath(this, () => checkPrincipals('principals', props.principals));
    for (const segment of segments) {
      this.addSegment(segment);
    }
    for (const principal of principals) {
      this.grantAccess(principal);
    }

    PrivateAccessRegistry.of(this).applications.push(this);
    ensureStackChecks(this);
    this.node.addValidation({ validate: () => this.validate() });
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
          `destination ${q(destination.host)} is a DNS suffix, which only the Quick Access app accepts (Graph drops its ports and protocol); ` +
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
          dependsOn: [this.privateAccessSettings],
        });
        if (options.id === undefined && movesFrom01(this)) {
          const legacy = logicalIdUnder(this, [ApplicationSegment.legacyIdFor(destination, protocol, protocolPorts), 'Resource']);
          segment.resource.moveFromId(`${Resource.tfResourceType}.${legacy}`);
        }
        this.segmentList.push(segment);
        PrivateAccessRegistry.of(this).segmentAdded();
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
      appRoleId: USER_APP_ROLE_ID,
      principalObjectId,
      resourceObjectId: this.servicePrincipalObjectId,
      dependsOn: [this.servicePrincipalReady],
    });
    const assignment: ApplicationAssignment = { principal, principalObjectId, resource };
    this.assignmentList.push(assignment);
    return assignment;
  }

  /**
   * What must hold once the whole program is built: segments within the limit, not overlapping
   * any other segment of any Private Access app in the cdktf App, a connector group and at least
   * one assignment. Wildcard segments that cover a more specific host name are warnings.
   */
  private validate(): string[] {
    const errors: string[] = [];
    const count = this.segmentList.length;
    if (count === 0) {
      errors.push(
        'the app has no segments, so it captures no traffic; add one with `segments` or addSegment() (SshAdminAccess: `servers`)',
      );
    }
    if (count > MAX_SEGMENTS) {
      errors.push(
        `the app has ${count} segments; Private Access allows at most ${MAX_SEGMENTS} per app: split the destinations across several apps`,
      );
    }
    if (!this.connectorGroup) {
      errors.push(
        "the app has no connector group, so its traffic would go through the tenant's default group, which may not reach the servers; pass `connectorGroup`",
      );
    }
    if (this.assignmentList.length === 0) {
      errors.push(
        'nobody is assigned to the app, so nobody could connect; grant access with `principals` or grantAccess()',
      );
    }
    const { segments, byApplication } = PrivateAccessRegistry.of(this).overlaps();
    const own = byApplication.get(this);
    for (const o of own?.overlaps ?? []) {
      const [a, b] = [segments[o.a], segments[o.b]];
      errors.push(
        `segments ${a.node.path} and ${b.node.path} overlap: both send ${describeShared(o.protocols, o.ports, o)}. ` +
          'Private Access rejects overlapping segments within and across apps ("Application segment host and port already exists"): remove one, or narrow its destination or ports',
      );
    }
    const unreported = (own?.overlapCount ?? 0) - (own?.overlaps.length ?? 0);
    if (unreported > 0) {
      errors.push(`… and ${unreported} more overlapping pairs of segments of this app (${own!.overlapCount} in all; the first ${own!.overlaps.length} are listed)`);
    }
    for (const c of own?.wildcardCovers ?? []) {
      const [wildcard, covered] = [segments[c.wildcard], segments[c.covered]];
      const message =
        `the wildcard segment ${wildcard.node.path} (${wildcard.destination}) also covers ${covered.destination} on ${describeTraffic(c.protocols, c.ports)}; ` +
        'make sure both apps are meant to grant this access, or narrow the wildcard';
      annotate(covered, 'warning', message);
      recordNote(covered, { rule: 'overlap', level: 'warning', message });
    }
    return errors;
  }
}
