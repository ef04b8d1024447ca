import { countHandlers, FunctionQueue, hostBudget, yieldToHost } from './host.js';

/**
 * The handler queue and the run loop of an `IoContext` (Asio's `detail::scheduler`): outstanding
 * work counted as Asio counts it, and `run`/`runOne`/`poll`/`pollOne` sharing the host's thread.
 * `IoContext` documents each of them.
 */
export class Scheduler {
  readonly #queue = new FunctionQueue();
  #outstanding = 0;
  #stopped = false;
  #depth = 0;
  // Every run()/runOne() waiting for work (several may wait at once, as several threads may in Asio).
  #waiters: Array<() => void> = [];

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

  poll(): number {
    let count = 0;
    while (!this.#stopped && this.#queue.length > 0) count += this.#runBatch(Number.POSITIVE_INFINITY, false);
    if (this.#outstanding === 0) this.#stopped = true;
    return count;
  }

  pollOne(): number {
    const count = this.#stopped || this.#queue.length === 0 ? 0 : this.#runBatch(1, false);
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
