import { describe } from './check.js';

// The run-time core of the token protocol, shared by `asyncInitiate` and the tokens that keep an
// initiation for later (deferred operations, awaitables, yield contexts). Kept apart from
// `async-result.ts`, which holds the protocol's types, so that a token module can launch an
// operation without importing the module that types its result.

/**
 * The completion-token protocol (Asio's `async_result<T, S>::initiate`). A token is either a
 * function (it is the handler) or an object with an `[asyncResult](initiation, args)` method:
 * calling `initiation(handler, ...args)` launches the operation, and what the method returns is
 * what the initiating function returns. An eager token calls it at once; a lazy one keeps
 * `initiation` and `args` as they are (no closure needed) and calls it later, once. Token objects
 * say which entry of `CompletionTokenTypes` types that return value with `readonly [tokenKind]`.
 */
export const asyncResult: unique symbol = Symbol.for('asio-ts.asyncResult');
/** Which entry of `CompletionTokenTypes` types a token object's result. */
export const tokenKind: unique symbol = Symbol.for('asio-ts.tokenKind');

/** An initiation as the protocol carries it: called as `initiation(handler, ...args)`. */
export type AnyInitiation = (handler: never, ...args: never) => void;

type TokenMethod = (this: unknown, initiation: AnyInitiation, args: unknown[]) => unknown;

/** True for objects and functions that implement the token protocol. */
export function isTokenObject(x: unknown): x is { [asyncResult]: TokenMethod } {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (x as { [asyncResult]?: unknown })[asyncResult] === 'function'
  );
}

/** A handler function (not a token object): an operation may start at once, without the token protocol. */
export function isPlainHandler(token: unknown): boolean {
  return typeof token === 'function' && !isTokenObject(token);
}

/** `initiation(handler, ...args)`, without a spread for the usual small arities. */
export function callInitiation(initiation: AnyInitiation, handler: unknown, args: readonly unknown[]): void {
  const f = initiation as (handler: unknown, ...rest: unknown[]) => void;
  switch (args.length) {
    case 0:
      f(handler);
      break;
    case 1:
      f(handler, args[0]);
      break;
    case 2:
      f(handler, args[0], args[1]);
      break;
    case 3:
      f(handler, args[0], args[1], args[2]);
      break;
    default:
      f(handler, ...args);
  }
}

/**
 * Launch `initiation` with `args` through `token`: a token object gets both as they are and
 * decides when to call `initiation(handler, ...args)`; a function token is the handler. Returns
 * what the token returns (undefined for a function).
 */
export function initiate(initiation: AnyInitiation, token: unknown, args: unknown[]): unknown {
  if (isTokenObject(token)) return token[asyncResult](initiation, args);
  if (typeof token === 'function') {
    callInitiation(initiation, token, args);
    return undefined;
  }
  throw new TypeError(`token must be a completion handler function or a completion token, got ${describe(token)}`);
}
