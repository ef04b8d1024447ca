import { associatedCancellationSlot, associatedExecutor, withAssociation } from '../associations.js';
import { CancellationState, enableTerminalCancellation, type CancellationFilter } from '../cancellation-state.js';
import type { CancellationSlot } from '../cancellation-signal.js';
import { CancellationType } from '../cancellation-type.js';
import { errors, makeError } from '../errors.js';
import type { Executor } from '../executor.js';
import { YieldContext, YieldOp, type YieldDriver, type YieldRequest } from '../yield-context.js';
import { describe, isThenable, toError } from './check.js';
import { hasNativeSteps, resumeGenerator } from './generator-steps.js';
import { callInitiation } from './initiate.js';

const noArguments: readonly unknown[] = Object.freeze([]);

export type SpawnBody<R> = (y: YieldContext) => Generator<YieldRequest, R, unknown>;

/** @internal Runs one generator coroutine: resumes it with each operation's results. */
export class SpawnDriver implements YieldDriver {
  // Declared and set in the constructor, private by TypeScript rather than `#`: one is made per
  // coroutine, and `#` members or field initializers cost an initializer call each.
  declare readonly executor: Executor;
  declare state: CancellationState;
  declare throwIfCancelled: boolean;
  private declare readonly parentSlot: CancellationSlot;
  private declare generator: Generator<YieldRequest, unknown, unknown> | null;
  private declare nativeSteps: boolean;
  private declare inStart: boolean;
  private declare finished: boolean;
  private declare syncResult: unknown[] | null;
  private declare readonly finish: (err: Error | null, value: unknown) => void;
  private declare readonly resume: (...args: unknown[]) => void;

  constructor(executor: Executor, parentSlot: CancellationSlot, finish: (err: Error | null, value: unknown) => void) {
    this.executor = executor;
    this.parentSlot = parentSlot;
    this.state = new CancellationState(parentSlot, enableTerminalCancellation);
    this.throwIfCancelled = true;
    this.generator = null;
    this.nativeSteps = false;
    this.inStart = false;
    this.finished = false;
    this.syncResult = null;
    this.finish = finish;
    const resume = (...args: unknown[]): void => this.onComplete(args);
    withAssociation(resume, null, associatedExecutor, executor);
    // Only a slot that can be cancelled: every operation copies the handler's associations.
    const slot = this.state.slot();
    if (slot.isConnected()) withAssociation(resume, null, associatedCancellationSlot, slot);
    this.resume = resume;
  }

  resetCancellationState(inFilter: CancellationFilter, outFilter: CancellationFilter): void {
    this.state.detach();
    this.state = new CancellationState(this.parentSlot, inFilter, outFilter);
    withAssociation(this.resume, null, associatedCancellationSlot, this.state.slot());
  }

  run(body: SpawnBody<unknown>): void {
    let generator: Generator<YieldRequest, unknown, unknown>;
    try {
      generator = body(new YieldContext(this, null));
      this.nativeSteps = hasNativeSteps(generator);
      if (!this.nativeSteps && typeof generator?.next !== 'function') throw new TypeError('fn must be a generator function (function*)');
    } catch (e) {
      this.done(e, undefined);
      return;
    }
    this.generator = generator;
    this.step(false, undefined);
  }

  private onComplete(args: unknown[]): void {
    if (this.finished) throw new Error('spawn: an operation called its handler after the coroutine finished');
    if (this.inStart) {
      this.syncResult = args;
      return;
    }
    this.step(false, args);
  }

  /**
   * Advance the generator with `value` (thrown into it when `raise`); operations that complete
   * inside their start loop here, not recurse. No closure per step: this runs per operation.
   */
  private step(raise: boolean, value: unknown): void {
    const generator = this.generator!;
    for (;;) {
      let r: IteratorResult<YieldRequest, unknown>;
      try {
        r = resumeGenerator(generator, this.nativeSteps, raise, value);
      } catch (e) {
        this.done(e, undefined);
        return;
      }
      if (r.done === true) {
        this.done(null, r.value);
        return;
      }
      const request = r.value;
      const misuse = requestMisuse(request);
      if (misuse !== null) {
        raise = true;
        value = misuse;
        continue;
      }
      if (this.throwIfCancelled && this.state.cancelled() !== CancellationType.None) {
        raise = true;
        value = makeError(errors.operationAborted, 'the coroutine was cancelled');
        continue;
      }
      this.state.slot().clear();
      this.syncResult = null;
      this.inStart = true;
      try {
        callInitiation(request.initiation, this.resume, request.args ?? noArguments);
      } catch (e) {
        this.inStart = false;
        raise = true;
        value = e;
        continue;
      }
      this.inStart = false;
      const sync = this.syncResult as unknown[] | null;
      if (sync === null) return;
      this.syncResult = null;
      raise = false;
      value = sync;
    }
  }

  private done(err: unknown, value: unknown): void {
    if (this.finished) throw new Error('spawn: the coroutine finished twice (an operation called its handler twice)');
    this.finished = true;
    this.state.detach();
    this.finish(err === null ? null : toError(err), value);
  }
}

/** Why the driver cannot run what the generator yielded, or null when it can. */
function requestMisuse(request: unknown): TypeError | null {
  if (request instanceof YieldOp) {
    return request.delegated ? null : new TypeError('spawn: an operation was yielded with yield, not yield*: write const n = yield* op(..., y)');
  }
  if (typeof (request as Partial<YieldRequest> | null)?.initiation === 'function') return null;
  const what = isThenable(request) ? 'a promise or an Awaitable (useAwaitable)' : describe(request);
  return new TypeError(
    `spawn: the coroutine yielded ${what}; it can only wait for operations given its yield context: const n = yield* op(..., y)`,
  );
}
