import { BasicEndpoint } from '../ip/endpoint.js';
import { tcpProtocols, type InternetProtocol } from '../ip/protocol.js';

/**
 * A TCP endpoint (Asio's `ip::tcp::endpoint`): an IP address and a port. See `BasicEndpoint`.
 *
 * @example
 * ```ts
 * import { tcp } from '@asio-ts/net';
 *
 * console.log(`${new tcp.Endpoint('127.0.0.1', 8080)}`); // 127.0.0.1:8080
 * ```
 */
export class Endpoint extends BasicEndpoint<'tcp'> {
  constructor();
  constructor(address: string, port: number);
  constructor(protocol: InternetProtocol<'tcp'>, port: number);
  constructor(address?: string | InternetProtocol<'tcp'>, port?: number) {
    super(tcpProtocols, address, port);
  }
}

/**
 * TCP over IPv4 (Asio's `ip::tcp::v4()`).
 *
 * @example
 * ```ts
 * import { tcp } from '@asio-ts/net';
 *
 * console.log(`${new tcp.Endpoint(tcp.v4(), 0)}`); // 0.0.0.0:0
 * ```
 */
export function v4(): InternetProtocol<'tcp'> {
  return tcpProtocols[0];
}

/**
 * TCP over IPv6 (Asio's `ip::tcp::v6()`).
 *
 * @example
 * ```ts
 * import { tcp } from '@asio-ts/net';
 *
 * console.log(`${new tcp.Endpoint(tcp.v6(), 443)}`); // [::]:443
 * ```
 */
export function v6(): InternetProtocol<'tcp'> {
  return tcpProtocols[1];
}
