import { asyncInitiate, type AsyncResult, type CompletionToken, type Handler } from './async-result.js';
import { getAssociatedCancellationSlot } from './associations.js';
import { deferred, type DeferredOperation } from './deferred.js';
import { isBranded } from './detail/brand.js';
import { isPlainHandler } from './detail/initiate.js';
import { TimerEntry, timerQueue, type TimerQueue } from './detail/timer-queue.js';
import { checkTime } from './detail/timer-time.js';
import { WaitOp } from './detail/timer-wait-op.js';
import type { SystemError } from './errors.js';
import { toExecutor, type ExecutionContext, type Executor, type ExecutorOrContext } from './executor.js';
import { HandlerWork } from './handler-work.js';

// Shared by every copy of the library (see detail/brand.ts): cancelAfter(timer, ...) of one copy
// takes the other's timers.
const steadyTimerBrand: unique symbol = Symbol.for('asio-ts.SteadyTimer');

/** The handler signature of `SteadyTimer.asyncWait`: `null` on expiry, operationAborted when cancelled. */
export type TimerWaitSignature = [err: SystemError | null];

/**
 * A timer's expiry when constructing one: a number is a duration in milliseconds from now (Asio's
 * `duration` constructor); `{ at }` is an absolute time on the `SteadyTimer.now()` clock (Asio's
 * `time_point` constructor).
 */
export type SteadyTimerExpiry = number | { readonly at: number };

/**
 * Asio's `steady_timer`: a timer on the host's monotonic clock (`performance.now()`, in
 * milliseconds). It is either expired or not; `asyncWait` completes with `null` once it is
 * expired, or with `operationAborted` when the wait is cancelled (`cancel`, `cancelOne`, a new
 * expiry, or per-operation cancellation of any type through the handler's slot).
 *
 * - A timer constructed without an expiry has expiry 0, the clock's epoch: already expired.
 * - Any number of waits may be pending on one timer; they complete in the order they started.
 * - A wait started on an expired timer still never completes inside `asyncWait`: it is delivered
 *   through the handler's associated immediate executor (by default a post to the timer's
 *   executor).
 * - A pending wait holds work on the timer's executor, so `await ioc.run()` lasts until it
 *   completes; a cancelled wait gives the work back when its handler ran.
 * - Every timer of the host shares one host timer (`setTimeout`), armed for the earliest expiry.
 * - `x instanceof SteadyTimer` holds for the timers of any copy of the library (ESM and CommonJS).
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const timer = new SteadyTimer(ioc, 100); // expires 100 ms from now
 * timer.asyncWait((err) => console.log(err === null ? 'expired' : 'cancelled')); // expired
 * await ioc.run(); // lasts until the wait completed
 * ```
 */
export class SteadyTimer implements ExecutionContext {
  readonly #executor: Executor;
  readonly #queue: TimerQueue;
  readonly #entry = new TimerEntry();
  #lastOp: WaitOp | null = null;

  static readonly #initiate = (handler: Handler<TimerWaitSignature>, timer: SteadyTimer): void => timer.#start(handler);

  /** True for the SteadyTimers of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, SteadyTimer, steadyTimerBrand, x);
  }

  /** @internal */
  get [steadyTimerBrand](): true {
    return true;
  }

  /**
   * A timer whose waits complete on `executorOrContext`, expiring `expiry` ms from now, or at
   * `{ at }` on the `SteadyTimer.now()` clock; without an expiry, already expired.
   */
  constructor(executorOrContext: ExecutorOrContext, expiry?: SteadyTimerExpiry) {
    this.#executor = toExecutor('executorOrContext', executorOrContext);
    this.#queue = timerQueue();
    if (expiry === undefined) return;
    if (typeof expiry === 'object' && expiry !== null) {
      const at = (expiry as { at?: unknown }).at;
      checkTime('expiry.at', at);
      this.#entry.expiry = at;
    } else {
      checkTime('expiry', expiry);
      this.#entry.expiry = this.#queue.now() + expiry;
    }
  }

  /**
   * The clock timers run on (Asio's `steady_clock::now()`): `performance.now()` on the real
   * host, in milliseconds.
   *
   * @example
   * ```ts
   * import { SteadyTimer, systemExecutor } from '@asio-ts/core';
   *
   * const timer = new SteadyTimer(systemExecutor, { at: SteadyTimer.now() + 500 }); // the same as 500
   * console.log(timer.expiry() - SteadyTimer.now() <= 500); // true
   * ```
   */
  static now(): number {
    return timerQueue().now();
  }

  /**
   * The executor the timer's waits complete on by default (Asio's `basic_waitable_timer::get_executor`).
   *
   * @example
   * ```ts
   * import { IoContext, SteadyTimer } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * console.log(new SteadyTimer(ioc).getExecutor() === ioc.getExecutor()); // true
   * ```
   */
  getExecutor(): Executor {
    return this.#executor;
  }

  /**
   * The expiry as an absolute time on the `SteadyTimer.now()` clock, whether or not it has
   * passed (Asio's `basic_waitable_timer::expiry`).
   *
   * @example
   * ```ts
   * import { SteadyTimer, systemExecutor } from '@asio-ts/core';
   *
   * const timer = new SteadyTimer(systemExecutor, 1_000);
   * console.log(`expires in ${Math.round(timer.expiry() - SteadyTimer.now())} ms`); // expires in 1000 ms
   * ```
   */
  expiry(): number {
    return this.#entry.expiry;
  }

  /**
   * Set the expiry to the absolute time `t` on the `SteadyTimer.now()` clock (`Infinity`:
   * never), as Asio's `basic_waitable_timer::expires_at`. Pending waits are cancelled (they
   * complete with operationAborted); returns how many.
   *
   * @example
   * ```ts
   * import { SteadyTimer, systemExecutor } from '@asio-ts/core';
   *
   * const timer = new SteadyTimer(systemExecutor, 60_000);
   * timer.asyncWait((err) => console.log(err?.code)); // ECANCELED
   * console.log(timer.expiresAt(SteadyTimer.now() + 10)); // 1: the pending wait was cancelled
   * ```
   */
  expiresAt(t: number): number {
    checkTime('t', t);
    const n = this.cancel();
    this.#queue.setExpiry(this.#entry, t);
    return n;
  }

  /**
   * Set the expiry to `ms` milliseconds from now (negative: already expired; `Infinity`: never),
   * as Asio's `basic_waitable_timer::expires_after`. Pending waits are cancelled; returns how
   * many. 0 means it was too late: the waits already expired and their handlers ran, or are
   * queued to run with `null`.
   *
   * @example
   * ```ts
   * // Not run by the tests: it waits 30 s.
   * import { SteadyTimer, systemExecutor } from '@asio-ts/core';
   *
   * // An idle timeout, pushed back on every message.
   * const idle = new SteadyTimer(systemExecutor, 30_000);
   * idle.asyncWait((err) => { if (err === null) console.log('idle for 30 s'); });
   * export function onMessage(): void {
   *   if (idle.expiresAfter(30_000) > 0) idle.asyncWait((err) => { if (err === null) console.log('idle for 30 s'); });
   * }
   * ```
   */
  expiresAfter(ms: number): number {
    checkTime('ms', ms);
    const at = this.#queue.now() + ms;
    const n = this.cancel();
    this.#queue.setExpiry(this.#entry, at);
    return n;
  }

  /**
   * Cancel every pending wait (each completes with operationAborted, never inside this call);
   * returns how many (Asio's `basic_waitable_timer::cancel`). The expiry is unchanged. Each wait
   * it cancels gets its own SystemError, made when its handler runs; compare errors with
   * `errorIs`, never by identity.
   *
   * @example
   * ```ts
   * import { SteadyTimer, systemExecutor } from '@asio-ts/core';
   *
   * const timer = new SteadyTimer(systemExecutor, 60_000);
   * timer.asyncWait((err) => console.log('first', err?.code)); // first ECANCELED
   * timer.asyncWait((err) => console.log('second', err?.code)); // second ECANCELED
   * console.log(timer.cancel()); // 2
   * ```
   */
  cancel(): number {
    const queue = this.#queue;
    const entry = this.#entry;
    let n = 0;
    for (let op = queue.shift(entry); op !== null; op = queue.shift(entry)) {
      (op as WaitOp).abort();
      n++;
    }
    return n;
  }

  /**
   * Cancel the oldest pending wait; returns 1, or 0 when none was pending (Asio's
   * `basic_waitable_timer::cancel_one`). The expiry is unchanged.
   *
   * @example
   * ```ts
   * import { SteadyTimer, systemExecutor } from '@asio-ts/core';
   *
   * const timer = new SteadyTimer(systemExecutor, 10);
   * timer.asyncWait((err) => console.log('first', err?.code)); // first ECANCELED
   * timer.asyncWait((err) => console.log('second', err)); // second null, at expiry
   * console.log(timer.cancelOne()); // 1
   * ```
   */
  cancelOne(): number {
    const op = this.#queue.shift(this.#entry);
    if (op === null) return 0;
    (op as WaitOp).abort();
    return 1;
  }

  /**
   * Wait for the timer to expire (Asio's `basic_waitable_timer::async_wait`). Completes with
   * `(err: SystemError | null)`: `null` on expiry, operationAborted when cancelled. Cancellation:
   * terminal, partial and total (per-operation, through the handler's slot), besides `cancel()`,
   * `cancelOne()` and a new expiry. Never completes inside this call.
   *
   * @example
   * ```ts
   * import { SteadyTimer, cancelAfter, errorIs, errors, systemExecutor, useFuture } from '@asio-ts/core';
   *
   * const timer = new SteadyTimer(systemExecutor, 10);
   * await timer.asyncWait(useFuture); // about 10 ms
   * timer.expiresAfter(60_000);
   * await timer.asyncWait(cancelAfter(10, useFuture)).catch((err: unknown) => {
   *   console.log(errorIs(err, errors.operationAborted)); // true: per-operation cancellation
   * });
   * ```
   */
  asyncWait(): DeferredOperation<TimerWaitSignature>;
  asyncWait<T extends CompletionToken<TimerWaitSignature>>(token: T): AsyncResult<T, TimerWaitSignature>;
  asyncWait<T>(token?: T): AsyncResult<T, TimerWaitSignature> {
    // A callback starts the wait at once: no initiation arguments to gather.
    if (isPlainHandler(token)) return this.#start(token as Handler<TimerWaitSignature>) as AsyncResult<T, TimerWaitSignature>;
    return asyncInitiate(SteadyTimer.#initiate, token === undefined ? deferred : token, this) as AsyncResult<T, TimerWaitSignature>;
  }

  #start(handler: Handler<TimerWaitSignature>): void {
    const queue = this.#queue;
    const entry = this.#entry;
    // Expired, with nothing queued ahead of it: complete now, which HandlerWork delivers through
    // the immediate executor. The clock is read only when the wait would be the earliest
    // (TimerQueue.enqueue); behind an earlier timer, it completes after that one's waits.
    if (entry.size === 0 && queue.expiredByLastReading(entry.expiry)) {
      new HandlerWork(handler, this.#executor).complete(null);
      return;
    }
    let op = this.#lastOp;
    if (op !== null && op.recyclable()) op.recycle(handler, this.#executor);
    else this.#lastOp = op = new WaitOp(handler, this.#executor);
    if (!queue.enqueue(entry, op)) {
      // Expired after all: the op stays free for the next wait, as above.
      op.reset();
      op.forget();
      new HandlerWork(handler, this.#executor).complete(null);
      return;
    }
    const slot = getAssociatedCancellationSlot(handler);
    if (slot.isConnected()) op.listen(slot, queue);
    op.started();
  }
}
