// The operations waiting in a Channel (Asio's channel_send_op and channel_receive_op), and how a
// receive's handler gets its message.
import type { Handler, Signature } from '../async-result.js';
import { getAssociatedCancellationSlot } from '../associations.js';
import type { CancellationHandler, CancellationSlot } from '../cancellation-signal.js';
import type { SystemError } from '../errors.js';
import type { HandlerWork } from '../handler-work.js';
import { ListedOp } from './op-list.js';

/** One message: its argument list (empty, or led by its error slot). */
export type Message = readonly unknown[];

export type SendSignature = [err: SystemError | null];

/** The slot of `handler` when it is connected (a cancellation can reach it), else null. */
export function connectedSlot(handler: unknown): CancellationSlot | null {
  const slot = getAssociatedCancellationSlot(handler);
  return slot.isConnected() ? slot : null;
}

/** An operation that takes per-operation cancellation requests through its handler's slot. */
export abstract class ChannelOp extends ListedOp {
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
export class SendOp extends ChannelOp {
  readonly work: HandlerWork<SendSignature>;
  readonly message: Message;

  constructor(work: HandlerWork<SendSignature>, message: Message) {
    super();
    this.work = work;
    this.message = message;
  }
}

// A receive waits for a message, then holds a reservation on one until its handler runs, then is
// finished. Only a finished receive has taken a message.
export const waiting = 0;
export const reserved = 1;
export const finished = 2;

/** An `asyncReceive`. */
export class ReceiveOp extends ChannelOp {
  readonly handler: Handler<Signature>;
  work!: HandlerWork<[ReceiveOp]>;
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
