import {
  asyncInitiate,
  asyncResult,
  checkToken,
  isCompletionToken,
  isTokenObject,
  tokenKind,
  useFuture,
  deferred,
  detached,
  asTuple,
  AsTuple,
  errors,
  errorIs,
  IoContext,
  SystemError,
  type AsyncResult,
  type Handler,
  type Initiation,
  type Signature,
  type TokenObject,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, flush, stats, type AddSignature } from './helpers/ops';

// Asio's archetypes::lazy_handler: a token kind the library knows nothing about, registered from
// user code by augmenting the CompletionTokenTypes map. Its `[asyncResult](initiation, args)`
// (Asio's `async_result<lazy_handler, S>::initiate(initiation, token, args...)`) launches the
// operation with a handler that ignores its arguments (Asio's concrete_handler) and returns 42,
// which is what an initiating function called with it returns (statically typed as 42).
declare module '@asio-ts/core' {
  interface CompletionTokenTypes<S, T> {
    lazy: 42;
  }
}

class LazyHandler implements TokenObject<'lazy'> {
  readonly [tokenKind] = 'lazy' as const;
  completions = 0;
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): 42 {
    const handler = (() => {
      this.completions++;
    }) as Handler<S>;
    initiation(handler, ...args);
    return 42;
  }
}

describe('asyncInitiate with a callback token', () => {
  test('the function is the handler; the initiating function returns undefined', async () => {
    const calls: unknown[][] = [];
    const r = asyncAdd(1, 2, (err, n) => calls.push([err, n]));
    expect(r).toBeUndefined();
    expect(calls).toEqual([]); // never inside the initiating call
    await flush();
    expect(calls).toEqual([[null, 3]]);
  });

  test('the error comes first; null on success', async () => {
    const calls: unknown[][] = [];
    asyncAdd(Number.MAX_SAFE_INTEGER, 1, (err, n) => calls.push([err, n]));
    await flush();
    expect(calls).toHaveLength(1);
    const [err] = calls[0]!;
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
  });

  test('extra arguments reach the initiation; the token is launched once', () => {
    const seen: unknown[] = [];
    const handler = (): void => {};
    asyncInitiate(
      (h: Handler<[]>, a: number, b: string) => {
        seen.push(h, a, b);
      },
      handler,
      7,
      'x',
    );
    expect(seen).toEqual([handler, 7, 'x']);
  });

  test('the handler runs exactly once per operation', async () => {
    const ioc = new IoContext();
    let count = 0;
    for (let i = 0; i < 5; i++) asyncAddOn(ioc, i, i, () => count++);
    expect(count).toBe(0);
    expect(await ioc.run()).toBe(5);
    expect(count).toBe(5);
    await flush();
    expect(count).toBe(5);
  });

  test('an exception thrown by the initiation propagates out of the initiating function', () => {
    const boom = new TypeError('bad argument');
    expect(() =>
      asyncInitiate(() => {
        throw boom;
      }, () => {}),
    ).toThrow(boom);
  });
});

describe('asyncInitiate with a token object', () => {
  test('the token receives the initiation and its arguments and decides when to launch; its return value is returned', () => {
    let launch: ((handler: Handler<AddSignature>) => void) | undefined;
    const token = {
      [tokenKind]: 'custom' as const,
      [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): string {
        launch = (handler) => initiation(handler as unknown as Handler<S>, ...args);
        return 'returned by the token';
      },
    };
    const before = stats.initiations;
    const r = asyncAdd(2, 3, token);
    expect(r).toBe('returned by the token');
    expect(stats.initiations).toBe(before); // not launched yet
    const results: unknown[][] = [];
    launch!((err, n) => results.push([err, n]));
    expect(stats.initiations).toBe(before + 1);
    return flush().then(() => expect(results).toEqual([[null, 5]]));
  });

  test('an unregistered token kind types the result as unknown', () => {
    const token = {
      [tokenKind]: 'notRegistered' as const,
      [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): number {
        initiation((() => {}) as Handler<S>, ...args);
        return 1;
      },
    };
    const r = asyncAdd(1, 1, token);
    expectTypeOf(r).toBeUnknown();
    expect(r).toBe(1);
  });

  test('the token gets the initiation itself and the arguments array as passed', async () => {
    const got: unknown[] = [];
    const seen: { initiation?: unknown; args?: unknown[] } = {};
    const initiation = (h: Handler<[number, string]>, a: number, b: string): void => void setImmediate(() => h(a, b));
    const token: TokenObject<'custom'> = {
      [tokenKind]: 'custom',
      [asyncResult]<S extends Signature, A extends unknown[]>(i: Initiation<S, A>, args: A): void {
        seen.initiation = i;
        seen.args = args;
        i(((...results: unknown[]) => got.push(results)) as unknown as Handler<S>, ...args);
      },
    };
    asyncInitiate(initiation, token, 4, 'four');
    // No closure binding the arguments: the token sees what the initiating function passed.
    expect(seen.initiation).toBe(initiation);
    expect(seen.args).toEqual([4, 'four']);
    await flush();
    expect(got).toEqual([[4, 'four']]);
  });

  test('a token may launch later, from the kept initiation and arguments', async () => {
    let kept: (() => void) | undefined;
    const got: unknown[] = [];
    const token: TokenObject<'custom'> = {
      [tokenKind]: 'custom',
      [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): void {
        kept = () => initiation(((...results: unknown[]) => got.push(results)) as unknown as Handler<S>, ...args);
      },
    };
    const before = stats.initiations;
    asyncAdd(20, 22, token);
    expect(stats.initiations).toBe(before);
    kept!();
    expect(stats.initiations).toBe(before + 1);
    await flush();
    expect(got).toEqual([[null, 42]]);
  });

  test('an exception thrown by the token propagates', () => {
    const token = {
      [tokenKind]: 'throwing' as const,
      [asyncResult](): never {
        throw new RangeError('token refused');
      },
    };
    expect(() => asyncAdd(1, 2, token)).toThrow(RangeError);
  });
});

describe('built-in tokens whose [asyncResult] is overridden', () => {
  test('a subclass of a token adapter that overrides [asyncResult] is called', async () => {
    const calls: string[] = [];
    class LoggedTuple<T> extends AsTuple<T> {
      override [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
        calls.push('override');
        return super[asyncResult](initiation, args);
      }
    }
    const r = await (asyncAdd(1, 2, new LoggedTuple(useFuture) as never) as Promise<unknown>);
    expect(r).toEqual([null, 3]);
    expect(calls).toEqual(['override']);
  });

  test('a copy of useFuture with its own [asyncResult] is called', async () => {
    const calls: string[] = [];
    const custom = {
      ...useFuture,
      [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
        calls.push('custom');
        return useFuture[asyncResult](initiation, args);
      },
    };
    await expect(asyncAdd(2, 2, custom as never) as Promise<unknown>).resolves.toBe(4);
    expect(calls).toEqual(['custom']);
  });
});

describe("Asio's lazy_handler: a user-defined token kind", () => {
  test('the initiating function returns 42, typed as 42, and the operation runs', async () => {
    const lazy = new LazyHandler();
    const r = asyncAdd(1, 2, lazy);
    expectTypeOf(r).toEqualTypeOf<42>();
    expect(r).toBe(42);
    expect(lazy.completions).toBe(0);
    await flush();
    expect(lazy.completions).toBe(1);
  });

  test('adapters wrapping a user token keep its result type', async () => {
    const lazy = new LazyHandler();
    const r = asyncAdd(1, 2, asTuple(lazy));
    expectTypeOf(r).toEqualTypeOf<42>();
    expect(r).toBe(42);
    await flush();
    expect(lazy.completions).toBe(1);
  });
});

describe('unusable tokens are programmer errors', () => {
  test.each([
    ['a number', 42],
    ['a string', 'callback'],
    ['null', null],
    ['a plain object', {}],
    ['an object whose asyncResult is not a function', { [asyncResult]: 1 }],
  ])('%s throws a TypeError naming the token, before the initiation runs', (_name, bad) => {
    let initiated = false;
    expect(() =>
      asyncInitiate(() => {
        initiated = true;
      }, bad),
    ).toThrow(/token/);
    expect(() => asyncInitiate(() => {}, bad)).toThrow(TypeError);
    expect(initiated).toBe(false);
  });

  test('checkToken names the argument', () => {
    expect(() => checkToken('completionToken', 5)).toThrow(new TypeError('completionToken must be a completion handler function or a completion token, got 5'));
    expect(() => checkToken('t', () => {})).not.toThrow();
    expect(() => checkToken('t', useFuture)).not.toThrow();
  });
});

describe('token predicates', () => {
  test('isTokenObject / isCompletionToken', () => {
    expect(isTokenObject(useFuture)).toBe(true);
    expect(isTokenObject(deferred)).toBe(true); // a function carrying the protocol
    expect(isTokenObject(detached)).toBe(true);
    expect(isTokenObject(asTuple(useFuture))).toBe(true);
    expect(isTokenObject(() => {})).toBe(false);
    expect(isTokenObject(null)).toBe(false);
    expect(isTokenObject({})).toBe(false);
    expect(isCompletionToken(() => {})).toBe(true);
    expect(isCompletionToken(useFuture)).toBe(true);
    expect(isCompletionToken(undefined)).toBe(false);
    expect(isCompletionToken('x')).toBe(false);
  });

  test('the protocol symbols are registered symbols (shared across copies of the library)', () => {
    expect(asyncResult).toBe(Symbol.for('asio-ts.asyncResult'));
    expect(tokenKind).toBe(Symbol.for('asio-ts.tokenKind'));
  });
});

describe('AsyncResult at the type level', () => {
  test('callback → void, useFuture → Promise, detached → void', () => {
    expectTypeOf<AsyncResult<(e: SystemError | null, n: number) => void, AddSignature>>().toEqualTypeOf<void>();
    expectTypeOf<AsyncResult<typeof useFuture, AddSignature>>().toEqualTypeOf<Promise<number>>();
    expectTypeOf<AsyncResult<typeof detached, AddSignature>>().toEqualTypeOf<void>();
    expectTypeOf<AsyncResult<LazyHandler, AddSignature>>().toEqualTypeOf<42>();
  });
});
