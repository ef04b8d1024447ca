import { describe } from './detail/check.js';
import { asyncResult, initiate, isTokenObject as hasAsyncResult, tokenKind } from './detail/initiate.js';

// The completion-token protocol (Asio's `async_result` / `async_initiate`): the types, and the
// initiating side. The symbols and the launch itself live in detail/initiate.ts, shared with the
// tokens; this module imports no token, each token registers its own `CompletionTokenTypes` entry.
export { asyncResult, tokenKind };

/** A handler's argument list, e.g. `[err: SystemError | null, bytesTransferred: number]`. */
export type Signature = readonly unknown[];
/** A completion handler for signature `S`: called once, with the operation's results. */
export type Handler<S extends Signature> = (...args: S) => void;
/**
 * What an initiating function hands the token (Asio's initiation function object): calling it
 * with a handler for signature `S` and the arguments `A` launches the operation.
 */
export type Initiation<S extends Signature, A extends unknown[] = unknown[]> = (handler: Handler<S>, ...args: A) => void;

/** A completion token that is an object (or a function carrying the protocol, like `deferred`). */
export interface TokenObject<K extends string = string> {
  /** The `CompletionTokenTypes` entry that types what an initiating function returns for this token. */
  readonly [tokenKind]: K;
  /**
   * Launch (now or later, at most once) by calling `initiation(handler, ...args)`; return what the
   * initiating function returns. `args` belongs to the operation: keep it, never modify it.
   */
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown;
}

/**
 * Anything an initiating function with signature `S` accepts as its token. A handler has no
 * `then`: a deferred operation, a function that takes a token, is not one.
 */
export type CompletionToken<S extends Signature> = (Handler<S> & { readonly then?: never }) | TokenObject;

// As `hasErrorSlot` decides at run time: a first argument that is null, undefined or an Error
// sits in the error slot (so `[null, number]` yields a number, `[null]` nothing).
type IsErrorSlot<E> = [E] extends [Error | null | undefined] ? true : false;
type ValuesOf<R extends readonly unknown[]> = R extends readonly [] ? void : R extends readonly [infer X] ? X : R;

/**
 * The value a promise-like token yields for signature `S`: a leading error slot is dropped (it
 * rejects instead); `[]` → `void`, `[x]` → `x`, `[x, y, ...]` → a tuple.
 */
export type ResultValue<S extends Signature> = S extends readonly [infer E, ...infer R]
  ? IsErrorSlot<E> extends true
    ? ValuesOf<R>
    : ValuesOf<S>
  : void;

/**
 * What an initiating function returns, per token kind (Asio's `async_result` specialisations,
 * as a type map). Users add kinds by augmenting this interface (keep the type parameter names):
 *
 * ```ts
 * import { asyncResult, post, systemExecutor, tokenKind, type Handler, type Initiation, type Signature, type TokenObject } from '@asio-ts/core';
 *
 * declare module '@asio-ts/core' {
 *   interface CompletionTokenTypes<S, T> { counted: number }
 * }
 *
 * // Launches at once with a handler that ignores the results; returns how many it launched.
 * class Counted implements TokenObject<'counted'> {
 *   readonly [tokenKind] = 'counted' as const;
 *   launched = 0;
 *   [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): number {
 *     initiation((() => {}) as Handler<S>, ...args);
 *     return ++this.launched;
 *   }
 * }
 * const n: number = post(systemExecutor, new Counted()); // typed through the `counted` entry
 * console.log(n); // 1
 * ```
 *
 * `S` is the completion signature; `T` the token itself (for tokens that wrap another token).
 * This module declares no entry: each built-in token registers its own from the module that
 * defines it (`useFuture` in use-future.ts, `deferred` in deferred.ts, ...), the same way. Those
 * entries name an exported alias and repeat no constraint (`<S, T>`, as above): the declaration
 * bundler does not follow the names used inside a `declare module` block, so a name there must
 * stand for itself in the bundled `index.d.ts`.
 */
export interface CompletionTokenTypes<S extends Signature, T> {}

/** The token a wrapping token (binder, adapter) wraps. */
export type InnerToken<T> = T extends { readonly token: infer I } ? I : never;
/** A signature without its first element (what `redirectError` leaves). */
export type Tail<S extends Signature> = S extends readonly [unknown, ...infer R] ? R : [];

/** The return type of an initiating function with signature `S` called with token `T`. */
export type AsyncResult<T, S extends Signature> = T extends { readonly [tokenKind]: infer K }
  ? K extends keyof CompletionTokenTypes<S, T>
    ? CompletionTokenTypes<S, T>[K]
    : unknown
  : T extends (...args: never[]) => unknown
    ? void
    : // No token (an omitted optional argument, or `undefined` passed) is the default, `deferred`.
      [T] extends [undefined]
      ? CompletionTokenTypes<S, T> extends { readonly deferred: infer D }
        ? D
        : unknown
      : never;

/**
 * True for objects and functions that implement the token protocol (an `[asyncResult]` method),
 * as opposed to plain callbacks.
 *
 * @example
 * ```ts
 * import { deferred, isTokenObject, useFuture } from '@asio-ts/core';
 *
 * console.log(isTokenObject(useFuture), isTokenObject(deferred)); // true true
 * console.log(isTokenObject(() => {})); // false: a plain handler
 * ```
 */
export function isTokenObject(x: unknown): x is TokenObject {
  return hasAsyncResult(x);
}

/**
 * True when `x` can serve as a completion token: a handler function or a token object (Asio's
 * `completion_token_for`, checked at run time).
 *
 * @example
 * ```ts
 * import { isCompletionToken, useFuture } from '@asio-ts/core';
 *
 * console.log(isCompletionToken(useFuture), isCompletionToken(() => {})); // true true
 * console.log(isCompletionToken({ then() {} })); // false
 * ```
 */
export function isCompletionToken(x: unknown): boolean {
  return (typeof x === 'function' && !isDeferredOperation(x)) || hasAsyncResult(x);
}

// A deferred operation is a function too (it takes a token), with a `then`: as a handler it
// would be launched by the result it was given.
function isDeferredOperation(x: unknown): boolean {
  return typeof x === 'function' && typeof (x as { then?: unknown }).then === 'function';
}

/**
 * Throw the TypeError an initiating function gives for an unusable token, naming the argument
 * (`token must be a completion handler function or a completion token, got 42`).
 *
 * @example
 * ```ts
 * import { asyncInitiate, checkToken, type AsyncResult, type CompletionToken } from '@asio-ts/core';
 *
 * export function asyncNothing<T extends CompletionToken<[]>>(token: T): AsyncResult<T, []> {
 *   checkToken('token', token); // before anything starts
 *   return asyncInitiate((handler: () => void) => queueMicrotask(handler), token);
 * }
 * ```
 */
export function checkToken(name: string, token: unknown): void {
  if (!isCompletionToken(token)) {
    if (isDeferredOperation(token)) {
      throw new TypeError(`${name} must be a completion handler function or a completion token, got a deferred operation (launch it with a token of its own, or await it)`);
    }
    throw new TypeError(`${name} must be a completion handler function or a completion token, got ${describe(token)}`);
  }
}

/**
 * Launch `initiation` through `token` (Asio's `async_initiate`) and return what the token says:
 * a function token is the handler, called as `initiation(token, ...args)`; a token object gets
 * `[asyncResult](initiation, args)` and decides when to launch. The operation's completion
 * signature is that of the initiation's handler; its cancellation is whatever the initiation
 * implements on the handler's slot.
 *
 * @example
 * ```ts
 * import { HandlerWork, asyncInitiate, systemExecutor, useFuture, type AsyncResult, type CompletionToken } from '@asio-ts/core';
 *
 * type SleepSignature = [err: Error | null];
 *
 * // An initiating function of your own: every token works with it.
 * export function asyncSleep<T extends CompletionToken<SleepSignature>>(ms: number, token: T): AsyncResult<T, SleepSignature> {
 *   return asyncInitiate(
 *     (handler: (err: Error | null) => void, delay: number) => {
 *       const work = new HandlerWork(handler, systemExecutor);
 *       setTimeout(() => work.complete(null), delay);
 *       work.started();
 *     },
 *     token,
 *     ms,
 *   );
 * }
 *
 * await asyncSleep(10, useFuture);
 * asyncSleep(10, (err) => console.log('slept', err)); // slept null
 * ```
 */
export function asyncInitiate<S extends Signature, T, A extends unknown[]>(
  initiation: Initiation<S, A>,
  token: T,
  ...args: A
): AsyncResult<T, S> {
  if (typeof initiation !== 'function') throw new TypeError(`initiation must be a function, got ${describe(initiation)}`);
  return initiate(initiation as never, token, args) as AsyncResult<T, S>;
}
