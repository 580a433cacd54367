import { Token } from 'cdktf';
import { Destination, DestinationType } from '../destination';
import { PrivateAccessError } from '../errors';
import { q } from './errors';

/**
 * Checks an IPv4 address or CIDR network for a rule, as strictly as a segment destination (host
 * bits set is an error with the network to write). A wildcard or service tag (`*`, `Any`,
 * `Internet`, `VirtualNetwork`, …) and a prefix covering half of IPv4 or more would open the
 * servers to far more than the connectors, and are refused. Tokens pass.
 */
export function checkPrefix(what: string, prefix: string): string {
  if (Token.isUnresolved(prefix)) {
    return prefix;
  }
  if (typeof prefix === 'string' && (prefix === '*' || /^[A-Za-z][A-Za-z0-9.]*$/.test(prefix))) {
    throw new PrivateAccessError(
      `${what} ${q(prefix)} is a wildcard or service tag, which lets in far more than the connectors; give their subnet or addresses, such as "10.0.9.0/27"`,
    );
  }
  let destination: Destination;
  try {
    destination = Destination.parse(prefix);
  } catch (err) {
    throw new PrivateAccessError(`${what} ${(err as Error).message.replace(/^destination /, '')}`);
  }
  if (!destination.addresses || destination.destinationType === DestinationType.IP_RANGE) {
    throw new PrivateAccessError(`${what} ${q(prefix)} is not an IPv4 address or CIDR network such as "10.0.9.0/27"`);
  }
  if (destination.addresses.last - destination.addresses.first + 1 >= 2 ** 31) {
    throw new PrivateAccessError(`${what} ${q(prefix)} covers half of IPv4 or more, an allow rule from anywhere; give the exact subnet or addresses`);
  }
  return destination.host;
}
