import { tokenKind, type AsyncResult, type Handler, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/**
 * Asio's `append`: the handler gets the completion arguments followed by `values`. Made by
 * `append`.
 *
 * @example
 * ```ts
 * import { Append, append, useFuture } from '@asio-ts/core';
 *
 * const token = append(useFuture, 'request 1');
 * console.log(token instanceof Append, token.values); // true [ 'request 1' ]
 * ```
 */
export class Append<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'append', V> {
  /** The token's `CompletionTokenTypes` entry: `'append'`. */
  readonly [tokenKind] = 'append' as const;

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const values = this.values;
    return (...args: unknown[]) => handler(...args, ...values);
  }
}

/** What an initiating function with signature `S` returns for an `Append<I, V>` token. */
export type AppendResult<S extends Signature, T> = T extends Append<infer I, infer V> ? AsyncResult<I, [...S, ...V]> : never;

// Registers the return type of `append` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    append: AppendResult<S, T>;
  }
}

/**
 * Wrap `token` so that its handler gets the completion arguments followed by `values` (Asio's
 * `append`): completes with `(...args, ...values)`. The operation's cancellation is unchanged.
 *
 * @example
 * ```ts
 * import { SteadyTimer, append, systemExecutor, useFuture } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 10);
 * const label = await timer.asyncWait(append(useFuture, 'timer 1'));
 * console.log(label); // timer 1
 * ```
 */
export function append<T, V extends unknown[]>(token: T, ...values: V): Append<T, V> {
  return new Append(token, values);
}
