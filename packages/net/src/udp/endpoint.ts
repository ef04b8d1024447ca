import { BasicEndpoint } from '../ip/endpoint.js';
import { udpProtocols, type InternetProtocol } from '../ip/protocol.js';

/** A UDP endpoint (Asio's `ip::udp::endpoint`): an IP address and a port. See `BasicEndpoint`. */
export class Endpoint extends BasicEndpoint<'udp'> {
  constructor();
  constructor(address: string, port: number);
  constructor(protocol: InternetProtocol<'udp'>, port: number);
  constructor(address?: string | InternetProtocol<'udp'>, port?: number) {
    super(udpProtocols, address, port);
  }
}

/** UDP over IPv4 (Asio's `ip::udp::v4()`). */
export function v4(): InternetProtocol<'udp'> {
  return udpProtocols[0];
}

/** UDP over IPv6 (Asio's `ip::udp::v6()`). */
export function v6(): InternetProtocol<'udp'> {
  return udpProtocols[1];
}
