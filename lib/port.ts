import { Token } from 'cdktf';
import { PrivateAccessError } from './errors';
import { q } from './private/errors';

/**
 * The transport protocol of an application segment, as Microsoft Graph spells it on the wire.
 *
 * @see https://learn.microsoft.com/graph/api/resources/ipapplicationsegment?view=graph-rest-beta
 */
export enum Protocol {
  /** TCP only. */
  TCP = 'tcp',
  /** UDP only. */
  UDP = 'udp',
  /** Both TCP and UDP, in one segment. */
  TCP_UDP = 'tcp,udp',
}

const MIN_PORT = 1;
const MAX_PORT = 65535;

/**
 * A port or an inclusive range of ports on one protocol.
 *
 * Rendered on the wire as `"N-N"` even for a single port, the form the service stores (a bare
 * `"22"` is stored as `"22-22"` and would drift). Ports are whole numbers from 1 to 65535 and a
 * range's start is not after its end; anything else throws a `PrivateAccessError`.
 *
 * @example
 * Port.SSH;                    // tcp/22
 * Port.tcpRange(2200, 2299);   // tcp/2200-2299
 * Port.udp(53);
 */
export class Port {
  /**
   * A single TCP port.
   *
   * @param port a port from 1 to 65535
   */
  public static tcp(port: number): Port {
    return new Port(Protocol.TCP, port, port);
  }

  /**
   * An inclusive range of TCP ports.
   *
   * @param from the first port of the range
   * @param to the last port of the range; not below `from`
   */
  public static tcpRange(from: number, to: number): Port {
    return new Port(Protocol.TCP, from, to);
  }

  /**
   * A single UDP port.
   *
   * @param port a port from 1 to 65535
   */
  public static udp(port: number): Port {
    return new Port(Protocol.UDP, port, port);
  }

  /**
   * An inclusive range of UDP ports.
   *
   * @param from the first port of the range
   * @param to the last port of the range; not below `from`
   */
  public static udpRange(from: number, to: number): Port {
    return new Port(Protocol.UDP, from, to);
  }

  /**
   * A single port on both TCP and UDP, sent as one segment with protocol `tcp,udp`.
   *
   * @param port a port from 1 to 65535
   */
  public static tcpUdp(port: number): Port {
    return new Port(Protocol.TCP_UDP, port, port);
  }

  /**
   * An inclusive range of ports on both TCP and UDP, sent as one segment with protocol `tcp,udp`.
   *
   * @param from the first port of the range
   * @param to the last port of the range; not below `from`
   */
  public static tcpUdpRange(from: number, to: number): Port {
    return new Port(Protocol.TCP_UDP, from, to);
  }

  /** SSH: TCP port 22. */
  public static readonly SSH = Port.tcp(22);

  private constructor(
    /** The protocol the port is on. */
    public readonly protocol: Protocol,
    /** The first port of the range (the port itself for a single port). */
    public readonly from: number,
    /** The last port of the range (the port itself for a single port). */
    public readonly to: number,
  ) {
    if (this.isUnresolved) {
      return;
    }
    for (const value of [from, to]) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
        throw new PrivateAccessError(
          `port ${typeof value === 'number' ? String(value) : q(value)} is not a valid port; expected a whole number from ${MIN_PORT} to ${MAX_PORT}${typeof value === 'bigint' ? ' (a number, not a BigInt)' : ''}`,
        );
      }
    }
    if (from > to) {
      throw new PrivateAccessError(
        `port range ${from}-${to} starts after it ends; did you mean ${this.factoryName()}(${to}, ${from})?`,
      );
    }
  }

  /** Whether the port is an unresolved token and cannot be checked at synth. */
  public get isUnresolved(): boolean {
    return Token.isUnresolved(this.from) || Token.isUnresolved(this.to);
  }

  /** Whether this is a single port rather than a range. */
  public get isSinglePort(): boolean {
    return this.from === this.to;
  }

  /** The number of ports covered. */
  public get count(): number {
    return this.to - this.from + 1;
  }

  /** The wire form of the port range: `"22-22"`, `"2200-2299"`. */
  public toWire(): string {
    if (this.isUnresolved) {
      return `${Token.asString(this.from)}-${Token.asString(this.to)}`;
    }
    return `${this.from}-${this.to}`;
  }

  /** The port as text: `tcp/22`, `udp/2200-2299`, `tcp,udp/53`. */
  public toString(): string {
    const ports = this.isSinglePort ? `${this.from}` : `${this.from}-${this.to}`;
    return `${this.protocol}/${ports}`;
  }

  private factoryName(): string {
    switch (this.protocol) {
      case Protocol.TCP:
        return 'Port.tcpRange';
      case Protocol.UDP:
        return 'Port.udpRange';
      default:
        return 'Port.tcpUdpRange';
    }
  }
}
