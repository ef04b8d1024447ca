import { tokenKind, type AsyncResult, type Handler, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/**
 * Asio's `prepend`: the handler gets `values` followed by the completion arguments. Made by
 * `prepend`.
 *
 * @example
 * ```ts
 * import { Prepend, prepend, useFuture } from '@asio-ts/core';
 *
 * const token = prepend(useFuture, 1);
 * console.log(token instanceof Prepend, token.values); // true [ 1 ]
 * ```
 */
export class Prepend<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'prepend', V> {
  /** The token's `CompletionTokenTypes` entry: `'prepend'`. */
  readonly [tokenKind] = 'prepend' as const;

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const values = this.values;
    return (...args: unknown[]) => handler(...values, ...args);
  }
}

/** What an initiating function with signature `S` returns for a `Prepend<I, V>` token. */
export type PrependResult<S extends Signature, T> = T extends Prepend<infer I, infer V> ? AsyncResult<I, [...V, ...S]> : never;

// Registers the return type of `prepend` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    prepend: PrependResult<S, T>;
  }
}

/**
 * Wrap `token` so that its handler gets `values` followed by the completion arguments (Asio's
 * `prepend`): completes with `(...values, ...args)`. The operation's cancellation is unchanged.
 *
 * @example
 * ```ts
 * import { SteadyTimer, prepend, systemExecutor, type SystemError } from '@asio-ts/core';
 *
 * for (const id of [1, 2]) {
 *   const timer = new SteadyTimer(systemExecutor, 10 * id);
 *   timer.asyncWait(prepend((timerId: number, err: SystemError | null) => console.log(timerId, err), id)); // 1 null, then 2 null
 * }
 * ```
 */
export function prepend<T, V extends unknown[]>(token: T, ...values: V): Prepend<T, V> {
  return new Prepend(token, values);
}
