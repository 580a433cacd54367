/**
 * Microsoft Graph paths and constants used by the constructs. Every URL the library sends is
 * built here, so that the wire format lives in one place.
 */
import { Lazy, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { PrivateAccessError } from '../errors';
import { MsgraphProvider } from '../gen/providers/msgraph/provider';
import { q } from './errors';

/**
 * The Graph host of each cloud the msgraph provider's `environment` names (msgraph 0.5 compares
 * them in any letter case and takes `global` for public, `usgovernmentl4` and `dod` /
 * `usgovernmentl5` for the US Government clouds): request URLs go to it through the provider, and
 * `@odata.id` references in bodies must name the same host.
 */
export const GRAPH_HOSTS: Readonly<Record<string, string>> = {
  public: 'https://graph.microsoft.com',
  global: 'https://graph.microsoft.com',
  usgovernment: 'https://graph.microsoft.us',
  usgovernmentl4: 'https://graph.microsoft.us',
  usgovernmentl5: 'https://dod-graph.microsoft.us',
  dod: 'https://dod-graph.microsoft.us',
  china: 'https://microsoftgraph.chinacloudapi.cn',
};

/**
 * The Graph host of the stack of `scope`, from the `environment` of its `MsgraphProvider`, read at
 * synth: one setting picks the cloud for the provider's calls and for the references in the bodies.
 * A provider without `environment` takes `ARM_ENVIRONMENT` at apply time, so synth reads the same
 * variable (public when it is unset): synthesize in the environment you apply in.
 */
export function graphHost(scope: IConstruct): string {
  return Lazy.stringValue({
    produce: () => {
      const stack = TerraformStack.of(scope);
      const providers = msgraphProvidersOf(stack);
      const fromEnvironment = process.env.ARM_ENVIRONMENT?.trim() || 'public';
      const environments = [...new Set(providers.map((p) => (p.environment ?? fromEnvironment).toLowerCase()))];
      if (environments.length > 1) {
        throw new PrivateAccessError(
          `the msgraph providers of stack ${stack.node.id} name different clouds (${environments.map((e) => q(e)).join(', ')}); Private Access references need one: give every MsgraphProvider the same environment`,
        );
      }
      const environment = environments[0] ?? fromEnvironment.toLowerCase();
      const host = GRAPH_HOSTS[environment];
      if (host === undefined) {
        throw new PrivateAccessError(
          `MsgraphProvider environment ${q(environment)} (from ${providers.some((p) => p.environment !== undefined) ? 'the provider' : 'ARM_ENVIRONMENT'}) is not one of ${Object.keys(GRAPH_HOSTS).map((e) => q(e)).join(', ')}`,
        );
      }
      return host;
    },
  });
}

/** The Graph API version of every Private Access call (the calls exist in beta only). */
export const GRAPH_BETA = 'beta';

/** The most segments one Private Access app can have. */
export const MAX_SEGMENTS_PER_APP = 500;

/** The application template that instantiates a Private Access ("Custom" non-gallery) app. */
export const PRIVATE_ACCESS_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';

/** The id of the "User" app role of apps made from the template, used for assignments. */
export const USER_APP_ROLE_ID = '18d14569-c3bd-439b-9a66-3a2aee01d14f';

/** The collection of connector groups. */
export const CONNECTOR_GROUPS_PATH = 'onPremisesPublishingProfiles/applicationProxy/connectorGroups';

/** The collection of Global Secure Access forwarding profiles. */
export const FORWARDING_PROFILES_PATH = 'networkAccess/forwardingProfiles';

/** The item URL of an application. */
export function applicationPath(applicationObjectId: string): string {
  return `applications/${applicationObjectId}`;
}

/** The item URL of a service principal. */
export function servicePrincipalPath(servicePrincipalObjectId: string): string {
  return `servicePrincipals/${servicePrincipalObjectId}`;
}

/** The collection of an application's IP application segments. */
export function segmentsPath(applicationObjectId: string): string {
  return `${applicationPath(applicationObjectId)}/onPremisesPublishing/segmentsConfiguration/microsoft.graph.ipSegmentConfiguration/applicationSegments`;
}

/**
 * The msgraph providers of each stack whose configuration is being resolved now (`null` until the
 * first question): cdktf adds no provider while it resolves (a preparing resolve may add outputs
 * and remote state for cross-stack references), and every app and segment asks.
 */
const PROVIDERS_WHILE_SYNTHESIZING = new WeakMap<TerraformStack, MsgraphProvider[] | null>();

/**
 * Runs `produce` (the stack's `prepareStack()` or `toTerraform()`) with the answers about the
 * stack's providers kept for its duration.
 */
export function whileSynthesizing<T>(stack: TerraformStack, produce: () => T): T {
  if (PROVIDERS_WHILE_SYNTHESIZING.has(stack)) {
    return produce();
  }
  PROVIDERS_WHILE_SYNTHESIZING.set(stack, null);
  try {
    return produce();
  } finally {
    PROVIDERS_WHILE_SYNTHESIZING.delete(stack);
  }
}

/** The msgraph providers of a stack, wherever in it they are declared. */
function msgraphProvidersOf(stack: TerraformStack): MsgraphProvider[] {
  const kept = PROVIDERS_WHILE_SYNTHESIZING.get(stack);
  if (kept) {
    return kept;
  }
  const providers = stack.node.findAll().filter((c): c is MsgraphProvider => c instanceof MsgraphProvider);
  if (kept === null) {
    PROVIDERS_WHILE_SYNTHESIZING.set(stack, providers);
  }
  return providers;
}

/** The `@odata.id` of a connector group, as the application's `connectorGroup/$ref` expects it. */
export function connectorGroupODataId(scope: IConstruct, connectorGroupId: string): string {
  return `${graphHost(scope)}/beta/onPremisesPublishingProfiles/applicationproxy/connectorGroups/${connectorGroupId}`;
}

/** The `@odata.id` of a connector, as a connector group's `members/$ref` expects it. */
export function connectorODataId(scope: IConstruct, connectorId: string): string {
  return `${graphHost(scope)}/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${connectorId}`;
}

/** The collection of private network connectors. */
export const CONNECTORS_PATH = 'onPremisesPublishingProfiles/applicationProxy/connectors';

/**
 * Error messages worth retrying right after an app is instantiated: the new application has not
 * replicated yet, and Graph answers 404 or 500 for a while (Microsoft's Migrate2GSA toolkit retries
 * the same call five times with doubling delays).
 */
export const REPLICATION_RETRY_PATTERNS: readonly string[] = [
  'Request_ResourceNotFound',
  'ResourceNotFound',
  'InternalServerError',
  'RESPONSE 500',
  'RESPONSE 404',
];

/** How long a read of a new object is retried while it replicates. */
export const REPLICATION_TIMEOUT = '10m';

/**
 * The retry patterns of a `msgraph_resource` (a segment): replication errors other than 404. The
 * msgraph provider's `retry` has no maximum (a matching error is retried until the operation's
 * timeout, 30 minutes by default), and a `msgraph_resource` deletes, then reads until the object
 * answers 404: a pattern matching 404 made every segment delete spin for 30 minutes (issue 19,
 * reproduced at apply against the emulator). A 404 right after a create is retried by the provider
 * itself (its read-after-create retries 404 and 403), and a 500 by its default policy.
 */
export const RESOURCE_RETRY_PATTERNS: readonly string[] = ['InternalServerError', 'RESPONSE 500'];

/**
 * Graph's answer when a new segment overlaps an existing one ("Application segment host and port
 * already exists", code Invalid_AppSegments_Duplicate). A segment edit that moves it to another
 * Terraform address (a destination widened from 10.0.0.0/24 to 10.0.0.0/23) creates the new
 * segment and destroys the old one in the same apply, in no set order; when the create comes first
 * it meets the old segment. The create is retried on this error, within `SEGMENT_RETRY_TIMEOUT`,
 * so the destroy can run meanwhile; a real overlap (with a segment that stays) fails after it with
 * Graph's own message.
 *
 * Retrying was chosen over ordering: Terraform has no ordering between a create at one address and
 * a destroy at another (`create_before_destroy` orders only a replacement of one address), and the
 * library cannot know at synth which segment of the previous state a new one replaces.
 */
export const DUPLICATE_SEGMENT_RETRY_PATTERNS: readonly string[] = ['Invalid_AppSegments_Duplicate', 'host and port already exists'];

/** How long a segment create or update is retried on a duplicate-segment error: a few minutes. */
export const SEGMENT_RETRY_TIMEOUT = '5m';

/** How long a segment delete may take: the provider waits for three reads of 404 in a row. */
export const SEGMENT_DELETE_TIMEOUT = '5m';
