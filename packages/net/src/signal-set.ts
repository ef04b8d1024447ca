import {
  CancellationType,
  errors,
  fromNodeError,
  makeError,
  toExecutor,
  type AsyncResult,
  type CompletionToken,
  type DeferredOperation,
  type ExecutionContext,
  type Executor,
  type ExecutorOrContext,
  type Handler,
  type SystemError,
} from '@asio-ts/core';
import { describe } from './detail/check.js';
import { launch } from './detail/launch.js';
import { PendingOp, removeFrom } from './detail/pending-op.js';
import { holdEventLoop, register, releaseEventLoop, signalNameOf, signalNumberOf, unregister, type SignalReceiver } from './detail/signal-registry.js';

/** The handler signature of `SignalSet.asyncWait`: `(err, signalNumber)`, 0 on failure. */
export type SignalWaitSignature = [err: SystemError | null, signalNumber: number];

/** A signal, by number (`os.constants.signals.SIGINT`) or by name (`'SIGINT'`). */
export type Signal = number | string;

// A pending wait has taken no signal: removing it has no side effect.
const waitCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/** Signals no process can catch. */
const uncatchable = new Set(['SIGKILL', 'SIGSTOP']);

function checkSignal(name: string, value: unknown): number {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new TypeError(`${name} must be a signal number or name (os.constants.signals), got ${describe(value)}`);
  }
  const n = signalNumberOf(value);
  if (n === undefined) throw new RangeError(`${name} must be a signal of os.constants.signals, got ${describe(value)}`);
  if (uncatchable.has(signalNameOf(n))) throw new RangeError(`${name} must be a signal a process can catch, got ${signalNameOf(n)}`);
  return n;
}

/**
 * A set of signals to wait for (Asio's `signal_set`), on `process` signal events (Node only).
 *
 * - `add(signal)` registers the set for a signal; while any set has a signal, Node's default
 *   action for it (terminating the process, for most) does not happen. When the last set lets
 *   it go (`remove`, `clear`), the process's own listeners are as they were.
 * - `asyncWait(token)` → `(err, signalNumber)`: the next signal of the set. Every wait pending
 *   when a signal arrives completes with it. A signal that arrives with no wait pending is
 *   queued (counted per signal); the next wait takes one, the lowest signal number first, as in
 *   Asio. `remove` and `clear` drop the queued notifications of what they remove.
 * - A wait holds work on the set's executor and keeps Node's event loop alive (Asio's `run()`
 *   blocks while a wait is outstanding). `cancel()` and the handler's slot (terminal, partial,
 *   total) complete it with `operationAborted`.
 *
 * @example
 * ```ts
 * // Not run by the tests: it waits for Ctrl-C.
 * import { IoContext, useFuture } from '@asio-ts/core';
 * import { SignalSet } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const signals = new SignalSet(ctx, 'SIGINT', 'SIGTERM');
 * const signal = signals.asyncWait(useFuture);
 * await ctx.run(); // until Ctrl-C: the wait holds the context (and Node's event loop)
 * console.log(`signal ${await signal}`); // signal 2
 * signals.clear(); // Node's default action for SIGINT again
 * ```
 */
export class SignalSet implements ExecutionContext {
  readonly #executor: Executor;
  // Ascending, as Asio keeps a set's registrations; with the notifications queued for each.
  #signals: number[] = [];
  readonly #undelivered = new Map<number, number>();
  #waits: PendingOp<SignalWaitSignature>[] = [];
  readonly #receiver: SignalReceiver = { deliver: (n) => this.#deliver(n) };

  static readonly #initiate = (handler: Handler<SignalWaitSignature>, set: SignalSet): void => set.#start(handler);

  /** A set on `executorOrContext` with `signals` added (Asio's `signal_set(ctx, s1, s2, ...)`). */
  constructor(executorOrContext: ExecutorOrContext, ...signals: Signal[]) {
    this.#executor = toExecutor('executorOrContext', executorOrContext);
    const numbers = signals.map((s, i) => checkSignal(`signals[${i}]`, s));
    for (const n of numbers) this.#add(n);
  }

  /**
   * The executor waits complete on by default.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { SignalSet } from '@asio-ts/net';
   *
   * const ctx = new IoContext();
   * console.log(new SignalSet(ctx).getExecutor() === ctx.getExecutor()); // true
   * ```
   */
  getExecutor(): Executor {
    return this.#executor;
  }

  /**
   * Add `signal` to the set; adding one it has does nothing. A RangeError for an unknown or uncatchable signal.
   *
   * @example
   * ```ts
   * import { constants } from 'node:os';
   * import { IoContext } from '@asio-ts/core';
   * import { SignalSet } from '@asio-ts/net';
   *
   * const signals = new SignalSet(new IoContext());
   * signals.add('SIGINT');
   * signals.add(constants.signals.SIGHUP); // by number
   * signals.clear();
   * ```
   */
  add(signal: Signal): void {
    this.#add(checkSignal('signal', signal));
  }

  /**
   * Remove `signal` from the set, with its queued notifications; removing one it lacks does nothing.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { SignalSet } from '@asio-ts/net';
   *
   * const signals = new SignalSet(new IoContext(), 'SIGINT', 'SIGTERM');
   * signals.remove('SIGINT'); // Ctrl-C terminates the process again; SIGTERM is still waited for
   * signals.clear();
   * ```
   */
  remove(signal: Signal): void {
    const n = checkSignal('signal', signal);
    const i = this.#signals.indexOf(n);
    if (i === -1) return;
    this.#signals.splice(i, 1);
    this.#undelivered.delete(n);
    unregister(n, this.#receiver);
  }

  /**
   * Remove every signal, with every queued notification. Pending waits stay pending.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { SignalSet } from '@asio-ts/net';
   *
   * const signals = new SignalSet(new IoContext(), 'SIGINT', 'SIGTERM');
   * signals.clear(); // both signals have Node's default action again
   * ```
   */
  clear(): void {
    const signals = this.#signals;
    this.#signals = [];
    this.#undelivered.clear();
    for (const n of signals) unregister(n, this.#receiver);
  }

  /**
   * Complete every pending wait with `operationAborted`. The signals stay registered, queued notifications too.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { SignalSet } from '@asio-ts/net';
   *
   * const ctx = new IoContext();
   * const signals = new SignalSet(ctx, 'SIGINT');
   * signals.asyncWait((err) => {
   *   console.log(err?.message); // Operation canceled
   *   signals.clear();
   * });
   * signals.cancel();
   * await ctx.run();
   * ```
   */
  cancel(): void {
    const waits = this.#waits;
    this.#waits = [];
    for (const op of waits) {
      releaseEventLoop();
      op.completePosted(makeError(errors.operationAborted), 0);
    }
  }

  /**
   * Wait for a signal of the set: `(err, signalNumber)`, 0 on failure. Takes a queued
   * notification at once (lowest signal number first), else waits for the next signal.
   * Cancellation (`cancel()` or the slot: terminal, partial, total) completes it with
   * `operationAborted`; no signal is consumed.
   *
   * @example
   * ```ts
   * import { cancelAfter, IoContext, useFuture } from '@asio-ts/core';
   * import { SignalSet } from '@asio-ts/net';
   *
   * const ctx = new IoContext();
   * const signals = new SignalSet(ctx, 'SIGUSR1');
   * // Rejects with operationAborted if no SIGUSR1 comes within 1 s.
   * const signal = signals.asyncWait(cancelAfter(1000, useFuture));
   * setTimeout(() => process.kill(process.pid, 'SIGUSR1'), 10);
   * await ctx.run();
   * console.log(await signal); // 10
   * signals.clear();
   * ```
   */
  asyncWait(): DeferredOperation<SignalWaitSignature>;
  asyncWait<T extends CompletionToken<SignalWaitSignature>>(token: T): AsyncResult<T, SignalWaitSignature>;
  asyncWait(token?: unknown): unknown {
    return launch(SignalSet.#initiate, token, this);
  }

  #add(n: number): void {
    if (this.#signals.includes(n)) return;
    try {
      register(n, this.#receiver);
    } catch (e) {
      throw fromNodeError(e);
    }
    this.#signals.push(n);
    this.#signals.sort((a, b) => a - b);
  }

  #start(handler: Handler<SignalWaitSignature>): void {
    const op = new PendingOp<SignalWaitSignature>(handler, this.#executor);
    for (const n of this.#signals) {
      const count = this.#undelivered.get(n) ?? 0;
      if (count > 0) {
        if (count === 1) this.#undelivered.delete(n);
        else this.#undelivered.set(n, count - 1);
        op.complete(null, n);
        return op.work.started();
      }
    }
    this.#waits.push(op);
    holdEventLoop();
    op.listen(waitCancellation, () => {
      if (!removeFrom(this.#waits, op)) return;
      releaseEventLoop();
      op.complete(makeError(errors.operationAborted), 0);
    });
    op.work.started();
  }

  #deliver(n: number): void {
    if (!this.#signals.includes(n)) return;
    const waits = this.#waits;
    if (waits.length === 0) {
      this.#undelivered.set(n, (this.#undelivered.get(n) ?? 0) + 1);
      return;
    }
    this.#waits = [];
    for (const op of waits) {
      releaseEventLoop();
      op.complete(null, n);
    }
  }
}
