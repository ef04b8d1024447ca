/**
 * UDP (Asio's `ip::udp`): `Endpoint`, `Socket`, `Resolver`, and the protocols `v4()` and
 * `v6()`. Imported as the `udp` namespace: `udp.Socket`, `udp.v4()`, ...
 *
 * @module
 */
import type { ResolveSignature as BasicResolveSignature } from './ip/basic-resolver.js';
import type { InternetProtocol } from './ip/protocol.js';
import type { Endpoint } from './udp/endpoint.js';

export { Endpoint, v4, v6 } from './udp/endpoint.js';
export { Socket, type ReceiveFromSignature, type SendToSignature } from './udp/socket.js';
export { Resolver } from './udp/resolver.js';

/** UDP over IPv4 or IPv6: what `udp.v4()` and `udp.v6()` return. */
export type Protocol = InternetProtocol<'udp'>;
/** The handler signature of `udp.Resolver#asyncResolve`: `(err, endpoints)`. */
export type ResolveSignature = BasicResolveSignature<Endpoint>;
