import type { Handler, Signature } from './async-result.js';
import { associatedExecutorOf } from './detail/associated.js';
import { checkFunction, mustBe } from './detail/check.js';
import { insideCancellationEmit } from './detail/emit-depth.js';
import { invoke, invokeLater, invokeLater2 } from './detail/invoke.js';
import { isExecutor, type Executor } from './executor.js';
import { systemExecutor } from './system-executor.js';
import { inCoroutineFrame, outsideCoroutines } from './detail/frame-storage.js';
import { immediately } from './detail/immediately.js';
import { done, inFlight, initiating, released } from './detail/work-phase.js';

/**
 * The one owner of how a completion reaches its handler (Asio's `handler_work`). An operation
 * makes one when it starts, calls `started()` when its initiating function is about to return,
 * and `complete(...args)` exactly once. HandlerWork then decides:
 *
 * - still inside the initiating call: through the handler's associated immediate executor
 *   (default: a post to the I/O executor), so the handler never runs inside the call unless it
 *   asked to (`bindImmediateExecutor(inlineExecutor, h)`);
 * - inside a `CancellationSignal.emit`, or through `completePosted` (a completion a user call
 *   such as `cancel()` caused): always queued on the handler's associated executor;
 * - otherwise, from a later callback: dispatched through the handler's associated executor
 *   (the system executor's dispatch is a direct call).
 *
 * Work is counted as Asio counts it: only an operation still in flight when its initiating call
 * returns holds work, on its I/O executor and on the handler's associated executor, until the
 * handler ran. One that completed inside the call held none, so an inline immediate delivery
 * before `IoContext.run()` leaves the context as it was.
 *
 * @example
 * ```ts
 * import { HandlerWork, IoContext, asyncInitiate, useFuture, type AsyncResult, type CompletionToken, type SystemError } from '@asio-ts/core';
 *
 * type ReadySignature = [err: SystemError | null, value: string];
 *
 * // An operation completing from a host callback: HandlerWork picks the executor, holds the work.
 * export function asyncLater<T extends CompletionToken<ReadySignature>>(ioc: IoContext, value: string, token: T): AsyncResult<T, ReadySignature> {
 *   return asyncInitiate((handler: (err: SystemError | null, value: string) => void) => {
 *     const work = new HandlerWork(handler, ioc.getExecutor());
 *     setTimeout(() => work.complete(null, value), 10);
 *     work.started(); // in flight: ioc.run() now waits for it
 *   }, token);
 * }
 *
 * const ioc = new IoContext();
 * const later = asyncLater(ioc, 'ready', useFuture);
 * await ioc.run();
 * console.log(await later); // ready
 * ```
 */
export class HandlerWork<S extends Signature = Signature> {
  // Declared and set in the constructor, not `#`: `#` members cost an initializer call per object.
  /** The final handler. */
  declare readonly handler: Handler<S>;
  /** The executor of the I/O object doing the operation. */
  declare readonly ioExecutor: Executor;
  /** The handler's associated executor (the I/O executor when it has none). */
  declare readonly executor: Executor;
  /** @internal detail/work-phase.ts */ protected declare phase: number;

  /** The completion owner for `handler`, of an operation on `ioExecutor`; make it as the operation starts. */
  constructor(handler: Handler<S>, ioExecutor: Executor) {
    checkFunction('handler', handler);
    if (!isExecutor(ioExecutor)) mustBe('ioExecutor', 'an executor', ioExecutor);
    this.handler = handler;
    this.ioExecutor = ioExecutor;
    this.executor = associatedExecutorOf(handler, ioExecutor);
    this.phase = initiating;
  }

  /**
   * The initiating function is returning: an operation not yet complete now holds work (Asio's
   * `handler_work` made at the end of initiation). Does nothing once the operation completed.
   *
   * @example
   * ```ts
   * import { HandlerWork, IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const work = new HandlerWork(() => console.log('done'), ioc.getExecutor());
   * work.started(); // ioc.run() now lasts until complete()
   * setTimeout(() => work.complete(), 10);
   * await ioc.run();
   * ```
   */
  started(): void {
    if (this.phase !== initiating) return;
    this.phase = inFlight;
    this.ioExecutor.onWorkStarted();
    if (this.executor !== this.ioExecutor) this.executor.onWorkStarted();
  }

  /**
   * True until `complete`, `completePosted` or `reset` was called: guards against a second
   * completion (a timeout racing the result).
   *
   * @example
   * ```ts
   * import { HandlerWork, errors, makeError, systemExecutor, type SystemError } from '@asio-ts/core';
   *
   * const work = new HandlerWork((err: SystemError | null) => console.log(err?.code ?? 'ok'), systemExecutor);
   * work.started();
   * setTimeout(() => work.pending() && work.complete(null), 10);
   * setTimeout(() => work.pending() && work.complete(makeError(errors.timedOut)), 5); // ETIMEDOUT wins
   * ```
   */
  pending(): boolean {
    return this.phase < done;
  }

  /**
   * Deliver the operation's result, exactly once, choosing the path as the class comment says
   * (Asio's `handler_work::complete`): never inside the initiating call unless the handler's
   * immediate executor says so.
   *
   * @example
   * ```ts
   * import { HandlerWork, systemExecutor } from '@asio-ts/core';
   *
   * const work = new HandlerWork((err: Error | null, n: number) => console.log('second:', err, n), systemExecutor);
   * work.complete(null, 42); // still initiating: delivered through a post, after this line
   * console.log('first');
   * ```
   */
  complete(...args: S): void {
    const phase = this.take();
    const handler = this.handler;
    if (phase === inFlight && this.executor === systemExecutor && !insideCancellationEmit()) {
      try {
        // Called from a host event (or a user's call) that may carry a coroutine's context.
        if (inCoroutineFrame()) outsideCoroutines(invokeLater(handler, args));
        else invoke(handler, args);
      } finally {
        this.release();
      }
    } else {
      this.deliver(phase, invokeLater(handler, args));
    }
  }

  /**
   * `complete(a, b)` for a signature of two values (every transfer's `(err, bytesTransferred)`),
   * by the same rules, without gathering the values into an array first.
   *
   * @example
   * ```ts
   * import { HandlerWork, systemExecutor, type SystemError } from '@asio-ts/core';
   *
   * const work = new HandlerWork((err: SystemError | null, n: number) => console.log(err, n), systemExecutor);
   * work.started();
   * setTimeout(() => work.complete2(null, 42), 10); // null 42
   * ```
   */
  complete2<A, B>(this: HandlerWork<[A, B]>, a: A, b: B): void {
    const phase = this.take();
    const handler = this.handler;
    if (phase === inFlight && this.executor === systemExecutor && !insideCancellationEmit()) {
      try {
        if (inCoroutineFrame()) outsideCoroutines(invokeLater2(handler, a, b));
        else handler(a, b);
      } finally {
        this.release();
      }
    } else {
      this.deliver(phase, invokeLater2(handler, a, b));
    }
  }

  /**
   * `new HandlerWork(handler, ioExecutor).complete2(a, b)` for an operation that completes inside
   * its initiating call, by the same rule (through the handler's associated immediate executor,
   * never inline unless that says so; no work held), without making the HandlerWork.
   *
   * @example
   * ```ts
   * import { HandlerWork, systemExecutor, type SystemError } from '@asio-ts/core';
   *
   * HandlerWork.postImmediate2((err: SystemError | null, n: number) => console.log('second:', err, n), systemExecutor, null, 0);
   * console.log('first');
   * ```
   */
  static postImmediate2<A, B>(handler: Handler<[A, B]>, ioExecutor: Executor, a: A, b: B): void {
    checkFunction('handler', handler);
    if (!isExecutor(ioExecutor)) mustBe('ioExecutor', 'an executor', ioExecutor);
    immediately(handler, ioExecutor, invokeLater2(handler, a, b));
  }

  /**
   * Deliver always queued on the handler's associated executor: for completions caused by a
   * user call (`cancel()`, `close()`) or by a cancellation, so the handler never runs inside it.
   *
   * @example
   * ```ts
   * import { HandlerWork, errors, makeError, systemExecutor, type SystemError } from '@asio-ts/core';
   *
   * const work = new HandlerWork((err: SystemError | null) => console.log('second:', err?.code), systemExecutor);
   * work.started();
   * export function cancel(): void {
   *   work.completePosted(makeError(errors.operationAborted)); // the handler never runs inside cancel()
   *   console.log('first');
   * }
   * cancel();
   * ```
   */
  completePosted(...args: S): void {
    this.completePostedArgs(args);
  }

  /** @internal `completePosted` with the values in an array, which a recycled subclass may reuse. */
  protected completePostedArgs(args: S): void {
    const phase = this.take();
    const handler = this.handler;
    if (phase === initiating) immediately(handler, this.ioExecutor, invokeLater(handler, args));
    // One function for the queue (a cancel() of many waits queues one per wait).
    else this.executor.post(this.postedCall(args));
  }

  /** @internal The function `completePostedArgs` queues; a recycled subclass may keep one. */
  protected postedCall(args: S): () => void {
    return () => this.runPosted(args);
  }

  /** @internal Run the handler with `args`, then give the work back: a posted completion. */
  protected runPosted(args: S): void {
    try {
      invoke(this.handler, args);
    } finally {
      this.release();
    }
  }

  /**
   * The operation is abandoned without a result (an exception left it): give the work back; the
   * handler never runs.
   *
   * @example
   * ```ts
   * import { HandlerWork, IoContext } from '@asio-ts/core';
   *
   * const ioc = new IoContext();
   * const work = new HandlerWork(() => console.log('never runs'), ioc.getExecutor());
   * work.started();
   * try {
   *   throw new Error('the stream refused the request');
   * } catch {
   *   work.reset(); // ioc.run() does not wait for this operation any more
   * }
   * await ioc.run();
   * ```
   */
  reset(): void {
    if (this.phase >= done) return;
    if (this.phase === inFlight) this.release(); // one not yet started held no work
    else this.phase = released;
  }

  private take(): number {
    const phase = this.phase;
    if (phase >= done) throw new Error('HandlerWork: the operation already completed (a handler runs exactly once)');
    this.phase = done;
    return phase;
  }

  // Every path but the direct call: `run` calls the handler with the values.
  private deliver(phase: number, run: () => void): void {
    if (phase === initiating) immediately(this.handler, this.ioExecutor, run);
    // The work stays held until the handler ran: the executor it is posted to may not be the
    // I/O executor whose context is waiting for it.
    else if (insideCancellationEmit()) this.executor.post(this.releasingAfter(run));
    else {
      try {
        this.executor.dispatch(run);
      } finally {
        // Released even if the handler ran inline and threw, as Asio's RAII work guards are.
        this.release();
      }
    }
  }

  private releasingAfter(run: () => void): () => void {
    return () => {
      try {
        run();
      } finally {
        this.release();
      }
    };
  }

  // Give the work back (the handler ran, or the operation was abandoned); `released` last, as an
  // executor's onWorkFinished may start an operation that must not take this object yet.
  private release(): void {
    const ioExecutor = this.ioExecutor;
    const executor = this.executor;
    ioExecutor.onWorkFinished();
    if (executor !== ioExecutor) executor.onWorkFinished();
    this.phase = released;
  }
}
