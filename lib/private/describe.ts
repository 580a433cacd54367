import { TCP, UDP } from './overlap';
import { describeInterval } from './ipv4';

/** Protocol bits as the wire writes them: `tcp`, `udp`, `tcp,udp`. */
export function describeProtocols(bits: number): string {
  return [bits & TCP ? 'tcp' : '', bits & UDP ? 'udp' : ''].filter(Boolean).join(',');
}

/** A port range as text: `22`, `2200-2299`. */
export function describePorts([from, to]: readonly [number, number]): string {
  return from === to ? `${from}` : `${from}-${to}`;
}

/** Protocols and a port range as text: `tcp/22`, `tcp,udp/2200-2299`. */
export function describeTraffic(protocols: number, ports: readonly [number, number]): string {
  return `${describeProtocols(protocols)}/${describePorts(ports)}`;
}

/** What two overlapping segments share, as text: `tcp/22 to 10.1.2.4`. */
export function describeShared(
  protocols: number,
  ports: readonly [number, number],
  destination: { readonly addresses?: readonly [number, number]; readonly host?: string },
): string {
  const where = destination.addresses ? describeInterval(destination.addresses[0], destination.addresses[1]) : destination.host;
  return `${describeTraffic(protocols, ports)} to ${where}`;
}
