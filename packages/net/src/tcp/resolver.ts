import type { ExecutorOrContext } from '@asio-ts/core';
import { BasicResolver } from '../ip/basic-resolver.js';
import { tcpProtocols } from '../ip/protocol.js';
import { Endpoint } from './endpoint.js';

/**
 * A TCP resolver (Asio's `ip::tcp::resolver`): host and service to `tcp.Endpoint`s. See `BasicResolver`.
 *
 * @example
 * ```ts
 * import { IoContext, useFuture } from '@asio-ts/core';
 * import { tcp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const endpoints = new tcp.Resolver(ctx).asyncResolve('::1', 53, useFuture);
 * await ctx.run();
 * console.log(`${(await endpoints)[0]}`); // [::1]:53
 * ```
 */
export class Resolver extends BasicResolver<'tcp', Endpoint> {
  constructor(executorOrContext: ExecutorOrContext) {
    super(executorOrContext, tcpProtocols, (address, port) => new Endpoint(address, port));
  }
}
