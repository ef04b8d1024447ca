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
