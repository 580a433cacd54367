import { IConstruct } from 'constructs';
import { ApplicationSegment } from '../application-segment';
import { PrivateAccessRule, RuleFinding, RuleLevel } from './rule';

/** EPA-SEG-2: no segment covers every IPv4 address (0.0.0.0/0). */
export class SegmentAllAddressesRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-2';
  public readonly level = RuleLevel.ERROR;
  public readonly title = 'Segment does not cover 0.0.0.0/0';
  public readonly rationale =
    'A segment covering every address turns a per-app grant into a full network tunnel, the VPN that Private Access replaces, and collides with every other app.';

  public check(node: IConstruct): RuleFinding[] {
    const a = node instanceof ApplicationSegment ? node.destination.addresses : undefined;
    if (!a || a.first !== 0 || a.last !== 2 ** 32 - 1) {
      return [];
    }
    return [
      {
        construct: node,
        message: `segment ${node} covers every IPv4 address, a full network tunnel; list the servers or their subnets`,
      },
    ];
  }
}
