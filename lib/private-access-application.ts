import { ApplicationFromTemplate } from '@cdktf/provider-azuread/lib/application-from-template';
import { Construct } from 'constructs';
import { SegmentOptions } from './application-segment';
import { IConnectorGroup } from './connector-group';
import { ResourceAction } from './gen/providers/msgraph/resource-action';
import { withConstructPath } from './private/errors';
import { ApplicationAdoption } from './adoption';
import { appSettings } from './private/app-settings';
import { AdoptionState, applicationImportId } from './private/import-ids';
import { MAX_SEGMENTS_PER_APP, PRIVATE_ACCESS_TEMPLATE_ID, USER_APP_ROLE_ID } from './private/graph';
import { checkName, tfLiteral } from './private/text';
import { Principal } from './principal';
import { PrivateAccessApplicationBase } from './private-access-application-base';

/** The body that makes an application a Private Access app. */
const PRIVATE_ACCESS_SETTINGS = {
  onPremisesPublishing: {
    applicationType: 'nonwebapp',
    isAccessibleViaZTNAClient: true,
  },
};

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

  /**
   * The IDs of the app when it exists in the tenant already (made in the admin center): synth then
   * writes Terraform `import` blocks for the app, the listed segments and assignments, so the first
   * plan imports them instead of creating duplicates. `entra-private-access import` writes them.
   *
   * @default - the app is created
   */
  readonly adopt?: ApplicationAdoption;
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
export class PrivateAccessApplication extends PrivateAccessApplicationBase {
  /** The id of the "User" app role that assignments use. */
  public static readonly USER_APP_ROLE_ID = USER_APP_ROLE_ID;

  /** The most segments one Private Access app can have. */
  public static readonly MAX_SEGMENTS = MAX_SEGMENTS_PER_APP;

  /** The id of the application template the app is instantiated from. */
  public static readonly TEMPLATE_ID = PRIVATE_ACCESS_TEMPLATE_ID;

  /** The application made from the template. */
  public readonly resource: ApplicationFromTemplate;

  /**
   * The PATCH that turns the app into a Private Access app (an action: it runs on create and when
   * its body changes; drift is reported by a check block).
   */
  public readonly privateAccessSettings: ResourceAction;

  constructor(scope: Construct, id: string, props: PrivateAccessApplicationProps) {
    super(scope, id);
    const displayName = withConstructPath(this, () => checkName('display name', props.displayName, 'give the app a name'));
    this.resource = new ApplicationFromTemplate(this, 'Resource', {
      templateId: PRIVATE_ACCESS_TEMPLATE_ID,
      displayName: tfLiteral(displayName),
    });
    if (props.adopt !== undefined) {
      const adopt = withConstructPath(this, () => AdoptionState.of(props.adopt!));
      this.resource.importFrom(applicationImportId(adopt.applicationObjectId, adopt.servicePrincipalObjectId));
    }
    this.privateAccessSettings = appSettings(this, displayName, this.resource.applicationObjectId, {
      body: PRIVATE_ACCESS_SETTINGS,
      read: {
        applicationType: 'onPremisesPublishing.applicationType',
        isAccessibleViaZTNAClient: 'onPremisesPublishing.isAccessibleViaZTNAClient',
      },
      condition: (output) => `lower(coalesce(${output}.applicationType, "")) == "nonwebapp" && coalesce(${output}.isAccessibleViaZTNAClient, false)`,
      expected: 'applicationType nonwebapp with isAccessibleViaZTNAClient true',
    });
    this.initializeApplication({
      displayName,
      applicationObjectId: this.resource.applicationObjectId,
      servicePrincipalObjectId: this.resource.servicePrincipalObjectId,
      settings: this.privateAccessSettings,
      connectorGroup: props.connectorGroup,
      segments: props.segments,
      principals: props.principals,
      adoption: props.adopt,
    });
  }
}
