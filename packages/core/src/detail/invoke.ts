import type { Handler, Signature } from '../async-result.js';

/** `handler(...args)`, without a spread for the usual arities. */
export function invoke<S extends Signature>(handler: Handler<S>, args: S): void {
  const f = handler as unknown as (...a: unknown[]) => void;
  switch (args.length) {
    case 0:
      return f();
    case 1:
      return f(args[0]);
    case 2:
      return f(args[0], args[1]);
    default:
      return f(...args);
  }
}

// For a delivery queued or run elsewhere, made in a function of their own: a closure inside the
// caller (HandlerWork.complete) would have its every call allocate a context, direct calls too.

/** A call of `handler(...args)`, to run later. */
export function invokeLater<S extends Signature>(handler: Handler<S>, args: S): () => void {
  return () => invoke(handler, args);
}

/** A call of `handler(a, b)`, to run later. */
export function invokeLater2<A, B>(handler: Handler<[A, B]>, a: A, b: B): () => void {
  return () => handler(a, b);
}
