import { Token } from 'cdktf';
import { Destination, DestinationType } from '../destination';
import { Protocol } from '../port';
import { Principal } from '../principal';
import { checkPrincipal } from './principals';
import { PrivateAccessError } from '../errors';
import { q } from './errors';
import { CONNECTOR_GROUPS_PATH, PRIVATE_ACCESS_TEMPLATE_ID, segmentsPath } from './graph';

/*
 * Terraform import IDs, in the formats the providers parse (facts §9): azuread 3.7.0's
 * parse/from_template.go and the resources' import docs; msgraph's ImportState splits `{url}/{id}`
 * at the last slash, trims a leading slash off the url and reads `api-version` from the query.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An app role assignment ID: base64url, as Graph returns it (`41W1zT6z1U-kJxf62svfp1HFE8pMZhxDun-ThPczmJE`). */
const ASSIGNMENT_ID = /^[A-Za-z0-9_-]{20,}$/;

/** Checks that `value` is a literal GUID: an import block needs the ID when Terraform plans. */
export function checkGuid(what: string, value: unknown, where: string): string {
  if (typeof value !== 'string' || Token.isUnresolved(value) || !GUID.test(value)) {
    throw new PrivateAccessError(`${what} ${q(value)} is not a GUID; ${where}`);
  }
  return value.toLowerCase();
}

/** Checks an app role assignment ID. */
export function checkAssignmentId(what: string, value: unknown): string {
  if (typeof value !== 'string' || Token.isUnresolved(value) || !ASSIGNMENT_ID.test(value)) {
    throw new PrivateAccessError(
      `${what} ${q(value)} is not an app role assignment ID; copy the \`id\` of the assignment from GET /servicePrincipals/{id}/appRoleAssignedTo (not the app role's ID)`,
    );
  }
  return value;
}

/** `azuread_application_from_template`. */
export function applicationImportId(applicationObjectId: string, servicePrincipalObjectId: string): string {
  return `/applicationTemplates/${PRIVATE_ACCESS_TEMPLATE_ID}/instantiate/${applicationObjectId}/${servicePrincipalObjectId}`;
}

/** `azuread_app_role_assignment`. */
export function assignmentImportId(servicePrincipalObjectId: string, assignmentId: string): string {
  return `/servicePrincipals/${servicePrincipalObjectId}/appRoleAssignedTo/${assignmentId}`;
}

/** `azuread_conditional_access_policy`. */
export function policyImportId(policyId: string): string {
  return `/identity/conditionalAccess/policies/${policyId}`;
}

/** A segment's `msgraph_resource` (a beta object). */
export function segmentImportId(applicationObjectId: string, segmentId: string): string {
  return `/${segmentsPath(applicationObjectId)}/${segmentId}?api-version=beta`;
}

/** A connector group's `msgraph_resource` (a beta object). */
export function connectorGroupImportId(connectorGroupId: string): string {
  return `/${CONNECTOR_GROUPS_PATH}/${connectorGroupId}?api-version=beta`;
}

/** An app's adoption, checked, with what has been matched so far. */
export class AdoptionState {
  /**
   * Checks an app's adoption: literal GUIDs, assignment IDs, each segment and principal once.
   *
   * @param adoption the `adopt` prop
   */
  public static of(adoption: ApplicationAdoptionInput): AdoptionState {
    const fix = 'copy it from the Entra admin center or from `entra-private-access import`';
    const applicationObjectId = checkGuid('adopt.applicationObjectId', adoption.applicationObjectId, fix);
    const servicePrincipalObjectId = checkGuid('adopt.servicePrincipalObjectId', adoption.servicePrincipalObjectId, fix);
    const segments = (adoption.segments ?? []).map((s, i) => {
      if (!(s.destination instanceof Destination)) {
        throw new PrivateAccessError(`adopt.segments[${i}].destination ${q(s.destination)} is not a Destination; use Destination.ipAddress("10.1.0.4") and the like`);
      }
      if (s.protocol === undefined && s.destination.destinationType !== DestinationType.DNS_SUFFIX) {
        throw new PrivateAccessError(`adopt.segments[${i}] (${s.destination}) has no protocol; give the segment's protocol, such as Protocol.TCP`);
      }
      return { key: segmentKey(s.destination, s.protocol), text: `${s.protocol ?? 'dnsSuffix'} ${s.destination}`, segmentId: checkGuid(`adopt.segments[${i}].segmentId`, s.segmentId, fix), matched: false };
    });
    const assignments = (adoption.assignments ?? []).map((a, i) => ({
      principal: checkPrincipal(`adopt.assignments[${i}].principal`, a.principal),
      assignmentId: checkAssignmentId(`adopt.assignments[${i}].assignmentId`, a.assignmentId),
      appRoleId: a.appRoleId === undefined ? undefined : checkGuid(`adopt.assignments[${i}].appRoleId`, a.appRoleId, 'copy the `appRoleId` of the assignment (00000000-0000-0000-0000-000000000000 for Default Access)'),
      matched: false,
    }));
    const keys = new Set<string>();
    for (const s of segments) {
      if (keys.has(s.key)) {
        throw new PrivateAccessError(`adopt.segments lists the ${s.text} segment twice; a segment is one destination and protocol`);
      }
      keys.add(s.key);
    }
    return new AdoptionState(applicationObjectId, servicePrincipalObjectId, segments, assignments);
  }

  private constructor(
    public readonly applicationObjectId: string,
    public readonly servicePrincipalObjectId: string,
    private readonly segments: Array<{ key: string; text: string; segmentId: string; matched: boolean }>,
    private readonly assignments: Array<{ principal: Principal; assignmentId: string; appRoleId?: string; matched: boolean }>,
  ) {}

  /** The import ID of the declared segment with this destination and protocol, if it is adopted. */
  public segmentImport(destination: Destination, protocol?: Protocol): string | undefined {
    const entry = this.segments.find((s) => s.key === segmentKey(destination, protocol));
    if (!entry) {
      return undefined;
    }
    entry.matched = true;
    return segmentImportId(this.applicationObjectId, entry.segmentId);
  }

  /** The import ID of the assignment of this principal, if it is adopted. */
  public assignmentImport(principal: Principal): string | undefined {
    const entry = this.assignments.find((a) => a.principal.isSameAs(principal));
    if (!entry) {
      return undefined;
    }
    entry.matched = true;
    return assignmentImportId(this.servicePrincipalObjectId, entry.assignmentId);
  }

  /** The app role of the adopted assignment of this principal, when it names one. */
  public assignmentRole(principal: Principal): string | undefined {
    return this.assignments.find((a) => a.principal.isSameAs(principal))?.appRoleId;
  }

  /** What was adopted and matches nothing declared: each would stay in the tenant unmanaged. */
  public unmatched(): string[] {
    return [
      ...this.segments
        .filter((s) => !s.matched)
        .map(
          (s) =>
            `adopt.segments: the existing ${s.text} segment (${s.segmentId}) matches no declared segment; declare it with addSegment() (same destination and protocol), or remove it from adopt and delete it in the tenant`,
        ),
      ...this.assignments
        .filter((a) => !a.matched)
        .map(
          (a) =>
            `adopt.assignments: the existing assignment of ${a.principal} (${a.assignmentId}) matches no granted principal; grant it with grantAccess(), or remove it from adopt and remove the assignment in the tenant`,
        ),
    ];
  }
}

/** What `AdoptionState.of` reads (the public `ApplicationAdoption`). */
export interface ApplicationAdoptionInput {
  readonly applicationObjectId: string;
  readonly servicePrincipalObjectId: string;
  readonly segments?: ReadonlyArray<{ readonly destination: Destination; readonly protocol?: Protocol; readonly segmentId: string }>;
  readonly assignments?: ReadonlyArray<{ readonly principal: Principal; readonly assignmentId: string; readonly appRoleId?: string }>;
}

function segmentKey(destination: Destination, protocol?: Protocol): string {
  // A DNS suffix has no protocol: its host alone identifies it.
  return destination.destinationType === DestinationType.DNS_SUFFIX ? `dnsSuffix|${destination.host}` : `${destination.destinationType}|${destination.host}|${protocol}`;
}
