import type { AsyncResult, CompletionToken, Signature } from './async-result.js';
import { asyncCompose, type ComposedOperation } from './compose.js';
import type { Deferred, DeferredOperation } from './deferred.js';
import { checkFunction, describe, toError } from './detail/check.js';
import { hasNativeSteps, isIteratorResult, notAGenerator, resumeGenerator } from './detail/generator-steps.js';
import type { ExecutorOrContext } from './executor.js';
import { reportOrphanError } from './detail/orphan-errors.js';

/**
 * The state a `coComposed` body gets: the composed operation's `self` (cancellation, executors)
 * plus `wait(op)`, which launches a deferred operation and gives back its arguments, typed:
 * `const [err, n] = yield* state.wait(asyncWriteSome(s, b))`.
 */
export interface CoComposedState<S extends Signature> extends ComposedOperation<S> {
  /** Launch `op` as this operation's next step; `yield*` it for the step's arguments, errors included. */
  wait<R extends Signature>(op: DeferredOperation<R>): Generator<CoComposedWait, R, unknown>;
}

// A box, because an async generator awaits whatever thenable it yields, and a deferred operation
// is thenable: yielded bare, it would be launched as a promise, outside this operation.
const boxed: unique symbol = Symbol('asio-ts.coComposed.op');

/** What `state.wait(op)` yields: the operation in a box that is not thenable. */
export interface CoComposedWait {
  readonly [boxed]: DeferredOperation<Signature>;
}

/** What a `coComposed` body yields: a boxed operation (`yield* state.wait(op)`) or, in a `function*`, a bare one. */
export type CoComposedYield = CoComposedWait | DeferredOperation<Signature>;

// The signature is inferred from the state parameter's annotation (or the token), never from
// what the body returns, so `return [null, n]` is checked against it as a tuple.
type Body<S extends Signature> = (
  state: CoComposedState<S>,
) => AsyncGenerator<CoComposedYield, NoInfer<S>, unknown> | Generator<CoComposedYield, NoInfer<S>, unknown>;

function* waitFor<R extends Signature>(op: DeferredOperation<R>): Generator<CoComposedWait, R, unknown> {
  if (typeof op !== 'function') throw new TypeError('op must be a deferred operation');
  const box: CoComposedWait = { [boxed]: op as unknown as DeferredOperation<Signature> };
  return (yield box) as R;
}

function isAsyncIterator(x: unknown): x is AsyncGenerator<CoComposedYield, Signature, unknown> {
  return typeof (x as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
}

// Overloads rather than one signature with `T = Deferred`: a default type parameter would
// become the contextual type of an arrow-function handler, leaving its parameters untyped.
/**
 * Write a composed operation as a generator, once, and serve every token kind (Asio's
 * `co_composed`). The body yields deferred operations (each resumes it with that operation's
 * arguments, errors included, as an array) and returns the completion arguments as a tuple.
 * In an `async function*`, use `yield* state.wait(op)`: a bare `yield op` there is awaited by
 * the language itself (the operation runs as a promise, outside this operation's cancellation).
 * A body that throws completes the operation with the thrown error in the first slot.
 *
 * `async function*` bodies may also await promises; a plain `function*` body runs with no
 * promise anywhere on its path, so a callback token is called straight from the last step.
 *
 * Completes with `S`, the tuple the body returns. Cancellation: as `asyncCompose`, terminal only
 * by default, forwarded to the operation the body waits on (`state.resetCancellationState` lets
 * more through; `state.cancelled()` says what was requested).
 *
 * @example
 * ```ts
 * import { SteadyTimer, coComposed, systemExecutor, useFuture, type AsyncResult, type CoComposedState, type CompletionToken, type SystemError } from '@asio-ts/core';
 *
 * type TicksSignature = [err: SystemError | null, ticks: number];
 *
 * // Wait on `timer` `count` times, `ms` apart; cancelling it cancels the wait in flight.
 * export function asyncTicks<T extends CompletionToken<TicksSignature>>(timer: SteadyTimer, count: number, ms: number, token: T): AsyncResult<T, TicksSignature> {
 *   return coComposed(function* (state: CoComposedState<TicksSignature>) {
 *     for (let i = 0; i < count; i++) {
 *       timer.expiresAfter(ms);
 *       const [err] = yield* state.wait(timer.asyncWait());
 *       if (err !== null) return [err, i];
 *     }
 *     return [null, count];
 *   }, token, timer);
 * }
 *
 * console.log(await asyncTicks(new SteadyTimer(systemExecutor), 3, 10, useFuture)); // 3
 * ```
 */
export function coComposed<S extends Signature>(body: Body<S>): DeferredOperation<S>;
export function coComposed<S extends Signature, T extends CompletionToken<S>>(
  body: Body<S>,
  token: T,
  ...ioObjectsOrExecutors: ExecutorOrContext[]
): AsyncResult<T, S>;
// For generic callers holding a `token?: T`.
export function coComposed<S extends Signature, T = Deferred>(
  body: Body<S>,
  token?: T,
  ...ioObjectsOrExecutors: ExecutorOrContext[]
): AsyncResult<T, S>;
export function coComposed<S extends Signature, T = Deferred>(
  body: Body<S>,
  token?: T,
  ...ioObjectsOrExecutors: ExecutorOrContext[]
): AsyncResult<T, S> {
  checkFunction('body', body);
  return asyncCompose<S, T>(
    (self: ComposedOperation<S>, ...args: unknown[]) => {
      const state = self as CoComposedState<S> & { generator?: ReturnType<Body<S>>; nativeSteps?: boolean };
      if (state.generator === undefined) {
        state.wait = waitFor;
        let generator: ReturnType<Body<S>>;
        try {
          generator = body(state);
        } catch (e) {
          (self.complete as unknown as (...a: unknown[]) => void)(toError(e));
          return;
        }
        const native = hasNativeSteps(generator);
        // Thrown from the initiation: to the caller, or to the launch of a deferred operation.
        const misuse = notAGenerator('body', generator, native, true);
        if (misuse !== null) throw misuse;
        state.generator = generator;
        state.nativeSteps = native;
        advance(state, generator, undefined);
        return;
      }
      advance(state, state.generator, args);
    },
    token,
    ...ioObjectsOrExecutors,
  );
}

// How many times the body was resumed: tells whether a launch that threw had resumed it already.
const resumes = Symbol('asio-ts.coComposed.resumes');
// The resumption asked for while the body is being resumed (an operation that completed inside
// its launch): run by the loop in `advance` once the current step returns, not on top of it.
const queued = Symbol('asio-ts.coComposed.queued');

type Resumption = { readonly input: unknown[] | undefined; readonly launchError: { readonly error: unknown } | undefined };
type Steps = { [resumes]?: number; [queued]?: Resumption | null };

/** Resume the body with `input` (or throw `launchError` into it), one step at a time. */
function advance<S extends Signature>(
  self: ComposedOperation<S>,
  generator: ReturnType<Body<S>>,
  input: unknown[] | undefined,
  launchError?: { readonly error: unknown },
): void {
  const steps = self as Steps;
  steps[resumes] = (steps[resumes] ?? 0) + 1;
  // Inside a step already (an inline completion, or a plain value yielded): queued, so a body of
  // many such steps runs in a loop rather than one stack frame deeper each.
  if (steps[queued] !== undefined) {
    steps[queued] = { input, launchError };
    return;
  }
  let next: Resumption | null = { input, launchError };
  steps[queued] = null;
  try {
    while (next !== null) {
      steps[queued] = null;
      resume(self, generator, next.input, next.launchError);
      next = steps[queued];
    }
  } catch (e) {
    // A launch threw after it resumed the body: that resumption still runs, then the error leaves.
    const pending = steps[queued] as Resumption | null | undefined;
    delete steps[queued];
    if (pending !== null && pending !== undefined) advance(self, generator, pending.input, pending.launchError);
    throw e;
  }
  delete steps[queued];
}

function resume<S extends Signature>(
  self: ComposedOperation<S>,
  generator: ReturnType<Body<S>>,
  input: unknown[] | undefined,
  launchError: { readonly error: unknown } | undefined,
): void {
  const complete = self.complete as unknown as (...a: unknown[]) => void;
  const counter = self as Steps;
  const onStep = (r: IteratorResult<CoComposedYield, S>): void => {
    // A hand-made iterator may answer with anything: resumed again, it would answer again, forever.
    if (!isIteratorResult(r)) {
      complete(new TypeError(`a coComposed body's next() returned ${describe(r)}, not an iterator result`));
      return;
    }
    if (r.done === true) {
      if (!Array.isArray(r.value)) {
        complete(new TypeError(`a coComposed body must return its completion arguments as an array, got ${describe(r.value)}`));
        return;
      }
      complete(...(r.value as unknown as unknown[]));
      return;
    }
    const v: unknown = r.value;
    const op = typeof v === 'function' ? v : (v as Partial<CoComposedWait> | null)?.[boxed];
    // Anything else was a plain value (or an awaited promise, in an async generator): hand it back.
    if (op === undefined) {
      advance(self, generator, v as unknown[]);
      return;
    }
    const step = counter[resumes];
    try {
      (op as (token: unknown) => void)(self);
    } catch (e) {
      // The launch threw (an initiation's programmer error): it surfaces at the `yield`, where
      // the body can catch it, as Asio's co_await does. If the operation already resumed the
      // body, there is no `yield` left to throw at.
      if (counter[resumes] !== step) throw e;
      advance(self, generator, undefined, { error: e });
    }
  };
  const native = (self as { nativeSteps?: boolean }).nativeSteps === true;
  if (!native && isAsyncIterator(generator)) {
    const next = launchError === undefined ? generator.next(input) : generator.throw(launchError.error);
    next.then(
      (r) => {
        try {
          onStep(r);
        } catch (e) {
          // Nobody is up the stack of a promise continuation: end the operation with the error.
          completeOrReport(self, e);
        }
      },
      (e: unknown) => completeOrReport(self, e),
    );
    return;
  }
  let r: IteratorResult<CoComposedYield, S>;
  try {
    const sync = generator as Generator<CoComposedYield, S, unknown>;
    r = launchError === undefined ? resumeGenerator(sync, native, false, input) : resumeGenerator(sync, native, true, launchError.error);
  } catch (e) {
    complete(toError(e));
    return;
  }
  onStep(r);
}

/** End the operation with `e`, or report `e` if it already completed. */
function completeOrReport<S extends Signature>(self: ComposedOperation<S>, e: unknown): void {
  try {
    (self.complete as unknown as (...a: unknown[]) => void)(toError(e));
  } catch {
    reportOrphanError(e);
  }
}
