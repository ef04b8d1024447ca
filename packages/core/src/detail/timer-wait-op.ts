import type { CancellationHandler, CancellationSlot } from '../cancellation-signal.js';
import { CancellationType } from '../cancellation-type.js';
import { errors, type SystemError } from '../errors.js';
import { currentAbortReason } from './abort-reason.js';
import { framelessError } from './frameless-error.js';
import { RecyclableWork } from './recyclable-work.js';
import { initiating } from './work-phase.js';
import { finished, type TimerEntry, type TimerOp, type TimerQueue } from './timer-queue.js';

// SteadyTimer's TimerWaitSignature, spelled out: steady-timer.ts imports this file.
type TimerWaitSignature = [err: SystemError | null];

// A wait on a timer supports every kind of per-operation cancellation, as Asio's timer does.
const supported = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/**
 * One `asyncWait` in flight (Asio's wait_handler): its own HandlerWork. A timer reuses the op of
 * its last wait once that is over, as Asio recycles an operation's memory.
 */
export class WaitOp extends RecyclableWork<TimerWaitSignature> implements TimerOp {
  /** @internal */ prev: TimerOp | null = null;
  /** @internal */ next: TimerOp | null = null;
  /** @internal */ entry: TimerEntry | null = null;
  /** @internal */ state = finished;
  #slot: CancellationSlot | null = null;
  #onCancel: CancellationHandler | null = null;

  // The posted delivery of an abort and its values, made once and kept as the op is recycled.
  #abortArgs: TimerWaitSignature | null = null;
  #abortCause: unknown = undefined;
  #postedArgs: TimerWaitSignature | null = null;
  #runPosted: (() => void) | null = null;

  /** Take per-operation cancellation requests from `slot` while the wait is queued. */
  listen(slot: CancellationSlot, queue: TimerQueue): void {
    const onCancel: CancellationHandler = (type) => {
      // Inside `controller.abort(reason)`, the reason becomes the error's cause (see abort()).
      if ((type & supported) !== 0 && queue.remove(this)) this.abort();
    };
    this.#slot = slot;
    this.#onCancel = onCancel;
    slot.assign(onCancel);
  }

  expire(): void {
    this.#release();
    try {
      this.complete(null);
    } finally {
      if (this.recyclable()) this.forget();
    }
  }

  /**
   * The wait was taken out of the queue by a cancellation: deliver operationAborted, queued, with
   * the reason of an AbortSignal being aborted now as its cause. The error is made when the
   * handler runs, so that it dies young with it instead of waiting in the queue.
   */
  abort(): void {
    this.#release();
    const args = (this.#abortArgs ??= [null]);
    const cause = currentAbortReason();
    if (this.phase === initiating) args[0] = abortedError(cause);
    else if (cause !== undefined) this.#abortCause = cause;
    this.completePostedArgs(args);
  }

  protected override postedCall(args: TimerWaitSignature): () => void {
    this.#postedArgs = args;
    // Made elsewhere: a closure here would have every call allocate its context.
    return (this.#runPosted ??= this.#makeRunPosted());
  }

  #makeRunPosted(): () => void {
    return () => {
      const args = this.#postedArgs!;
      this.#postedArgs = null;
      if (args === this.#abortArgs) {
        args[0] = abortedError(this.#abortCause);
        if (this.#abortCause !== undefined) this.#abortCause = undefined;
      }
      try {
        this.runPosted(args);
      } finally {
        if (args === this.#abortArgs) args[0] = null;
        this.forget();
      }
    };
  }

  #release(): void {
    if (this.#slot !== null) {
      this.#slot.release(this.#onCancel!);
      this.#slot = null;
      this.#onCancel = null;
    }
  }
}

/**
 * operationAborted for a cancelled wait, made without stack frames (detail/frameless-error.ts;
 * docs/porting.md, "Timers", says why none is kept).
 */
function abortedError(cause: unknown): SystemError {
  return framelessError(errors.operationAborted, cause);
}
