import type { Executor } from '../executor.js';
import { isThenable } from './check.js';
import { batchLimit, countHandlers, FunctionQueue } from './host.js';
import { reportOrphanError } from './orphan-errors.js';

type Submit = 'post' | 'defer' | 'dispatch';

/**
 * The state of one strand and its invoker (Asio's `strand_executor_service::strand_impl`, with
 * the service's `enqueue`, `run_ready_handlers` and `on_invoker_exit`): `Strand` checks the
 * arguments and hands its handlers here.
 */
export class StrandImpl {
  readonly #inner: Executor;
  /** The batch the invoker runs (Asio's `ready_queue_`). */
  readonly #ready = new FunctionQueue();
  /** Handlers that arrived while the strand was locked (Asio's `waiting_queue_`). */
  readonly #waiting = new FunctionQueue();
  /** An invoker is queued on the inner executor, running, or waiting on a held promise (Asio's `locked_`). */
  #locked = false;
  #depth = 0;
  /** The invoker is on the stack. */
  #running = false;
  /** Promises returned by handlers of this strand that have not settled yet. */
  #holds = 0;
  readonly #invoker = (): void => this.#runReady();

  constructor(inner: Executor) {
    this.#inner = inner;
  }

  /** A handler of this strand is on the call stack. */
  runningInThisThread(): boolean {
    return this.#depth > 0;
  }

  /** Queue `fn`, holding work on the inner executor until it ran; a free strand is scheduled. */
  enqueue(fn: () => void, how: Submit): void {
    this.#inner.onWorkStarted();
    if (this.#locked) {
      this.#waiting.push(fn);
      return;
    }
    // This handler takes the lock, so it schedules the strand.
    this.#locked = true;
    this.#ready.push(fn);
    this.#inner[how](this.#invoker);
  }

  /** The invoker: run the ready batch, then schedule what arrived meanwhile. */
  #runReady(): void {
    let n = 0;
    this.#running = true;
    try {
      // Bounded, so one invoker cannot keep the host for an unbounded batch; what is left of
      // the batch stays first in line for the next invoker. A promise holding the strand ends it.
      while (n < batchLimit && this.#holds === 0) {
        const fn = this.#ready.shift();
        if (fn === undefined) break;
        n++;
        this.#invoke(fn);
      }
    } finally {
      // The inner executor counted the invoker as one handler; count the rest of the batch.
      if (n > 1) countHandlers(n - 1);
      this.#running = false;
      this.#onInvokerExit();
    }
  }

  /**
   * Asio's `on_invoker_exit`: the waiting handlers join the ready ones and, if there are any, an
   * invoker is re-posted to the inner executor (behind its queued work); else the strand unlocks.
   * While a promise holds the strand, this waits for it to settle.
   */
  #onInvokerExit(): void {
    if (this.#holds > 0) return;
    this.#ready.append(this.#waiting);
    if (this.#ready.length > 0) this.#inner.post(this.#invoker);
    else this.#locked = false;
  }

  /** Run one queued handler, releasing the work it held while queued. */
  #invoke(fn: () => void): void {
    try {
      this.call(fn);
    } finally {
      this.#inner.onWorkFinished();
    }
  }

  /**
   * Run `fn` inside the strand. A promise it returns holds the strand (and work on the inner
   * executor) until it settles, whether `fn` was queued or dispatched from inside the strand.
   */
  call(fn: () => unknown): void {
    let result: unknown;
    this.#depth++;
    try {
      result = fn();
    } finally {
      this.#depth--;
    }
    if (isThenable(result)) {
      this.#holds++;
      this.#inner.onWorkStarted();
      const release = (): void => {
        this.#inner.onWorkFinished();
        // No invoker is queued while a promise holds the strand: the last one to settle
        // continues the strand as the invoker's exit would (unless a thenable that settles
        // synchronously did so with the invoker still on the stack, whose exit then does it).
        if (--this.#holds === 0 && !this.#running) this.#onInvokerExit();
      };
      result.then(release, (reason: unknown) => {
        release();
        // Nobody awaits this promise: report it where detached errors go; the strand moves on.
        reportOrphanError(reason);
      });
    }
  }
}
