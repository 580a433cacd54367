import { IConstruct } from 'constructs';
import { PrivateAccessError } from '../errors';

/**
 * Runs `fn` and gives any `PrivateAccessError` it throws the path of `scope`, unless it already
 * names a construct.
 */
export function withConstructPath<T>(scope: IConstruct, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PrivateAccessError && err.constructPath === undefined) {
      throw new PrivateAccessError(err.message, scope.node.path);
    }
    throw err;
  }
}

/** Quotes a value for an error message, the way JSON would. */
export function q(value: unknown): string {
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
