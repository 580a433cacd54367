import { Token } from 'cdktf';
import { getPublicSuffix } from 'tldts';
import { PrivateAccessError } from './errors';
import { q } from './private/errors';
import { formatIpv4, parseIpv4, prefixSize } from './private/ipv4';

/**
 * The kind of destination of an application segment, as Microsoft Graph spells it on the wire.
 *
 * The live API differs from its documentation: a single address is `ip`, not `ipAddress`
 * (which is rejected with 400 InvalidJson_BadRequest). The service infers the stored type from the
 * host, so a type that does not match its host drifts on every plan; `Destination` always pairs
 * them correctly.
 *
 * @see https://learn.microsoft.com/graph/api/resources/ipapplicationsegment?view=graph-rest-beta
 */
export enum DestinationType {
  /** A single IPv4 address, such as `10.1.0.4`. */
  IP_ADDRESS = 'ip',
  /** An IPv4 network in CIDR notation, such as `10.1.2.0/24`. */
  CIDR = 'ipRangeCidr',
  /** An inclusive IPv4 range written with two dots, such as `10.1.0.1..10.1.0.20`. */
  IP_RANGE = 'ipRange',
  /** A fully qualified domain name, such as `ssh.corp.contoso.com` or `*.corp.contoso.com`. */
  FQDN = 'fqdn',
  /**
   * A DNS suffix, such as `corp.contoso.com`: valid for the tenant's Quick Access app only, where
   * Graph drops its ports and protocol. Enterprise apps reject it.
   */
  DNS_SUFFIX = 'dnsSuffix',
}

/** The wire form of a destination in an `ipApplicationSegment` body. */
export interface DestinationWire {
  /** The `destinationHost` property. */
  readonly destinationHost: string;
  /** The `destinationType` property. */
  readonly destinationType: string;
}

/** An inclusive interval of IPv4 addresses, each held as an unsigned 32-bit integer. */
export interface AddressInterval {
  /** The first address of the interval. */
  readonly first: number;
  /** The last address of the interval (inclusive). */
  readonly last: number;
}

const MAX_FQDN_LENGTH = 253;

/**
 * Checks what every destination text must be before its kind is read: text, no white space at
 * either end, and ASCII (full-width digits look like digits but are not; other non-ASCII characters
 * belong in a punycode name).
 */
function checkText(text: unknown): string {
  if (typeof text !== 'string') {
    throw new PrivateAccessError(`destination ${q(text)} is not text; write it as "10.1.0.4", "10.1.2.0/24" or "ssh.corp.contoso.com"`);
  }
  if (text !== text.trim()) {
    throw new PrivateAccessError(`destination ${q(text)} has white space at its start or end; did you mean ${q(text.trim())}?`);
  }
  const foreign = /[^\x00-\x7f]/u.exec(text);
  if (foreign) {
    const char = foreign[0];
    const point = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    if (/\p{Nd}/u.test(char)) {
      throw new PrivateAccessError(`destination ${q(text)} has the non-ASCII digit "${char}" (${point}); write digits as 0-9`);
    }
    throw new PrivateAccessError(
      `destination ${q(text)} has the non-ASCII character "${char}" (${point}); write an internationalized host name in its punycode form ("xn--…")`,
    );
  }
  return text;
}
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Where an application segment sends traffic: an IPv4 address, a CIDR network, an IPv4 range or a
 * host name.
 *
 * Each factory parses its input strictly, normalises it (host names are lower-cased, a trailing
 * dot is dropped, a /32 network becomes a single address) and renders the wire
 * `destinationHost`/`destinationType` pair in one place. Invalid input throws a
 * `PrivateAccessError` that names the value and the fix. A value that is an unresolved cdktf token
 * is accepted as it is and skipped by the checks that need its value.
 *
 * @example
 * Destination.ipAddress('10.1.0.4');
 * Destination.cidr('10.1.2.0/24');
 * Destination.ipRange('10.1.0.1', '10.1.0.20');
 * Destination.fqdn('*.corp.contoso.com');
 * Destination.parse('10.1.0.1..10.1.0.20');
 */
export class Destination {
  /**
   * A single IPv4 address.
   *
   * @param address four decimal octets, such as `10.1.0.4`
   */
  public static ipAddress(address: string): Destination {
    if (Token.isUnresolved(address)) {
      return new Destination(DestinationType.IP_ADDRESS, address);
    }
    const first = Destination.address(checkText(address), 'address');
    return new Destination(DestinationType.IP_ADDRESS, formatIpv4(first), { first, last: first });
  }

  /**
   * An IPv4 network in CIDR notation.
   *
   * The address must be the network address: `10.1.2.3/24` is rejected with a hint to write
   * `10.1.2.0/24`. A /32 network is the single address it contains and is rendered as one.
   *
   * @param cidr a network such as `10.1.2.0/24`
   */
  public static cidr(cidr: string): Destination {
    if (Token.isUnresolved(cidr)) {
      return new Destination(DestinationType.CIDR, cidr);
    }
    checkText(cidr);
    const slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new PrivateAccessError(
        `destination ${q(cidr)} is not a CIDR network: it has no prefix length; write it as "${cidr}/32" or use Destination.ipAddress(${q(cidr)})`,
      );
    }
    const addressText = cidr.slice(0, slash);
    const prefixText = cidr.slice(slash + 1);
    const parsed = parseIpv4(addressText);
    if ('problem' in parsed) {
      throw new PrivateAccessError(`destination ${q(cidr)}: ${q(addressText)} ${parsed.problem}`);
    }
    if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32 || (prefixText.length > 1 && prefixText.startsWith('0'))) {
      throw new PrivateAccessError(
        `destination ${q(cidr)} has the prefix length ${q(prefixText)}; expected a whole number from 0 to 32`,
      );
    }
    const prefix = Number(prefixText);
    const size = prefixSize(prefix);
    const network = parsed.address - (parsed.address % size);
    if (network !== parsed.address) {
      throw new PrivateAccessError(
        `destination ${q(cidr)} has host bits set; did you mean "${formatIpv4(network)}/${prefix}"?`,
      );
    }
    if (prefix === 32) {
      return new Destination(DestinationType.IP_ADDRESS, formatIpv4(network), { first: network, last: network });
    }
    return new Destination(DestinationType.CIDR, `${formatIpv4(network)}/${prefix}`, {
      first: network,
      last: network + size - 1,
    });
  }

  /**
   * An inclusive range of IPv4 addresses, rendered `first..last` as the service expects.
   *
   * @param first the first address of the range
   * @param last the last address of the range; not before `first`
   */
  public static ipRange(first: string, last: string): Destination {
    if (Token.isUnresolved(first) || Token.isUnresolved(last)) {
      return new Destination(DestinationType.IP_RANGE, `${first}..${last}`);
    }
    const text = `${first}..${last}`;
    checkText(first);
    checkText(last);
    const a = Destination.address(first, `range ${q(text)}: first address`);
    const b = Destination.address(last, `range ${q(text)}: last address`);
    if (a > b) {
      throw new PrivateAccessError(
        `destination range ${q(text)} starts after it ends; did you mean "${formatIpv4(b)}..${formatIpv4(a)}"?`,
      );
    }
    return new Destination(DestinationType.IP_RANGE, `${formatIpv4(a)}..${formatIpv4(b)}`, { first: a, last: b });
  }

  /**
   * A fully qualified domain name, optionally with a wildcard as its whole left-most label
   * (`*.corp.contoso.com`).
   *
   * Labels are 1-63 letters, digits or hyphens, neither starting nor ending with a hyphen; the
   * name has at least two labels (single-label NetBIOS names are not supported by Private Access)
   * and at most 253 characters. The name is lower-cased and a trailing dot dropped.
   *
   * @param name a host name such as `ssh.corp.contoso.com`
   */
  public static fqdn(name: string): Destination {
    if (Token.isUnresolved(name)) {
      return new Destination(DestinationType.FQDN, name);
    }
    return new Destination(DestinationType.FQDN, Destination.hostName(name, true));
  }

  /**
   * A DNS suffix, such as `corp.contoso.com`, for the tenant's Quick Access app.
   *
   * Private Access accepts DNS suffixes in Quick Access only; a `PrivateAccessApplication`
   * rejects them and suggests the wildcard host name that covers the same hosts.
   *
   * @param suffix a domain such as `corp.contoso.com`
   */
  public static dnsSuffix(suffix: string): Destination {
    if (Token.isUnresolved(suffix)) {
      return new Destination(DestinationType.DNS_SUFFIX, suffix);
    }
    return new Destination(DestinationType.DNS_SUFFIX, Destination.hostName(suffix, false));
  }

  /** Checks and normalises a host name; `wildcard` allows `*` as the whole left-most label. */
  private static hostName(name: string, wildcard: boolean): string {
    checkText(name);
    const host = name.endsWith('.') ? name.slice(0, -1).toLowerCase() : name.toLowerCase();
    const fail = (why: string): never => {
      throw new PrivateAccessError(`destination ${q(name)} ${why}`);
    };
    if (host.length === 0) {
      fail('is empty; expected a host name such as "ssh.corp.contoso.com"');
    }
    if (/\s/.test(host)) {
      fail('contains white space; write the host name without spaces');
    }
    if (host.includes(':')) {
      fail('looks like an IPv6 address or has a port; Private Access supports IPv4 only, and ports go in `ports`');
    }
    if (host.length > MAX_FQDN_LENGTH) {
      fail(`is ${host.length} characters long; a host name has at most ${MAX_FQDN_LENGTH}`);
    }
    const labels = host.split('.');
    if (labels.length < 2) {
      fail(
        'is a single-label (NetBIOS) name, which Private Access does not support; use the fully qualified name, such as "' +
          `${host}.corp.contoso.com"`,
      );
    }
    labels.forEach((label, i) => {
      if (label === '*' && wildcard) {
        if (i !== 0) {
          fail('has a wildcard that is not the left-most label; write it as "*.corp.contoso.com"');
        }
        return;
      }
      if (label.includes('*')) {
        fail(
          wildcard
            ? `has the label ${q(label)}: a wildcard must be the whole left-most label, as in "*.corp.contoso.com"`
            : 'has a wildcard; a DNS suffix is a plain domain such as "corp.contoso.com"',
        );
      }
      if (label.length === 0) {
        fail('has an empty label (two dots in a row, or a leading dot)');
      }
      if (label.length > 63) {
        fail(`has the label ${q(label)} of ${label.length} characters; a label has at most 63`);
      }
      if (!LABEL.test(label)) {
        fail(
          `has the label ${q(label)}; labels are letters, digits and hyphens, and neither start nor end with a hyphen`,
        );
      }
    });
    if (/^\d+$/.test(labels[labels.length - 1])) {
      fail('ends in a numeric label, so it is neither a host name nor a valid IPv4 address');
    }
    const domain = labels[0] === '*' ? labels.slice(1).join('.') : wildcard ? undefined : host;
    if (domain !== undefined && getPublicSuffix(domain, { allowPrivateDomains: true }) === domain) {
      fail(
        labels[0] === '*'
          ? `covers every host under ${q(domain)}, a top-level domain or public suffix (public suffix list): traffic to anyone's hosts there would be captured; name your own domain, such as "*.corp.contoso.com"`
          : `is a top-level domain or public suffix (public suffix list); name your own domain, such as "corp.contoso.com"`,
      );
    }
    return host;
  }

  /**
   * Recognises a destination from its text: `10.0.0.4` (an address), `10.0.0.0/24` (a network),
   * `10.0.0.1..10.0.0.9` (a range) or a host name.
   *
   * @param text the destination as an admin would type it in the portal
   */
  public static parse(text: string): Destination {
    if (Token.isUnresolved(text)) {
      throw new PrivateAccessError(
        `destination ${q(text)} is an unresolved token, so its kind cannot be recognised; use Destination.ipAddress(), .cidr(), .ipRange() or .fqdn()`,
      );
    }
    checkText(text);
    const hostPort = /^([^:/]+):(\d+)$/.exec(text);
    if (hostPort) {
      throw new PrivateAccessError(
        `destination ${q(text)} has a port; ports go in \`ports\`: write the destination ${q(hostPort[1])} and the port ${hostPort[2]} in \`ports\`, such as [Port.tcp(${hostPort[2]})]`,
      );
    }
    if (/^[\d.]+\.\.[\d.]+$/.test(text) || /^\d+\.\d+\.\d+\.\d+\.\./.test(text)) {
      const [first, last, ...rest] = text.split('..');
      if (rest.length > 0) {
        throw new PrivateAccessError(`destination ${q(text)} has more than one ".."; a range is "first..last"`);
      }
      return Destination.ipRange(first, last);
    }
    if (text.includes('/')) {
      return Destination.cidr(text);
    }
    const hyphenRange = /^(\d+\.\d+\.\d+\.\d+)\s*-\s*(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (hyphenRange) {
      throw new PrivateAccessError(
        `destination ${q(text)} writes a range with a hyphen, which the service rejects; write it as "${hyphenRange[1]}..${hyphenRange[2]}"`,
      );
    }
    if (/^[\d.]+$/.test(text) || text.includes(':')) {
      return Destination.ipAddress(text);
    }
    return Destination.fqdn(text);
  }

  private static address(text: string, what: string): number {
    if (typeof text !== 'string') {
      throw new PrivateAccessError(`${what} ${q(text)} is not a string`);
    }
    const parsed = parseIpv4(text);
    if ('problem' in parsed) {
      throw new PrivateAccessError(`${what === 'address' ? 'destination' : what} ${q(text)} ${parsed.problem}`);
    }
    return parsed.address;
  }

  /**
   * The addresses the destination covers, or `undefined` for a host name or an unresolved token.
   */
  public readonly addresses?: AddressInterval;

  private constructor(
    /** The kind of destination. */
    public readonly destinationType: DestinationType,
    /** The normalised `destinationHost` sent to Microsoft Graph. */
    public readonly host: string,
    addresses?: AddressInterval,
  ) {
    this.addresses = addresses;
  }

  /** Whether the destination holds an unresolved token and cannot be checked at synth. */
  public get isUnresolved(): boolean {
    return Token.isUnresolved(this.host);
  }

  /** Whether the destination is a wildcard host name such as `*.corp.contoso.com`. */
  public get isWildcard(): boolean {
    return this.destinationType === DestinationType.FQDN && this.host.startsWith('*.');
  }

  /** The `destinationHost` and `destinationType` properties of a segment body. */
  public toWire(): DestinationWire {
    return { destinationHost: this.host, destinationType: this.destinationType };
  }

  /** The destination as text, in the form `Destination.parse` reads. */
  public toString(): string {
    return this.host;
  }
}
