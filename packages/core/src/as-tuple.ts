import { tokenKind, type AsyncResult, type Handler, type InnerToken, type Signature } from './async-result.js';
import { deferred, type Deferred } from './deferred.js';
import { TokenAdapter } from './detail/token-adapter.js';

/** Asio's `as_tuple`: the handler gets all completion arguments as one array, errors included. */
export class AsTuple<T> extends TokenAdapter<T, 'asTuple'> {
  readonly [tokenKind] = 'asTuple' as const;
  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    return (...args: unknown[]) => handler(args);
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
 * Wrap `token` so that its handler receives `[err, ...values]` as a single tuple argument.
 * Without a token (Asio's partial `as_tuple`), it wraps the default token, `deferred`:
 * `await asyncWrite(s, b, asTuple())` resolves with `[err, n]` instead of throwing.
 */
export function asTuple(): AsTuple<Deferred>;
export function asTuple<T>(token: T): AsTuple<T>;
export function asTuple(token: unknown = deferred): AsTuple<unknown> {
  return new AsTuple(token);
}
