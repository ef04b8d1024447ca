import { Channel } from './channel.js';
import type { ChannelSignature } from './channel-signatures.js';

/**
 * Asio's `experimental::concurrent_channel`: JavaScript runs one thread per realm, so it is a
 * `Channel` (same operations, completions and cancellation), kept as its own name for ported code.
 *
 * @example
 * ```ts
 * import { ConcurrentChannel, IoContext } from '@asio-ts/core';
 * const ioc = new IoContext();
 * const jobs = new ConcurrentChannel<[Error | null, string]>(ioc, 8);
 * jobs.asyncReceive((_err, job) => console.log(job)); // build
 * jobs.trySend(null, 'build');
 * await ioc.run();
 * ```
 */
export class ConcurrentChannel<S extends ChannelSignature = []> extends Channel<S> {}
