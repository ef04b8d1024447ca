// coComposed bodies of many steps that complete at once, and bodies that throw what is not an
// Error: the operation still completes once, as coSpawn's coroutines do.
import { coComposed, dispatch, IoContext, useFuture, type CoComposedState } from '@asio-ts/core';

describe('steps that complete inside their launch', () => {
  test('100,000 inline completions (dispatch inside the context) run in a loop, not one stack frame deeper each', async () => {
    const ioc = new IoContext();
    const done = coComposed(
      function* (state: CoComposedState<[Error | null, number]>) {
        let n = 0;
        for (let i = 0; i < 100_000; i++) {
          yield* state.wait(dispatch(ioc));
          n++;
        }
        return [null, n] as [Error | null, number];
      },
      useFuture,
      ioc,
    );
    await ioc.run();
    await expect(done).resolves.toBe(100_000);
  });

  test('100,000 plain values yielded by a generator body are handed back one by one', async () => {
    const ioc = new IoContext();
    // Off the body's type (it yields operations), but handed back at run time: typed by a cast.
    const body = function* (): Generator<number, [Error | null, number], number> {
      let sum = 0;
      for (let i = 0; i < 100_000; i++) sum += yield i;
      return [null, sum];
    };
    const done = coComposed(
      body as unknown as (state: CoComposedState<[Error | null, number]>) => Generator<never, [Error | null, number]>,
      useFuture,
      ioc,
    );
    await ioc.run();
    await expect(done).resolves.toBe((99_999 * 100_000) / 2);
  });
});

/** What `done` settles with once `ioc` ran: 'resolved', or the rejection's reason. */
async function outcomeOf(done: Promise<unknown>, ioc: IoContext): Promise<unknown> {
  const outcome = done.then(
    () => 'resolved',
    (e: unknown) => e,
  );
  await ioc.run();
  return outcome;
}

describe('a body that throws what is not an Error', () => {
  test.each(['boom', 0, false, undefined, null])('%p: the operation fails with an Error whose cause is the value (a generator)', async (value) => {
    const ioc = new IoContext();
    const done = coComposed(
      function* (): Generator<never, [Error | null]> {
        throw value;
      },
      useFuture,
      ioc,
    );
    const err = await outcomeOf(done, ioc);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).cause).toBe(value);
  });

  test('the same thrown after an await in an async generator body', async () => {
    const ioc = new IoContext();
    const done = coComposed(
      async function* (state: CoComposedState<[Error | null]>) {
        yield* state.wait(dispatch(ioc));
        throw 'late';
      },
      useFuture,
      ioc,
    );
    expect(((await outcomeOf(done, ioc)) as Error).cause).toBe('late');
  });
});
