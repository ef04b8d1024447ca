/**
 * A library-internal shortcut in the token protocol: a built-in token's `[asyncResult]` method
 * may carry a twin that takes the initiation and its arguments as they are, instead of a `start`
 * closure binding them (`useFuture`, the most used token, saves that closure per operation).
 * The twin hangs on the method itself, so a subclass or a copy that overrides `[asyncResult]`
 * has no twin and is called as the protocol says.
 */
const twin: unique symbol = Symbol('asio-ts.initiateWithArguments');

export type Initiation = (handler: never, ...args: never[]) => void;
export type WithArguments = (this: never, initiation: Initiation, args: unknown[]) => unknown;

/** Give the `[asyncResult]` method `method` its with-arguments twin; returns `method`. */
export function withArgumentsTwin<M extends object>(method: M, withArguments: WithArguments): M {
  Object.defineProperty(method, twin, { value: withArguments });
  return method;
}

/** The with-arguments twin of an `[asyncResult]` method, if it has one. */
export function twinOf(method: unknown): WithArguments | undefined {
  return (method as { [twin]?: WithArguments })[twin];
}

/** `initiation(handler, ...args)`, without a spread for the usual small arities. */
export function callInitiation(initiation: (handler: never, ...args: never[]) => void, handler: unknown, args: readonly unknown[]): void {
  const f = initiation as (handler: unknown, ...rest: unknown[]) => void;
  switch (args.length) {
    case 0:
      f(handler);
      break;
    case 1:
      f(handler, args[0]);
      break;
    case 2:
      f(handler, args[0], args[1]);
      break;
    case 3:
      f(handler, args[0], args[1], args[2]);
      break;
    default:
      f(handler, ...args);
  }
}
