// A lazy thenable's `then` callers, settled straight from the operation's handler (the deferred
// operation and useAwaitable's Awaitable). Going through a Promise of our own and its `then`
// would cost a second promise and a microtask per await.
import { resultError, resultValue } from './result.js';

export type Reaction = ((v: unknown) => unknown) | null | undefined;

/** One `then` call waiting for the result: its callbacks and the resolvers of the promise it returned. */
export interface Waiter {
  readonly promise: Promise<unknown>;
  readonly onFulfilled: Reaction;
  readonly onRejected: Reaction;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** No waiter, one (the usual single `await`), or several. */
export type Waiters = Waiter | Waiter[] | undefined;

// `new Promise(capture)` hands out the resolvers without a closure per promise.
let capturedResolve: (v: unknown) => void = () => {};
let capturedReject: (e: unknown) => void = () => {};
function capture(resolve: (v: unknown) => void, reject: (e: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/** A waiter for one `then(onFulfilled, onRejected)` call, with the promise that call returns. */
export function makeWaiter(onFulfilled: Reaction, onRejected: Reaction): Waiter {
  const promise = new Promise(capture);
  return { promise, onFulfilled, onRejected, resolve: capturedResolve, reject: capturedReject };
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

/** Settle `w`'s promise from the handler's arguments, through its callbacks if it gave any. */
export function react(w: Waiter, args: readonly unknown[]): void {
  const error = resultError(args);
  if (error !== null) reactRejected(w, error);
  else reactFulfilled(w, resultValue(args));
}

export function reactFulfilled(w: Waiter, value: unknown): void {
  settleThrough(w, w.onFulfilled, value, w.resolve);
}

export function reactRejected(w: Waiter, reason: unknown): void {
  settleThrough(w, w.onRejected, reason, w.reject);
}

/** Resolve `w` with what `callback` returns for `value` (rejected if it throws); no callback: `passOn(value)`. */
function settleThrough(w: Waiter, callback: Reaction, value: unknown, passOn: (v: unknown) => void): void {
  if (typeof callback !== 'function') {
    passOn(value);
    return;
  }
  try {
    w.resolve(callback(value));
  } catch (e) {
    w.reject(e);
  }
}
