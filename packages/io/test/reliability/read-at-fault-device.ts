/**
 * A random-access read device that injects faults from a plan, for the asyncReadAt property:
 * each `asyncReadSomeAt` takes its plan's chunk size (0 included), completes inline (inside the
 * call, a misbehaving device), posted, or later (held until `completePending`, and cancellable
 * through the handler's slot: operationAborted with 0 bytes), and a read reaching the failure
 * offset delivers the bytes before it and fails there. It records every byte it delivered.
 */
import { CancellationType, errors, getAssociatedCancellationSlot, HandlerWork, makeError, type Executor, type SystemError } from '@asio-ts/core';
import { bufferCopy, bufferSize, type AsyncRandomAccessReadDevice, type MutableBufferSequence, type ReadHandler } from '@asio-ts/io';

export type AtTiming = 'inline' | 'posted' | 'later';

export interface AtPlan {
  /** Bytes this call may transfer at most (0: a zero-length read without an error). */
  readonly take: number;
  readonly timing: AtTiming;
}

interface Held {
  readonly work: HandlerWork<[SystemError | null, number]>;
  readonly run: () => [SystemError | null, number];
  readonly release: () => void;
}

export class FaultReadAtDevice implements AsyncRandomAccessReadDevice {
  readonly #executor: Executor;
  readonly #data: Uint8Array;
  readonly #plans: readonly AtPlan[];
  readonly #failAt: number;
  #held: Held | null = null;
  calls = 0;
  delivered = 0;
  inlineCompletions = 0;
  cancellationsSeen = 0;
  /** Each delivery: where, and how many bytes. */
  readonly deliveries: { readonly offset: number; readonly n: number }[] = [];

  constructor(executor: Executor, data: Uint8Array, plans: readonly AtPlan[], failAt: number) {
    this.#executor = executor;
    this.#data = data;
    this.#plans = plans;
    this.#failAt = failAt;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  hasPending(): boolean {
    return this.#held !== null;
  }

  completePending(): void {
    const held = this.#held;
    if (held === null) return;
    this.#held = null;
    held.release();
    held.work.complete(...held.run());
  }

  asyncReadSomeAt(offset: number, buffers: MutableBufferSequence, handler: ReadHandler): void {
    const plan = this.#plans[this.calls++ % this.#plans.length]!;
    const list = buffers instanceof Uint8Array ? buffers : [...buffers];
    const run = (): [SystemError | null, number] => {
      const want = Math.min(plan.take, bufferSize(list));
      const end = Math.min(this.#data.length, this.#failAt);
      const n = bufferCopy(list, this.#data.subarray(Math.min(offset, end), end), want);
      this.delivered += n;
      this.deliveries.push({ offset, n });
      // Short of what was asked: the failure offset (brokenPipe) or the end of the data (eof).
      if (n < want) return [makeError(end === this.#failAt ? errors.brokenPipe : errors.eof), n];
      return [null, n];
    };
    if (plan.timing === 'inline') {
      this.inlineCompletions++;
      handler(...run());
      return;
    }
    const work = new HandlerWork<[SystemError | null, number]>(handler, this.#executor);
    if (plan.timing === 'posted') {
      work.complete(...run());
      return;
    }
    const slot = getAssociatedCancellationSlot(handler);
    let release = (): void => {};
    if (slot.isConnected()) {
      const onCancel = (type: CancellationType): void => {
        if ((type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total)) === 0) return;
        if (this.#held?.work !== work) return;
        this.#held = null;
        this.cancellationsSeen++;
        slot.release(onCancel);
        work.complete(makeError(errors.operationAborted), 0);
      };
      slot.assign(onCancel);
      release = () => slot.release(onCancel);
    }
    this.#held = { work, run, release };
    work.started();
  }
}
