import { isTokenObject, tokenKind, type Handler, type Signature } from '../async-result.js';
import type { Associations } from '../associations.js';
import { withAssociation } from '../associations.js';
import { TokenAdapter } from './token-adapter.js';

type Key = keyof Associations;
type Value = NonNullable<Associations[Key]>;
/** The association, or a function making a fresh one for each operation (slots with state). */
type ValueOrFactory = Value | (() => Value);

function resolve(v: ValueOrFactory): Value {
  return typeof v === 'function' ? (v as () => Value)() : v;
}

/** A token object that gives its inner token's handler one association. */
export class AssociationBinder<T, K extends string> extends TokenAdapter<T, K> {
  readonly [tokenKind]: K;
  readonly #key: Key;
  readonly #value: ValueOrFactory;

  constructor(kind: K, token: T, key: Key, value: ValueOrFactory) {
    super(token);
    this[tokenKind] = kind;
    this.#key = key;
    this.#value = value;
  }

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    return bindHandler(handler, this.#key, resolve(this.#value));
  }
}

/** A new handler that calls `handler` and carries its associations plus `key: value`. */
function bindHandler<H extends (...args: never[]) => unknown>(handler: H, key: Key, value: NonNullable<Associations[Key]>): H {
  // A bound function forwards every argument with no rest array, no spread and no context.
  const bound = handler.bind(undefined) as H;
  return withAssociation(bound, handler, key, value as never);
}

/**
 * Bind a function handler (returns a handler) or a token object (returns a token), as Asio's
 * binders are both handlers and tokens.
 */
export function bindToken<T, K extends string>(
  kind: K,
  token: T,
  key: Key,
  value: ValueOrFactory,
): unknown {
  if (isTokenObject(token)) return new AssociationBinder(kind, token, key, value);
  if (typeof token === 'function') return bindHandler(token as (...args: never[]) => unknown, key, resolve(value));
  throw new TypeError(`token must be a completion handler function or a completion token, got ${token === null ? 'null' : typeof token}`);
}
