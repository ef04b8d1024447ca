import { asyncResult, checkToken, tokenKind, type Handler, type Initiation, type Signature, type TokenObject } from '../async-result.js';
import { withAssociationsOf } from '../associations.js';
import { callInitiation, initiate, type AnyInitiation } from './initiate.js';

/**
 * Base of tokens that wrap another token (binders, `asTuple`, `redirectError`, ...): the inner
 * token makes the handler, `adapt` wraps it, and the wrapped handler launches the operation.
 * Works the same whether the inner token is a plain callback or a token object. The wrapped
 * handler carries the inner handler's associations (executor, cancellation slot, immediate
 * executor), as Asio's adapters forward their associators to the handler they wrap.
 */
export abstract class TokenAdapter<T, K extends string> implements TokenObject<K> {
  abstract readonly [tokenKind]: K;
  /** The token the adapted handler completes through. */
  readonly token: T;

  /** Wrap `token`; throws a TypeError unless it is a completion token. */
  constructor(token: T) {
    checkToken('token', token);
    this.token = token;
  }

  protected abstract adapt(handler: Handler<Signature>): Handler<Signature>;

  // The inner token launches `launchAdapted` with this adapter, the initiation and its arguments
  // as its own arguments: no closure binding them (Asio's init_wrapper, passed the same way).
  /** The token protocol: launches through the inner token, with the adapted handler; returns what the inner token returns. */
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
    return initiate(TokenAdapter.launchAdapted as AnyInitiation, this.token, [this, initiation, args]);
  }

  /** The initiation the inner token sees: wraps its handler, then launches the outer initiation. */
  private static launchAdapted(
    this: void,
    handler: Handler<Signature>,
    adapter: TokenAdapter<unknown, string>,
    initiation: AnyInitiation,
    args: readonly unknown[],
  ): void {
    callInitiation(initiation, withAssociationsOf(adapter.adapt(handler), handler), args);
  }
}
