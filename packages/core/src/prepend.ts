import { tokenKind, type Handler, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/** Asio's `prepend`: the handler gets `values` followed by the completion arguments. */
export class Prepend<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'prepend', V> {
  readonly [tokenKind] = 'prepend' as const;

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const values = this.values;
    return (...args: unknown[]) => handler(...values, ...args);
  }
}

export function prepend<T, V extends unknown[]>(token: T, ...values: V): Prepend<T, V> {
  return new Prepend(token, values);
}
