// The operations waiting in a Channel (Asio's channel_send_op and channel_receive_op), and how a
// receive's handler gets its message.
import type { Handler, Signature } from '../async-result.js';
import { getAssociatedCancellationSlot } from '../associations.js';
import type { CancellationHandler, CancellationSlot } from '../cancellation-signal.js';
import type { SystemError } from '../errors.js';
import type { Executor } from '../executor.js';
import { HandlerWork } from '../handler-work.js';
import type { ListedOp, OpList } from './op-list.js';

/** One message: its argument list (empty, or led by its error slot). */
export type Message = readonly unknown[];

export type SendSignature = [err: SystemError | null];

/** The slot of `handler` when it is connected (a cancellation can reach it), else null. */
export function connectedSlot(handler: unknown): CancellationSlot | null {
  const slot = getAssociatedCancellationSlot(handler);
  return slot.isConnected() ? slot : null;
}

/**
 * An operation waiting in the channel: its own HandlerWork (one object per operation), linked
 * into one of the channel's lists (an `OpList` node), taking per-operation cancellation requests
 * through its handler's slot.
 */
export abstract class ChannelOp<S extends Signature> extends HandlerWork<S> {
  prev: ListedOp | null = null;
  next: ListedOp | null = null;
  list: OpList<ListedOp> | null = null;
  #slot: CancellationSlot | null = null;
  #onCancel: CancellationHandler | null = null;

  /** Install `onCancel` in `slot` until `releaseSlot()`. */
  listen(slot: CancellationSlot, onCancel: CancellationHandler): void {
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

/** An `asyncSend` waiting for room. */
export class SendOp extends ChannelOp<SendSignature> {
  readonly message: Message;

  constructor(handler: Handler<SendSignature>, executor: Executor, message: Message) {
    super(handler, executor);
    this.message = message;
  }
}

// A receive waits for a message, then holds a reservation on one until its handler runs, then is
// finished. Only a finished receive has taken a message.
export const waiting = 0;
export const reserved = 1;
export const finished = 2;

/**
 * An `asyncReceive`. Its HandlerWork delivers to the channel (`deliverer`, carrying the
 * receiver's executors), which then calls `receiver` with the message.
 */
export class ReceiveOp extends ChannelOp<[ReceiveOp]> {
  readonly receiver: Handler<Signature>;
  state = waiting;
  /** Why a finished receive got no message. */
  error: SystemError | null = null;

  constructor(deliverer: Handler<[ReceiveOp]>, executor: Executor, receiver: Handler<Signature>) {
    super(deliverer, executor);
    this.receiver = receiver;
  }

  finish(error: SystemError): void {
    this.state = finished;
    this.error = error;
    this.releaseSlot();
  }
}

/** `handler(...message)`, an empty message read as `(null)`, without a spread for the usual arities. */
export function deliverMessage(handler: Handler<Signature>, message: Message): void {
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

/**
 * A receive's completion with no message: the error, then `undefined` in each of the `valueCount`
 * value slots of the channel's messages (none while the channel has carried no message, -1).
 */
export function deliverFailure(handler: Handler<Signature>, err: SystemError | null, valueCount: number): void {
  (handler as (...a: unknown[]) => void)(err, ...new Array<undefined>(Math.max(0, valueCount)));
}
