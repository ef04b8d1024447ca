/**
 * A fault-injecting AsyncWriteStream for the reliability properties.
 *
 * Each `asyncWriteSome` call follows the next `ChunkPlan` (and, once the plans run out, accepts
 * everything and completes through a post):
 *
 * - `take`: how many of the offered bytes it accepts (clamped to the offered size; 0 allowed,
 *   with or without an error);
 * - `fault`: the error it completes with: none, a SystemError (brokenPipe, connectionReset), a
 *   plain `Error`, a Node-style error with `code: 'EPIPE'`, or a thrown non-Error value;
 * - `timing`: `inline` (calls the handler inside `asyncWriteSome`, as a misbehaving user stream
 *   would), `posted` (through the handler's immediate executor, as Asio requires), `manual`
 *   (pending until the test calls `completePending()`, then delivered through the handler's
 *   executor) or `direct` (pending, then the handler is called straight from whatever code
 *   completes it: an event emitter's callback, a cancellation handler);
 * - `onCancel`: for pending chunks, what a cancellation arriving through the handler's slot does:
 *   `abort0` completes with operationAborted and 0 bytes, `abortSome` with operationAborted and
 *   some bytes already taken (a partial cancellation's "well defined side effects"), `complete`
 *   completes with the chunk's own planned result (the cancellation raced with completion), and
 *   `ignore` means the stream does not support cancellation (it never installs a slot handler).
 *
 * Everything observable is appended to a shared event log, which the reference model of Asio's
 * `write_op` (write-model.ts) replays.
 */
import {
  withAssociationsOf,
  errors,
  HandlerWork,
  getAssociatedCancellationSlot,
  makeError,
  type CancellationHandler,
  type CancellationSlot,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import type { AsyncWriteStream, ConstBufferSequence, WriteHandler, WriteSignature } from '@asio-ts/io';

export type FaultKind = 'none' | 'brokenPipe' | 'connectionReset' | 'plain' | 'nodeLike' | 'nonError';
export type Timing = 'inline' | 'posted' | 'manual' | 'direct';
export type CancelReaction = 'abort0' | 'abortSome' | 'complete' | 'ignore';

export interface ChunkPlan {
  readonly take: number | 'all';
  readonly fault: FaultKind;
  readonly timing: Timing;
  readonly onCancel: CancelReaction;
  readonly cancelTake: number;
  /** Deliver a cancellation's completion straight from the cancellation handler. */
  readonly cancelDirect: boolean;
}

export const defaultPlan: ChunkPlan = Object.freeze({
  take: 'all',
  fault: 'none',
  timing: 'posted',
  onCancel: 'ignore',
  cancelTake: 0,
  cancelDirect: false,
});

/** What happened, in order. Stream events and the driver's own events share one log. */
export type StreamEvent =
  | { readonly t: 'call'; readonly i: number; readonly size: number; readonly offered: Uint8Array; readonly cancellable: boolean }
  | { readonly t: 'done'; readonly i: number; readonly err: unknown; readonly n: number; readonly cause: 'plan' | 'cancel' }
  | { readonly t: 'deliver'; readonly i: number }
  | { readonly t: 'cancelSeen'; readonly i: number; readonly type: number }
  | { readonly t: 'emit'; readonly type: number }
  | { readonly t: 'bodyStart' }
  | { readonly t: 'frameReset'; readonly mask: number }
  | { readonly t: 'launch' };

export function makeFault(kind: FaultKind): unknown {
  switch (kind) {
    case 'none':
      return null;
    case 'brokenPipe':
      return makeError(errors.brokenPipe, 'injected');
    case 'connectionReset':
      return makeError(errors.connectionReset, 'injected');
    case 'plain':
      return new Error('injected plain failure');
    case 'nodeLike':
      return Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
    case 'nonError':
      return 'injected non-Error failure';
  }
}

interface Pending {
  readonly i: number;
  readonly plan: ChunkPlan;
  readonly handler: WriteHandler;
  readonly work: HandlerWork<WriteSignature>;
  readonly offered: Uint8Array;
  slot: CancellationSlot | null;
  onCancel: CancellationHandler | null;
}

function flatten(buffers: ConstBufferSequence): Uint8Array {
  if (buffers instanceof Uint8Array) return buffers.slice();
  const list = [...buffers];
  let total = 0;
  for (const b of list) total += b.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of list) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

export class FaultStream implements AsyncWriteStream {
  readonly #executor: Executor;
  readonly #plans: readonly ChunkPlan[];
  readonly #log: StreamEvent[];
  #pending: Pending | null = null;
  #accepted: number[] = [];
  calls = 0;
  /** Chunks that completed with an error or with 0 bytes and no error although bytes were offered. */
  faults = 0;
  inlineCompletions = 0;
  cancellationsSeen = 0;

  constructor(executor: Executor, plans: readonly ChunkPlan[], log: StreamEvent[]) {
    this.#executor = executor;
    this.#plans = plans;
    this.#log = log;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  /** Every byte accepted so far, in order. */
  accepted(): Uint8Array {
    return Uint8Array.from(this.#accepted);
  }

  hasPending(): boolean {
    return this.#pending !== null;
  }

  /** True while a pending chunk still has its handler installed in a cancellation slot. */
  holdsSlot(): boolean {
    return this.#pending?.onCancel != null;
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    const i = this.calls++;
    const plan = this.#plans[i] ?? defaultPlan;
    const offered = flatten(buffers);
    if (plan.timing === 'inline') {
      this.#log.push({ t: 'call', i, size: offered.length, offered, cancellable: false });
      const [err, n] = this.#result(i, plan, offered, 'plan');
      this.inlineCompletions++;
      this.#log.push({ t: 'deliver', i });
      handler(err as never, n);
      return;
    }
    const logged = withAssociationsOf((err: SystemError | null, n: number) => {
      this.#log.push({ t: 'deliver', i });
      handler(err, n);
    }, handler);
    const work = new HandlerWork(logged, this.#executor);
    if (plan.timing === 'posted') {
      this.#log.push({ t: 'call', i, size: offered.length, offered, cancellable: false });
      const [err, n] = this.#result(i, plan, offered, 'plan');
      work.complete(err as never, n);
      return;
    }
    const pending: Pending = { i, plan, handler, work, offered, slot: null, onCancel: null };
    const slot = getAssociatedCancellationSlot(handler);
    const cancellable = plan.onCancel !== 'ignore' && slot.isConnected();
    this.#log.push({ t: 'call', i, size: offered.length, offered, cancellable });
    this.#pending = pending;
    if (cancellable) {
      const onCancel: CancellationHandler = (type) => {
        if (this.#pending !== pending) return;
        this.cancellationsSeen++;
        this.#log.push({ t: 'cancelSeen', i, type });
        this.#finishPending(pending, 'cancel', plan.cancelDirect);
      };
      pending.slot = slot;
      pending.onCancel = onCancel;
      slot.assign(onCancel);
    }
    work.started();
  }

  /** Complete the pending chunk (if any) with its planned result. */
  completePending(): boolean {
    const pending = this.#pending;
    if (pending === null) return false;
    this.#finishPending(pending, 'plan', pending.plan.timing === 'direct');
    return true;
  }

  #finishPending(pending: Pending, cause: 'plan' | 'cancel', direct: boolean): void {
    this.#pending = null;
    if (pending.slot !== null && pending.onCancel !== null) pending.slot.release(pending.onCancel);
    pending.onCancel = null;
    const plan = pending.plan;
    let result: [unknown, number];
    if (cause === 'cancel' && plan.onCancel === 'abort0') {
      result = this.#record(pending.i, pending.offered, makeError(errors.operationAborted, 'stream cancelled'), 0, cause);
    } else if (cause === 'cancel' && plan.onCancel === 'abortSome') {
      const n = Math.min(plan.cancelTake, pending.offered.length);
      result = this.#record(pending.i, pending.offered, makeError(errors.operationAborted, 'stream cancelled'), n, cause);
    } else {
      result = this.#result(pending.i, plan, pending.offered, cause);
    }
    const [err, n] = result;
    if (direct) {
      pending.work.reset();
      pending.work.handler(err as never, n);
    } else {
      pending.work.complete(err as never, n);
    }
  }

  #result(i: number, plan: ChunkPlan, offered: Uint8Array, cause: 'plan' | 'cancel'): [unknown, number] {
    const n = plan.take === 'all' ? offered.length : Math.min(plan.take, offered.length);
    return this.#record(i, offered, makeFault(plan.fault), n, cause);
  }

  #record(i: number, offered: Uint8Array, err: unknown, n: number, cause: 'plan' | 'cancel'): [unknown, number] {
    for (let k = 0; k < n; k++) this.#accepted.push(offered[k]!);
    if (err !== null || (n === 0 && offered.length > 0)) this.faults++;
    this.#log.push({ t: 'done', i, err, n, cause });
    return [err, n];
  }
}
