import { tokenKind, type AsyncResult, type Handler, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/** Asio's `prepend`: the handler gets `values` followed by the completion arguments. */
export class Prepend<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'prepend', V> {
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

export function prepend<T, V extends unknown[]>(token: T, ...values: V): Prepend<T, V> {
  return new Prepend(token, values);
}
