import { Destination } from './destination';
import { Protocol } from './port';
import { Principal } from './principal';

/**
 * An existing segment of an adopted app, matched to a declared segment by destination and
 * protocol.
 */
export interface SegmentAdoption {
  /** The segment's destination, as declared (`Destination.cidr('10.1.2.0/24')`). */
  readonly destination: Destination;

  /**
   * The segment's protocol.
   *
   * @default - none: only for a DNS suffix (`Destination.dnsSuffix`), which has no protocol
   */
  readonly protocol?: Protocol;

  /** The segment's ID in Microsoft Graph (a GUID). */
  readonly segmentId: string;
}

/** An existing assignment of an adopted app, matched to a granted principal. */
export interface AssignmentAdoption {
  /** The principal, as granted (`principal.isSameAs` matches it). */
  readonly principal: Principal;

  /** The app role assignment's ID in Microsoft Graph (not the app role's ID). */
  readonly assignmentId: string;

  /**
   * The app role the existing assignment grants: `00000000-0000-0000-0000-000000000000` for
   * "Default Access" (what the portal and Microsoft's scripts assign when they find no "User"
   * role). The adopted assignment keeps it, so that importing it replaces nothing; an
   * azuread_app_role_assignment whose role differs would be destroyed and created again.
   *
   * @default - the "User" role (`18d14569-c3bd-439b-9a66-3a2aee01d14f`), which the library assigns
   */
  readonly appRoleId?: string;
}

/**
 * The IDs of an app that exists in the tenant already, so that synth writes Terraform `import`
 * blocks for it instead of creating a second one.
 */
export interface ApplicationAdoption {
  /** The object ID of the application registration (a GUID). */
  readonly applicationObjectId: string;

  /** The object ID of its service principal, the enterprise application (a GUID). */
  readonly servicePrincipalObjectId: string;

  /**
   * Its existing segments; each must match a declared segment.
   *
   * @default - none: every declared segment is created
   */
  readonly segments?: SegmentAdoption[];

  /**
   * Its existing assignments; each must match a granted principal.
   *
   * @default - none: every grant is created
   */
  readonly assignments?: AssignmentAdoption[];
}

/** The ID of a connector group that exists in the tenant already, to import instead of create. */
export interface ConnectorGroupAdoption {
  /** The connector group's ID (a GUID). */
  readonly connectorGroupId: string;
}

/** The ID of a Conditional Access policy that exists in the tenant already, to import instead of create. */
export interface ConditionalAccessPolicyAdoption {
  /** The policy's ID (a GUID). */
  readonly policyId: string;
}
