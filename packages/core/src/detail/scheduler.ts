import { bindToCurrentContext } from './async-hooks.js';
import { inCoroutineFrame, outsideCoroutines } from './frame-storage.js';
import { countHandlers, FunctionQueue, hostBudget, yieldToHost } from './host.js';
import { timerQueue, type TimerHost } from './timer-queue.js';

const never = Number.POSITIVE_INFINITY;
// setTimeout fires at once for delays above 2^31-1 ms: a longer wait re-arms.
const maxHostDelay = 2 ** 31 - 1;

/**
 * The handler queue and the run loop of an `IoContext` (Asio's `detail::scheduler`): outstanding
 * work counted as Asio counts it, and `run`/`runOne`/`poll`/`pollOne` sharing the host's thread.
 * `IoContext` documents each of them. `run` and `runOne` take a deadline on the SteadyTimer
 * clock (`timerQueue()`'s host, so a test's fake host drives both), as Asio's `run_until` and
 * `run_one_until`: no handler starts once it passed, and a wait for work ends at it.
 */
export class Scheduler {
  readonly #queue = new FunctionQueue();
  #outstanding = 0;
  #stopped = false;
  #depth = 0;
  // Every run()/runOne() waiting for work (several may wait at once, as several threads may in Asio).
  #waiters: Array<() => void> = [];

  run(deadline = never): Promise<number> {
    return this.#drive(false, deadline);
  }

  runOne(deadline = never): Promise<number> {
    return this.#drive(true, deadline);
  }

  poll(): number {
    let count = 0;
    while (!this.#stopped && this.#queue.length > 0) count += this.#runBatch(Number.POSITIVE_INFINITY, false, null, never, inCoroutineFrame());
    if (this.#outstanding === 0) this.#stopped = true;
    return count;
  }

  pollOne(): number {
    const count = this.#stopped || this.#queue.length === 0 ? 0 : this.#runBatch(1, false, null, never, inCoroutineFrame());
    if (this.#outstanding === 0) this.#stopped = true;
    return count;
  }

  stop(): void {
    this.#stopped = true;
    this.#notify();
  }

  stopped(): boolean {
    return this.#stopped;
  }

  restart(): void {
    this.#stopped = false;
  }

  enqueue(fn: () => void): void {
    this.#outstanding++;
    this.#queue.push(fn);
    this.#notify();
  }

  workStarted(): void {
    this.#outstanding++;
  }

  workFinished(): void {
    // Out of work, the context stops, as Asio's scheduler does (`restart()` before running again).
    if (--this.#outstanding === 0) this.stop();
  }

  runningHere(): boolean {
    return this.#depth > 0;
  }

  /**
   * Run up to `limit` queued handlers (fewer when `fair` and the host's budget runs out first,
   * or when `host`'s clock reaches `deadline`). Each counts towards the host's budget, also from
   * poll(), which never yields itself.
   */
  #runBatch(limit: number, fair: boolean, host: TimerHost | null, deadline: number, inFrame: boolean): number {
    // Handlers run in no coroutine's frame, also when run()/poll() is called from a coroutine.
    if (inFrame) return outsideCoroutines(() => this.#runHandlers(limit, fair, host, deadline));
    return this.#runHandlers(limit, fair, host, deadline);
  }

  #runHandlers(limit: number, fair: boolean, host: TimerHost | null, deadline: number): number {
    let n = 0;
    while (n < limit && !this.#stopped && (!fair || hostBudget() > 0) && (host === null || host.now() < deadline)) {
      const fn = this.#queue.shift();
      if (fn === undefined) break;
      n++;
      countHandlers(1);
      this.#depth++;
      try {
        fn();
      } finally {
        this.#depth--;
        this.workFinished();
      }
    }
    return n;
  }

  /**
   * The loop of `run()` (`one` false) and `runOne()` (`one` true), driven by callbacks rather
   * than awaits: a wait for work costs one promise made while parking and its reaction, a wait
   * for the host's turn one macrotask (docs/performance.md, "Sixth recorded run" and "Eighth
   * recorded run"). A handler that throws rejects the promise.
   */
  #drive(one: boolean, deadline: number): Promise<number> {
    const host = deadline === never ? null : timerQueue().host;
    // Every turn of the loop runs in the context run() was called in (below): read once.
    const inFrame = inCoroutineFrame();
    return new Promise<number>((resolve, reject) => {
      let count = 0;
      // The loop runs in the async context `run()` was called in, as an `await` resumes, whoever
      // wakes it: a wake-up by a post is a reaction on a promise made while parking (`#park`),
      // not on one made by whoever posts; the host's timer and macrotask turns, rarer, call the
      // loop bound to that context (a host need not carry it).
      const step = (): void => {
        try {
          for (;;) {
            if ((host !== null && host.now() >= deadline) || this.#stopped) return resolve(count);
            if (this.#queue.length === 0) {
              if (this.#outstanding === 0) {
                this.#stopped = true;
                return resolve(count);
              }
              // Woken (on a microtask) by the next enqueue, stop(), the last work or the deadline.
              return this.#park(host, deadline, step, hostStep);
            }
            // A loop of `await runOne()` is a chain of microtasks too: it yields as run() does.
            if (hostBudget() === 0) return yieldToHost(hostStep);
            if (one) return resolve(this.#runBatch(1, false, null, never, inFrame));
            count += this.#runBatch(Number.POSITIVE_INFINITY, true, host, deadline, inFrame);
          }
        } catch (e) {
          reject(e);
        }
      };
      const hostStep = bindToCurrentContext(step);
      // The first turn too: what a handler enters (`enterWith`) stays out of the caller's context.
      hostStep();
    });
  }

  /**
   * Call `step` on a microtask at the next notify, or (with a `host`) `hostStep` once its clock
   * reaches `deadline`.
   */
  #park(host: TimerHost | null, deadline: number, step: () => void, hostStep: () => void): void {
    if (host === null) {
      this.#waiters.push(wakeInThisContext(step));
      return;
    }
    // The step re-reads the clock, so a host timer firing early only costs another wait.
    const delay = Math.min(Math.max(0, Math.ceil(deadline - host.now())), maxHostDelay);
    const handle = host.setTimer(() => {
      const i = this.#waiters.indexOf(wake);
      if (i >= 0) this.#waiters.splice(i, 1);
      hostStep();
    }, delay);
    const resume = wakeInThisContext(step);
    const wake = (): void => {
      host.clearTimer(handle);
      resume();
    };
    this.#waiters.push(wake);
  }

  #notify(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * A function that calls `step` on a microtask, in the async context current now rather than in
 * the caller's: the reaction is registered here, on a promise made here.
 */
function wakeInThisContext(step: () => void): () => void {
  let wake!: () => void;
  void new Promise<void>((resolve) => {
    wake = resolve;
  }).then(step);
  return wake;
}
