import { tokenKind, type AsyncResult, type Handler, type InnerToken, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/**
 * Asio's `consign`: keeps `values` referenced until the handler runs, then lets them go. Useful
 * to keep an object alive exactly as long as an operation is in flight. Unlike Asio's, letting
 * go destroys nothing: a `WorkGuard` consigned this way is not reset. Made by `consign`.
 *
 * @example
 * ```ts
 * import { Consign, consign, useFuture } from '@asio-ts/core';
 *
 * const token = consign(useFuture, { session: 42 });
 * console.log(token instanceof Consign); // true
 * ```
 */
export class Consign<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'consign', V> {
  /** The token's `CompletionTokenTypes` entry: `'consign'`. */
  readonly [tokenKind] = 'consign' as const;

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    let held: V | null = this.values;
    return (...args: unknown[]) => {
      held = null;
      void held;
      handler(...args);
    };
  }
}

/** What an initiating function with signature `S` returns for a `Consign<T, V>` token. */
export type ConsignResult<S extends Signature, T> = AsyncResult<InnerToken<T>, S>;

// Registers the return type of `consign` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    consign: ConsignResult<S, T>;
  }
}

/**
 * Wrap `token` so that `values` stay referenced until its handler runs (Asio's `consign`); the
 * handler does not receive them. The completion signature and cancellation are the operation's
 * own.
 *
 * @example
 * ```ts
 * import { SteadyTimer, consign, systemExecutor, type SystemError } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 10);
 * const session = { id: 42, scratch: new Uint8Array(65536) };
 * // `session` stays referenced until the handler ran, whoever else lets go of it.
 * timer.asyncWait(consign((err: SystemError | null) => console.log('expired', err), session)); // expired null
 * ```
 */
export function consign<T, V extends unknown[]>(token: T, ...values: V): Consign<T, V> {
  return new Consign(token, values);
}
