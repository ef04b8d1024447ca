import { BasicEndpoint } from '../ip/endpoint.js';
import { tcpProtocols, type InternetProtocol } from '../ip/protocol.js';

/** A TCP endpoint (Asio's `ip::tcp::endpoint`): an IP address and a port. See `BasicEndpoint`. */
export class Endpoint extends BasicEndpoint<'tcp'> {
  constructor();
  constructor(address: string, port: number);
  constructor(protocol: InternetProtocol<'tcp'>, port: number);
  constructor(address?: string | InternetProtocol<'tcp'>, port?: number) {
    super(tcpProtocols, address, port);
  }
}

/** TCP over IPv4 (Asio's `ip::tcp::v4()`). */
export function v4(): InternetProtocol<'tcp'> {
  return tcpProtocols[0];
}

/** TCP over IPv6 (Asio's `ip::tcp::v6()`). */
export function v6(): InternetProtocol<'tcp'> {
  return tcpProtocols[1];
}
