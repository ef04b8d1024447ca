import type { Handler, Signature } from '../async-result.js';
import { TokenAdapter } from './token-adapter.js';

/** Base of the tokens that carry extra values for the handler (`append`, `prepend`, `consign`). */
export abstract class ValuesAdapter<T, K extends string, V extends readonly unknown[]> extends TokenAdapter<T, K> {
  /** The values the adapter carries for the handler. */
  readonly values: V;

  /** Wrap `token`, carrying `values`. */
  constructor(token: T, values: V) {
    super(token);
    this.values = values;
  }

  protected abstract override adapt(handler: Handler<Signature>): Handler<Signature>;
}
