import { asyncInitiate, asyncResult, checkToken, tokenKind, type Handler, type Signature, type Start, type TokenObject } from '../async-result.js';
import { withAssociationsOf } from '../associations.js';
import { callInitiation, withArgumentsTwin, type Initiation } from './initiate-with-arguments.js';

/**
 * Base of tokens that wrap another token (binders, `asTuple`, `redirectError`, ...): the inner
 * token makes the handler, `adapt` wraps it, and the wrapped handler launches the operation.
 * Works the same whether the inner token is a plain callback or a token object. The wrapped
 * handler carries the inner handler's associations (executor, cancellation slot, immediate
 * executor), as Asio's adapters forward their associators to the handler they wrap.
 */
export abstract class TokenAdapter<T, K extends string> implements TokenObject<K> {
  abstract readonly [tokenKind]: K;
  readonly token: T;

  constructor(token: T) {
    checkToken('token', token);
    this.token = token;
  }

  protected abstract adapt(handler: Handler<Signature>): Handler<Signature>;

  [asyncResult]<S extends Signature>(start: Start<S>): unknown {
    return asyncInitiate(
      (handler: Handler<Signature>) => (start as Start<Signature>)(withAssociationsOf(this.adapt(handler), handler)),
      this.token,
    );
  }

  static {
    // asyncInitiate's way in: no closure binding the initiation's arguments on top of this one.
    withArgumentsTwin(TokenAdapter.prototype[asyncResult], function (this: TokenAdapter<unknown, string>, initiation: Initiation, args: unknown[]) {
      return asyncInitiate(
        (handler: Handler<Signature>) => callInitiation(initiation, withAssociationsOf(this.adapt(handler), handler), args),
        this.token,
      );
    });
  }
}
