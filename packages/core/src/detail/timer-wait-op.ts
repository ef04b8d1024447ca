import type { CancellationHandler, CancellationSlot } from '../cancellation-signal.js';
import { CancellationType } from '../cancellation-type.js';
import { errors, type SystemError } from '../errors.js';
import type { Handler } from '../async-result.js';
import type { Executor } from '../executor.js';
import { HandlerWork } from '../handler-work.js';
import { currentAbortReason } from './abort-reason.js';
import { framelessError } from './frameless-error.js';
import { finished, type TimerEntry, type TimerOp, type TimerQueue } from './timer-queue.js';

// SteadyTimer's TimerWaitSignature, spelled out: steady-timer.ts imports this file.
type TimerWaitSignature = [err: SystemError | null];

// A wait on a timer supports every kind of per-operation cancellation, as Asio's timer does.
const supported = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/**
 * operationAborted for a cancelled wait, made without stack frames (detail/frameless-error.ts;
 * docs/porting.md, "Timers", says why none is kept), with the reason of an AbortSignal being
 * aborted as its cause. One `cancel()` makes one and hands it to every wait it cancels, as an
 * AbortSignal hands its one reason to every listener.
 */
export function abortedError(): SystemError {
  return framelessError(errors.operationAborted, currentAbortReason());
}

/** One `asyncWait` in flight (Asio's wait_handler): its own HandlerWork, one object per wait. */
export class WaitOp extends HandlerWork<TimerWaitSignature> implements TimerOp {
  /** @internal */ prev: TimerOp | null = null;
  /** @internal */ next: TimerOp | null = null;
  /** @internal */ entry: TimerEntry | null = null;
  /** @internal */ state = finished;
  #slot: CancellationSlot | null = null;
  #onCancel: CancellationHandler | null = null;

  constructor(handler: Handler<TimerWaitSignature>, ioExecutor: Executor) {
    super(handler, ioExecutor);
  }

  /** Take per-operation cancellation requests from `slot` while the wait is queued. */
  listen(slot: CancellationSlot, queue: TimerQueue): void {
    const onCancel: CancellationHandler = (type) => {
      // Its own error: made now, it takes the reason of an AbortSignal being aborted as its cause.
      if ((type & supported) !== 0 && queue.remove(this)) this.abort(abortedError());
    };
    this.#slot = slot;
    this.#onCancel = onCancel;
    slot.assign(onCancel);
  }

  expire(): void {
    this.#release();
    this.complete(null);
  }

  /** The wait was taken out of the queue by a cancellation: deliver `err` (operationAborted), queued. */
  abort(err: SystemError): void {
    this.#release();
    this.completePosted(err);
  }

  #release(): void {
    if (this.#slot !== null) {
      this.#slot.release(this.#onCancel!);
      this.#slot = null;
      this.#onCancel = null;
    }
  }
}
