import { associatedCancellationSlot, associatedExecutor, withAssociation } from '../associations.js';
import { CancellationState, enableTerminalCancellation, type CancellationFilter } from '../cancellation-state.js';
import { unconnectedSlot, type CancellationSlot } from '../cancellation-signal.js';
import { CancellationType } from '../cancellation-type.js';
import { errors, makeError } from '../errors.js';
import type { Executor } from '../executor.js';
import { YieldContext, YieldOp, type YieldDriver, type YieldRequest } from '../yield-context.js';
import { describe, isThenable, toError } from './check.js';
import { hasNativeSteps, isIteratorResult, notAGenerator, resumeGenerator } from './generator-steps.js';
import { callInitiation } from './initiate.js';

const noArguments: readonly unknown[] = Object.freeze([]);

function notAttached(): void {
  throw new Error('spawn: the coroutine ended before its operation started');
}

export type SpawnBody<R> = (y: YieldContext) => Generator<YieldRequest, R, unknown>;

/** @internal Runs one generator coroutine: resumes it with each operation's results. */
export class SpawnDriver implements YieldDriver {
  // Declared and set in the constructor, private by TypeScript rather than `#`: one is made per
  // coroutine, and `#` members or field initializers cost an initializer call each.
  declare readonly executor: Executor;
  declare state: CancellationState;
  declare throwIfCancelled: boolean;
  private declare parentSlot: CancellationSlot;
  // The filters of the coroutine's state, kept for the state `attach` makes on the real slot.
  private declare inFilter: CancellationFilter;
  private declare outFilter: CancellationFilter;
  private declare generator: Generator<YieldRequest, unknown, unknown> | null;
  // What calling the body threw: the coroutine fails with it when it starts.
  private declare startError: unknown;
  private declare nativeSteps: boolean;
  private declare inStart: boolean;
  private declare finished: boolean;
  private declare syncResult: unknown[] | null;
  private declare finish: (err: Error | null, value: unknown) => void;
  private declare readonly resume: (...args: unknown[]) => void;

  /**
   * Call `body` with its yield context now, in the initiating call, so that a body returning no
   * generator is a TypeError there (a generator function's code does not run until `run`).
   */
  constructor(executor: Executor, body: SpawnBody<unknown>) {
    this.executor = executor;
    // Until `attach`, no slot: a wrapper's own code may already use `y` (its state, its filters).
    this.parentSlot = unconnectedSlot;
    this.inFilter = enableTerminalCancellation;
    this.outFilter = enableTerminalCancellation;
    this.state = new CancellationState(unconnectedSlot, enableTerminalCancellation);
    this.finish = notAttached;
    this.throwIfCancelled = true;
    this.generator = null;
    this.startError = undefined;
    this.nativeSteps = false;
    this.inStart = false;
    this.finished = false;
    this.syncResult = null;
    const resume = (...args: unknown[]): void => this.onComplete(args);
    withAssociation(resume, null, associatedExecutor, executor);
    this.resume = resume;
    let generator: unknown;
    try {
      generator = body(new YieldContext(this, null));
      this.nativeSteps = hasNativeSteps(generator);
    } catch (e) {
      // The body's own code failed (a wrapper, a parameter default): the coroutine's failure.
      this.startError = e;
      return;
    }
    const misuse = notAGenerator('fn', generator, this.nativeSteps, false);
    if (misuse !== null) throw misuse;
    this.generator = generator as Generator<YieldRequest, unknown, unknown>;
  }

  /** The operation started: its handler's slot reaches the coroutine, `finish` gets its end. */
  attach(parentSlot: CancellationSlot, finish: (err: Error | null, value: unknown) => void): void {
    this.parentSlot = parentSlot;
    this.state.detach();
    this.state = new CancellationState(parentSlot, this.inFilter, this.outFilter);
    this.finish = finish;
    // Only a slot that can be cancelled: every operation copies the handler's associations.
    const slot = this.state.slot();
    if (slot.isConnected()) withAssociation(this.resume, null, associatedCancellationSlot, slot);
  }

  resetCancellationState(inFilter: CancellationFilter, outFilter: CancellationFilter): void {
    this.inFilter = inFilter;
    this.outFilter = outFilter;
    this.state.detach();
    this.state = new CancellationState(this.parentSlot, inFilter, outFilter);
    // Before `attach` there is no slot to carry; `attach` makes the state on the real one.
    if (this.finish !== notAttached) withAssociation(this.resume, null, associatedCancellationSlot, this.state.slot());
  }

  /** Start the coroutine (on its executor): the generator's first step. */
  run(): void {
    if (this.generator === null) this.done(this.startError, undefined);
    else this.step(false, undefined);
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
      // A hand-made iterator may answer with anything: thrown into, it would answer again, forever.
      if (!this.nativeSteps && !isIteratorResult(r)) {
        this.done(new TypeError(`spawn: the coroutine's next() returned ${describe(r)}, not an iterator result`), undefined);
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
