import * as fc from 'fast-check';
import { Port, Protocol } from '../lib';
import { PrivateAccessError } from '../lib/errors';

describe('Port', () => {
  test('renders a single port as "N-N", the form the service stores', () => {
    expect(Port.tcp(22).toWire()).toBe('22-22');
    expect(Port.SSH.toWire()).toBe('22-22');
    expect(Port.SSH.protocol).toBe('tcp');
  });

  test('renders a range as "from-to"', () => {
    expect(Port.tcpRange(2200, 2299).toWire()).toBe('2200-2299');
    expect(Port.udpRange(5000, 5001).toWire()).toBe('5000-5001');
  });

  test.each([
    [Port.tcp(22), Protocol.TCP, 'tcp'],
    [Port.udp(53), Protocol.UDP, 'udp'],
    [Port.tcpUdp(53), Protocol.TCP_UDP, 'tcp,udp'],
    [Port.tcpUdpRange(53, 54), Protocol.TCP_UDP, 'tcp,udp'],
  ])('renders the protocol of %s on the wire', (port, protocol, wire) => {
    expect(port.protocol).toBe(protocol);
    expect(`${port.protocol}`).toBe(wire);
  });

  test('describes itself', () => {
    expect(`${Port.SSH}`).toBe('tcp/22');
    expect(`${Port.udpRange(2200, 2299)}`).toBe('udp/2200-2299');
    expect(Port.tcpRange(1, 65535).count).toBe(65535);
  });

  test.each([
    [() => Port.tcp(0), 'port 0 is not a valid port; expected a whole number from 1 to 65535'],
    [() => Port.tcp(65536), 'port 65536 is not a valid port; expected a whole number from 1 to 65535'],
    [() => Port.udp(22.5), 'port 22.5 is not a valid port; expected a whole number from 1 to 65535'],
    [() => Port.tcp(NaN), 'port NaN is not a valid port; expected a whole number from 1 to 65535'],
    [() => Port.tcp('22' as unknown as number), 'port "22" is not a valid port; expected a whole number from 1 to 65535'],
    [() => Port.tcpRange(2299, 2200), 'port range 2299-2200 starts after it ends; did you mean Port.tcpRange(2200, 2299)?'],
    [() => Port.udpRange(10, 9), 'port range 10-9 starts after it ends; did you mean Port.udpRange(9, 10)?'],
  ])('rejects bad ports with a fix', (make, message) => {
    expect(make).toThrow(PrivateAccessError);
    expect(make).toThrow(message);
  });
});

describe('Port properties', () => {
  test('any numbers either make a port range within 1-65535 or throw our error', () => {
    const n = fc.oneof(fc.integer({ min: -10, max: 70000 }), fc.double(), fc.constantFrom(NaN, Infinity, -0));
    fc.assert(
      fc.property(n, n, (from, to) => {
        try {
          const p = Port.udpRange(from, to);
          return p.fromPort >= 1 && p.toPort <= 65535 && p.fromPort <= p.toPort && p.toWire() === `${from}-${to}`;
        } catch (err) {
          return err instanceof PrivateAccessError;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
