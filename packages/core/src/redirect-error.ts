import { isTokenObject, tokenKind, type AsyncResult, type Handler, type InnerToken, type Signature, type Tail } from './async-result.js';
import { deferred, type Deferred } from './deferred.js';
import { TokenAdapter } from './detail/token-adapter.js';
import { isError } from './detail/check.js';

/** Where `redirectError` stores the error of the first slot (`null` on success). */
export interface ErrorRef {
  /** The operation's error, or `null` when it succeeded. */
  error: Error | null;
}

function checkRef(ref: unknown): void {
  if (typeof ref !== 'object' || ref === null) throw new TypeError('ref must be an object with an `error` property');
}

/**
 * Asio's `redirect_error`: the error goes into a ref; the handler gets the remaining arguments.
 * Made by `redirectError`.
 *
 * @example
 * ```ts
 * import { RedirectError, redirectError, useFuture, type ErrorRef } from '@asio-ts/core';
 *
 * const ref: ErrorRef = { error: null };
 * const token = redirectError(useFuture, ref);
 * console.log(token instanceof RedirectError, token.ref === ref); // true true
 * ```
 */
export class RedirectError<T> extends TokenAdapter<T, 'redirectError'> {
  /** The token's `CompletionTokenTypes` entry: `'redirectError'`. */
  readonly [tokenKind] = 'redirectError' as const;
  /** Where the error is stored. */
  readonly ref: ErrorRef;

  /** A token storing the error in `ref` and completing `token` with the rest; prefer `redirectError`. */
  constructor(token: T, ref: ErrorRef) {
    super(token);
    checkRef(ref);
    this.ref = ref;
  }

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const ref = this.ref;
    return (...args: unknown[]) => {
      const err = args[0];
      ref.error = isError(err) ? err : null;
      handler(...args.slice(1));
    };
  }
}

/** What an initiating function with signature `S` returns for a `RedirectError<T>` token. */
export type RedirectErrorResult<S extends Signature, T> = AsyncResult<InnerToken<T>, Tail<S>>;

// Registers the return type of `redirectError` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    redirectError: RedirectErrorResult<S, T>;
  }
}

/**
 * Store the error of the first slot in `ref.error` and complete `token` with the rest (Asio's
 * `redirect_error`); the operation's cancellation is unchanged. Without a token (Asio's partial
 * `redirect_error(ec)`), it wraps the default token, `deferred`:
 * `const n = await asyncWrite(s, b, redirectError(ref))` never throws the operation's error.
 *
 * @example
 * ```ts
 * import { redirectError, systemExecutor, type ErrorRef } from '@asio-ts/core';
 * import { TestStream, asyncWrite } from '@asio-ts/io';
 *
 * const stream = new TestStream(systemExecutor, { failAt: 3 }); // fails after 3 bytes
 * const ref: ErrorRef = { error: null };
 * const n = await asyncWrite(stream, new TextEncoder().encode('hello'), redirectError(ref));
 * console.log(n, ref.error?.message); // 3 Broken pipe
 * ```
 */
export function redirectError(ref: ErrorRef): RedirectError<Deferred>;
export function redirectError<T>(token: T, ref: ErrorRef): RedirectError<T>;
export function redirectError(tokenOrRef: unknown, ref?: unknown): RedirectError<unknown> {
  if (ref === undefined) {
    // The partial form: the only argument is the ref.
    if (isTokenObject(tokenOrRef)) {
      throw new TypeError('ref must be an object with an `error` property, got a completion token (the ref comes after the token: redirectError(token, ref))');
    }
    checkRef(tokenOrRef);
    return new RedirectError(deferred, tokenOrRef as ErrorRef);
  }
  checkRef(ref);
  return new RedirectError(tokenOrRef, ref as ErrorRef);
}
