/**
 * Networking and signals for asio-ts, on Node only (`node:net`, `node:dgram`, `node:dns`,
 * process signals): the `tcp` and `udp` namespaces (sockets, acceptor, resolvers, endpoints),
 * the range `asyncConnect`, and `SignalSet`.
 *
 * @packageDocumentation
 * @module @asio-ts/net
 */
export * as tcp from './tcp.js';
export * as udp from './udp.js';
export { asyncConnect, type ConnectCondition, type RangeConnectSignature } from './connect.js';
export { SignalSet, type Signal, type SignalWaitSignature } from './signal-set.js';
export { addrinfoCategory, netdbCategory, netErrors, type NetErrorName } from './errors.js';
export { BasicEndpoint } from './ip/endpoint.js';
export { BasicResolver, type ResolveSignature, type Service } from './ip/basic-resolver.js';
export { InternetProtocol, type IpFamily, type ProtocolName } from './ip/protocol.js';
