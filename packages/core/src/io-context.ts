import type { ExecutionContext, Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, describe } from './detail/check.js';
import { countHandlers, FunctionQueue, hostBudget, yieldToHost } from './detail/host.js';

// Shared by every copy of the library (see detail/brand.ts).
const ioContextBrand: unique symbol = Symbol.for('asio-ts.IoContext');

/**
 * A queue of handlers and the loop that runs them (Asio's `io_context`).
 *
 * Outstanding work is counted as Asio counts it: every queued handler, every operation in flight
 * (its `onWorkStarted`/`onWorkFinished` pair) and every work guard. `run()` returns once no work
 * is outstanding, and the context is then stopped until `restart()`.
 *
 * If a handler throws, the exception leaves `run()` (its promise rejects) or `poll()` (it
 * throws); the handler is gone, the rest of the queue is intact, and calling `run()` again
 * resumes, as in Asio.
 */
export class IoContext implements ExecutionContext {
  /** True for the contexts of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, IoContext, ioContextBrand, x);
  }

  /** @internal */
  get [ioContextBrand](): true {
    return true;
  }

  readonly #queue = new FunctionQueue();
  #outstanding = 0;
  #stopped = false;
  #depth = 0;
  // Every run()/runOne() waiting for work (several may wait at once, as several threads may in Asio).
  #waiters: Array<() => void> = [];
  readonly #executor: IoContextExecutor;

  constructor() {
    this.#executor = new IoContextExecutor(this);
  }

  /** The context's executor (the same object every call, so executors compare with `===`). */
  getExecutor(): IoContextExecutor {
    return this.#executor;
  }

  /**
   * Run handlers until no work is outstanding or `stop()` is called; resolves with how many ran.
   * It shares the host's thread as the system executor does (`detail/host.ts`): it runs on, and
   * wakes for new work on a microtask, while the host had a macrotask turn recently, and yields
   * a macrotask turn once 1,024 handlers (counted across every queue) ran without one.
   */
  async run(): Promise<number> {
    let count = 0;
    for (;;) {
      if (this.#stopped) return count;
      if (this.#queue.length === 0) {
        if (this.#outstanding === 0) {
          this.#stopped = true;
          return count;
        }
        // Woken (a promise, so on a microtask) by the next enqueue, stop() or the last work.
        await this.#waitForWork();
        continue;
      }
      if (hostBudget() === 0) {
        await yieldToHost();
        continue;
      }
      count += this.#runBatch(Number.POSITIVE_INFINITY, true);
    }
  }

  /** Run at most one handler, waiting for one if work is outstanding; resolves with 0 or 1. */
  async runOne(): Promise<number> {
    for (;;) {
      if (this.#stopped) return 0;
      if (this.#queue.length > 0) {
        // A loop of `await runOne()` is a chain of microtasks too: it yields as run() does.
        if (hostBudget() === 0) {
          await yieldToHost();
          continue;
        }
        return this.#runBatch(1, false);
      }
      if (this.#outstanding === 0) {
        this.#stopped = true;
        return 0;
      }
      await this.#waitForWork();
    }
  }

  /** Run every handler that is ready, without waiting; returns how many ran. */
  poll(): number {
    let count = 0;
    while (!this.#stopped && this.#queue.length > 0) count += this.#runBatch(Number.POSITIVE_INFINITY, false);
    if (this.#outstanding === 0) this.#stopped = true;
    return count;
  }

  /** Run at most one ready handler, without waiting. */
  pollOne(): number {
    const count = this.#stopped || this.#queue.length === 0 ? 0 : this.#runBatch(1, false);
    if (this.#outstanding === 0) this.#stopped = true;
    return count;
  }

  /** Make `run()` and friends return as soon as possible. Queued handlers stay queued. */
  stop(): void {
    this.#stopped = true;
    this.#notify();
  }

  stopped(): boolean {
    return this.#stopped;
  }

  /** Allow `run()` again after it stopped or ran out of work. */
  restart(): void {
    this.#stopped = false;
  }

  /** @internal */ enqueue(fn: () => void): void {
    this.#outstanding++;
    this.#queue.push(fn);
    this.#notify();
  }

  /** @internal */ workStarted(): void {
    this.#outstanding++;
  }

  /** @internal */ workFinished(): void {
    // Out of work, the context stops, as Asio's scheduler does (`restart()` before running again).
    if (--this.#outstanding === 0) this.stop();
  }

  /** @internal */ runningHere(): boolean {
    return this.#depth > 0;
  }

  /**
   * Run up to `limit` queued handlers (fewer when `fair` and the host's budget runs out first).
   * Each counts towards the host's budget, also from poll(), which never yields itself.
   */
  #runBatch(limit: number, fair: boolean): number {
    let n = 0;
    while (n < limit && !this.#stopped && (!fair || hostBudget() > 0)) {
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

  #waitForWork(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
    });
  }

  #notify(): void {
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The executor of an `IoContext`. */
export class IoContextExecutor implements Executor {
  readonly #context: IoContext;

  constructor(context: IoContext) {
    if (!(context instanceof IoContext)) throw new TypeError(`context must be an IoContext, got ${describe(context)}`);
    this.#context = context;
  }

  context(): IoContext {
    return this.#context;
  }

  post(fn: () => void): void {
    checkFunction('fn', fn);
    this.#context.enqueue(fn);
  }

  defer(fn: () => void): void {
    checkFunction('fn', fn);
    this.#context.enqueue(fn);
  }

  dispatch(fn: () => void): void {
    checkFunction('fn', fn);
    if (this.#context.runningHere()) fn();
    else this.#context.enqueue(fn);
  }

  onWorkStarted(): void {
    this.#context.workStarted();
  }

  onWorkFinished(): void {
    this.#context.workFinished();
  }

  runningInThisThread(): boolean {
    return this.#context.runningHere();
  }
}

brandExecutor(IoContextExecutor.prototype);
