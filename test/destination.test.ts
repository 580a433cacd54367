import * as fc from 'fast-check';
import { Token } from 'cdktf';
import { Destination, DestinationType, Port } from '../lib';
import { PrivateAccessError } from '../lib/errors';

describe('Destination', () => {
  describe('ipAddress', () => {
    test('renders the wire type "ip", not the documented "ipAddress"', () => {
      expect(Destination.ipAddress('10.1.0.4').toWire()).toEqual({ destinationHost: '10.1.0.4', destinationType: 'ip' });
    });

    test.each([
      ['10.1.0.256', /"10\.1\.0\.256" has the octet 256, outside 0-255/],
      ['10.1.0', /"10\.1\.0" is not an IPv4 address; expected four decimal octets/],
      ['10.01.0.4', /"10\.01\.0\.4" has the octet "01" with a leading zero; write it as "1"/],
      [' 10.1.0.4', /has white space at its start or end; did you mean "10.1.0.4"/],
      ['fe80::1', /Private Access supports IPv4 only/],
      ['10.1.0.4/24', /is not an IPv4 address/],
    ])('rejects %s', (text, message) => {
      expect(() => Destination.ipAddress(text)).toThrow(PrivateAccessError);
      expect(() => Destination.ipAddress(text)).toThrow(message);
    });

    test('covers exactly one address', () => {
      expect(Destination.ipAddress('0.0.1.2').addresses).toEqual({ first: 258, last: 258 });
      expect(Destination.ipAddress('255.255.255.255').addresses).toEqual({ first: 2 ** 32 - 1, last: 2 ** 32 - 1 });
    });
  });

  describe('cidr', () => {
    test('renders ipRangeCidr with the network address', () => {
      const d = Destination.cidr('10.1.2.0/24');
      expect(d.toWire()).toEqual({ destinationHost: '10.1.2.0/24', destinationType: 'ipRangeCidr' });
      expect(d.addresses).toEqual({ first: 0x0a010200, last: 0x0a0102ff });
    });

    test('suggests the network address when host bits are set', () => {
      expect(() => Destination.cidr('10.1.2.3/24')).toThrow('destination "10.1.2.3/24" has host bits set; did you mean "10.1.2.0/24"?');
    });

    test('renders a /32 as a single address, which never drifts', () => {
      expect(Destination.cidr('10.1.2.3/32').toWire()).toEqual({ destinationHost: '10.1.2.3', destinationType: 'ip' });
    });

    test('accepts /0, covering every address', () => {
      expect(Destination.cidr('0.0.0.0/0').addresses).toEqual({ first: 0, last: 2 ** 32 - 1 });
    });

    test.each([
      ['10.1.2.0/33', /has the prefix length "33"; expected a whole number from 0 to 32/],
      ['10.1.2.0/-1', /has the prefix length "-1"/],
      ['10.1.2.0/', /has the prefix length ""/],
      ['10.1.2.0/024', /has the prefix length "024"/],
      ['10.1.2.0', /has no prefix length; write it as "10.1.2.0\/32" or use Destination.ipAddress/],
      ['10.1.2.300/24', /"10.1.2.300" has the octet 300/],
    ])('rejects %s', (text, message) => {
      expect(() => Destination.cidr(text)).toThrow(message);
    });
  });

  describe('ipRange', () => {
    test('renders first..last with two dots', () => {
      expect(Destination.ipRange('10.1.0.1', '10.1.0.20').toWire()).toEqual({
        destinationHost: '10.1.0.1..10.1.0.20',
        destinationType: 'ipRange',
      });
    });

    test('rejects a reversed range and suggests the right order', () => {
      expect(() => Destination.ipRange('10.1.0.20', '10.1.0.1')).toThrow(
        'destination range "10.1.0.20..10.1.0.1" starts after it ends; did you mean "10.1.0.1..10.1.0.20"?',
      );
    });

    test('rejects a malformed end', () => {
      expect(() => Destination.ipRange('10.1.0.1', '10.1.0.x')).toThrow(/last address "10.1.0.x" is not an IPv4 address/);
    });
  });

  describe('fqdn', () => {
    test('lower-cases and drops a trailing dot', () => {
      expect(Destination.fqdn('SSH.Corp.Contoso.com.').toWire()).toEqual({
        destinationHost: 'ssh.corp.contoso.com',
        destinationType: 'fqdn',
      });
    });

    test('accepts a wildcard as the whole left-most label', () => {
      const d = Destination.fqdn('*.corp.contoso.com');
      expect(d.host).toBe('*.corp.contoso.com');
      expect(d.isWildcard).toBe(true);
      expect(d.addresses).toBeUndefined();
    });

    test.each([
      ['server01', /single-label \(NetBIOS\) name.*"server01.corp.contoso.com"/],
      ['ssh.*.contoso.com', /wildcard that is not the left-most label/],
      ['ssh*.contoso.com', /a wildcard must be the whole left-most label/],
      ['-ssh.contoso.com', /has the label "-ssh"; labels are letters, digits and hyphens/],
      ['ssh_1.contoso.com', /has the label "ssh_1"/],
      ['ssh..contoso.com', /has an empty label/],
      [`${'a'.repeat(64)}.contoso.com`, /a label has at most 63/],
      [`${'a.'.repeat(127)}com`, /a host name has at most 253/],
      ['', /is empty/],
      ['10.1.0.300.5', /ends in a numeric label/],
    ])('rejects %s', (text, message) => {
      expect(() => Destination.fqdn(text)).toThrow(message);
    });
  });

  describe('parse', () => {
    test.each([
      ['10.0.0.4', DestinationType.IP_ADDRESS, '10.0.0.4'],
      ['10.0.0.0/24', DestinationType.CIDR, '10.0.0.0/24'],
      ['10.0.0.1..10.0.0.9', DestinationType.IP_RANGE, '10.0.0.1..10.0.0.9'],
      ['Bastion.Corp.Contoso.com', DestinationType.FQDN, 'bastion.corp.contoso.com'],
      ['*.corp.contoso.com', DestinationType.FQDN, '*.corp.contoso.com'],
    ])('recognises %s', (text, type, host) => {
      const d = Destination.parse(text);
      expect(d.destinationType).toBe(type);
      expect(d.host).toBe(host);
    });

    test('hints at ".." for a hyphenated range', () => {
      expect(() => Destination.parse('10.0.0.1-10.0.0.9')).toThrow(
        'destination "10.0.0.1-10.0.0.9" writes a range with a hyphen, which the service rejects; write it as "10.0.0.1..10.0.0.9"',
      );
    });

    test('says IPv4 only for IPv6', () => {
      expect(() => Destination.parse('2001:db8::1')).toThrow(/Private Access supports IPv4 only/);
      expect(() => Destination.parse('2001:db8::/64')).toThrow(/Private Access supports IPv4 only/);
    });

    test('treats a dotted number that is not an address as a bad address, not a host name', () => {
      expect(() => Destination.parse('10.0.0')).toThrow(/is not an IPv4 address/);
    });

    test('refuses to guess the kind of an unresolved token', () => {
      expect(() => Destination.parse(Token.asString({ Ref: 'x' }))).toThrow(/unresolved token/);
    });
  });

  test('factories accept unresolved tokens as they are', () => {
    const token = Token.asString({ Ref: 'server' });
    const d = Destination.ipAddress(token);
    expect(d.isUnresolved).toBe(true);
    expect(d.addresses).toBeUndefined();
    expect(d.toWire().destinationType).toBe('ip');
  });

  describe('properties', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const address = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));

    test('an address parses and renders back to itself', () => {
      fc.assert(fc.property(address, (a) => Destination.parse(a).host === a && Destination.parse(a).destinationType === 'ip'));
    });

    test('a network renders to the text it was parsed from', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 31 }), (n, prefix) => {
          const size = 2 ** (32 - prefix);
          const network = n - (n % size);
          const text = `${[network >>> 24, (network >>> 16) & 255, (network >>> 8) & 255, network & 255].join('.')}/${prefix}`;
          const d = Destination.parse(text);
          return d.host === text && d.addresses!.first === network && d.addresses!.last === network + size - 1;
        }),
      );
    });

    test('any text either parses, and re-parses to the same destination, or throws our error', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-z.*/:-]{0,30}$/)), (text) => {
          let d: Destination;
          try {
            d = Destination.parse(text);
          } catch (err) {
            return err instanceof PrivateAccessError;
          }
          const again = Destination.parse(d.toString());
          return again.host === d.host && again.destinationType === d.destinationType;
        }),
        { numRuns: 2000 },
      );
    });
  });
});

describe('Destination messages say what is really wrong', () => {
  test.each<[string, () => unknown, string | RegExp]>([
    ['a host name with a port', () => Destination.parse('host.corp.com:22'), 'destination "host.corp.com:22" has a port; ports go in `ports`: write the destination "host.corp.com" and the port 22 in `ports`, such as [Port.tcp(22)]'],
    ['an address with a port', () => Destination.parse('10.0.0.1:22'), /^destination "10.0.0.1:22" has a port; ports go in `ports`/],
    ['an address with a port, by its factory', () => Destination.ipAddress('10.0.0.1:22'), /has a port; ports go in `ports`: write "10.0.0.1" with the port 22/],
    ['two dots in a host name', () => Destination.parse('host..corp.com'), 'destination "host..corp.com" has an empty label (two dots in a row, or a leading dot)'],
    ['full-width digits', () => Destination.parse('１０.０.０.１'), 'destination "１０.０.０.１" has the non-ASCII digit "１" (U+FF11); write digits as 0-9'],
    ['a non-ASCII letter', () => Destination.parse('héllo.contoso.com'), /non-ASCII character "é" \(U\+00E9\); write an internationalized host name in its punycode form/],
    ['a trailing space', () => Destination.parse('10.0.0.1 '), 'destination "10.0.0.1 " has white space at its start or end; did you mean "10.0.0.1"?'],
    ['no value at all', () => Destination.cidr(undefined as any), /^destination undefined is not text/],
    ['a number', () => Destination.parse(10 as any), /^destination 10 is not text/],
    ['a BigInt port', () => Port.tcp(22n as any), 'port 22n is not a valid port; expected a whole number from 1 to 65535 (a number, not a BigInt)'],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(message instanceof RegExp ? message : new PrivateAccessError(message).message);
    expect(make).toThrow(PrivateAccessError);
  });

  test('a range is read only where both ends look like addresses', () => {
    expect(Destination.parse('10.0.0.1..10.0.0.9').destinationType).toBe(DestinationType.IP_RANGE);
    expect(() => Destination.parse('10.0.0.1..backup.corp.com')).toThrow(/last address "backup.corp.com" is not an IPv4 address/);
  });
});

describe('wildcards over a public suffix', () => {
  test.each(['*.com', '*.co.uk', '*.corp', '*.local', '*.azurewebsites.net', '*.blob.core.windows.net'])('%s is an error', (text) => {
    expect(() => Destination.fqdn(text)).toThrow(/a top-level domain or public suffix \(public suffix list\)/);
  });

  test.each(['*.contoso.com', '*.corp.contoso.co.uk', '*.contoso.corp', '*.privatelink.blob.core.windows.net'])('%s is your own domain', (text) => {
    expect(Destination.fqdn(text).host).toBe(text);
  });

  test('a DNS suffix that is a public suffix is an error', () => {
    expect(() => Destination.dnsSuffix('co.uk')).toThrow(/is a top-level domain or public suffix/);
    expect(Destination.dnsSuffix('corp.contoso.com').host).toBe('corp.contoso.com');
  });
});
