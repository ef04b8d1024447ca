import type { ExecutionContext, Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, describe } from './detail/check.js';
import { batchLimit, FunctionQueue, scheduleMacrotask } from './detail/host.js';

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
   * Yields to the host event loop between bounded batches, so timers and I/O keep going.
   */
  async run(): Promise<number> {
    let count = 0;
    // Handlers that post their successors through promise continuations (coroutines) never
    // leave a second batch queued; yielding on a budget too keeps timers and I/O going.
    let sinceYield = 0;
    for (;;) {
      if (this.#stopped) return count;
      if (this.#queue.length === 0) {
        if (this.#outstanding === 0) {
          this.#stopped = true;
          return count;
        }
        await this.#waitForWork();
        continue;
      }
      const n = this.#runBatch(batchLimit);
      count += n;
      sinceYield += n;
      if (!this.#stopped && (this.#queue.length > 0 || sinceYield >= batchLimit)) {
        sinceYield = 0;
        await yieldToHost();
      }
    }
  }

  /** Run at most one handler, waiting for one if work is outstanding; resolves with 0 or 1. */
  async runOne(): Promise<number> {
    for (;;) {
      if (this.#stopped) return 0;
      if (this.#queue.length > 0) return this.#runBatch(1);
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
    while (!this.#stopped && this.#queue.length > 0) count += this.#runBatch(Number.POSITIVE_INFINITY);
    if (this.#outstanding === 0) this.#stopped = true;
    return count;
  }

  /** Run at most one ready handler, without waiting. */
  pollOne(): number {
    const count = this.#stopped || this.#queue.length === 0 ? 0 : this.#runBatch(1);
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

  #runBatch(limit: number): number {
    let n = 0;
    while (n < limit && !this.#stopped) {
      const fn = this.#queue.shift();
      if (fn === undefined) break;
      n++;
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

function yieldToHost(): Promise<void> {
  return new Promise((resolve) => scheduleMacrotask(resolve));
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
