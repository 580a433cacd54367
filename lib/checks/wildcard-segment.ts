import { describeSegment, shapeOf } from '../analysis/shapes';
import { PrivateAccessRule, RuleContext, RuleFinding, RuleLevel } from './rule';

/** EPA-SEG-4: no wildcard host name segment. */
export class WildcardSegmentRule extends PrivateAccessRule {
  public readonly id = 'EPA-SEG-4';
  public readonly level = RuleLevel.WARNING;
  public readonly title = 'No wildcard host name segment';
  public readonly rationale =
    'A wildcard captures every host under the domain, including hosts added later by someone else; the Maester checks flag wildcard segments for that reason.';

  public check(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const app of context.applications) {
      for (const segment of app.segments) {
        const t = shapeOf(app, segment).target;
        if (t?.kind === 'wildcard') {
          findings.push({
            subject: segment.source,
            message: `segment ${describeSegment(shapeOf(app, segment))} captures every host under ${t.domain}, including hosts added later; list the hosts`,
          });
        }
      }
    }
    return findings;
  }
}
