/**
 * IPv4 parsing and arithmetic on addresses held as unsigned 32-bit integers.
 */

/** The result of parsing an IPv4 address: the address, or why it is not one. */
export type Ipv4ParseResult = { readonly address: number } | { readonly problem: string };

const DOTTED_QUAD = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

/**
 * Parses a dotted-quad IPv4 address strictly: four decimal octets 0-255, no leading zeros, no
 * spaces or other characters.
 */
export function parseIpv4(text: string): Ipv4ParseResult {
  const withPort = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text);
  if (withPort) {
    return { problem: `has a port; ports go in \`ports\`: write "${withPort[1]}" with the port ${withPort[2]} in \`ports\`` };
  }
  if (text.includes(':')) {
    return { problem: 'is an IPv6 address; Private Access supports IPv4 only' };
  }
  if (/\s/.test(text)) {
    return { problem: 'contains white space; write the address without spaces' };
  }
  const m = DOTTED_QUAD.exec(text);
  if (!m) {
    return { problem: 'is not an IPv4 address; expected four decimal octets such as "10.1.0.4"' };
  }
  let address = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = m[i];
    if (octet.length > 1 && octet.startsWith('0')) {
      return { problem: `has the octet "${octet}" with a leading zero; write it as "${Number(octet)}"` };
    }
    const value = Number(octet);
    if (value > 255) {
      return { problem: `has the octet ${octet}, outside 0-255` };
    }
    address = address * 256 + value;
  }
  return { address };
}

/** Renders an address held as an unsigned 32-bit integer in dotted-quad form. */
export function formatIpv4(address: number): string {
  return [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.');
}

/** The number of addresses in a prefix of the given length. */
export function prefixSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/**
 * Describes an inclusive interval of addresses the way a destination would be written: a single
 * address, a CIDR network when the interval is exactly one, or `first..last`.
 */
export function describeInterval(first: number, last: number): string {
  if (first === last) {
    return formatIpv4(first);
  }
  const size = last - first + 1;
  const prefix = 32 - Math.log2(size);
  if (Number.isInteger(prefix) && first % size === 0) {
    return `${formatIpv4(first)}/${prefix}`;
  }
  return `${formatIpv4(first)}..${formatIpv4(last)}`;
}

/**
 * The fewest CIDR blocks that cover exactly the inclusive interval [first, last], in order: what an
 * Azure network security rule needs for a range like `10.1.0.1..10.1.0.20`.
 */
export function intervalToCidrs(first: number, last: number): string[] {
  const blocks: string[] = [];
  let start = first;
  while (start <= last) {
    let size = 1;
    // Grow the block while it stays aligned on `start` and inside the interval.
    while (size < 2 ** 32 && start % (size * 2) === 0 && start + size * 2 - 1 <= last) {
      size *= 2;
    }
    blocks.push(size === 1 ? formatIpv4(start) : `${formatIpv4(start)}/${32 - Math.log2(size)}`);
    start += size;
  }
  return blocks;
}
