/** TCP argument checks and the endpoints of a connected net.Socket, shared by the socket and the acceptor. */
import type { Socket as NetSocket } from 'node:net';
import { InternetProtocol } from '../ip/protocol.js';
import { Endpoint } from '../tcp/endpoint.js';
import { describe } from './check.js';

export function checkTcpEndpoint(name: string, value: unknown): asserts value is Endpoint {
  if (!(value instanceof Endpoint)) throw new TypeError(`${name} must be a tcp.Endpoint, got ${describe(value)}`);
}

export function checkTcpProtocol(name: string, value: unknown): asserts value is InternetProtocol<'tcp'> {
  if (!(value instanceof InternetProtocol) || value.name !== 'tcp') throw new TypeError(`${name} must be tcp.v4() or tcp.v6(), got ${describe(value)}`);
}

/** The local endpoint of a connected net.Socket, or null where Node no longer knows it. */
export function localEndpointOf(ns: NetSocket): Endpoint | null {
  return ns.localAddress !== undefined && ns.localPort !== undefined ? new Endpoint(ns.localAddress, ns.localPort) : null;
}

/** The peer's endpoint of a connected net.Socket, or null where Node no longer knows it. */
export function remoteEndpointOf(ns: NetSocket): Endpoint | null {
  return ns.remoteAddress !== undefined && ns.remotePort !== undefined ? new Endpoint(ns.remoteAddress, ns.remotePort) : null;
}
