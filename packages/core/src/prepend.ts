import { tokenKind, type Handler, type Signature } from './async-result.js';
import { TokenAdapter } from './detail/token-adapter.js';

/** Asio's `prepend`: the handler gets `values` followed by the completion arguments. */
export class Prepend<T, V extends readonly unknown[]> extends TokenAdapter<T, 'prepend'> {
  readonly [tokenKind] = 'prepend' as const;
  readonly values: V;

  constructor(token: T, values: V) {
    super(token);
    this.values = values;
  }

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const values = this.values;
    return (...args: unknown[]) => handler(...values, ...args);
  }
}

export function prepend<T, V extends unknown[]>(token: T, ...values: V): Prepend<T, V> {
  return new Prepend(token, values);
}
