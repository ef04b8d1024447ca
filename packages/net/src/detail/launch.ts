import { asyncInitiate, checkToken, deferred, type Handler, type Signature } from '@asio-ts/core';
import { isPlainHandler } from './check.js';

/**
 * Start an operation through its completion token, the way every initiating function of the
 * package does: a plain handler function starts it at once (no token protocol involved); a token
 * object (or none: `deferred`) gets `asyncInitiate`, and decides when `initiation` runs. The
 * token is checked here; the other arguments must have been checked by the caller, so that a
 * programmer error throws before anything starts, whatever the token.
 */
export function launch<S extends Signature, A extends unknown[]>(
  initiation: (handler: Handler<S>, ...args: A) => void,
  token: unknown,
  ...args: A
): unknown {
  if (isPlainHandler(token)) {
    initiation(token as unknown as Handler<S>, ...args);
    return undefined;
  }
  if (token === undefined) token = deferred;
  else checkToken('token', token);
  return asyncInitiate<S, unknown, A>(initiation, token, ...args);
}
