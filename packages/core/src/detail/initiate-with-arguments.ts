/**
 * An optional, library-internal extension of the token protocol: a token object that has this
 * method is given the initiation and its arguments as they are, instead of a `start` closure
 * binding them (`useFuture`, the most used token object, saves that closure per operation).
 */
export const initiateWithArguments: unique symbol = Symbol('asio-ts.initiateWithArguments');

export interface InitiatesWithArguments {
  [initiateWithArguments](initiation: (handler: never, ...args: never[]) => void, args: unknown[]): unknown;
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
