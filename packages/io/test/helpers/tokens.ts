/**
 * User-defined completion tokens for the write tests (Asio's `archetypes::lazy_handler`).
 *
 * Adding a token kind takes two things and no change to the library: an entry in the
 * `CompletionTokenTypes` type map (by module augmentation, keeping its type parameter names)
 * and a token object carrying that kind in `[tokenKind]`.
 */
import { asyncResult, tokenKind, type Signature, type Initiation, type TokenObject } from '@asio-ts/core';

declare module '@asio-ts/core' {
  interface CompletionTokenTypes<S extends Signature, T> {
    /** `Lazy42Token`: the initiating function returns 42. */
    lazy42: 42;
    /** `AsioLazyHandler`: the initiating function returns 42. */
    asioLazyHandler: 42;
  }
}

/**
 * A token whose `[asyncResult]` returns 42 and never calls the initiation: the operation is never
 * launched, so nothing is written.
 */
export class Lazy42Token implements TokenObject<'lazy42'> {
  readonly [tokenKind] = 'lazy42' as const;
  /** How many times `[asyncResult]` was asked for a result. */
  asked = 0;

  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): 42 {
    void initiation;
    void args;
    this.asked++;
    return 42;
  }
}

/**
 * Asio's own `archetypes::lazy_handler`, as its write tests use it: `async_result::initiate`
 * launches the operation with a do-nothing `concrete_handler` and returns 42, so the write does
 * happen (Asio's test checks the stream got every byte after `run()`).
 */
export class AsioLazyHandler implements TokenObject<'asioLazyHandler'> {
  readonly [tokenKind] = 'asioLazyHandler' as const;
  /** Calls of the concrete handler. */
  completions = 0;

  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): 42 {
    const handler = (() => {
      this.completions++;
    }) as (...results: S) => void;
    initiation(handler, ...args);
    return 42;
  }
}
