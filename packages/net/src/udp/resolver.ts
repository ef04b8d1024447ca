import type { ExecutorOrContext } from '@asio-ts/core';
import { BasicResolver } from '../ip/basic-resolver.js';
import { udpProtocols } from '../ip/protocol.js';
import { Endpoint } from './endpoint.js';

/**
 * A UDP resolver (Asio's `ip::udp::resolver`): host and service to `udp.Endpoint`s. See `BasicResolver`.
 *
 * @example
 * ```ts
 * import { IoContext, useFuture } from '@asio-ts/core';
 * import { udp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const endpoints = new udp.Resolver(ctx).asyncResolve('::1', 53, useFuture);
 * await ctx.run();
 * console.log(`${(await endpoints)[0]}`); // [::1]:53
 * ```
 */
export class Resolver extends BasicResolver<'udp', Endpoint> {
  constructor(executorOrContext: ExecutorOrContext) {
    super(executorOrContext, udpProtocols, (address, port) => new Endpoint(address, port));
  }
}
