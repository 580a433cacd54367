import { IConstruct } from 'constructs';
import { ApplicationSegment } from '../application-segment';
import { Protocol } from '../port';
import { PrivateAccessApplicationBase } from '../private-access-application-base';
import { checkSetting, isSshApplication } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/**
 * EPA-SEG-3: an SSH app opens no TCP port range wider than the given number of ports.
 *
 * UDP ranges are not counted: mosh, the SSH companion for unreliable links, needs UDP
 * 60000-61000 by design, and SSH itself never uses UDP. A `tcp,udp` segment counts for its TCP side.
 */
export class SshPortRangeRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-3';
  public readonly level = RuleLevel.WARNING;
  public readonly title: string;
  public readonly rationale =
    'An SSH app needs port 22 (or the few ports its servers listen on); a wide TCP range also opens every other service on the servers to everyone assigned. UDP ranges such as mosh\'s 60000-61000 are not counted.';

  /**
   * @param maxPorts the most ports one range may span on an SSH app, such as 100
   */
  constructor(private readonly maxPorts: number) {
    super();
    checkSetting('maxSshPortRange', maxPorts, 1);
    this.title = `No TCP port range wider than ${maxPorts} ports on an SSH app`;
  }

  public check(node: IConstruct, _context: RuleContext): RuleFinding[] {
    if (!(node instanceof ApplicationSegment) || !(node.node.scope instanceof PrivateAccessApplicationBase) || node.protocol === Protocol.UDP) {
      return [];
    }
    const wide = node.ports.find((p) => !p.isUnresolved && p.count > this.maxPorts);
    if (!wide || !isSshApplication(node.node.scope)) {
      return [];
    }
    return [
      {
        construct: node,
        message: `segment ${node} opens ${wide.count} ports (${wide}) on an SSH app, more than ${this.maxPorts}; list the ports the servers use`,
      },
    ];
  }
}
