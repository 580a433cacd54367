/**
 * The access model: Private Access configuration as plain data, as Terraform will apply it (read
 * from a synthesized stack or a plan) or as the tenant has it (read through Microsoft Graph).
 *
 * The model imports nothing: no cdktf, no construct, no provider binding. Every value that can be
 * known only when Terraform applies is a `ModelValue` that says so and keeps the Terraform
 * expression it came from, so an analysis can tell "known" from "known at apply" and never guesses.
 *
 * Readers make it (`AccessModelReader`), the analysis reads it (the access review, `review-diff`,
 * the rule pack, the access tests, `verify`), and nothing writes Terraform from it.
 */

/**
 * A value as Terraform will apply it: known when the configuration is written (`value`), or known
 * only at apply (`expression`, the Terraform expression it comes from, such as `${var.port}`).
 */
export interface ModelValue {
  /**
   * The value, when known.
   *
   * @default - known only at apply: see `expression`
   */
  readonly value?: string;

  /**
   * The Terraform expression the value comes from, when it is known only at apply.
   *
   * @default - the value is known
   */
  readonly expression?: string;
}

/** Where an element of the model comes from. */
export interface ModelSource {
  /**
   * The Terraform address of the resource or data source it was read from, such as
   * `msgraph_resource.LinuxSsh_App_Segment-tcp-ip-10_20_0_4_6D54F9DF`; for an element read from a
   * tenant, the Graph path it was read from.
   */
  readonly address: string;

  /**
   * The construct path of the element (`ssh-admin/LinuxSsh/App`): the resource's path from the
   * stack's metadata, without a trailing `/Resource`. Suppressions and findings use it.
   *
   * @default - none: a raw resource without metadata, or a tenant object
   */
  readonly path?: string;
}

/** What kind of Private Access app an app is. */
export enum ModelApplicationKind {
  /** An enterprise app (`applicationType` `nonwebapp`): per-app access. */
  ENTERPRISE = 'enterprise',
  /** The tenant's Quick Access app (`applicationType` `quickaccessapp`). */
  QUICK_ACCESS = 'quickAccess',
}

/** An application segment: a destination, a protocol and ports. */
export interface ModelSegment {
  /** Where it was read from. */
  readonly source: ModelSource;

  /** The destination host on the wire: `10.1.0.4`, `10.1.0.0/24`, `10.1.0.1..10.1.0.9`, `ssh.corp.contoso.com`. */
  readonly destinationHost: ModelValue;

  /** The wire destination type: `ip`, `ipRangeCidr`, `ipRange`, `fqdn`. */
  readonly destinationType: ModelValue;

  /** `tcp`, `udp` or `tcp,udp`. */
  readonly protocol: ModelValue;

  /**
   * The port ranges on the wire (`22-22`, `2200-2299`), each known or known at apply. A list known
   * only at apply as a whole is one element with its expression.
   */
  readonly ports: ModelValue[];

  /**
   * The segment's ID in the tenant when the stack adopts it (an import block).
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** A Private DNS suffix of the Quick Access app. */
export interface ModelDnsSuffix {
  /** Where it was read from. */
  readonly source: ModelSource;

  /** The suffix, such as `corp.contoso.com`. */
  readonly suffix: ModelValue;

  /**
   * The segment's ID in the tenant when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** What kind of directory object a principal is. */
export enum ModelPrincipalType {
  /** A user. */
  USER = 'user',
  /** A group. */
  GROUP = 'group',
  /** A service principal (an app granted access). */
  SERVICE_PRINCIPAL = 'servicePrincipal',
  /** Not known from the configuration: an object ID with nothing that says what it is. */
  UNKNOWN = 'unknown',
}

/** How a principal is identified, which decides what the review can promise about it. */
export enum ModelPrincipalReference {
  /** By object ID, known when the configuration is written. */
  OBJECT_ID = 'objectId',
  /** By group display name or user principal name, looked up when Terraform plans. */
  NAME = 'name',
  /** By a resource of the same stack that creates it (`azuread_group`, `azuread_user`). */
  RESOURCE = 'resource',
  /** By an expression known only at apply (a variable, another stack's output). */
  EXPRESSION = 'expression',
}

/** A user, group or service principal, as the configuration identifies it. */
export interface ModelPrincipal {
  /** What it is. */
  readonly principalType: ModelPrincipalType;

  /** How it is identified. */
  readonly reference: ModelPrincipalReference;

  /**
   * What identifies it as Entra compares it: `group-name-linux admins`, `user-upn-alex@contoso.com`,
   * `group-3f2504e0-…` (object ID), `group-resource-azuread_group.ops`, `group-expression-${var.admins}`.
   * Two principals with the same identity are the same object; different identities may still be
   * the same object (a name and its object ID), which only the tenant can tell.
   */
  readonly identity: string;

  /** The object ID: a GUID, or the expression that gives it. */
  readonly objectId: ModelValue;

  /**
   * The group's display name or the user's principal name, when it is looked up by name.
   *
   * @default - identified otherwise
   */
  readonly name?: string;

  /**
   * A label the program gave an object ID or expression (`Principal.groupId(id, 'Linux Admins')`).
   *
   * @default - no label
   */
  readonly label?: string;

  /**
   * Whether a plan-time check (a postcondition) makes Terraform fail unless the object's display
   * name is the label. A label without it is unverified: anything could be behind it.
   *
   * @default false
   */
  readonly labelChecked?: boolean;

  /** How the review shows it: `group "Linux Admins"`, `user 3f2504e0-…`. */
  readonly description: string;
}

/** An assignment of a principal to an app, which lets it connect. */
export interface ModelAssignment {
  /** Where it was read from. */
  readonly source: ModelSource;

  /** Who is assigned. */
  readonly principal: ModelPrincipal;

  /** The app role assigned: the template's "User" role, `00000000-…` (default access), or another. */
  readonly appRoleId: ModelValue;

  /**
   * The assignment's ID in the tenant when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** The connector group an app's traffic goes through. */
export interface ModelConnectorGroupLink {
  /** Where the link (`connectorGroup/$ref`) was read from. */
  readonly source: ModelSource;

  /**
   * The address of the connector group in `AccessModel.connectorGroups`, when the reader could
   * place it.
   *
   * @default - a group the model does not hold: see `connectorGroupId`
   */
  readonly connectorGroupAddress?: string;

  /** The group's ID, or the expression that gives it. */
  readonly connectorGroupId: ModelValue;
}

/** The app's `onPremisesPublishing` settings, as the stack PATCHes them. */
export interface ModelApplicationSettings {
  /** Where they were read from. */
  readonly source: ModelSource;

  /** `nonwebapp` or `quickaccessapp`. */
  readonly applicationType: ModelValue;

  /** `true` or `false`. */
  readonly isAccessibleViaZTNAClient: ModelValue;

  /**
   * `true` or `false`: whether Private DNS resolves the app's DNS suffixes.
   *
   * @default - not set by the stack
   */
  readonly isDnsResolutionEnabled?: ModelValue;
}

/** A Private Access app: an enterprise app or the tenant's Quick Access app. */
export interface ModelApplication {
  /** Where it was read from: the app resource, or the lookup that finds it. */
  readonly source: ModelSource;

  /** Enterprise app or Quick Access. */
  readonly kind: ModelApplicationKind;

  /** The display name. */
  readonly displayName: ModelValue;

  /**
   * Whether the app exists already and is found when Terraform plans (the tenant's Quick Access app
   * by its tag): it may hold segments, DNS suffixes and assignments that the stack does not declare.
   */
  readonly existing: boolean;

  /**
   * The app's import ID when the stack adopts it (an import block).
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;

  /**
   * The application's object ID when known (adopted, or read from a tenant).
   *
   * @default - made by the stack, or found at plan
   */
  readonly applicationObjectId?: string;

  /**
   * The application's client ID (appId) when known.
   *
   * @default - known at apply
   */
  readonly clientId?: string;

  /** The segments. */
  readonly segments: ModelSegment[];

  /** The Private DNS suffixes (Quick Access only). */
  readonly dnsSuffixes: ModelDnsSuffix[];

  /**
   * The connector group link.
   *
   * @default - none: the tenant's default group carries the traffic
   */
  readonly connectorGroup?: ModelConnectorGroupLink;

  /** The assignments. */
  readonly assignments: ModelAssignment[];

  /**
   * The `onPremisesPublishing` settings the stack applies.
   *
   * @default - none
   */
  readonly settings?: ModelApplicationSettings;
}

/** A Conditional Access policy. */
export interface ModelPolicy {
  /** Where it was read from. */
  readonly source: ModelSource;

  /** The display name. */
  readonly displayName: ModelValue;

  /** `enabled`, `enabledForReportingButNotEnforced` or `disabled`. */
  readonly state: ModelValue;

  /** The addresses (`ModelApplication.source.address`) of the model's apps the policy targets. */
  readonly applications: string[];

  /**
   * What else the policy targets, as written: other apps' client IDs, `All`, `Office365`, or
   * expressions the reader could not place.
   */
  readonly otherApplications: ModelValue[];

  /** The apps the policy excludes, as written. */
  readonly excludedApplications: ModelValue[];

  /** Whether the policy includes all users (`All`). */
  readonly includesAllUsers: boolean;

  /** The users and groups included. */
  readonly includes: ModelPrincipal[];

  /** The users and groups excluded. */
  readonly excludes: ModelPrincipal[];

  /** Directory roles included, as written (role template IDs, or `All`). */
  readonly includedRoles: ModelValue[];

  /** Directory roles excluded, as written. */
  readonly excludedRoles: ModelValue[];

  /** Client app types, as written (`all`, `browser`, `mobileAppsAndDesktopClients`, ...). */
  readonly clientAppTypes: string[];

  /** The built-in grant controls: `mfa`, `compliantDevice`, `domainJoinedDevice`, `block`, ... */
  readonly builtInControls: string[];

  /** How the grant controls combine: `AND` or `OR`. */
  readonly grantOperator: ModelValue;

  /**
   * The authentication strength policy ID.
   *
   * @default - none
   */
  readonly authenticationStrengthPolicyId?: ModelValue;

  /**
   * The sign-in frequency: `4h`, `1d`, `every time`.
   *
   * @default - none
   */
  readonly signInFrequency?: string;

  /**
   * The policy's ID when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** A private network connector group. */
export interface ModelConnectorGroup {
  /** Where it was read from: the group resource, or the lookup that finds it. */
  readonly source: ModelSource;

  /**
   * The group's name.
   *
   * @default - found by ID, or the tenant's default group
   */
  readonly name?: ModelValue;

  /**
   * The group's ID, when given (`ConnectorGroup.fromConnectorGroupId`) or read from a tenant.
   *
   * @default - made by the stack or found by name at plan
   */
  readonly connectorGroupId?: ModelValue;

  /**
   * The region, as written.
   *
   * @default - the service's default
   */
  readonly region?: ModelValue;

  /** Whether the group exists already and is found or given (not made by the stack). */
  readonly existing: boolean;

  /** Whether it is the tenant's default group. */
  readonly tenantDefault: boolean;

  /**
   * The group's ID when the stack adopts it.
   *
   * @default - not adopted
   */
  readonly adoptedId?: string;
}

/** The tenant's Private Access forwarding profile, as the stack sets it. */
export interface ModelForwardingProfile {
  /** Where it was read from. */
  readonly source: ModelSource;

  /** `enabled` or `disabled`. */
  readonly state: ModelValue;
}

/** A network security rule on the way from the connectors to the servers (azurerm). */
export interface ModelNetworkRule {
  /** Where it was read from. */
  readonly source: ModelSource;

  /** The rule's name. */
  readonly name: ModelValue;

  /** The network security group's name, or the expression that gives it. */
  readonly networkSecurityGroup: ModelValue;

  /** `Inbound` or `Outbound`. */
  readonly direction: ModelValue;

  /** `Allow` or `Deny`. */
  readonly access: ModelValue;

  /** `Tcp`, `Udp`, `*`, ... */
  readonly protocol: ModelValue;

  /** The priority. */
  readonly priority: ModelValue;

  /** Source address prefixes (and application security groups), as written. */
  readonly sources: ModelValue[];

  /** Destination address prefixes (and application security groups), as written. */
  readonly destinations: ModelValue[];

  /** Destination port ranges, as written. */
  readonly destinationPorts: ModelValue[];
}

/** A virtual machine that runs a private network connector. */
export interface ModelConnectorHost {
  /** Where it was read from. */
  readonly source: ModelSource;

  /** The machine's name. */
  readonly name: ModelValue;

  /** Its size. */
  readonly size: ModelValue;

  /**
   * Its availability zone.
   *
   * @default - none
   */
  readonly zone?: ModelValue;
}

/** An existing object the stack takes over (an import block). */
export interface ModelAdoption {
  /** The address the object is imported to. */
  readonly address: string;

  /**
   * The construct path of that resource.
   *
   * @default - unknown
   */
  readonly path?: string;

  /** What it is: `application`, `segment`, `dnsSuffix`, `assignment`, `policy`, `connectorGroup`, or the resource type. */
  readonly kind: string;

  /** The import ID. */
  readonly importId: string;
}

/** Something in the stack that touches a Private Access app but that the reader could not place. */
export interface ModelUnplaced {
  /** Where it is. */
  readonly source: ModelSource;

  /** What it touches and why it could not be placed. */
  readonly reason: string;
}

/** The Private Access configuration of one stack (or one tenant). */
export interface AccessModel {
  /** The stack's name, or the tenant's ID for a model read from a tenant. */
  readonly name: string;

  /** Where the model was read from: `stack` (cdk.tf.json), `plan` (a plan's JSON) or `tenant`. */
  readonly origin: string;

  /** The Private Access apps. */
  readonly applications: ModelApplication[];

  /** The Conditional Access policies. */
  readonly policies: ModelPolicy[];

  /** The connector groups the stack makes or uses. */
  readonly connectorGroups: ModelConnectorGroup[];

  /**
   * The Private Access forwarding profile.
   *
   * @default - the stack does not set it
   */
  readonly forwardingProfile?: ModelForwardingProfile;

  /** The network security rules (azurerm). */
  readonly networkRules: ModelNetworkRule[];

  /** The connector hosts (azurerm virtual machines). */
  readonly connectorHosts: ModelConnectorHost[];

  /** The objects the stack adopts. */
  readonly adoptions: ModelAdoption[];

  /** What touches an app but could not be placed: the analysis reports each as an error. */
  readonly unplaced: ModelUnplaced[];
}
