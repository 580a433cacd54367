import { describeSegment, shapeOf } from '../analysis/shapes';
import { checkSetting } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** From half of IPv4 on, EPA-SEG-2 reports the app as an error. */
const HALF_OF_IPV4 = 2 ** 31;

/** EPA-SEG-1: no segment covers more addresses than a network of the given prefix length. */
export class SegmentTooWideRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-1';
  public readonly level = RuleLevel.WARNING;
  public readonly title: string;
  public readonly rationale =
    'A wide segment grants access to every host that is or will be in the network, not to the servers the app is for; it also overlaps other apps easily. List the servers or their subnets.';

  private readonly maxAddresses: number;

  /**
   * @param widestPrefixLength the shortest prefix length allowed without a warning, such as 16
   */
  constructor(private readonly widestPrefixLength: number) {
    super();
    checkSetting('widestPrefixLength', widestPrefixLength, 1, 32);
    this.maxAddresses = 2 ** (32 - widestPrefixLength);
    this.title = `Segment no wider than a /${widestPrefixLength}`;
  }

  public check(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const app of context.applications) {
      for (const segment of app.segments) {
        const shape = shapeOf(app, segment);
        const t = shape.target;
        if (t?.kind !== 'ip') {
          continue;
        }
        const size = t.last - t.first + 1;
        if (size > this.maxAddresses && size < HALF_OF_IPV4) {
          findings.push({
            subject: segment.source,
            message: `segment ${describeSegment(shape)} covers ${size} addresses, more than a /${this.widestPrefixLength}; list the servers or their subnets instead`,
          });
        }
      }
    }
    return findings;
  }
}
