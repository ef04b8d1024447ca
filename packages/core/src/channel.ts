import { asyncInitiate, type AsyncResult, type CompletionToken, type Handler, type Signature } from './async-result.js';
import type { ChannelReceiveSignature, ChannelSendSignature, ChannelSignature } from './channel-signatures.js';
import { deferred, type DeferredOperation } from './deferred.js';
import { checkCapacity, checkMessage, checkSendValues } from './detail/channel-checks.js';
import { isPlainHandler } from './detail/initiate.js';
import { ChannelState, initiateReceive, initiateSend } from './detail/channel-state.js';
import { checkFunction, checkNonNegativeInteger } from './detail/check.js';
import { toExecutor, type ExecutionContext, type Executor, type ExecutorOrContext } from './executor.js';

export type { ChannelReceiveSignature, ChannelSendSignature, ChannelSignature } from './channel-signatures.js';

/**
 * Asio's `experimental::channel<void(S...)>`: messages sent between parts of one program, with
 * asynchronous and non-blocking operations, FIFO for senders and for receivers.
 *
 * - `capacity` messages are buffered (default 0: a rendezvous, where `asyncSend` completes only
 *   once a receiver takes the message). `Infinity` never blocks a sender.
 * - `asyncSend([...message], token)` → `(err)` and `asyncReceive(token)` → the message wait (one
 *   that completes with an error took no message); `trySend(...values)` / `tryReceive(handler)`
 *   never wait.
 * - Pending operations hold work on the channel's executor. A pending operation's handler never
 *   runs inside the call that completed it (`trySend`, `close()`, ...): it is posted, as Asio's
 *   channel posts; `trySendViaDispatch` dispatches instead.
 *
 * Where Asio surprises, this port does not:
 * - `close()` completes every waiting `asyncSend` with `channelClosed` (Asio leaves them waiting);
 *   receivers still get the buffered messages first.
 * - A receive keeps its cancellation slot until its handler runs: cancelled (through its slot,
 *   `cancel()` or `reset()`) after a message was set aside for it but before its handler ran, it
 *   completes with `channelCancelled` and the message stays in the channel, at the front, for the
 *   next receiver: `awaitAny(ch.asyncReceive(), timer.asyncWait())` loses no message when the
 *   timer wins, and messages reach handlers in the order they were sent.
 *
 * @example
 * ```ts
 * import { Channel, IoContext, coSpawn, detached, useAwaitable } from '@asio-ts/core';
 * const ioc = new IoContext();
 * const lines = new Channel<[Error | null, string]>(ioc, 16);
 * coSpawn(ioc, async () => {
 *   for (const line of ['a', 'b']) await lines.asyncSend([null, line], useAwaitable);
 *   lines.close();
 * }, detached);
 * const next = (): void => lines.asyncReceive((err, line) => err === null && (console.log(line), next()));
 * next(); // a, b; then channelClosed ends the loop
 * await ioc.run();
 * ```
 */
export class Channel<S extends ChannelSignature = []> implements ExecutionContext {
  readonly #state: ChannelState;

  /**
   * @param executorOrContext the executor handlers run on by default (or a context providing it).
   * @param capacity how many messages may be buffered: a non-negative integer or `Infinity`.
   */
  constructor(executorOrContext: ExecutorOrContext, capacity: number = 0) {
    this.#state = new ChannelState(toExecutor('executorOrContext', executorOrContext), checkCapacity(capacity));
  }

  /**
   * The executor the channel's operations complete on by default.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ioc = new IoContext();
   * console.log(new Channel(ioc).getExecutor() === ioc.getExecutor()); // true
   * ```
   */
  getExecutor(): Executor {
    return this.#state.executor;
  }

  /**
   * How many messages the channel buffers (0: a rendezvous).
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * console.log(new Channel(new IoContext(), 8).capacity()); // 8
   * ```
   */
  capacity(): number {
    return this.#state.capacity;
  }

  /**
   * False after `close()`, until `reset()`.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ch = new Channel(new IoContext());
   * ch.close(); console.log(ch.isOpen()); // false
   * ```
   */
  isOpen(): boolean {
    return this.#state.open;
  }

  /**
   * True when a receive would complete at once (Asio's `ready`): a message is buffered and not set
   * aside, a sender waits, or the channel is closed and drained (the receive gets `channelClosed`).
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ch = new Channel<[Error | null, number]>(new IoContext(), 1);
   * ch.trySend(null, 1); console.log(ch.ready()); // true
   * ```
   */
  ready(): boolean {
    return this.#state.ready();
  }

  /**
   * Close the channel (Asio's `close`): sends fail with `channelClosed` from now on, and so do the
   * sends waiting now (posted); receives get the messages already buffered, then `channelClosed`.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ioc = new IoContext();
   * const ch = new Channel(ioc);
   * ch.asyncReceive((err) => console.log(err?.code)); // ECHANNELCLOSED
   * ch.close(); await ioc.run();
   * ```
   */
  close(): void {
    this.#state.close();
  }

  /**
   * Complete every outstanding operation with `channelCancelled`, posted (Asio's `cancel`): waiting
   * sends (their messages are not sent), waiting receives, and receives whose handlers have not
   * run yet (the messages set aside for them stay in the channel). Buffered messages stay.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ioc = new IoContext();
   * const ch = new Channel(ioc);
   * ch.asyncSend([], (err) => console.log(err?.code)); // ECHANNELCANCELLED
   * ch.cancel(); await ioc.run();
   * ```
   */
  cancel(): void {
    this.#state.cancel();
  }

  /**
   * `cancel()`, then drop every buffered message and open the channel again (Asio's `reset`).
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ch = new Channel(new IoContext(), 4);
   * ch.trySend(); ch.close(); ch.reset();
   * console.log(ch.isOpen(), ch.ready()); // true false
   * ```
   */
  reset(): void {
    this.#state.reset();
  }

  /**
   * Send a message without waiting (Asio's `try_send`): true when the channel took it (a receiver
   * waited, or there was room in the buffer). A waiting receiver's handler is posted.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ch = new Channel<[Error | null, string]>(new IoContext(), 1);
   * console.log(ch.trySend(null, 'a'), ch.trySend(null, 'b')); // true false: the buffer is full
   * ```
   */
  trySend(...values: S): boolean {
    checkMessage(values);
    return this.#state.trySend(values, false);
  }

  /**
   * `trySend`, dispatching the receiver's handler (Asio's `try_send_via_dispatch`): it may run now.
   *
   * @example
   * ```ts
   * import { Channel, systemExecutor } from '@asio-ts/core';
   * const ch = new Channel<[Error | null, string]>(systemExecutor);
   * ch.asyncReceive((_err, s) => console.log('received', s));
   * ch.trySendViaDispatch(null, 'now'); // "received now" is logged inside this call
   * ```
   */
  trySendViaDispatch(...values: S): boolean {
    checkMessage(values);
    return this.#state.trySend(values, true);
  }

  /**
   * Send one message up to `count` times without waiting (Asio's `try_send_n`): how many were taken.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ticks = new Channel(new IoContext(), 3);
   * console.log(ticks.trySendN(5)); // 3
   * ```
   */
  trySendN(count: number, ...values: S): number {
    checkNonNegativeInteger('count', count);
    checkMessage(values);
    return this.#state.trySendN(count, values, false);
  }

  /**
   * `trySendN`, dispatching the receivers' handlers (Asio's `try_send_n_via_dispatch`).
   *
   * @example
   * ```ts
   * import { Channel, systemExecutor } from '@asio-ts/core';
   * const ticks = new Channel(systemExecutor);
   * ticks.asyncReceive(() => console.log('tick'));
   * console.log(ticks.trySendNViaDispatch(2)); // "tick", then 1: one receiver waited
   * ```
   */
  trySendNViaDispatch(count: number, ...values: S): number {
    checkNonNegativeInteger('count', count);
    checkMessage(values);
    return this.#state.trySendN(count, values, true);
  }

  /**
   * Receive a message without waiting (Asio's `try_receive`): when one is there,
   * `handler(...message)` runs now and the result is true; otherwise false, the handler not called.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ch = new Channel<[Error | null, number]>(new IoContext(), 1);
   * ch.trySend(null, 42);
   * ch.tryReceive((_err, n) => console.log(n)); // 42
   * ```
   */
  tryReceive(handler: (...values: S) => void): boolean {
    checkFunction('handler', handler);
    const message = this.#state.tryReceive();
    if (message === undefined) return false;
    (handler as unknown as (...a: unknown[]) => void)(...message);
    return true;
  }

  /**
   * Send `values` (one message, as an array: `[null, 'x']`) (Asio's `async_send`). Completes with
   * `(err)`: `null` once the channel took it, `channelClosed`, or `channelCancelled` (see the
   * class). The array is copied: changing it afterwards changes no message. Cancellation
   * through the token's slot (any type) withdraws a send still waiting for room: it completes
   * with `channelCancelled` and its message is not sent.
   *
   * @example
   * ```ts
   * import { Channel, IoContext, useFuture } from '@asio-ts/core';
   * const ioc = new IoContext();
   * const ch = new Channel<[Error | null, string]>(ioc, 1);
   * const sent = ch.asyncSend([null, 'hello'], useFuture);
   * await ioc.run(); await sent; // resolves: the message is buffered
   * ```
   */
  asyncSend(values: S): DeferredOperation<ChannelSendSignature>;
  asyncSend<T extends CompletionToken<ChannelSendSignature>>(values: S, token: T): AsyncResult<T, ChannelSendSignature>;
  asyncSend<T>(values: S, token?: T): AsyncResult<T, ChannelSendSignature> {
    checkSendValues(values);
    const message = values.slice();
    if (isPlainHandler(token)) return this.#state.startSend(token as Handler<ChannelSendSignature>, message) as AsyncResult<T, ChannelSendSignature>;
    return asyncInitiate(initiateSend, token === undefined ? deferred : token, this.#state, message) as AsyncResult<T, ChannelSendSignature>;
  }

  /**
   * Receive a message (Asio's `async_receive`): completes with the message
   * (`ChannelReceiveSignature<S>`), or with `channelClosed` / `channelCancelled` in its error slot,
   * no message taken and `undefined` in each value slot (as many as the first message given to the
   * channel had), keeping its signature's places. Cancellation through the token's slot (any
   * type) before the handler ran completes it with `channelCancelled`; a message already set
   * aside for it stays in the channel for the next receive.
   *
   * @example
   * ```ts
   * import { Channel, IoContext } from '@asio-ts/core';
   * const ioc = new IoContext();
   * const ch = new Channel<[Error | null, number]>(ioc, 1);
   * ch.asyncReceive((err, n) => console.log(err, n)); // null 7
   * ch.trySend(null, 7); await ioc.run();
   * ```
   */
  asyncReceive(): DeferredOperation<ChannelReceiveSignature<S>>;
  asyncReceive<T extends CompletionToken<ChannelReceiveSignature<S>>>(token: T): AsyncResult<T, ChannelReceiveSignature<S>>;
  asyncReceive<T>(token?: T): AsyncResult<T, ChannelReceiveSignature<S>> {
    if (isPlainHandler(token)) return this.#state.startReceive(token as Handler<Signature>) as AsyncResult<T, ChannelReceiveSignature<S>>;
    return asyncInitiate(initiateReceive, token === undefined ? deferred : token, this.#state) as AsyncResult<T, ChannelReceiveSignature<S>>;
  }
}
