import type { Append } from './append.js';
import type { DeferredFunction, DeferredOperation, DeferredSignature } from './deferred.js';
import { describe } from './detail/check.js';
import { twinOf } from './detail/initiate-with-arguments.js';
import type { Prepend } from './prepend.js';

/**
 * The completion-token protocol (Asio's `async_result` / `async_initiate`).
 *
 * A token is either a function (it is the handler) or an object with an `[asyncResult](start)`
 * method: `start(handler)` launches the operation with a handler, and what the method returns
 * is what the initiating function returns. Token objects say which entry of
 * `CompletionTokenTypes` types that return value with `readonly [tokenKind]`.
 */
export const asyncResult: unique symbol = Symbol.for('asio-ts.asyncResult');
export const tokenKind: unique symbol = Symbol.for('asio-ts.tokenKind');

/** A handler's argument list, e.g. `[err: SystemError | null, bytesTransferred: number]`. */
export type Signature = readonly unknown[];
export type Handler<S extends Signature> = (...args: S) => void;
/** Launches an operation with the handler a token made. */
export type Start<S extends Signature> = (handler: Handler<S>) => void;

/** A completion token that is an object (or a function carrying the protocol, like `deferred`). */
export interface TokenObject<K extends string = string> {
  readonly [tokenKind]: K;
  [asyncResult]<S extends Signature>(start: Start<S>): unknown;
}

/** Anything an initiating function with signature `S` accepts as its token. */
export type CompletionToken<S extends Signature> = Handler<S> | TokenObject;

type IsErrorSlot<E> = [E] extends [null | undefined]
  ? false
  : [E] extends [Error | null | undefined]
    ? true
    : false;
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
 * What an initiating function returns, per token kind. Users add kinds by augmenting this
 * interface (keep the type parameter names):
 *
 * ```ts
 * declare module '@asio-ts/core' {
 *   interface CompletionTokenTypes<S, T> { lazy: 42 }
 * }
 * ```
 *
 * `S` is the completion signature; `T` the token itself (for tokens that wrap another token).
 * Entries for the built-in tokens are added by the modules that define them.
 */
export interface CompletionTokenTypes<S extends Signature, T> {
  useFuture: Promise<ResultValue<S>>;
  detached: void;
  deferred: DeferredOperation<S>;
  deferredFunction: T extends DeferredFunction<infer F> ? DeferredOperation<DeferredSignature<ReturnType<F>>> : never;
  asTuple: AsyncResult<InnerToken<T>, [S]>;
  redirectError: AsyncResult<InnerToken<T>, Tail<S>>;
  append: T extends Append<infer I, infer V> ? AsyncResult<I, [...S, ...V]> : never;
  prepend: T extends Prepend<infer I, infer V> ? AsyncResult<I, [...V, ...S]> : never;
  consign: AsyncResult<InnerToken<T>, S>;
  executorBinder: AsyncResult<InnerToken<T>, S>;
  cancellationSlotBinder: AsyncResult<InnerToken<T>, S>;
  immediateExecutorBinder: AsyncResult<InnerToken<T>, S>;
  abortSignalBinder: AsyncResult<InnerToken<T>, S>;
  cancelAfter: AsyncResult<InnerToken<T>, S>;
}

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
    : never;

/** True for objects and functions that implement the token protocol. */
export function isTokenObject(x: unknown): x is TokenObject {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (x as { [asyncResult]?: unknown })[asyncResult] === 'function'
  );
}

/** True when `x` can serve as a completion token. */
export function isCompletionToken(x: unknown): boolean {
  return typeof x === 'function' || isTokenObject(x);
}

/** Throw the TypeError an initiating function gives for an unusable token. */
export function checkToken(name: string, token: unknown): void {
  if (!isCompletionToken(token)) {
    throw new TypeError(`${name} must be a completion handler function or a completion token, got ${describe(token)}`);
  }
}

/**
 * Turn `token` into a handler and launch `initiation` with it and `args`; return what the token
 * says. A function token is called as the handler; a token object decides when to start.
 */
export function asyncInitiate<S extends Signature, T, A extends unknown[]>(
  initiation: (handler: Handler<S>, ...args: A) => void,
  token: T,
  ...args: A
): AsyncResult<T, S> {
  if (typeof initiation !== 'function') throw new TypeError(`initiation must be a function, got ${describe(initiation)}`);
  if (isTokenObject(token)) {
    const method = token[asyncResult];
    const direct = twinOf(method);
    if (direct !== undefined) return (direct as (this: unknown, i: unknown, a: unknown[]) => unknown).call(token, initiation, args) as AsyncResult<T, S>;
    return token[asyncResult](bindInitiation(initiation, args)) as AsyncResult<T, S>;
  }
  if (typeof token === 'function') {
    initiation(token as Handler<S>, ...args);
    return undefined as AsyncResult<T, S>;
  }
  throw new TypeError(`token must be a completion handler function or a completion token, got ${describe(token)}`);
}

/** `initiation` with its arguments bound, without a spread for the usual small arities. */
function bindInitiation<S extends Signature, A extends unknown[]>(
  initiation: (handler: Handler<S>, ...args: A) => void,
  args: A,
): Start<S> {
  const f = initiation as unknown as (handler: Handler<S>, ...rest: unknown[]) => void;
  switch (args.length) {
    case 0:
      return initiation as unknown as Start<S>;
    case 1: {
      const a = args[0];
      return (handler) => f(handler, a);
    }
    case 2: {
      const a = args[0];
      const b = args[1];
      return (handler) => f(handler, a, b);
    }
    case 3: {
      const a = args[0];
      const b = args[1];
      const c = args[2];
      return (handler) => f(handler, a, b, c);
    }
    default:
      return (handler) => f(handler, ...args);
  }
}
