import { PrivateAccessError } from '../errors';
import { Principal } from '../principal';
import { q } from './errors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks that `value` is a `Principal`. A string or an object from JavaScript (or a cast) would
 * otherwise be dropped or misread: a break-glass account silently left subject to a policy.
 *
 * @param what where the value was given, such as `excludePrincipals[0]`
 * @param value the value given
 */
export function checkPrincipal(what: string, value: unknown): Principal {
  if (value instanceof Principal) {
    return value;
  }
  throw new PrivateAccessError(`${what} is ${describe(value)}, not a Principal; ${hint(value)}`);
}

/**
 * Checks a list of principals: an array (or nothing) of `Principal`s.
 *
 * @param what the prop's name, such as `excludePrincipals`
 * @param values the values given
 */
export function checkPrincipals(what: string, values: unknown): Principal[] {
  if (values === undefined) {
    return [];
  }
  if (!Array.isArray(values)) {
    throw new PrivateAccessError(`${what} must be a list of Principals, such as [Principal.group("Linux Admins")]; got ${describe(values)}`);
  }
  return values.map((v, i) => checkPrincipal(`${what}[${i}]`, v));
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return `the string ${q(value)}`;
  }
  if (value === null || value === undefined) {
    return String(value);
  }
  return typeof value === 'object' ? `an object ${safeJson(value)}` : `${typeof value} ${String(value)}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function hint(value: unknown): string {
  if (typeof value === 'string' && GUID.test(value)) {
    return `for an object ID write Principal.userId(${q(value)}, "label") or Principal.groupId(${q(value)}, "label")`;
  }
  if (typeof value === 'string' && value.includes('@')) {
    return `for a user write Principal.user(${q(value)})`;
  }
  if (typeof value === 'string') {
    return `for a group write Principal.group(${q(value)})`;
  }
  return 'use Principal.group("Linux Admins"), Principal.user("alex@contoso.com"), or Principal.userId("…", "label")';
}
