// The two lazy tokens, `deferred` and `useAwaitable`, launch their initiation inside `then` (the
// engine's job for `await`). When that initiation throws (a programmer error), what it threw is
// the outcome for every caller, as `op(useFuture)` throws to its caller: also when the handler
// already ran inside the launch, and never as a synchronous throw out of `then`, which keeps the
// Promise contract (Promises/A+ 2.2.4: the callbacks run later).
import { asyncInitiate, deferred, useAwaitable } from '@asio-ts/core';

type ValueHandler = (err: null, v: number) => void;
type Token = typeof deferred | typeof useAwaitable;

/** An initiation that throws `thrown` before doing anything. */
function throwing(thrown: unknown, token: Token): PromiseLike<number> {
  return asyncInitiate((_handler: ValueHandler) => {
    throw thrown;
  }, token) as PromiseLike<number>;
}

/** An initiation that calls its handler with 5 inline, then throws `thrown`. */
function completingThenThrowing(thrown: unknown, token: Token): PromiseLike<number> {
  return asyncInitiate((handler: ValueHandler) => {
    handler(null, 5);
    throw thrown;
  }, token) as PromiseLike<number>;
}

/** `await op` in an async function (a deferred operation is a function, which `expect` would call). */
const awaited = async (op: PromiseLike<number>): Promise<number> => await op;

describe.each([
  ['deferred', deferred],
  ['useAwaitable', useAwaitable],
] as const)('a lazy launch that throws (%s)', (_name, token) => {
  test('the await rejects with what the initiation threw, and so does every later await', async () => {
    const boom = new TypeError('bad argument');
    const op = throwing(boom, token);
    await expect(awaited(op)).rejects.toBe(boom);
    await expect(awaited(op)).rejects.toBe(boom);
    // A non-Error thrown is the rejection reason as it is.
    await expect(awaited(throwing('a string', token))).rejects.toBe('a string');
  });

  test('an initiation that completed inline and then threw: the throw wins, for every caller', async () => {
    const boom = new RangeError('thrown after completing');
    const op = completingThenThrowing(boom, token);
    await expect(awaited(op)).rejects.toBe(boom);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(awaited(op)).rejects.toBe(boom);
  });

  test.each([
    ['throws', true],
    ['returns', false],
  ] as const)('a then() made by the initiation itself, after its handler ran: settled as the first caller when the launch %s', async (_how, throws) => {
    const boom = new RangeError('thrown after completing');
    let inner: Promise<unknown> | undefined;
    const op: PromiseLike<number> = asyncInitiate((handler: ValueHandler) => {
      handler(null, 5);
      inner = Promise.resolve(op.then((v) => v * 2));
      if (throws) throw boom;
    }, token) as PromiseLike<number>;
    if (throws) {
      await expect(awaited(op)).rejects.toBe(boom);
      await expect(inner).rejects.toBe(boom);
    } else {
      await expect(awaited(op)).resolves.toBe(5);
      await expect(inner).resolves.toBe(10);
    }
  });

  test('then(onFulfilled, onRejected) does not throw: onRejected gets the error after then() returned', async () => {
    const boom = new TypeError('bad argument');
    const order: string[] = [];
    let recovered: Promise<unknown> | undefined;
    expect(() => {
      recovered = Promise.resolve(
        throwing(boom, token).then(
          () => 'fulfilled',
          (e: unknown) => {
            order.push('rejected');
            return e === boom ? 'recovered' : 'other';
          },
        ),
      );
    }).not.toThrow();
    order.push('after then');
    await expect(recovered).resolves.toBe('recovered');
    expect(order).toEqual(['after then', 'rejected']);
  });
});
