import { IConstruct } from 'constructs';
import { PrivateAccessError } from '../errors';

/**
 * Throws the library's error for `scope`: the one way a construct path is attached to an error
 * (the message is prefixed with the path, and the path kept on the error).
 */
export function failAt(scope: IConstruct, message: string): never {
  throw new PrivateAccessError(message, scope.node.path);
}

/**
 * Runs `fn` and gives any `PrivateAccessError` it throws the path of `scope`, unless it already
 * names a construct: for checks of values, which know no construct.
 */
export function withConstructPath<T>(scope: IConstruct, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PrivateAccessError && err.constructPath === undefined) {
      return failAt(scope, err.message);
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
