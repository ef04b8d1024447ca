import { tokenKind, type AsyncResult, type Handler, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/** Asio's `append`: the handler gets the completion arguments followed by `values`. */
export class Append<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'append', V> {
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

export function append<T, V extends unknown[]>(token: T, ...values: V): Append<T, V> {
  return new Append(token, values);
}
