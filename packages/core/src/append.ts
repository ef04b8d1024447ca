import { tokenKind, type Handler, type Signature } from './async-result.js';
import { TokenAdapter } from './detail/token-adapter.js';

/** Asio's `append`: the handler gets the completion arguments followed by `values`. */
export class Append<T, V extends readonly unknown[]> extends TokenAdapter<T, 'append'> {
  readonly [tokenKind] = 'append' as const;
  readonly values: V;

  constructor(token: T, values: V) {
    super(token);
    this.values = values;
  }

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const values = this.values;
    return (...args: unknown[]) => handler(...args, ...values);
  }
}

export function append<T, V extends unknown[]>(token: T, ...values: V): Append<T, V> {
  return new Append(token, values);
}
