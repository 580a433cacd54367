import { shapeOf } from '../analysis/shapes';
import { appName } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** From half of IPv4 on, an app's segments are a full network tunnel. */
const HALF_OF_IPV4 = 2 ** 31;

/** EPA-SEG-2: an app's segments together cover less than half of IPv4. */
export class SegmentAllAddressesRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-2';
  public readonly level = RuleLevel.ERROR;
  public readonly title = "App's segments together cover less than half of IPv4";
  public readonly rationale =
    'Segments covering most of the address space turn a per-app grant into a full network tunnel, the VPN that Private Access replaces, and collide with every other app.';

  public check(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const app of context.applications) {
      const intervals = app.segments
        .map((s) => shapeOf(app, s).target)
        .flatMap((t) => (t?.kind === 'ip' ? [t] : []))
        .sort((a, b) => a.first - b.first);
      let covered = 0;
      let end = -1;
      for (const { first, last } of intervals) {
        if (last > end) {
          covered += last - Math.max(first, end + 1) + 1;
          end = last;
        }
      }
      if (covered >= HALF_OF_IPV4) {
        const share = covered === 2 ** 32 ? 'every IPv4 address' : `${covered} addresses, ${Math.floor((covered / 2 ** 32) * 100)}% of IPv4`;
        findings.push({ subject: app.source, message: `app "${appName(app)}": its segments together cover ${share}, a full network tunnel; list the servers or their subnets` });
      }
    }
    return findings;
  }
}
