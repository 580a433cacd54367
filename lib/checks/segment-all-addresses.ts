import { IConstruct } from 'constructs';
import { PrivateAccessApplicationBase } from '../private-access-application-base';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** Half of the IPv4 address space. */
const HALF_OF_IPV4 = 2 ** 31;

/**
 * EPA-SEG-2: an app's segments together cover less than half of the IPv4 address space.
 *
 * The union of the app's address segments counts, however it is written: `0.0.0.0/0`,
 * `0.0.0.1..255.255.255.255`, or `0.0.0.0/1` and `128.0.0.0/1` as two segments.
 */
export class SegmentAllAddressesRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-2';
  public readonly level = RuleLevel.ERROR;
  public readonly title = "App's segments together cover less than half of IPv4";
  public readonly rationale =
    'Segments covering most of the address space turn a per-app grant into a full network tunnel, the VPN that Private Access replaces, and collide with every other app.';

  public check(node: IConstruct, _context: RuleContext): RuleFinding[] {
    if (!(node instanceof PrivateAccessApplicationBase)) {
      return [];
    }
    const intervals = node.segments
      .map((s) => s.destination.addresses)
      .filter((a): a is NonNullable<typeof a> => a !== undefined)
      .sort((a, b) => a.first - b.first);
    let covered = 0;
    let end = -1;
    for (const { first, last } of intervals) {
      if (last > end) {
        covered += last - Math.max(first, end + 1) + 1;
        end = last;
      }
    }
    if (covered < HALF_OF_IPV4) {
      return [];
    }
    const share = covered === 2 ** 32 ? 'every IPv4 address' : `${covered} addresses, ${Math.floor((covered / 2 ** 32) * 100)}% of IPv4`;
    return [
      {
        construct: node,
        message: `app "${node.displayName}": its segments together cover ${share}, a full network tunnel; list the servers or their subnets`,
      },
    ];
  }
}
