import { tokenKind, type Handler, type Signature } from './async-result.js';
import { ValuesAdapter } from './detail/values-adapter.js';

/** Asio's `append`: the handler gets the completion arguments followed by `values`. */
export class Append<T, V extends readonly unknown[]> extends ValuesAdapter<T, 'append', V> {
  readonly [tokenKind] = 'append' as const;

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const values = this.values;
    return (...args: unknown[]) => handler(...args, ...values);
  }
}

export function append<T, V extends unknown[]>(token: T, ...values: V): Append<T, V> {
  return new Append(token, values);
}
