import { ApplicationFromTemplate } from '@cdktf/provider-azuread/lib/application-from-template';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { SegmentOptions } from './application-segment';
import { IConnectorGroup } from './connector-group';
import { Destination } from './destination';
import { DnsSuffixSegment } from './dns-suffix-segment';
import { PrivateAccessError } from './errors';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
import { ResourceAction } from './gen/providers/msgraph/resource-action';
import { ApplicationAdoption } from './adoption';
import { appSettings } from './private/app-settings';
import { AdoptionState, applicationImportId } from './private/import-ids';
import { failAt, q, withConstructPath } from './private/errors';
import { GRAPH_BETA, PRIVATE_ACCESS_TEMPLATE_ID, REPLICATION_RETRY_PATTERNS, REPLICATION_TIMEOUT, servicePrincipalPath } from './private/graph';
import { QUICK_ACCESS_TAG, registerQuickAccess } from './private/quick-access';
import { checkList, checkName, tfLiteral } from './private/text';
import { Principal } from './principal';
import { PrivateAccessApplicationBase } from './private-access-application-base';

/** What the Quick Access app holds, whether it is made here or exists in the tenant. */
export interface QuickAccessContentOptions {
  /**
   * The connector group whose connectors carry Quick Access traffic.
   *
   * @default - none is assigned (for an existing app: its assignment is left as it is)
   */
  readonly connectorGroup?: IConnectorGroup;

  /**
   * Segments (destinations and ports); more can be added with `addSegment`.
   *
   * @default - none
   */
  readonly segments?: SegmentOptions[];

  /**
   * DNS suffixes for Private DNS, such as `corp.contoso.com`; more can be added with `addDnsSuffix`.
   *
   * @default - none: DNS resolution through the connectors stays off
   */
  readonly dnsSuffixes?: string[];

  /**
   * The users and groups granted access; more can be granted with `grantAccess`.
   *
   * @default - none
   */
  readonly principals?: Principal[];
}

/** Properties of a new `QuickAccessApplication`. */
export interface QuickAccessApplicationProps extends QuickAccessContentOptions {
  /**
   * The display name of the app.
   *
   * @default "Quick Access"
   */
  readonly displayName?: string;

  /**
   * The IDs of the tenant's Quick Access app and its segments and assignments, to import rather
   * than create (the alternative to `fromExisting`, which finds it at plan time and imports nothing).
   *
   * @default - the app is created
   */
  readonly adopt?: ApplicationAdoption;
}

/** The application's tags on a new Quick Access app, as Microsoft's tooling shows them. */
const QUICK_ACCESS_APPLICATION_TAGS = ['HideApp', QUICK_ACCESS_TAG];

/** The service principal's tags on a new Quick Access app (the template's integrated-app tag kept). */
const QUICK_ACCESS_SERVICE_PRINCIPAL_TAGS = ['HideApp', QUICK_ACCESS_TAG, 'WindowsAzureActiveDirectoryIntegratedApp'];

/** A hidden prop: the app exists in the tenant; find it by its tag instead of making it. */
const EXISTING = Symbol('cdktf-entra-private-access:quick-access-existing');

/**
 * The tenant's Quick Access app: the broad, VPN-like part of Private Access, with segments like an
 * enterprise app's and, only here, DNS suffixes for Private DNS.
 *
 * A tenant has one. A new one is made from the same template as an enterprise app and PATCHed
 * with `applicationType "quickaccessapp"`, `isAccessibleViaZTNAClient true` and
 * `isDnsResolutionEnabled` true exactly when it has DNS suffixes, and tagged as Microsoft's tooling
 * tags it (`HideApp` and `NetworkAccessQuickAccessApplication`, on the application and its service
 * principal). When the tenant has one already, use
 * `QuickAccessApplication.fromExisting`, which finds it by that tag when Terraform plans, so that
 * nobody makes a second. At most one per cdktf App either way.
 *
 * Its segments take part in the overlap check (among themselves: a segment of an enterprise app
 * may overlap one of Quick Access, and the enterprise app wins), the access tests, the rule pack
 * and the review, like any app's.
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/how-to-configure-quick-access
 *
 * @example
 * const quickAccess = new QuickAccessApplication(this, 'QuickAccess', { connectorGroup: group });
 * quickAccess.addSegment({ destination: Destination.cidr('10.0.0.0/16'), ports: [Port.tcpRange(1, 65535)] });
 * quickAccess.addDnsSuffix('corp.contoso.com');
 * quickAccess.grantAccess(Principal.group('All staff'));
 */
export class QuickAccessApplication extends PrivateAccessApplicationBase {
  /**
   * The tenant's existing Quick Access app, found by its tag `NetworkAccessQuickAccessApplication`
   * when Terraform plans (the plan fails, saying so, unless exactly one app has the tag). The app
   * itself is not managed (nothing here deletes it); the segments, DNS suffixes, assignments and
   * connector group declared on it are, and its settings are PATCHed as a new one's would be,
   * except `isDnsResolutionEnabled`, which is sent (true) only when DNS suffixes are declared here:
   * without them the tenant's Private DNS setting is left as it is.
   *
   * @param scope the scope
   * @param id the construct id
   * @param options what to add to the app
   */
  public static fromExisting(scope: Construct, id: string, options: QuickAccessContentOptions = {}): QuickAccessApplication {
    return new QuickAccessApplication(scope, id, { ...options, [EXISTING]: true } as QuickAccessApplicationProps);
  }

  /** Whether the app exists in the tenant already (`fromExisting`) rather than being made here. */
  public readonly isExisting: boolean;

  /** The application made from the template; undefined for an existing app. */
  public readonly resource?: ApplicationFromTemplate;

  /** The PATCH of the app's Quick Access settings. */
  public readonly privateAccessSettings: ResourceAction;

  /** The PATCH of the service principal's tags; undefined for an existing app, which has them. */
  public readonly servicePrincipalTags?: ResourceAction;

  private readonly suffixList: DnsSuffixSegment[] = [];

  constructor(scope: Construct, id: string, props: QuickAccessApplicationProps = {}) {
    super(scope, id);
    this.isExisting = (props as { [EXISTING]?: boolean })[EXISTING] === true;
    if (this.isExisting && props.adopt !== undefined) {
      failAt(this, 'fromExisting finds the app when Terraform plans and `adopt` imports it by ID: use one of them');
    }
    const others = registerQuickAccess(this, { existing: this.isExisting, dnsSuffixes: () => this.suffixList.map((s) => s.suffix.host) });
    if (others.length > 0) {
      failAt(
        this,
        `a tenant has one Quick Access app, and ${others[0].node.path} is it already; add segments to that one (QuickAccessApplication.fromExisting when the tenant has it)`,
      );
    }
    let displayName: string;
    let applicationObjectId: string;
    let servicePrincipalObjectId: string;
    if (this.isExisting) {
      const found = new DataMsgraphResource(this, 'Lookup', {
        url: 'applications',
        apiVersion: GRAPH_BETA,
        queryParameters: {
          $filter: [`tags/any(t:t eq '${QUICK_ACCESS_TAG}')`],
          $select: ['id', 'appId', 'displayName'],
          $count: ['true'],
        },
        headers: { ConsistencyLevel: 'eventual' },
        responseExportValues: { count: 'length(value)', id: 'value[0].id', appId: 'value[0].appId', displayName: 'value[0].displayName' },
        lifecycle: {
          postcondition: [
            {
              condition: '${self.output.count == 1}',
              errorMessage: `QuickAccessApplication.fromExisting (${this.node.path}): the tenant has \${self.output.count} applications tagged ${QUICK_ACCESS_TAG}, not one; with none, use new QuickAccessApplication(...) to make it`,
            },
          ],
        },
      });
      const servicePrincipal = new DataMsgraphResource(this, 'ServicePrincipalLookup', {
        url: 'servicePrincipals',
        queryParameters: { $filter: [`appId eq '${found.output.lookup('appId')}'`], $select: ['id'] },
        responseExportValues: { id: 'value[0].id' },
      });
      displayName = `${found.output.lookup('displayName')}`;
      applicationObjectId = `${found.output.lookup('id')}`;
      servicePrincipalObjectId = `${servicePrincipal.output.lookup('id')}`;
    } else {
      displayName = withConstructPath(this, () => checkName('display name', props.displayName ?? 'Quick Access', 'give the app a name, or leave it out for "Quick Access"'));
      this.resource = new ApplicationFromTemplate(this, 'Resource', {
        templateId: PRIVATE_ACCESS_TEMPLATE_ID,
        displayName: tfLiteral(displayName),
      });
      applicationObjectId = this.resource.applicationObjectId;
      servicePrincipalObjectId = this.resource.servicePrincipalObjectId;
      if (props.adopt !== undefined) {
        const adopt = withConstructPath(this, () => AdoptionState.of(props.adopt!));
        this.resource.importFrom(applicationImportId(adopt.applicationObjectId, adopt.servicePrincipalObjectId));
      }
    }
    // Known once the program is built: DNS suffixes can be added after the constructor. An
    // existing app without DNS suffixes here keeps its Private DNS setting: sending false would turn
    // Private DNS off for the whole tenant (its suffixes may be managed elsewhere).
    const hasSuffixes = () => this.suffixList.length > 0;
    const managesDns = () => !this.isExisting || hasSuffixes();
    this.privateAccessSettings = appSettings(this, this.isExisting ? 'Quick Access' : displayName, applicationObjectId, {
      body: {
        onPremisesPublishing: Lazy.anyValue({
          produce: () => ({
            applicationType: 'quickaccessapp',
            isAccessibleViaZTNAClient: true,
            ...(managesDns() ? { isDnsResolutionEnabled: hasSuffixes() } : {}),
          }),
        }),
        // Microsoft's tooling tags the Quick Access app so that the portal and My Apps treat it as
        // such (Get-EntraBetaPrivateAccessApplication shows these tags); an existing app has them.
        ...(this.isExisting ? {} : { tags: [...QUICK_ACCESS_APPLICATION_TAGS] }),
      },
      read: {
        applicationType: 'onPremisesPublishing.applicationType',
        isAccessibleViaZTNAClient: 'onPremisesPublishing.isAccessibleViaZTNAClient',
        isDnsResolutionEnabled: 'onPremisesPublishing.isDnsResolutionEnabled',
      },
      condition: (output) =>
        `lower(coalesce(${output}.applicationType, "")) == "quickaccessapp" && coalesce(${output}.isAccessibleViaZTNAClient, false)` +
        Lazy.stringValue({ produce: () => (managesDns() ? ` && coalesce(${output}.isDnsResolutionEnabled, false) == ${hasSuffixes()}` : '') }),
      expected: 'applicationType quickaccessapp with isAccessibleViaZTNAClient true and isDnsResolutionEnabled as its DNS suffixes need',
    });
    if (!this.isExisting) {
      // The service principal carries the tags too (the portal's enterprise app list and My Apps
      // read them there): HideApp keeps the Quick Access app out of My Apps.
      this.servicePrincipalTags = new ResourceAction(this, 'ServicePrincipalTags', {
        resourceUrl: servicePrincipalPath(servicePrincipalObjectId),
        method: 'PATCH',
        body: { tags: [...QUICK_ACCESS_SERVICE_PRINCIPAL_TAGS] },
        retry: { errorMessageRegex: [...REPLICATION_RETRY_PATTERNS] },
        timeouts: { create: REPLICATION_TIMEOUT },
      });
    }
    this.initializeApplication({
      displayName,
      applicationObjectId,
      servicePrincipalObjectId,
      settings: this.privateAccessSettings,
      connectorGroup: props.connectorGroup,
      segments: props.segments,
      principals: props.principals,
      adoption: this.isExisting ? undefined : props.adopt,
    });
    const suffixes = withConstructPath(this, () => checkList('dnsSuffixes', props.dnsSuffixes, "['corp.contoso.com']"));
    for (const suffix of suffixes) {
      this.addDnsSuffix(suffix);
    }
  }

  /** The app's DNS suffixes (Private DNS). */
  public get dnsSuffixes(): DnsSuffixSegment[] {
    return [...this.suffixList];
  }

  /**
   * Adds a DNS suffix for Private DNS: clients resolve names under it through the connectors. The
   * app's `isDnsResolutionEnabled` is true exactly when it has one.
   *
   * @param suffix a domain such as `corp.contoso.com` (or `contoso.local`)
   * @returns the suffix's segment
   */
  public addDnsSuffix(suffix: string): DnsSuffixSegment {
    return withConstructPath(this, () => {
      if (typeof suffix !== 'string') {
        throw new PrivateAccessError(`DNS suffix ${q(suffix)} is not text; give a domain such as "corp.contoso.com"`);
      }
      const destination = Destination.dnsSuffix(suffix);
      if (destination.isUnresolved) {
        throw new PrivateAccessError(`DNS suffix ${q(suffix)} is an unresolved token, so it cannot name the segment's Terraform address; give the suffix as text`);
      }
      const id = DnsSuffixSegment.idFor(destination);
      if (this.suffixList.some((s) => s.node.id === id)) {
        throw new PrivateAccessError(`the DNS suffix ${q(destination.host)} is added twice; list each suffix once`);
      }
      const segment = new DnsSuffixSegment(this, id, {
        applicationObjectId: this.applicationObjectId,
        suffix: destination,
        dependsOn: [this.privateAccessSettings],
      });
      const adopted = this.adoptedSegmentImportId(destination);
      if (adopted) {
        segment.resource.importFrom(adopted);
      }
      this.suffixList.push(segment);
      return segment;
    });
  }
}
