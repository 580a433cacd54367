import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
// cdktf's own logical-id function, tested against the addresses 0.1 synthesized (the
// movedFromVersion01 test in test/private-access-application.test.ts).
import { makeUniqueId } from './cdktf-internals';

/**
 * The context key that turns on `moved` blocks from the segment addresses of version 0.1 (which
 * included the ports) to today's (destination and protocol only). Set it, plan and apply once, then
 * remove it: `cdktf.json` `"context": { "cdktf-entra-private-access:movedFromVersion01": true }`.
 */
export const MOVED_FROM_01_CONTEXT = 'cdktf-entra-private-access:movedFromVersion01';

/** Whether the program asked for `moved` blocks from version 0.1's addresses. */
export function movesFrom01(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(MOVED_FROM_01_CONTEXT);
  return value === true || value === 'true';
}

/**
 * The Terraform logical id a resource would have under `parent` with the construct id path
 * `ids` below it: what cdktf computes from a construct path, relative to the stack.
 */
export function logicalIdUnder(parent: IConstruct, ids: readonly string[]): string {
  const stack = TerraformStack.of(parent);
  const scopes = parent.node.scopes;
  const relative = scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id);
  return makeUniqueId([...relative, ...ids]);
}
