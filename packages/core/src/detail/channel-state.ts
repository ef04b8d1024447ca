// What a Channel holds and how it moves messages: the buffer, the waiting sends and receives,
// and the invariants restored after every change (`pump`). `Channel` is its public face.
import type { Handler, Signature } from '../async-result.js';
import { associatedExecutor, associatedImmediateExecutor, type Associations } from '../associations.js';
import { CancellationType } from '../cancellation-type.js';
import { errors, makeError } from '../errors.js';
import type { Executor } from '../executor.js';
import { HandlerWork } from '../handler-work.js';
import { connectedSlot, deliverFailure, deliverMessage, finished, ReceiveOp, reserved, SendOp, waiting, type Message, type SendSignature } from './channel-ops.js';
import { Fifo, OpList } from './op-list.js';

// Every kind of per-operation cancellation withdraws a waiting operation: none has side effects.
const supported = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

type Deliverer = (op: ReceiveOp) => void;

/** The initiations of `asyncSend` and `asyncReceive`, for the token protocol. */
export const initiateSend = (handler: Handler<SendSignature>, state: ChannelState, message: Message): void => state.startSend(handler, message);
export const initiateReceive = (handler: Handler<Signature>, state: ChannelState): void => state.startReceive(handler);

export class ChannelState {
  readonly executor: Executor;
  readonly capacity: number;
  open = true;
  /**
   * Accepted messages not yet taken, oldest first. The first `#reserved.size` of them are set
   * aside for the receives whose handlers have not run yet, in the order those receives were
   * served: each takes the message at its own place in `#reserved` when its handler runs (which
   * may be out of order, on different executors), so receivers get messages first come, first
   * served. A receive cancelled before its handler ran leaves the line: the receives behind it
   * move up, and the last message set aside is free again.
   */
  readonly #buffer = new Fifo<Message>();
  readonly #reserved = new OpList<ReceiveOp>();
  readonly #senders = new OpList<SendOp>();
  readonly #receivers = new OpList<ReceiveOp>();
  /** What a receive's HandlerWork calls: one function for every receive whose handler has no executor of its own. */
  readonly #deliverer: Deliverer = (op) => this.#deliver(op);
  /** The last deliverer made for a handler with executors: the next receive with the same ones reuses it. */
  #bound: Deliverer | null = null;
  /**
   * The value slots of the channel's messages (after the error slot), from the first message it
   * was given; -1 before that. A receive with no message passes `undefined` in each (Asio's
   * default-constructed values), so that it takes its signature's places in a parallel group.
   */
  #valueCount = -1;

  constructor(executor: Executor, capacity: number) {
    this.executor = executor;
    this.capacity = capacity;
  }

  /**
   * True when a receive would complete at once (Asio's `ready`): with a message, or with
   * `channelClosed` once the channel is closed and drained.
   */
  ready(): boolean {
    return this.#unreserved() > 0 || this.#senders.size > 0 || (!this.open && this.#buffer.length === 0);
  }

  close(): void {
    this.open = false;
    const closed = makeError(errors.channelClosed);
    for (const op of this.#senders.drain()) {
      op.releaseSlot();
      op.completePosted(closed);
    }
    this.#pump(false);
  }

  cancel(): void {
    const cancelled = makeError(errors.channelCancelled);
    for (const op of this.#senders.drain()) {
      op.releaseSlot();
      op.completePosted(cancelled);
    }
    for (const op of this.#receivers.drain()) {
      op.finish(cancelled);
      op.completePosted(op);
    }
    // Their deliveries are already queued: each reports the error and takes nothing.
    for (const op of this.#reserved.drain()) op.finish(cancelled);
  }

  reset(): void {
    this.cancel();
    this.#buffer.clear();
    this.open = true;
  }

  trySend(message: Message, dispatch: boolean): boolean {
    if (!this.open) return false;
    if (this.#valueCount < 0) this.#learnShape(message);
    if (this.#receivers.size === 0 && this.#unreserved() >= this.capacity) return false;
    this.#buffer.push(message);
    this.#pump(dispatch);
    return true;
  }

  trySendN(count: number, message: Message, dispatch: boolean): number {
    let n = 0;
    while (n < count && this.trySend(message, dispatch)) n++;
    return n;
  }

  /** The oldest unreserved message, taken now, or undefined when there is none. */
  tryReceive(): Message | undefined {
    if (this.#unreserved() === 0 && this.#senders.size > 0) this.#acceptSender();
    if (this.#unreserved() === 0) return undefined;
    const message = this.#buffer.takeAt(this.#reserved.size);
    this.#pump(false);
    return message;
  }

  startSend(handler: Handler<SendSignature>, message: Message): void {
    if (this.#valueCount < 0) this.#learnShape(message);
    if (!this.open) {
      new HandlerWork(handler, this.executor).complete(makeError(errors.channelClosed));
      return;
    }
    if (this.#receivers.size > 0 || this.#unreserved() < this.capacity) {
      // Made (and the handler checked) before the message is taken.
      const work = new HandlerWork(handler, this.executor);
      this.#buffer.push(message);
      this.#pump(false);
      work.complete(null);
      return;
    }
    const op = new SendOp(handler, this.executor, message);
    const slot = connectedSlot(handler);
    if (slot !== null) {
      op.listen(slot, (type) => {
        if ((type & supported) === 0 || !this.#senders.remove(op)) return;
        op.releaseSlot();
        op.completePosted(makeError(errors.channelCancelled));
      });
    }
    this.#senders.push(op);
    op.started();
  }

  startReceive(handler: Handler<Signature>): void {
    const op = new ReceiveOp(this.#delivererFor(handler), this.executor, handler);
    // Listened to from the start: a receive stays cancellable until its handler runs.
    const slot = connectedSlot(handler);
    if (slot !== null) {
      op.listen(slot, (type) => {
        if ((type & supported) !== 0) this.#cancelReceive(op);
      });
    }
    if (this.#unreserved() === 0 && this.#senders.size > 0) this.#acceptSender();
    if (this.#unreserved() > 0) {
      this.#reserve(op);
      this.#pump(false);
      op.complete(op);
    } else if (!this.open && this.#buffer.length === 0) {
      op.finish(makeError(errors.channelClosed));
      op.complete(op);
    } else this.#receivers.push(op);
    op.started();
  }

  /**
   * The function a receive's HandlerWork calls, carrying the handler's executor and immediate
   * executor (HandlerWork delivers through them); shared by receives whose handlers have the same.
   */
  #delivererFor(handler: unknown): Deliverer {
    const h = handler as Associations;
    const executor = h[associatedExecutor];
    const immediate = h[associatedImmediateExecutor];
    if (executor === undefined && immediate === undefined) return this.#deliverer;
    const bound = this.#bound as (Deliverer & Associations) | null;
    if (bound !== null && bound[associatedExecutor] === executor && bound[associatedImmediateExecutor] === immediate) return bound;
    const fresh: Deliverer & Associations = (op) => this.#deliver(op);
    if (executor !== undefined) fresh[associatedExecutor] = executor;
    if (immediate !== undefined) fresh[associatedImmediateExecutor] = immediate;
    this.#bound = fresh;
    return fresh;
  }

  #learnShape(message: Message): void {
    this.#valueCount = Math.max(0, message.length - 1);
  }

  /** Buffered messages no receive has set aside. */
  #unreserved(): number {
    return this.#buffer.length - this.#reserved.size;
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
    op.completePosted(null);
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
          if (dispatch) op.complete(op);
          else op.completePosted(op);
          continue;
        }
      }
      if (this.#senders.size > 0 && this.#unreserved() < this.capacity) {
        this.#acceptSender();
        continue;
      }
      break;
    }
    // Closed and drained (no message left, none set aside that could come back): nothing more will come.
    if (!this.open && this.#buffer.length === 0 && this.#receivers.size > 0) {
      const closed = makeError(errors.channelClosed);
      for (const op of this.#receivers.drain()) {
        op.finish(closed);
        op.completePosted(op);
      }
    }
  }

  /** A per-operation cancellation of a receive that has not delivered yet. */
  #cancelReceive(op: ReceiveOp): void {
    if (op.state === waiting) {
      if (!this.#receivers.remove(op)) return;
      op.finish(makeError(errors.channelCancelled));
      op.completePosted(op);
    } else if (op.state === reserved) {
      // Its delivery is already queued and will report the error; the receives behind it move
      // up a place, and the last message set aside is free again, for the next receive.
      this.#reserved.remove(op);
      op.finish(makeError(errors.channelCancelled));
      this.#pump(false);
    }
  }

  /** A receive's handler is due: it takes the message set aside for it now, unless it was cancelled. */
  #deliver(op: ReceiveOp): void {
    if (op.state !== reserved) {
      deliverFailure(op.receiver, op.error, this.#valueCount);
      return;
    }
    const place = this.#reserved.indexOf(op);
    this.#reserved.remove(op);
    op.state = finished;
    op.releaseSlot();
    const message = this.#buffer.takeAt(place);
    this.#pump(false);
    deliverMessage(op.receiver, message);
  }
}
