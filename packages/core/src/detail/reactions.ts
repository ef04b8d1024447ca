// A lazy thenable's `then` callers, settled straight from the operation's handler (the deferred
// operation and useAwaitable's Awaitable). Going through a Promise of our own and its `then`
// would cost a second promise and a microtask per await.
import type { LazyPromise } from '../lazy-promise.js';
import { resultError, resultValue } from './result.js';

export type Reaction = ((v: unknown) => unknown) | null | undefined;

const unsettled = 0;
const fulfilled = 1;

/**
 * One `then(onFulfilled, onRejected)` call waiting for the result, and what that call returned:
 * a thenable standing for the promise `then` must return. `await` never looks at that promise
 * (the engine's `then` call drops it), so it is made only when someone does: on their
 * `then`/`catch`/`finally`, or at once when it would reject (so that a rejection nobody handles
 * is still reported as unhandled, as a real promise's would be).
 */
export class Waiter implements LazyPromise<unknown> {
  // Declared and set in the constructor: one is made per `await`, and field initializers or
  // `#` members cost an initializer call each.
  declare readonly onFulfilled: Reaction;
  declare readonly onRejected: Reaction;
  private declare promise: Promise<unknown> | undefined;
  private declare resolvePromise: ((v: unknown) => void) | undefined;
  private declare rejectPromise: ((e: unknown) => void) | undefined;
  private declare state: number;
  private declare value: unknown;

  constructor(onFulfilled: Reaction, onRejected: Reaction) {
    this.onFulfilled = onFulfilled;
    this.onRejected = onRejected;
    this.promise = undefined;
    this.resolvePromise = undefined;
    this.rejectPromise = undefined;
    this.state = unsettled;
    this.value = undefined;
  }

  then<A = unknown, B = never>(onFulfilled?: ((v: unknown) => A | PromiseLike<A>) | null, onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.derived().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<unknown> {
    return this.derived().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<unknown> {
    return this.derived().finally(onFinally);
  }

  /** Resolve the derived promise with `v` (a thenable is adopted, as a promise's resolve does). */
  resolve(v: unknown): void {
    if (v === this) return this.reject(new TypeError('Chaining cycle detected for promise'));
    if (this.resolvePromise !== undefined) this.resolvePromise(v);
    else if (this.promise === undefined) {
      // An object may be a thenable, which a promise adopts at once (a deferred operation
      // returned from a callback launches now): only a plain value waits to be asked for.
      if ((typeof v === 'object' && v !== null) || typeof v === 'function') {
        this.derived();
        this.resolvePromise!(v);
        return;
      }
      this.state = fulfilled;
      this.value = v;
    }
  }

  /** Reject the derived promise with `e`. */
  reject(e: unknown): void {
    if (this.promise === undefined) this.promise = Promise.reject(e);
    else if (this.rejectPromise !== undefined) this.rejectPromise(e);
  }

  private derived(): Promise<unknown> {
    if (this.promise === undefined) {
      if (this.state === fulfilled) {
        this.promise = Promise.resolve(this.value);
        this.value = undefined;
      } else {
        this.promise = new Promise((resolve, reject) => {
          this.resolvePromise = resolve;
          this.rejectPromise = reject;
        });
      }
    }
    return this.promise;
  }
}

/** No waiter, one (the usual single `await`), or several. */
export type Waiters = Waiter | Waiter[] | undefined;

/** A waiter for one `then(onFulfilled, onRejected)` call, with the thenable that call returns. */
export function makeWaiter(onFulfilled: Reaction, onRejected: Reaction): Waiter {
  return new Waiter(onFulfilled, onRejected);
}

export function addWaiter(waiters: Waiters, w: Waiter): Waiters {
  if (waiters === undefined) return w;
  if (Array.isArray(waiters)) {
    waiters.push(w);
    return waiters;
  }
  return [waiters, w];
}

/** Settle every waiter from the handler's arguments. */
export function reactAll(waiters: Waiters, args: readonly unknown[]): void {
  if (Array.isArray(waiters)) for (const w of waiters) react(w, args);
  else if (waiters !== undefined) react(waiters, args);
}

/** Reject every waiter with `reason` (what a launch threw). */
export function rejectAll(waiters: Waiters, reason: unknown): void {
  if (Array.isArray(waiters)) for (const w of waiters) reactRejected(w, reason);
  else if (waiters !== undefined) reactRejected(waiters, reason);
}

/** Settle `w`'s promise from the handler's arguments, through its callbacks if it gave any. */
export function react(w: Waiter, args: readonly unknown[]): void {
  // The usual `(null, value)`, without the general reading of the slots.
  if (args.length === 2 && args[0] === null) return reactFulfilled(w, args[1]);
  const error = resultError(args);
  if (error !== null) reactRejected(w, error);
  else reactFulfilled(w, resultValue(args));
}

function reactFulfilled(w: Waiter, value: unknown): void {
  const callback = w.onFulfilled;
  if (typeof callback !== 'function') w.resolve(value);
  else settleThrough(w, callback, value);
}

export function reactRejected(w: Waiter, reason: unknown): void {
  const callback = w.onRejected;
  if (typeof callback !== 'function') w.reject(reason);
  else settleThrough(w, callback, reason);
}

/** Resolve `w` with what `callback` returns for `value`, rejected if it throws. */
function settleThrough(w: Waiter, callback: (v: unknown) => unknown, value: unknown): void {
  let result: unknown;
  try {
    result = callback(value);
  } catch (e) {
    w.reject(e);
    return;
  }
  w.resolve(result);
}
