// spawn and YieldContext (generator coroutines). Ported from Asio's spawn.cpp (completion
// through a type-erased handler, the deferred token, cancellation of a sleeping coroutine, an
// exception thrown by the coroutine, a returned object), plus yield_context's error handling
// (`yield[ec]` is `y.withError(ref)`), cancellation and synchronous completions without recursion.
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  deferred,
  errorIs,
  errors,
  IoContext,
  post,
  spawn,
  SystemError,
  systemExecutor,
} from '@asio-ts/core';
import { asyncForever, started } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('spawn, ported from Asio spawn.cpp', () => {
  test('a callback completes when the context runs (void and value-returning coroutines)', async () => {
    const ioc = new IoContext();
    let called = false;
    spawn(
      ioc,
      function* () {},
      () => {
        called = true;
      },
    );
    expect(called).toBe(false);
    await ioc.run();
    expect(called).toBe(true);

    let result = 0;
    spawn(
      ioc,
      function* () {
        return 42;
      },
      (_err, i) => {
        result = i;
      },
    );
    expect(result).toBe(0);
    ioc.restart();
    await ioc.run();
    expect(result).toBe(42);
  });

  test('deferred: launched later with a callback; poll() runs it to completion and the context stops', () => {
    const ioc = new IoContext();
    let called = false;
    const fn = spawn(ioc, function* () {}, deferred);
    fn(() => {
      called = true;
    });
    expect(called).toBe(false);
    ioc.poll();
    expect(ioc.stopped()).toBe(true);
    expect(called).toBe(true);

    let result = 0;
    const fn2 = spawn(ioc, function* () {
      return 42;
    });
    fn2((_err, i) => {
      result = i;
    });
    expect(result).toBe(0);
    ioc.restart();
    ioc.poll();
    expect(ioc.stopped()).toBe(true);
    expect(result).toBe(42);
  });

  test('a sleeping coroutine is cancelled through the slot bound to its token', () => {
    const sig = new CancellationSignal();
    const ioc = new IoContext();
    let result: Error | null | undefined;
    let called = false;
    spawn(
      ioc,
      function* (y) {
        yield* asyncForever(ioc, y);
      },
      bindCancellationSlot(sig.slot(), (e: Error | null) => {
        result = e;
        called = true;
      }),
    );
    ioc.poll();
    expect(ioc.stopped()).toBe(false);
    expect(called).toBe(false);
    sig.emit(CancellationType.All);
    ioc.poll();
    expect(ioc.stopped()).toBe(true);
    expect(called).toBe(true);
    expect(result).toBeInstanceOf(SystemError);
    expect(errorIs(result, errors.operationAborted)).toBe(true);
  });

  test('an exception thrown by the coroutine reaches the handler', () => {
    const ioc = new IoContext();
    let result: Error | null = null;
    let called = false;
    spawn(
      ioc,
      function* () {
        throw new RangeError('oops');
      },
      (e) => {
        result = e;
        called = true;
      },
    );
    ioc.poll();
    expect(ioc.stopped()).toBe(true);
    expect(called).toBe(true);
    expect(result).toBeInstanceOf(RangeError);
  });

  test('a returned object reaches the handler as is', () => {
    const ioc = new IoContext();
    const made = { value: 42 };
    let result: { value: number } | undefined;
    spawn(
      ioc,
      function* () {
        return made;
      },
      (_e, r) => {
        result = r;
      },
    );
    ioc.poll();
    expect(ioc.stopped()).toBe(true);
    expect(result).toBe(made);
  });
});

describe('spawn: hand-written yield requests', () => {
  test('a request without args still starts its operation', async () => {
    let value: unknown;
    await new Promise<void>((resolve, reject) =>
      spawn(
        systemExecutor,
        function* () {
          value = yield { initiation: (h: (err: null, v: number) => void) => systemExecutor.post(() => h(null, 7)), errorRef: null };
        },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    expect(value).toEqual([null, 7]);
  });
});

// impl/spawn.hpp: initiate_spawn dispatches the new thread onto the executor, so a spawn from a
// handler already running there starts its body inline.
describe('spawn starts inline when already inside its executor', () => {
  test('from a handler of the same context: the body runs before spawn returns; the handler still never runs inside', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      spawn(
        ioc,
        function* () {
          order.push('body');
          return 1;
        },
        (err: Error | null, v: number) => order.push(`handler ${String(err)} ${v}`),
      );
      order.push('returned');
    });
    await ioc.run();
    expect(order).toEqual(['body', 'returned', 'handler null 1']);
  });

  test('from outside the executor: the body starts later, through the executor', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    spawn(ioc, function* () {
      order.push('body');
    }, () => order.push('handler'));
    order.push('returned');
    await ioc.run();
    expect(order).toEqual(['returned', 'body', 'handler']);
  });
});
