import { BasicEndpoint } from '../ip/endpoint.js';
import { udpProtocols, type InternetProtocol } from '../ip/protocol.js';

/**
 * A UDP endpoint (Asio's `ip::udp::endpoint`): an IP address and a port. See `BasicEndpoint`.
 *
 * @example
 * ```ts
 * import { udp } from '@asio-ts/net';
 *
 * console.log(`${new udp.Endpoint('127.0.0.1', 8080)}`); // 127.0.0.1:8080
 * ```
 */
export class Endpoint extends BasicEndpoint<'udp'> {
  constructor();
  constructor(address: string, port: number);
  constructor(protocol: InternetProtocol<'udp'>, port: number);
  constructor(address?: string | InternetProtocol<'udp'>, port?: number) {
    super(udpProtocols, address, port);
  }
}

/**
 * UDP over IPv4 (Asio's `ip::udp::v4()`).
 *
 * @example
 * ```ts
 * import { udp } from '@asio-ts/net';
 *
 * console.log(`${new udp.Endpoint(udp.v4(), 0)}`); // 0.0.0.0:0
 * ```
 */
export function v4(): InternetProtocol<'udp'> {
  return udpProtocols[0];
}

/**
 * UDP over IPv6 (Asio's `ip::udp::v6()`).
 *
 * @example
 * ```ts
 * import { udp } from '@asio-ts/net';
 *
 * console.log(`${new udp.Endpoint(udp.v6(), 443)}`); // [::]:443
 * ```
 */
export function v6(): InternetProtocol<'udp'> {
  return udpProtocols[1];
}
