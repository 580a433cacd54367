/**
 * What the built-in rules share: their settings checks, and the questions they ask of the model
 * through the analysis (so that a rule and the review can never answer differently).
 */
import { AccessGraph } from '../analysis/routes';
import { isEnforced, targets } from '../analysis/coverage';
import { inIntervals, shapeOf } from '../analysis/shapes';
import type { RuleContext } from '../checks/rule';
import { PrivateAccessError } from '../errors';
import { ModelApplication, ModelPolicy } from '../model/access-model';

/** The enforced policies that target the app. */
export function enforcedPoliciesOf(app: ModelApplication, context: RuleContext): ModelPolicy[] {
  return context.policies.filter((p) => isEnforced(p) && targets(p, app));
}

/** The policies that target one of the judged apps. */
export function judgedPolicies(context: RuleContext): ModelPolicy[] {
  return context.policies.filter((p) => context.applications.some((a) => targets(p, a)));
}

/** Throws unless `value` is a whole number within `min`-`max`. */
export function checkSetting(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PrivateAccessError(
      max === Number.MAX_SAFE_INTEGER ? `${name} ${value} is not a whole number of at least ${min}` : `${name} ${value} is outside ${min}-${max}`,
    );
  }
  return value;
}

/** Whether an app carries SSH: some TCP segment covers port 22. */
export function isSshApplication(app: ModelApplication): boolean {
  return app.segments.some((s) => {
    const shape = shapeOf(app, s);
    return shape.protocols !== undefined && (shape.protocols & 1) !== 0 && inIntervals(22, shape.knownPorts);
  });
}

const GRAPHS = new WeakMap<RuleContext, AccessGraph>();

/** Attaches the analysis graph to a rule context (the pack does, before running its rules). */
export function attachGraph(context: RuleContext, graph: AccessGraph): void {
  GRAPHS.set(context, graph);
}

/** The analysis graph of a rule context: the one the pack attached, or one made from the context. */
export function graphOf(context: RuleContext): AccessGraph {
  let graph = GRAPHS.get(context);
  if (!graph) {
    graph = new AccessGraph(context.allApplications);
    GRAPHS.set(context, graph);
  }
  return graph;
}

/** An app's display name for findings. */
export function appName(app: ModelApplication): string {
  return app.displayName.value ?? app.source.path ?? app.source.address;
}
