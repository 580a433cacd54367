import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataMsgraphResource } from './gen/providers/msgraph/data-msgraph-resource';
import { UpdateResource } from './gen/providers/msgraph/update-resource';
import { FORWARDING_PROFILES_PATH, GRAPH_BETA } from './private/graph';
import { ensureStackChecks } from './private/stack-checks';

/**
 * Turns on the tenant's Private Access traffic forwarding profile, without which the Global Secure
 * Access client captures no Private Access traffic at all.
 *
 * The profile is found by `trafficForwardingType == "private"` among
 * `GET /beta/networkAccess/forwardingProfiles` (its ID differs between tenants and is never
 * hard-coded), then set to `{"state": "enabled"}`. The profile is tenant-wide: destroying this
 * construct leaves it on. Use `PrivateAccessForwardingProfile.of(scope)` to share one per stack.
 *
 * The plan fails with a clear message if the tenant has no Private Access profile (Global Secure
 * Access not activated).
 *
 * @see https://learn.microsoft.com/entra/global-secure-access/concept-traffic-forwarding
 */
export class PrivateAccessForwardingProfile extends Construct {
  /**
   * The stack's forwarding profile construct, made on first use, so that several constructs can
   * require the profile without managing it twice.
   *
   * @param scope any construct of the stack
   */
  public static of(scope: IConstruct): PrivateAccessForwardingProfile {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    return existing instanceof PrivateAccessForwardingProfile
      ? existing
      : new PrivateAccessForwardingProfile(stack, SINGLETON_ID);
  }

  /** The ID of the tenant's Private Access forwarding profile, found when Terraform plans. */
  public readonly forwardingProfileId: string;

  /** The data lookup of the profile. */
  public readonly lookup: DataMsgraphResource;

  /** The update that enables the profile. */
  public readonly resource: UpdateResource;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.lookup = new DataMsgraphResource(this, 'Lookup', {
      url: FORWARDING_PROFILES_PATH,
      apiVersion: GRAPH_BETA,
      responseExportValues: {
        id: "value[?trafficForwardingType=='private'] | [0].id",
      },
      lifecycle: {
        postcondition: [
          {
            condition: '${self.output.id != null}',
            errorMessage:
              'The tenant has no Private Access forwarding profile. Activate Global Secure Access in the Microsoft Entra admin center (Global Secure Access > Get started) and plan again.',
          },
        ],
      },
    });
    this.forwardingProfileId = this.lookup.output.lookup('id');
    ensureStackChecks(this);
    this.resource = new UpdateResource(this, 'Resource', {
      url: `${FORWARDING_PROFILES_PATH}/${this.forwardingProfileId}`,
      apiVersion: GRAPH_BETA,
      body: { state: 'enabled' },
    });
  }
}

const SINGLETON_ID = 'PrivateAccessForwardingProfile';
