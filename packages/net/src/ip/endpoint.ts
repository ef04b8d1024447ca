import { checkPort, describe } from '../detail/check.js';
import { anyAddress, checkAddress } from './address.js';
import { InternetProtocol, protocolOf, type IpFamily, type ProtocolName, type ProtocolPair } from './protocol.js';

/**
 * An IP address and a port (Asio's `ip::basic_endpoint<Protocol>`); `tcp.Endpoint` and
 * `udp.Endpoint` are its two kinds. Immutable.
 *
 * - `new tcp.Endpoint('127.0.0.1', 8080)`: an address literal (IPv4 or IPv6, in its canonical
 *   form afterwards) and a port from 0 to 65535.
 * - `new tcp.Endpoint(tcp.v6(), 0)`: the protocol's unspecified address (`::`, or `0.0.0.0`
 *   for v4), as Asio's `endpoint(protocol, port)`; what an acceptor binds to on every interface.
 * - `new tcp.Endpoint()`: `0.0.0.0:0`, Asio's default endpoint.
 *
 * @example
 * ```ts
 * import { tcp } from '@asio-ts/net';
 *
 * const local = new tcp.Endpoint('::1', 8080);
 * console.log(`${local}`, local.family); // [::1]:8080 6
 * console.log(`${new tcp.Endpoint(tcp.v4(), 80)}`); // 0.0.0.0:80
 * ```
 */
export class BasicEndpoint<P extends ProtocolName = ProtocolName> {
  /** The address in canonical form: `'127.0.0.1'`, `'::1'`, `'fe80::1%2'` (a zone as its scope id: a link-local zone's interface name as its index, `%0` none). */
  readonly address: string;
  /** The port, 0 to 65535 (0: any port, when binding). */
  readonly port: number;
  /** 4 or 6. */
  readonly family: IpFamily;
  readonly #protocols: ProtocolPair<P>;

  protected constructor(protocols: ProtocolPair<P>, address?: unknown, port?: unknown) {
    this.#protocols = protocols;
    if (address === undefined && port === undefined) {
      this.address = '0.0.0.0';
      this.port = 0;
      this.family = 4;
    } else if (address instanceof InternetProtocol) {
      if (address.name !== protocols[0].name) throw new TypeError(`address must be an IP address string or a ${protocols[0].name} protocol, got a ${address.name} protocol`);
      checkPort('port', port);
      this.address = anyAddress(address.family);
      this.port = port;
      this.family = address.family;
    } else {
      if (typeof address !== 'string') {
        throw new TypeError(`address must be an IP address string or a ${protocols[0].name} protocol (${protocols[0].name}.v4(), ${protocols[0].name}.v6()), got ${describe(address)}`);
      }
      const checked = checkAddress('address', address);
      checkPort('port', port);
      this.address = checked.address;
      this.port = port;
      this.family = checked.family;
    }
    Object.freeze(this);
  }

  /**
   * The endpoint's protocol: `tcp.v4()` or `tcp.v6()` (`udp.…` for a UDP endpoint).
   *
   * @example
   * ```ts
   * import { tcp } from '@asio-ts/net';
   *
   * console.log(new tcp.Endpoint('::1', 80).protocol() === tcp.v6()); // true
   * ```
   */
  protocol(): InternetProtocol<P> {
    return protocolOf(this.#protocols, this.family);
  }

  /**
   * Same kind (TCP or UDP), same address, same port.
   *
   * @example
   * ```ts
   * import { tcp, udp } from '@asio-ts/net';
   *
   * const a = new tcp.Endpoint('127.0.0.1', 80);
   * console.log(a.equals(new tcp.Endpoint('127.0.0.1', 80)), a.equals(new udp.Endpoint('127.0.0.1', 80))); // true false
   * ```
   */
  equals(other: unknown): boolean {
    return (
      other instanceof BasicEndpoint &&
      other.#protocols === this.#protocols &&
      other.address === this.address &&
      other.port === this.port
    );
  }

  /**
   * `'127.0.0.1:80'`, `'[::1]:80'` (Asio's `operator<<`).
   *
   * @example
   * ```ts
   * import { udp } from '@asio-ts/net';
   *
   * console.log(new udp.Endpoint('::1', 53).toString()); // [::1]:53
   * ```
   */
  toString(): string {
    return this.family === 6 ? `[${this.address}]:${this.port}` : `${this.address}:${this.port}`;
  }
}
