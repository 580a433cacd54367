import { describeSegment, shapeOf, UDP } from '../analysis/shapes';
import { checkSetting, isSshApplication } from '../private/rule-helpers';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-SEG-3: an SSH app opens no wide TCP port range. */
export class SshPortRangeRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-3';
  public readonly level = RuleLevel.WARNING;
  public readonly title: string;
  public readonly rationale =
    "An SSH app needs port 22 (or the few ports its servers listen on); a wide TCP range also opens every other service on the servers to everyone assigned. UDP ranges such as mosh's 60000-61000 are not counted.";

  /**
   * @param maxPorts the widest TCP range allowed on an SSH app, such as 100
   */
  constructor(private readonly maxPorts: number) {
    super();
    checkSetting('maxSshPortRange', maxPorts, 1);
    this.title = `No TCP port range wider than ${maxPorts} ports on an SSH app`;
  }

  public check(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const app of context.applications.filter(isSshApplication)) {
      for (const segment of app.segments) {
        const shape = shapeOf(app, segment);
        if (shape.protocols === undefined || shape.protocols === UDP) {
          continue;
        }
        const wide = shape.knownPorts.find(([from, to]) => to - from + 1 > this.maxPorts);
        if (wide) {
          const [from, to] = wide;
          findings.push({
            subject: segment.source,
            message: `segment ${describeSegment(shape)} opens ${to - from + 1} ports (${segment.protocol.value}/${from}-${to}) on an SSH app, more than ${this.maxPorts}; list the ports the servers use`,
          });
        }
      }
    }
    return findings;
  }
}
