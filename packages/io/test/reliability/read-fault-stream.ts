/**
 * A fault-injecting AsyncReadStream for the read properties, the read twin of fault-stream.ts.
 *
 * It reads from a fixed source. Each `asyncReadSome` call follows the next `ReadPlan` (and, once
 * the plans run out, reads all it can and completes through a post):
 *
 * - `take`: how many of the requested bytes it reads (clamped to the request and to what is
 *   left of the source); at the end of the source a non-empty read completes `(eof, 0)`;
 * - `fault`: the error it completes with after reading those bytes (a failure at a random
 *   offset): none, a SystemError, a plain `Error`, a Node-style error with `code: 'EPIPE'`, or a
 *   thrown non-Error value;
 * - `timing`: `inline` (calls the handler inside `asyncReadSome`), `posted` (through the
 *   handler's immediate executor), `manual` (pending until `completePending()`, then through
 *   the handler's executor) or `direct` (pending, then called straight from whatever completes
 *   it);
 * - `onCancel`, for pending reads, what a cancellation through the handler's slot does:
 *   `abort0` completes with operationAborted having read nothing, `complete` completes with the
 *   planned result (the cancellation raced with the data), `ignore` installs no slot handler.
 *
 * A pending read copies its bytes when it completes, so a read cancelled with `abort0` takes
 * nothing from the source. Everything observable goes to a shared event log (read-model.ts).
 */
import {
  errors,
  getAssociatedCancellationSlot,
  HandlerWork,
  makeError,
  withAssociationsOf,
  type CancellationHandler,
  type CancellationSlot,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import { bufferCopy, bufferSize, type AsyncReadStream, type MutableBufferSequence, type ReadHandler, type ReadSignature } from '@asio-ts/io';
import { makeFault, type FaultKind } from './fault-stream.js';

export type ReadTiming = 'inline' | 'posted' | 'manual' | 'direct';
export type ReadCancelReaction = 'abort0' | 'complete' | 'ignore';

export interface ReadPlan {
  readonly take: number | 'all';
  readonly fault: FaultKind;
  readonly timing: ReadTiming;
  readonly onCancel: ReadCancelReaction;
}

export const defaultReadPlan: ReadPlan = Object.freeze({ take: 'all', fault: 'none', timing: 'posted', onCancel: 'ignore' });

/** What happened, in order; the driver's own events (emit) share the log. */
export type ReadEvent =
  | { readonly t: 'call'; readonly i: number; readonly size: number; readonly cancellable: boolean }
  | { readonly t: 'done'; readonly i: number; readonly err: unknown; readonly n: number }
  | { readonly t: 'deliver'; readonly i: number }
  | { readonly t: 'cancelSeen'; readonly i: number }
  | { readonly t: 'emit'; readonly type: number };

interface Pending {
  readonly i: number;
  readonly plan: ReadPlan;
  readonly buffers: readonly Uint8Array[];
  readonly work: HandlerWork<ReadSignature>;
  slot: CancellationSlot | null;
  onCancel: CancellationHandler | null;
}

export class FaultReadStream implements AsyncReadStream {
  readonly #executor: Executor;
  readonly #source: Uint8Array;
  readonly #plans: readonly ReadPlan[];
  readonly #log: ReadEvent[];
  #pending: Pending | null = null;
  /** Bytes of the source read so far. */
  position = 0;
  calls = 0;
  faults = 0;
  inlineCompletions = 0;
  cancellationsSeen = 0;

  constructor(executor: Executor, source: Uint8Array, plans: readonly ReadPlan[], log: ReadEvent[]) {
    this.#executor = executor;
    this.#source = source;
    this.#plans = plans;
    this.#log = log;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  get readCalls(): number {
    return this.calls;
  }

  hasPending(): boolean {
    return this.#pending !== null;
  }

  asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
    const i = this.calls++;
    const plan = this.#plans[i] ?? defaultReadPlan;
    // An array: the buffers are written when the read completes.
    const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
    const size = bufferSize(list);
    if (plan.timing === 'inline') {
      this.#log.push({ t: 'call', i, size, cancellable: false });
      const [err, n] = this.#read(i, plan, list);
      this.inlineCompletions++;
      this.#log.push({ t: 'deliver', i });
      (handler as (e: unknown, n: number) => void)(err, n);
      return;
    }
    const logged = withAssociationsOf((err: SystemError | null, n: number) => {
      this.#log.push({ t: 'deliver', i });
      handler(err, n);
    }, handler);
    const work = new HandlerWork<ReadSignature>(logged, this.#executor);
    if (plan.timing === 'posted') {
      this.#log.push({ t: 'call', i, size, cancellable: false });
      const [err, n] = this.#read(i, plan, list);
      work.complete(err as SystemError | null, n);
      return;
    }
    const pending: Pending = { i, plan, buffers: list, work, slot: null, onCancel: null };
    const slot = getAssociatedCancellationSlot(handler);
    const cancellable = plan.onCancel !== 'ignore' && slot.isConnected();
    this.#log.push({ t: 'call', i, size, cancellable });
    this.#pending = pending;
    if (cancellable) {
      const onCancel: CancellationHandler = () => {
        if (this.#pending !== pending) return;
        this.cancellationsSeen++;
        this.#log.push({ t: 'cancelSeen', i });
        this.#finish(pending, true);
      };
      pending.slot = slot;
      pending.onCancel = onCancel;
      slot.assign(onCancel);
    }
    work.started();
  }

  /** Complete the pending read (if any) with its planned result. */
  completePending(): boolean {
    const pending = this.#pending;
    if (pending === null) return false;
    this.#finish(pending, false);
    return true;
  }

  #finish(pending: Pending, cancelled: boolean): void {
    this.#pending = null;
    if (pending.slot !== null && pending.onCancel !== null) pending.slot.release(pending.onCancel);
    let result: [unknown, number];
    if (cancelled && pending.plan.onCancel === 'abort0') {
      result = [makeError(errors.operationAborted, 'stream cancelled'), 0];
      this.#log.push({ t: 'done', i: pending.i, err: result[0], n: 0 });
    } else {
      result = this.#read(pending.i, pending.plan, pending.buffers);
    }
    const [err, n] = result;
    if (pending.plan.timing === 'direct') {
      pending.work.reset();
      pending.work.handler(err as SystemError | null, n);
    } else {
      pending.work.complete(err as SystemError | null, n);
    }
  }

  #read(i: number, plan: ReadPlan, buffers: readonly Uint8Array[]): [unknown, number] {
    const size = bufferSize(buffers);
    const left = this.#source.length - this.position;
    let err: unknown;
    let n: number;
    if (size > 0 && left === 0) {
      err = makeError(errors.eof);
      n = 0;
    } else {
      n = Math.min(size, left, plan.take === 'all' ? Infinity : plan.take);
      n = bufferCopy(buffers, this.#source.subarray(this.position, this.position + n));
      this.position += n;
      err = makeFault(plan.fault);
    }
    if (err !== null) this.faults++;
    this.#log.push({ t: 'done', i, err, n });
    return [err, n];
  }
}
