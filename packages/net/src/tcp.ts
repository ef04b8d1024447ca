/**
 * TCP (Asio's `ip::tcp`): `Endpoint`, `Socket`, `Acceptor`, `Resolver`, and the protocols
 * `v4()` and `v6()`. Imported as the `tcp` namespace: `tcp.Socket`, `tcp.v4()`, ...
 *
 * @module
 */
import type { ResolveSignature as BasicResolveSignature } from './ip/basic-resolver.js';
import type { InternetProtocol } from './ip/protocol.js';
import type { Endpoint } from './tcp/endpoint.js';

export { Endpoint, v4, v6 } from './tcp/endpoint.js';
export { Socket, type ConnectSignature, type ShutdownType } from './tcp/socket.js';
export { Acceptor, type AcceptorOptions, type AcceptSignature } from './tcp/acceptor.js';
export { Resolver } from './tcp/resolver.js';

/** TCP over IPv4 or IPv6: what `tcp.v4()` and `tcp.v6()` return. */
export type Protocol = InternetProtocol<'tcp'>;
/** The handler signature of `tcp.Resolver#asyncResolve`: `(err, endpoints)`. */
export type ResolveSignature = BasicResolveSignature<Endpoint>;
