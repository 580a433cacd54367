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
   * @param fromPort the first port of the range
   * @param toPort the last port of the range; not below `fromPort`
   */
  public static tcpRange(fromPort: number, toPort: number): Port {
    return new Port(Protocol.TCP, fromPort, toPort);
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
   * @param fromPort the first port of the range
   * @param toPort the last port of the range; not below `fromPort`
   */
  public static udpRange(fromPort: number, toPort: number): Port {
    return new Port(Protocol.UDP, fromPort, toPort);
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
   * @param fromPort the first port of the range
   * @param toPort the last port of the range; not below `fromPort`
   */
  public static tcpUdpRange(fromPort: number, toPort: number): Port {
    return new Port(Protocol.TCP_UDP, fromPort, toPort);
  }

  /** SSH: TCP port 22. */
  public static readonly SSH = Port.tcp(22);

  private constructor(
    /** The protocol the port is on. */
    public readonly protocol: Protocol,
    /** The first port of the range (the port itself for a single port). */
    public readonly fromPort: number,
    /** The last port of the range (the port itself for a single port). */
    public readonly toPort: number,
  ) {
    if (this.isUnresolved) {
      return;
    }
    for (const value of [fromPort, toPort]) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
        throw new PrivateAccessError(
          `port ${typeof value === 'number' ? String(value) : q(value)} is not a valid port; expected a whole number from ${MIN_PORT} to ${MAX_PORT}${typeof value === 'bigint' ? ' (a number, not a BigInt)' : ''}`,
        );
      }
    }
    if (fromPort > toPort) {
      throw new PrivateAccessError(
        `port range ${fromPort}-${toPort} starts after it ends; did you mean ${this.factoryName()}(${toPort}, ${fromPort})?`,
      );
    }
  }

  /** Whether the port is an unresolved token and cannot be checked at synth. */
  public get isUnresolved(): boolean {
    return Token.isUnresolved(this.fromPort) || Token.isUnresolved(this.toPort);
  }

  /** Whether this is a single port rather than a range. */
  public get isSinglePort(): boolean {
    return this.fromPort === this.toPort;
  }

  /** The number of ports covered. */
  public get count(): number {
    return this.toPort - this.fromPort + 1;
  }

  /** The wire form of the port range: `"22-22"`, `"2200-2299"`. */
  public toWire(): string {
    if (this.isUnresolved) {
      return `${Token.asString(this.fromPort)}-${Token.asString(this.toPort)}`;
    }
    return `${this.fromPort}-${this.toPort}`;
  }

  /** The port as text: `tcp/22`, `udp/2200-2299`, `tcp,udp/53`. */
  public toString(): string {
    const ports = this.isSinglePort ? `${this.fromPort}` : `${this.fromPort}-${this.toPort}`;
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
