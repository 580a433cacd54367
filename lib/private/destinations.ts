import { Destination, DestinationType } from '../destination';
import { PrivateAccessError } from '../errors';
import { q } from './errors';

/**
 * Checks that `value` is a `Destination`. Props take `Destination`s only, so that Python, C#, Java
 * and Go can call them (jsii has no `Destination | string`); text from JavaScript or a cast gets
 * the factory that reads it.
 *
 * @param what where the value was given, such as `servers[0]`
 * @param value the value given
 */
export function checkDestination(what: string, value: unknown): Destination {
  if (value instanceof Destination) {
    return value;
  }
  if (typeof value === 'string') {
    throw new PrivateAccessError(`${what} is the text ${q(value)}, not a Destination; ${factoryFor(value)}`);
  }
  throw new PrivateAccessError(
    `${what} is ${value === null || value === undefined ? String(value) : typeof value}, not a Destination; use Destination.ipAddress("10.1.0.4"), .cidr(), .ipRange() or .fqdn()`,
  );
}

/**
 * Checks a list of destinations: an array (or nothing) of `Destination`s.
 *
 * @param what the prop's name, such as `servers`
 * @param values the values given
 */
export function checkDestinations(what: string, values: unknown): Destination[] {
  if (values === undefined) {
    return [];
  }
  if (!Array.isArray(values)) {
    throw new PrivateAccessError(`${what} must be a list of Destinations, such as [Destination.ipAddress("10.1.0.4")]; got ${q(values)}`);
  }
  return values.map((v, i) => checkDestination(`${what}[${i}]`, v));
}

/** The factory call that makes the destination `text` names, or why the text names none. */
function factoryFor(text: string): string {
  let destination: Destination;
  try {
    destination = Destination.parse(text);
  } catch (err) {
    return `nor does it read as one: ${err instanceof Error ? err.message : String(err)}`;
  }
  const args = destination.destinationType === DestinationType.IP_RANGE ? text.split('..').map((x) => q(x)).join(', ') : q(text);
  return `write Destination.${FACTORIES[destination.destinationType]}(${args})`;
}

const FACTORIES: Record<DestinationType, string> = {
  [DestinationType.IP_ADDRESS]: 'ipAddress',
  [DestinationType.CIDR]: 'cidr',
  [DestinationType.IP_RANGE]: 'ipRange',
  [DestinationType.FQDN]: 'fqdn',
  [DestinationType.DNS_SUFFIX]: 'dnsSuffix',
};
