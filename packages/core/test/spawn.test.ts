// spawn and YieldContext (generator coroutines). Ported from Asio's spawn.cpp (completion
// through a type-erased handler, the deferred token, cancellation of a sleeping coroutine, an
// exception thrown by the coroutine, a returned object), plus yield_context's error handling
// (`yield[ec]` is `y.withError(ref)`), cancellation and synchronous completions without recursion.

import {
  append,
  bindCancellationSlot,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  deferred,
  enablePartialCancellation,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  post,
  spawn,
  SystemError,
  systemExecutor,
  useFuture,
  type ErrorRef,
} from '@asio-ts/core';
import { asyncWrite, TestStream, type AsyncWriteStream } from '@asio-ts/io';
import { asyncFail, asyncForever, asyncInline, asyncProbe, asyncThrowing, asyncValue, ManualClock, probes, started } from './helpers/coro-ops';

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

describe('spawn: operations through the yield context', () => {
  test('starts through a post, never inside the call', async () => {
    const ioc = new IoContext();
    let ran = false;
    spawn(
      ioc,
      function* () {
        ran = true;
      },
      () => {},
    );
    expect(ran).toBe(false);
    await ioc.run();
    expect(ran).toBe(true);
  });

  test('yield* asyncWrite(s, b, y) evaluates to the byte count', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 3 });
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const p = spawn(
      ioc,
      function* (y) {
        const n: number = yield* asyncWrite(s, data, y);
        const m = yield* asyncWrite(s, data.subarray(0, 2), y);
        return [n, m];
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toEqual([8, 2]);
    expect(s.checkBuffers(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 1, 2]))).toBe(true);
  });

  test('a failure throws inside the generator, where try/catch can take it', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 3, failAt: 5 });
    const p = spawn(
      ioc,
      function* (y) {
        try {
          yield* asyncWrite(s, new Uint8Array(8), y);
          return 'no error';
        } catch (e) {
          return [(e as SystemError).code, e instanceof SystemError];
        }
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toEqual(['EPIPE', true]);
  });

  test('an uncaught failure completes the spawn with it', async () => {
    const ioc = new IoContext();
    const errs: unknown[] = [];
    spawn(
      ioc,
      function* (y) {
        yield* asyncFail(ioc, errors.eof, 0, y);
      },
      (e) => errs.push(e),
    );
    await ioc.run();
    expect(errs).toHaveLength(1);
    expect(errorIs(errs[0], errors.eof)).toBe(true);
  });

  test('y.withError(ref) captures the error instead of throwing and returns the value (yield[ec])', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 3, failAt: 5 });
    const ref: ErrorRef = { error: null };
    const p = spawn(
      ioc,
      function* (y) {
        expect(() => y.withError(null as never)).toThrow(TypeError);
        const a = yield* asyncValue(ioc, 1, y.withError(ref));
        const afterSuccess = ref.error;
        const n = yield* asyncWrite(s, new Uint8Array(8), y.withError(ref));
        return [a, afterSuccess, n, (ref.error as SystemError | null)?.code];
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toEqual([1, null, 5, 'EPIPE']);
  });

  test('operations carry the coroutine executor; operations with several values give a tuple', async () => {
    const ioc = new IoContext();
    const p = spawn(
      ioc,
      function* (y) {
        expect(y.executor).toBe(ioc.getExecutor());
        const i = yield* asyncProbe(systemExecutor, y);
        const pair = yield* asyncValue(ioc, 1, append(y, 'a'));
        return [i, pair] as const;
      },
      useFuture,
    );
    await ioc.run();
    const [i, pair] = await p;
    expect(probes[i]!.executor).toBe(ioc.getExecutor());
    expect(probes[i]!.deliveredInsideExecutor).toBe(true);
    expect(pair).toEqual([1, 'a']);
  });

  test('an initiation that throws throws at the yield*', async () => {
    const ioc = new IoContext();
    const boom = new TypeError('bad');
    const p = spawn(
      ioc,
      function* (y) {
        try {
          yield* asyncThrowing(boom, y);
        } catch (e) {
          return e;
        }
        return null;
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toBe(boom);
  });

  test('a function that is not a generator function completes with a TypeError', async () => {
    const ioc = new IoContext();
    const p = spawn(ioc, (() => 42) as never, useFuture);
    await ioc.run();
    await expect(p).rejects.toThrow(TypeError);
    expect(() => spawn(ioc, 42 as never, () => {})).toThrow(TypeError);
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

describe('spawn: cancellation', () => {
  test("cancelling the spawn's slot reaches the pending write", async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const s = new TestStream(ioc, { mode: 'manual', maxWriteSize: 4 });
    const log: unknown[] = [];
    const p = spawn(
      ioc,
      function* (y) {
        const n = yield* asyncWrite(s, new Uint8Array(6), y);
        log.push(n);
        try {
          yield* asyncWrite(s, new Uint8Array(6), y);
        } catch (e) {
          log.push((e as SystemError).code, y.cancelled());
        }
        return s.received().length;
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    ioc.poll();
    expect(s.completePending()).toBe(true);
    ioc.poll();
    expect(s.completePending()).toBe(true);
    ioc.poll();
    expect(log).toEqual([6]);
    expect(s.hasPending()).toBe(true);
    sig.emit(CancellationType.Terminal);
    expect(s.hasPending()).toBe(false);
    await ioc.run();
    await expect(p).resolves.toBe(6);
    expect(log).toEqual([6, 'ECANCELED', CancellationType.Terminal]);
  });

  test('after cancellation the next operation throws at once unless throwIfCancelled(false); resetCancellationState starts over', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const log: unknown[] = [];
    const p = spawn(
      ioc,
      function* (y) {
        log.push(y.throwIfCancelled());
        try {
          yield* asyncForever(ioc, y);
        } catch (e) {
          log.push((e as SystemError).code);
        }
        const before = started.count;
        try {
          yield* asyncValue(ioc, 1, y);
        } catch (e) {
          log.push(`at once ${(e as SystemError).code}`, started.count - before);
        }
        y.throwIfCancelled(false);
        log.push(yield* asyncValue(ioc, 2, y));
        y.throwIfCancelled(true);
        y.resetCancellationState(enablePartialCancellation);
        log.push(y.cancelled());
        try {
          yield* clock.wait(5, y);
        } catch (e) {
          log.push((e as SystemError).code, y.cancelled());
        }
        return 'end';
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    ioc.poll();
    sig.emit(CancellationType.All);
    ioc.poll();
    expect(clock.pending).toBe(1);
    sig.emit(CancellationType.Partial);
    await ioc.run();
    await expect(p).resolves.toBe('end');
    expect(log).toEqual([
      true,
      'ECANCELED',
      'at once ECANCELED',
      0,
      2,
      CancellationType.None,
      'ECANCELED',
      CancellationType.Partial,
    ]);
  });

  test('10,000 yield* asyncWrites, cancelled in the middle of one: stops with operationAborted after exactly the bytes reported', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const ms = new TestStream(ioc, { maxWriteSize: 7, mode: 'manual' });
    const data = new Uint8Array(10).fill(9);
    const cancelAt = 2 * 5000 + 2;
    let calls = 0;
    const stream: AsyncWriteStream = {
      getExecutor: () => ms.getExecutor(),
      asyncWriteSome(buffers, handler) {
        ms.asyncWriteSome(buffers, handler);
        ioc.getExecutor().post(++calls === cancelAt ? () => sig.emit() : () => ms.completePending());
      },
    };
    const ref: ErrorRef = { error: null };
    let total = 0;
    let completed = 0;
    const p = spawn(
      ioc,
      function* (y) {
        for (let i = 0; i < 10_000; i++) {
          total += yield* asyncWrite(stream, data, y.withError(ref));
          if (ref.error !== null) throw ref.error;
          completed++;
        }
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
    expect(completed).toBe(5000);
    expect(total).toBe(5000 * 10 + 7);
    expect(ms.received().length).toBe(total);
  });
});

describe('spawn: synchronous completions do not recurse', () => {
  test('10,000 operations that call their handler inside the initiating call', async () => {
    const ioc = new IoContext();
    const p = spawn(
      ioc,
      function* (y) {
        let sum = 0;
        for (let i = 0; i < 10_000; i++) sum += yield* asyncInline(1, y);
        return sum;
      },
      useFuture,
    );
    // The whole loop ran inside one handler: the start, plus the completion.
    expect(await ioc.run()).toBeLessThanOrEqual(2);
    await expect(p).resolves.toBe(10_000);
  });

  test('10,000 asyncWrites completing through bindImmediateExecutor(inlineExecutor, y)', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 2 });
    const data = new Uint8Array([1, 2, 3]);
    const p = spawn(
      ioc,
      function* (y) {
        const inline = bindImmediateExecutor(inlineExecutor, y);
        let sum = 0;
        for (let i = 0; i < 10_000; i++) sum += yield* asyncWrite(s, data, inline);
        return sum;
      },
      useFuture,
    );
    expect(await ioc.run()).toBeLessThanOrEqual(2);
    await expect(p).resolves.toBe(30_000);
    expect(s.received().length).toBe(30_000);
    expect(s.writeCalls).toBe(20_000);
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
