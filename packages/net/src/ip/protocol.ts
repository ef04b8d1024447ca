/** The transport protocols of the package. */
export type ProtocolName = 'tcp' | 'udp';
/** An IP version: 4 or 6 (what `net.isIP` and `dns.lookup` say). */
export type IpFamily = 4 | 6;

/**
 * An internet protocol: TCP or UDP over IPv4 or IPv6 (Asio's `ip::tcp` and `ip::udp` values,
 * `tcp::v4()`, `tcp::v6()`, ...). There are four, each one object: compare them with `===` or
 * `equals`. Get them from `tcp.v4()`, `tcp.v6()`, `udp.v4()`, `udp.v6()`, or an endpoint's
 * `protocol()`.
 *
 * @example
 * ```ts
 * import { tcp } from '@asio-ts/net';
 *
 * const p = tcp.v6();
 * console.log(p.name, p.family, p === new tcp.Endpoint('::1', 80).protocol()); // tcp 6 true
 * ```
 */
export class InternetProtocol<P extends ProtocolName = ProtocolName> {
  /** `'tcp'` or `'udp'`. */
  readonly name: P;
  /** 4 for IPv4 (Asio's `AF_INET`), 6 for IPv6 (`AF_INET6`). */
  readonly family: IpFamily;

  /** @internal Only the four protocols of `protocols` exist. */
  constructor(name: P, family: IpFamily) {
    this.name = name;
    this.family = family;
    Object.freeze(this);
  }

  /**
   * True for the same protocol over the same IP version.
   *
   * @example
   * ```ts
   * import { tcp, udp } from '@asio-ts/net';
   *
   * console.log(tcp.v4().equals(tcp.v4()), tcp.v4().equals(udp.v4())); // true false
   * ```
   */
  equals(other: unknown): boolean {
    return other instanceof InternetProtocol && other.name === this.name && other.family === this.family;
  }

  /**
   * `'tcp/IPv4'`, `'udp/IPv6'`, ...
   *
   * @example
   * ```ts
   * import { udp } from '@asio-ts/net';
   *
   * console.log(`${udp.v6()}`); // udp/IPv6
   * ```
   */
  toString(): string {
    return `${this.name}/IPv${this.family}`;
  }
}

/** The two versions of one protocol, IPv4 first. */
export type ProtocolPair<P extends ProtocolName> = readonly [v4: InternetProtocol<P>, v6: InternetProtocol<P>];

export const tcpProtocols: ProtocolPair<'tcp'> = Object.freeze([new InternetProtocol('tcp', 4), new InternetProtocol('tcp', 6)] as const);
export const udpProtocols: ProtocolPair<'udp'> = Object.freeze([new InternetProtocol('udp', 4), new InternetProtocol('udp', 6)] as const);

/** The member of `pair` for `family`. */
export function protocolOf<P extends ProtocolName>(pair: ProtocolPair<P>, family: IpFamily): InternetProtocol<P> {
  return family === 4 ? pair[0] : pair[1];
}
