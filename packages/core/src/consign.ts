import { tokenKind, type AsyncResult, type Handler, type InnerToken, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/**
 * Asio's `consign`: keeps `values` referenced until the handler runs, then lets them go. Useful
 * to keep an object alive (or a `WorkGuard` held) exactly as long as an operation is in flight.
 */
export class Consign<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'consign', V> {
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

export function consign<T, V extends unknown[]>(token: T, ...values: V): Consign<T, V> {
  return new Consign(token, values);
}
