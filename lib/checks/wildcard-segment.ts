import { IConstruct } from 'constructs';
import { ApplicationSegment } from '../application-segment';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-SEG-4: no wildcard host name segments. */
export class WildcardSegmentRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-4';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'No wildcard host name segment';
  public readonly rationale =
    'A wildcard captures every host under the domain, including hosts added later by someone else; the Maester checks flag wildcard segments for that reason.';

  public check(node: IConstruct, _context: RuleContext): RuleFinding[] {
    if (!(node instanceof ApplicationSegment) || !node.destination.isWildcard) {
      return [];
    }
    const domain = node.destination.host.slice(2);
    return [
      {
        construct: node,
        message: `segment ${node} captures every host under ${domain}, including hosts added later; list the hosts`,
      },
    ];
  }
}
