import { asyncInitiate, type AsyncResult, type CompletionToken, type Handler, type Signature } from './async-result.js';
import { getAssociatedCancellationSlot, withAssociationsOf } from './associations.js';
import type { CancellationHandler, CancellationSlot } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { deferred, type DeferredOperation } from './deferred.js';
import { checkFunction, checkNonNegativeInteger, describe } from './detail/check.js';
import { Fifo, ListedOp, OpList } from './detail/op-list.js';
import { errors, makeError, type SystemError } from './errors.js';
import { toExecutor, type ExecutionContext, type Executor, type ExecutorOrContext } from './executor.js';
import { HandlerWork } from './handler-work.js';

/**
 * What a channel carries: the argument list of one message. Either empty (a signal, Asio's
 * `channel<void()>`) or led by an error slot that is part of the message (Asio's
 * `channel<void(error_code, T...)>`): `trySend(null, 'x')`, `trySend(err, '')`. The receiver's
 * handler gets the same slot, filled by the channel's own `channelClosed` / `channelCancelled`
 * when there is no message for it.
 */
export type ChannelSignature = readonly [] | readonly [err: Error | null | undefined, ...values: unknown[]];

/** The completion signature of `asyncSend`: `null` once the channel took the message. */
export type ChannelSendSignature = [err: SystemError | null];

/**
 * The completion signature of `asyncReceive`: the message itself (`S`), whose error slot holds
 * the channel's error when there is no message; for an empty `S`, just `(err)`.
 */
export type ChannelReceiveSignature<S extends ChannelSignature> = S extends readonly [] ? [err: SystemError | null] : S;

type Message = readonly unknown[];

// Every kind of per-operation cancellation withdraws a waiting operation: none has side effects.
const supported = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

function checkCapacity(capacity: unknown): number {
  if (capacity === Infinity) return capacity;
  checkNonNegativeInteger('capacity', capacity);
  if (!Number.isSafeInteger(capacity)) throw new RangeError(`capacity must be a safe integer or Infinity, got ${String(capacity)}`);
  return capacity;
}

/** A message's first value is its error slot: null, undefined or an Error. */
function checkMessage(name: string, values: readonly unknown[]): void {
  if (values.length === 0) return;
  const first = values[0];
  if (first !== null && first !== undefined && !(first instanceof Error)) {
    throw new TypeError(
      `${name}[0] must be the message's error slot (null, undefined or an Error: a channel message is [err, ...values] or empty), got ${describe(first)}`,
    );
  }
}

/** `handler(...message)`, an empty message read as `(null)`, without a spread for the usual arities. */
function deliverMessage(handler: Handler<Signature>, message: Message): void {
  const f = handler as (...a: unknown[]) => void;
  switch (message.length) {
    case 0:
      return f(null);
    case 1:
      return f(message[0]);
    case 2:
      return f(message[0], message[1]);
    default:
      return f(...message);
  }
}

abstract class ChannelOp extends ListedOp {
  #slot: CancellationSlot | null = null;
  #onCancel: CancellationHandler | null = null;

  /** Take per-operation cancellation requests from the handler's slot, if it has one. */
  listen(handler: unknown, onCancel: CancellationHandler): void {
    const slot = getAssociatedCancellationSlot(handler);
    if (!slot.isConnected()) return;
    this.#slot = slot;
    this.#onCancel = onCancel;
    slot.assign(onCancel);
  }

  releaseSlot(): void {
    if (this.#slot !== null) {
      this.#slot.release(this.#onCancel!);
      this.#slot = null;
      this.#onCancel = null;
    }
  }
}

/** An `asyncSend` waiting for room (Asio's channel_send_op). */
class SendOp extends ChannelOp {
  readonly work: HandlerWork<ChannelSendSignature>;
  readonly message: Message;

  constructor(work: HandlerWork<ChannelSendSignature>, message: Message) {
    super();
    this.work = work;
    this.message = message;
  }
}

// A receive waits for a message, then holds a reservation on one until its handler runs, then is
// finished. Only a finished receive has taken a message.
const waiting = 0;
const reserved = 1;
const finished = 2;

/** An `asyncReceive` (Asio's channel_receive_op). */
class ReceiveOp extends ChannelOp {
  readonly handler: Handler<Signature>;
  work!: HandlerWork<[]>;
  state = waiting;
  /** Why a finished receive got no message. */
  error: SystemError | null = null;

  constructor(handler: Handler<Signature>) {
    super();
    this.handler = handler;
  }

  finish(error: SystemError): void {
    this.state = finished;
    this.error = error;
    this.releaseSlot();
  }
}

/**
 * Asio's `experimental::channel<void(S...)>`: messages sent between parts of one program, with
 * asynchronous and non-blocking operations, FIFO for senders and for receivers.
 *
 * - `capacity` messages are buffered (default 0: a rendezvous, where `asyncSend` completes only
 *   once a receiver takes the message). `Infinity` never blocks a sender.
 * - `asyncSend(message, token)` → `(err)`: `null` once the channel took the message (buffered, or
 *   handed to a receiver), `channelClosed` when the channel is or becomes closed first,
 *   `channelCancelled` after `cancel()`, `reset()` or a per-operation cancellation. The message is
 *   an array (`[null, 'x']`), so a function-valued message cannot be mistaken for the token.
 * - `asyncReceive(token)` → the message (`ChannelReceiveSignature<S>`), or the channel's error in
 *   its error slot: `channelClosed` once the channel is closed and every message was received,
 *   `channelCancelled` when cancelled. A receive that completes with an error took no message.
 * - `trySend(...values)` / `tryReceive(handler)` never wait; `tryReceive` calls its handler at
 *   once, inside the call, with the message.
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
 *   next receiver. So `awaitAny(ch.asyncReceive(), timer.asyncWait())` loses no message when the
 *   timer wins. Messages always reach handlers in the order they were sent.
 */
export class Channel<S extends ChannelSignature = []> implements ExecutionContext {
  readonly #executor: Executor;
  readonly #capacity: number;
  #open = true;
  /**
   * Accepted messages not yet taken, oldest first. `#reserved.size` of them are set aside for
   * receives whose handlers have not run yet: each takes the oldest message when it runs.
   */
  readonly #buffer = new Fifo<Message>();
  readonly #reserved = new OpList<ReceiveOp>();
  readonly #senders = new OpList<SendOp>();
  readonly #receivers = new OpList<ReceiveOp>();

  static readonly #initiateSend = (handler: Handler<ChannelSendSignature>, channel: Channel<ChannelSignature>, message: Message): void =>
    channel.#startSend(handler, message);
  static readonly #initiateReceive = (handler: Handler<Signature>, channel: Channel<ChannelSignature>): void => channel.#startReceive(handler);

  /**
   * @param executorOrContext the executor handlers run on by default (or a context providing it).
   * @param capacity how many messages may be buffered: a non-negative integer or `Infinity`.
   */
  constructor(executorOrContext: ExecutorOrContext, capacity: number = 0) {
    this.#executor = toExecutor('executorOrContext', executorOrContext);
    this.#capacity = checkCapacity(capacity);
  }

  /** The executor the channel's operations complete on by default. */
  getExecutor(): Executor {
    return this.#executor;
  }

  /** How many messages the channel buffers. */
  capacity(): number {
    return this.#capacity;
  }

  /** False after `close()` (until `reset()`). */
  isOpen(): boolean {
    return this.#open;
  }

  /** True when a receive would complete with a message at once (one is buffered, or a sender waits). */
  ready(): boolean {
    return this.#unreserved() > 0 || this.#senders.size > 0;
  }

  /**
   * Close the channel: sends fail with `channelClosed` from now on, and so do the sends waiting
   * now; receives get the messages already buffered, then `channelClosed`.
   */
  close(): void {
    this.#open = false;
    const closed = makeError(errors.channelClosed);
    for (const op of this.#senders.drain()) {
      op.releaseSlot();
      op.work.completePosted(closed);
    }
    this.#pump(false);
  }

  /**
   * Complete every outstanding operation with `channelCancelled`: waiting sends (their messages
   * are not sent), waiting receives, and receives whose handlers have not run yet (the messages
   * set aside for them stay in the channel). Buffered messages stay.
   */
  cancel(): void {
    const cancelled = makeError(errors.channelCancelled);
    for (const op of this.#senders.drain()) {
      op.releaseSlot();
      op.work.completePosted(cancelled);
    }
    for (const op of this.#receivers.drain()) {
      op.finish(cancelled);
      op.work.completePosted();
    }
    // Their deliveries are already queued: each reports the error and takes nothing.
    for (const op of this.#reserved.drain()) op.finish(cancelled);
  }

  /** `cancel()`, then drop every buffered message and open the channel again. */
  reset(): void {
    this.cancel();
    this.#buffer.clear();
    this.#open = true;
  }

  /**
   * Send a message without waiting: true when the channel took it (a receiver waited, or there
   * was room in the buffer). The receiver's handler is posted.
   */
  trySend(...values: S): boolean {
    checkMessage('values', values);
    return this.#trySend(values, false);
  }

  /** `trySend`, dispatching the receiver's handler: it may run inside this call. */
  trySendViaDispatch(...values: S): boolean {
    checkMessage('values', values);
    return this.#trySend(values, true);
  }

  /** Send the same message up to `count` times without waiting; returns how many were taken. */
  trySendN(count: number, ...values: S): number {
    checkNonNegativeInteger('count', count);
    checkMessage('values', values);
    return this.#trySendN(count, values, false);
  }

  /** `trySendN`, dispatching the receivers' handlers. */
  trySendNViaDispatch(count: number, ...values: S): number {
    checkNonNegativeInteger('count', count);
    checkMessage('values', values);
    return this.#trySendN(count, values, true);
  }

  /**
   * Receive a message without waiting: when one is there, `handler(...message)` runs now,
   * inside this call, and the result is true; otherwise false and the handler is not called.
   */
  tryReceive(handler: (...values: S) => void): boolean {
    checkFunction('handler', handler);
    if (this.#unreserved() === 0 && this.#senders.size > 0) this.#acceptSender();
    if (this.#unreserved() === 0) return false;
    const message = this.#buffer.shift();
    this.#pump(false);
    (handler as unknown as (...a: unknown[]) => void)(...message);
    return true;
  }

  /**
   * Send `values` (one message, as an array: `[null, 'x']`): completes with `(err)`, `null` once
   * the channel took it. The array is copied.
   */
  asyncSend(values: S): DeferredOperation<ChannelSendSignature>;
  asyncSend<T extends CompletionToken<ChannelSendSignature>>(values: S, token: T): AsyncResult<T, ChannelSendSignature>;
  asyncSend<T>(values: S, token?: T): AsyncResult<T, ChannelSendSignature> {
    if (!Array.isArray(values)) throw new TypeError(`values must be an array (one message: [err, ...values], or []), got ${describe(values)}`);
    checkMessage('values', values);
    return asyncInitiate(Channel.#initiateSend, token === undefined ? deferred : token, this as Channel<ChannelSignature>, values.slice()) as AsyncResult<
      T,
      ChannelSendSignature
    >;
  }

  /** Receive a message: completes with the message, or with the channel's error in its error slot. */
  asyncReceive(): DeferredOperation<ChannelReceiveSignature<S>>;
  asyncReceive<T extends CompletionToken<ChannelReceiveSignature<S>>>(token: T): AsyncResult<T, ChannelReceiveSignature<S>>;
  asyncReceive<T>(token?: T): AsyncResult<T, ChannelReceiveSignature<S>> {
    return asyncInitiate(Channel.#initiateReceive, token === undefined ? deferred : token, this as Channel<ChannelSignature>) as AsyncResult<
      T,
      ChannelReceiveSignature<S>
    >;
  }

  /** Buffered messages no receive has set aside. */
  #unreserved(): number {
    return this.#buffer.length - this.#reserved.size;
  }

  #trySend(message: Message, dispatch: boolean): boolean {
    if (!this.#open) return false;
    if (this.#receivers.size === 0 && this.#unreserved() >= this.#capacity) return false;
    this.#buffer.push(message);
    this.#pump(dispatch);
    return true;
  }

  #trySendN(count: number, message: Message, dispatch: boolean): number {
    let n = 0;
    while (n < count && this.#trySend(message, dispatch)) n++;
    return n;
  }

  #startSend(handler: Handler<ChannelSendSignature>, message: Message): void {
    const work = new HandlerWork(handler, this.#executor);
    if (!this.#open) {
      work.complete(makeError(errors.channelClosed));
      return;
    }
    if (this.#receivers.size > 0 || this.#unreserved() < this.#capacity) {
      this.#buffer.push(message);
      this.#pump(false);
      work.complete(null);
      return;
    }
    const op = new SendOp(work, message);
    op.listen(handler, (type) => {
      if ((type & supported) === 0 || !this.#senders.remove(op)) return;
      op.releaseSlot();
      op.work.completePosted(makeError(errors.channelCancelled));
    });
    this.#senders.push(op);
    work.started();
  }

  #startReceive(handler: Handler<Signature>): void {
    const op = new ReceiveOp(handler);
    // The handler's associations (executor, immediate executor) carry over to the delivery.
    op.work = new HandlerWork<[]>(
      withAssociationsOf(() => this.#deliver(op), handler),
      this.#executor,
    );
    // Listened to from the start: a receive stays cancellable until its handler runs.
    op.listen(handler, (type) => {
      if ((type & supported) !== 0) this.#cancelReceive(op);
    });
    if (this.#unreserved() === 0 && this.#senders.size > 0) this.#acceptSender();
    if (this.#unreserved() > 0) {
      this.#reserve(op);
      this.#pump(false);
      op.work.complete();
    } else if (!this.#open && this.#buffer.length === 0) {
      op.finish(makeError(errors.channelClosed));
      op.work.complete();
    } else this.#receivers.push(op);
    op.work.started();
  }

  #reserve(op: ReceiveOp): void {
    op.state = reserved;
    this.#reserved.push(op);
  }

  /** The oldest waiting sender's message enters the buffer; the send completes (posted). */
  #acceptSender(): void {
    const op = this.#senders.shift()!;
    op.releaseSlot();
    this.#buffer.push(op.message);
    op.work.completePosted(null);
  }

  /**
   * Restore the channel's invariants after any change: waiting receives get the unreserved
   * messages (accepting a waiting sender's message when none is buffered: the rendezvous),
   * waiting senders fill the room in the buffer, and once the channel is closed and empty the
   * waiting receives complete with `channelClosed`.
   */
  #pump(dispatch: boolean): void {
    for (;;) {
      if (this.#receivers.size > 0) {
        if (this.#unreserved() === 0 && this.#senders.size > 0) this.#acceptSender();
        if (this.#unreserved() > 0) {
          const op = this.#receivers.shift()!;
          this.#reserve(op);
          // A handler dispatched here may run now and use the channel: the loop reads the state afresh.
          if (dispatch) op.work.complete();
          else op.work.completePosted();
          continue;
        }
      }
      if (this.#senders.size > 0 && this.#unreserved() < this.#capacity) {
        this.#acceptSender();
        continue;
      }
      break;
    }
    // Closed and drained (no message left, none set aside that could come back): nothing more will come.
    if (!this.#open && this.#buffer.length === 0 && this.#receivers.size > 0) {
      const closed = makeError(errors.channelClosed);
      for (const op of this.#receivers.drain()) {
        op.finish(closed);
        op.work.completePosted();
      }
    }
  }

  /** A per-operation cancellation of a receive that has not delivered yet. */
  #cancelReceive(op: ReceiveOp): void {
    if (op.state === waiting) {
      if (!this.#receivers.remove(op)) return;
      op.finish(makeError(errors.channelCancelled));
      op.work.completePosted();
    } else if (op.state === reserved) {
      // Its delivery is already queued and will report the error; the message it had set aside
      // is unreserved again, for the next receive.
      this.#reserved.remove(op);
      op.finish(makeError(errors.channelCancelled));
      this.#pump(false);
    }
  }

  /** A receive's handler is due: it takes the oldest message now, unless it was cancelled. */
  #deliver(op: ReceiveOp): void {
    if (op.state !== reserved) {
      (op.handler as (err: SystemError | null) => void)(op.error);
      return;
    }
    this.#reserved.remove(op);
    op.state = finished;
    op.releaseSlot();
    const message = this.#buffer.shift();
    this.#pump(false);
    deliverMessage(op.handler, message);
  }
}

/**
 * Asio's `experimental::concurrent_channel`: JavaScript runs one thread per realm, so it is a
 * `Channel`, kept as its own name for ported code.
 */
export class ConcurrentChannel<S extends ChannelSignature = []> extends Channel<S> {}
