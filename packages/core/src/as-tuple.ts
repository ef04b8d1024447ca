import { asyncResult, tokenKind, type AsyncResult, type Handler, type Initiation, type InnerToken, type Signature } from './async-result.js';
import { deferred, type Deferred } from './deferred.js';
import { callInitiation, type AnyInitiation } from './detail/initiate.js';
import { TokenAdapter } from './detail/token-adapter.js';
import { useFuture } from './use-future.js';

/**
 * Asio's `as_tuple`: the handler gets all completion arguments as one array, errors included.
 * Made by `asTuple`.
 *
 * @example
 * ```ts
 * import { AsTuple, asTuple, useFuture } from '@asio-ts/core';
 *
 * const token = asTuple(useFuture);
 * console.log(token instanceof AsTuple, token.token === useFuture); // true true
 * ```
 */
export class AsTuple<T> extends TokenAdapter<T, 'asTuple'> {
  /** The token's `CompletionTokenTypes` entry: `'asTuple'`. */
  readonly [tokenKind] = 'asTuple' as const;
  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    return (...args: unknown[]) => handler(args);
  }

  /** The token protocol; `asTuple(useFuture)`, the usual form, resolves its promise with the tuple itself. */
  override [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
    if (this.token !== useFuture) return super[asyncResult](initiation, args);
    // useFuture's handler has no associations to pass on, and a tuple has no error slot to read.
    let resolve!: (tuple: unknown[]) => void;
    const promise = new Promise<unknown[]>((res) => {
      resolve = res;
    });
    callInitiation(initiation as AnyInitiation, (...tuple: unknown[]) => resolve(tuple), args);
    return promise;
  }
}

/** What an initiating function with signature `S` returns for an `AsTuple<T>` token. */
export type AsTupleResult<S extends Signature, T> = AsyncResult<InnerToken<T>, [S]>;

// Registers the return type of `asTuple` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    asTuple: AsTupleResult<S, T>;
  }
}

/**
 * Wrap `token` so that its handler receives `[err, ...values]` as a single tuple argument
 * (Asio's `as_tuple`): with a promise-like token, the error no longer rejects. The operation's
 * cancellation is unchanged. Without a token (Asio's partial `as_tuple`), it wraps the default
 * token, `deferred`: `await asyncWrite(s, b, asTuple())` resolves with `[err, n]` instead of
 * throwing.
 *
 * @example
 * ```ts
 * import { asTuple, systemExecutor } from '@asio-ts/core';
 * import { TestStream, asyncWrite } from '@asio-ts/io';
 *
 * const stream = new TestStream(systemExecutor, { failAt: 3 }); // fails after 3 bytes
 * const [err, n] = await asyncWrite(stream, new TextEncoder().encode('hello'), asTuple());
 * console.log(err?.code, n); // EPIPE 3
 * ```
 */
export function asTuple(): AsTuple<Deferred>;
export function asTuple<T>(token: T): AsTuple<T>;
export function asTuple(token: unknown = deferred): AsTuple<unknown> {
  return new AsTuple(token);
}
