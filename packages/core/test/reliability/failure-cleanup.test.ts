// Failures part-way through an operation leave nothing behind: no outstanding work (so
// `ioc.run()` resolves), no cancellation handler in the caller's slot, and no second completion.
// Scenarios found by a review of the sources; each failed before its fix.
import {
  asyncCompose,
  asyncInitiate,
  bindCancellationSlot,
  CancellationSignal,
  coComposed,
  deferred,
  IoContext,
  makeParallelGroup,
  post,
  spawn,
  useFuture,
  waitForAll,
  type ComposedOperation,
  type CoComposedState,
  type Handler,
} from '@asio-ts/core';

/** An operation that completes twice (a misbehaving user operation). */
function asyncTwice(ioc: IoContext): (token: unknown) => unknown {
  return (token: unknown) =>
    asyncInitiate((h: Handler<[null, number]>) => {
      post(ioc, () => h(null, 1));
      post(ioc, () => h(null, 2));
    }, token);
}

describe('nothing is left behind when an operation fails part-way', () => {
  test('a parallel group whose launch throws: no work, no slot handler, and the throw reaches the caller', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const op = post(ioc);
    op(() => {}); // launched once already: launching it again in the group throws
    const group = makeParallelGroup(post(ioc), op);
    expect(() => group.asyncWait(waitForAll(), bindCancellationSlot(sig.slot(), () => {}))).toThrow(TypeError);
    expect(sig.slot().hasHandler()).toBe(false);
    await ioc.run(); // resolves: no work held by the abandoned group
  });

  test('an asyncCompose step that throws after initiation releases its work and slot', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    let calls = 0;
    asyncCompose(
      (self: ComposedOperation<[]>, ...args: unknown[]) => {
        if (args.length === 0 && calls++ === 0) {
          post(ioc, () => (self as unknown as (x: number) => void)(1));
          return;
        }
        throw new Error('step failed');
      },
      bindCancellationSlot(sig.slot(), () => {}),
      ioc,
    );
    await expect(ioc.run()).rejects.toThrow('step failed');
    expect(sig.slot().hasHandler()).toBe(false);
    ioc.restart();
    await ioc.run(); // resolves: the work was released
  });

  test('a coComposed async body that returns a non-array completes with a TypeError instead of hanging', async () => {
    const ioc = new IoContext();
    const p = coComposed(
      async function* (state: CoComposedState<[Error | null]>) {
        yield* state.wait(post(ioc));
        return 42 as unknown as [Error | null];
      },
      useFuture,
      ioc,
    );
    const outcome = p.then(
      () => 'resolved',
      (e: unknown) => (e instanceof TypeError ? 'TypeError' : String(e)),
    );
    await ioc.run();
    expect(await outcome).toBe('TypeError');
  });

  test('spawn completes once even if an operation calls its handler twice', async () => {
    const ioc = new IoContext();
    const results: unknown[] = [];
    spawn(
      ioc,
      function* (y) {
        return yield* (asyncTwice(ioc)(y) as Generator<never, number, unknown>);
      },
      (err, value) => results.push([err, value]),
    );
    await expect(ioc.run()).rejects.toThrow(/after the coroutine finished|finished twice/);
    expect(results).toEqual([[null, 1]]);
  });

  test('spawn refuses an async function at once', () => {
    expect(() => spawn(new IoContext(), (async () => 1) as never, deferred)).toThrow(/^fn must be a generator function/);
  });
});
