import { tokenKind, type Handler, type Signature } from './async-result.js';
import { TokenAdapter } from './detail/token-adapter.js';

/** Asio's `as_tuple`: the handler gets all completion arguments as one array, errors included. */
export class AsTuple<T> extends TokenAdapter<T, 'asTuple'> {
  readonly [tokenKind] = 'asTuple' as const;
  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    return (...args: unknown[]) => handler(args);
  }
}

/** Wrap `token` so that its handler receives `[err, ...values]` as a single tuple argument. */
export function asTuple<T>(token: T): AsTuple<T> {
  return new AsTuple(token);
}
