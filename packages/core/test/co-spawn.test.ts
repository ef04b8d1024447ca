// coSpawn and thisCoro. Ported from Asio's co_spawn.cpp (completion through a type-erased
// handler; cancellation emitted before the coroutine starts; a coroutine whose first await
// completes through dispatch), plus the behaviour Asio's co_spawn/awaitable documentation and
// this_coro.cpp's subject describe: start through a post, (exception_ptr, value) completion,
// awaited operations inheriting the coroutine's executor and cancellation state, and
// this_coro::executor / cancellation_state / throw_if_cancelled / reset_cancellation_state.

import {
  asTuple,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationState,
  CancellationType,
  coSpawn,
  CoroutineContext,
  dispatch,
  enablePartialCancellation,
  errorIs,
  errors,
  IoContext,
  post,
  redirectError,
  systemExecutor,
  thisCoro,
  useAwaitable,
  useFuture,
  type ErrorRef,
  type SystemError,
} from '@asio-ts/core';
import { asyncWrite, TestStream, type AsyncWriteStream } from '@asio-ts/io';
import { asyncForever, asyncProbe, asyncValue, ManualClock, probes, started, turns, until } from './helpers/coro-ops';

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

describe('coSpawn: starting and completing', () => {
  test('the coroutine starts through a post on its executor, never inside the call', async () => {
    const ioc = new IoContext();
    let startedInside: boolean | undefined;
    coSpawn(
      ioc,
      async () => {
        startedInside = ioc.getExecutor().runningInThisThread();
      },
      () => {},
    );
    expect(startedInside).toBeUndefined();
    expect(ioc.poll()).toBeGreaterThan(0);
    expect(startedInside).toBe(true);
    await ioc.run();
  });

  test('callback token: (null, value)', async () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    coSpawn(
      ioc,
      async () => (await asyncValue(ioc, 20, useAwaitable)) + 1,
      (err, v) => calls.push([err, v]),
    );
    await ioc.run();
    expect(calls).toEqual([[null, 21]]);
  });

  test('useFuture token: a Promise of the value', async () => {
    const ioc = new IoContext();
    const p = coSpawn(ioc, async () => `got ${await asyncValue(ioc, 'x', useAwaitable)}`, useFuture);
    await ioc.run();
    await expect(p).resolves.toBe('got x');
  });

  test('no token (deferred): nothing starts until the deferred operation is launched', async () => {
    const ioc = new IoContext();
    let ran = false;
    const op = coSpawn(ioc, async () => {
      ran = true;
      return 5;
    });
    expect(ioc.poll()).toBe(0);
    expect(ran).toBe(false);
    const calls: unknown[][] = [];
    op((err, v) => calls.push([err, v]));
    ioc.restart();
    await ioc.run();
    expect(ran).toBe(true);
    expect(calls).toEqual([[null, 5]]);
  });

  test('an awaitable can be spawned directly; its operation inherits the coroutine executor', async () => {
    const ioc = new IoContext();
    const p = coSpawn(ioc, asyncProbe(systemExecutor, useAwaitable), useFuture);
    expect(started.count).toBe(0);
    await ioc.run();
    const index = await p;
    expect(probes[index]!.executor).toBe(ioc.getExecutor());
  });

  test('the completion runs on the token handler executor', async () => {
    const ioc = new IoContext();
    const other = new IoContext();
    let ranOnOther: boolean | undefined;
    coSpawn(
      ioc,
      async () => 1,
      bindExecutor(other, () => {
        ranOnOther = other.getExecutor().runningInThisThread();
      }),
    );
    await ioc.run();
    expect(ranOnOther).toBeUndefined();
    // The coroutine held work on `other` until its completion ran there.
    await other.run();
    expect(ranOnOther).toBe(true);
  });

  test('a thrown error reaches the token: async throw, sync throw, rejection', async () => {
    const ioc = new IoContext();
    const boom = new RangeError('boom');
    const errs: unknown[] = [];
    coSpawn(
      ioc,
      async () => {
        await asyncValue(ioc, 1, useAwaitable);
        throw boom;
      },
      (err) => errs.push(err),
    );
    coSpawn(
      ioc,
      () => {
        throw boom;
      },
      (err) => errs.push(err),
    );
    const p = coSpawn(ioc, async () => Promise.reject(boom), useFuture);
    await ioc.run();
    expect(errs).toEqual([boom, boom]);
    await expect(p).rejects.toBe(boom);
  });

  test('an operation failure not caught in the coroutine reaches the token as the SystemError', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(ioc, async () => asyncForever(ioc, useAwaitable), bindCancellationSlot(sig.slot(), useFuture));
    await until(() => started.count === 1, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
  });

  test('a thrown non-Error becomes an Error with it as the cause', async () => {
    const ioc = new IoContext();
    const p = coSpawn(
      ioc,
      async () => {
        throw 'plain string';
      },
      useFuture,
    );
    await ioc.run();
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).cause).toBe('plain string');
  });

  test('programmer errors are thrown by the call', () => {
    expect(() => coSpawn({} as never, async () => 1, () => {})).toThrow(TypeError);
    expect(() => coSpawn(systemExecutor, 42 as never, () => {})).toThrow(TypeError);
  });
});

describe('coSpawn: awaited operations inherit the executor and cancellation', () => {
  test("an awaited operation's handler runs on the coroutine's IoContext, which keeps running until the coroutine ends", async () => {
    const ioc = new IoContext();
    let done = false;
    coSpawn(
      ioc,
      async () => {
        // The operation's own I/O executor is the system executor; its handler belongs to the coroutine.
        const a = await asyncProbe(systemExecutor, useAwaitable);
        const b = await asyncProbe(systemExecutor, useAwaitable);
        return [a, b];
      },
      (err, indexes) => {
        expect(err).toBeNull();
        for (const i of indexes) {
          expect(probes[i]!.executor).toBe(ioc.getExecutor());
          expect(probes[i]!.deliveredInsideExecutor).toBe(true);
        }
        done = true;
      },
    );
    await ioc.run();
    expect(done).toBe(true);
  });

  test('the awaited operation gets a connected slot only when the coroutine can be cancelled', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const withSlot = coSpawn(ioc, async () => asyncProbe(ioc, useAwaitable), bindCancellationSlot(sig.slot(), useFuture));
    const without = coSpawn(ioc, async () => asyncProbe(ioc, useAwaitable), useFuture);
    await ioc.run();
    expect(probes[await withSlot]!.slot?.isConnected()).toBe(true);
    expect(probes[await without]!.slot).toBeUndefined();
  });

  test('emitting on the slot bound to the token aborts the awaited operation with operationAborted', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    let caught: unknown;
    const p = coSpawn(
      ioc,
      async () => {
        try {
          await asyncForever(ioc, useAwaitable);
        } catch (e) {
          caught = e;
        }
        return 'finished';
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => started.count === 1, ioc);
    expect(caught).toBeUndefined();
    sig.emit(CancellationType.Terminal);
    ioc.restart();
    await ioc.run();
    expect(errorIs(caught, errors.operationAborted)).toBe(true);
    await expect(p).resolves.toBe('finished');
  });

  test('Promise.all / allSettled of two awaited operations: one cancellation aborts both', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(
      ioc,
      async () => {
        const settled = await Promise.allSettled([asyncForever(ioc, useAwaitable), asyncForever(ioc, useAwaitable)]);
        let allError: unknown;
        // Cancellation was requested: throwIfCancelled makes these reject before they start.
        thisCoro.throwIfCancelled(false);
        thisCoro.resetCancellationState();
        const all = Promise.all([asyncForever(ioc, useAwaitable), asyncForever(ioc, useAwaitable)]);
        try {
          await all;
        } catch (e) {
          allError = e;
        }
        return { settled, allError };
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => started.count === 2, ioc);
    sig.emit();
    await until(() => started.count === 4, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    const { settled, allError } = await p;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    for (const s of settled) expect(errorIs((s as PromiseRejectedResult).reason, errors.operationAborted)).toBe(true);
    expect(errorIs(allError, errors.operationAborted)).toBe(true);
    // Both waits of the Promise.all ended: the context had no work left, so run() returned.
    expect(ioc.stopped()).toBe(true);
  });
});

describe('thisCoro', () => {
  test('executor, the context argument, and use outside a coroutine', async () => {
    const ioc = new IoContext();
    let seen: unknown[] = [];
    coSpawn(
      ioc,
      async (ctx) => {
        expect(ctx).toBeInstanceOf(CoroutineContext);
        const before = [thisCoro.current() === ctx, thisCoro.executor === ioc.getExecutor(), ctx.executor === ioc.getExecutor()];
        await asyncValue(systemExecutor, 0, useAwaitable);
        // Still known after an await (AsyncLocalStorage carries it).
        seen = [...before, thisCoro.current() === ctx, thisCoro.executor === ioc.getExecutor()];
      },
      () => {},
    );
    await ioc.run();
    expect(seen).toEqual([true, true, true, true, true]);
    expect(() => thisCoro.executor).toThrow(TypeError);
    expect(() => thisCoro.current()).toThrow(/only available inside a coroutine started with coSpawn/);
  });

  test('cancellationState, cancelled(), throwIfCancelled and resetCancellationState', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const log: unknown[] = [];
    let waiting = 0;
    const code = (e: unknown): string => (e as { code?: string }).code ?? String(e);
    const p = coSpawn(
      ioc,
      async (ctx) => {
        log.push(thisCoro.cancellationState instanceof CancellationState, thisCoro.cancellationState === ctx.cancellationState);
        log.push(thisCoro.cancelled(), thisCoro.throwIfCancelled());
        waiting = 1;
        await asyncForever(ioc, useAwaitable).then(null, (e: unknown) => log.push(code(e)));
        log.push(thisCoro.cancelled());
        // Cancellation was requested: the next await throws at once, and its operation never starts.
        const before = started.count;
        await asyncValue(ioc, 1, useAwaitable).then(null, (e: unknown) => log.push(`at once ${code(e)}`));
        log.push(started.count - before);
        // Unless the coroutine says otherwise.
        expect(thisCoro.throwIfCancelled(false)).toBe(false);
        log.push(await asyncValue(ioc, 2, useAwaitable));
        thisCoro.throwIfCancelled(true);
        // A fresh state: no cancellation recorded, and the next emit reaches the next await.
        const previous = thisCoro.cancellationState;
        thisCoro.resetCancellationState();
        log.push(thisCoro.cancelled(), thisCoro.cancellationState !== previous);
        log.push(await asyncValue(ioc, 3, useAwaitable));
        waiting = 2;
        await asyncForever(ioc, useAwaitable).then(null, (e: unknown) => log.push(code(e)));
        return 'end';
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => waiting === 1 && started.count === 1, ioc);
    sig.emit(CancellationType.All);
    await until(() => waiting === 2 && started.count === 4, ioc);
    sig.emit(CancellationType.Terminal);
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toBe('end');
    expect(log).toEqual([
      true,
      true,
      CancellationType.None,
      true,
      'ECANCELED',
      // All, through the default filter: terminal only.
      CancellationType.Terminal,
      'at once ECANCELED',
      0,
      2,
      CancellationType.None,
      true,
      3,
      'ECANCELED',
    ]);
  });

  test('the default filter lets only terminal cancellation through; resetCancellationState changes it', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const log: unknown[] = [];
    let step = 0;
    const p = coSpawn(
      ioc,
      async () => {
        step = 1;
        log.push(await clock.wait(10, asTuple(useAwaitable)));
        log.push(thisCoro.cancelled());
        thisCoro.resetCancellationState(enablePartialCancellation);
        step = 2;
        const [err] = await clock.wait(10, asTuple(useAwaitable));
        log.push(err?.code, thisCoro.cancelled());
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => step === 1 && clock.pending === 1, ioc);
    sig.emit(CancellationType.Partial);
    await turns(1);
    // Filtered out: the timer is still pending.
    expect(clock.pending).toBe(1);
    clock.advance(10);
    await until(() => step === 2 && clock.pending === 1, ioc);
    sig.emit(CancellationType.Partial);
    ioc.restart();
    await ioc.run();
    await p;
    expect(log).toEqual([[null], CancellationType.None, 'ECANCELED', CancellationType.Partial]);
  });
});

describe('nested coSpawns', () => {
  test('an inner coSpawn with its own token keeps its own state: cancelling the outer does not cancel it', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const outerSig = new CancellationSignal();
    const log: unknown[] = [];
    let inner: Promise<string> | undefined;
    const p = coSpawn(
      ioc,
      async (outerCtx) => {
        inner = coSpawn(
          ioc,
          async (innerCtx) => {
            log.push(thisCoro.current() === innerCtx, innerCtx !== outerCtx);
            await clock.wait(5, useAwaitable);
            log.push(`inner cancelled: ${thisCoro.cancelled()}`);
            return 'inner done';
          },
          useFuture,
        );
        await asyncForever(ioc, useAwaitable).then(null, (e: unknown) => log.push(`outer ${(e as { code: string }).code}`));
        log.push(thisCoro.current() === outerCtx, `outer cancelled: ${thisCoro.cancelled()}`);
        // A plain promise is not an operation: awaiting it is not refused after cancellation.
        return await inner;
      },
      bindCancellationSlot(outerSig.slot(), useFuture),
    );
    // Started: the inner timer and the outer wait.
    await until(() => started.count === 2 && clock.pending === 1, ioc);
    outerSig.emit();
    await turns(2);
    expect(clock.pending).toBe(1);
    clock.advance(5);
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toBe('inner done');
    expect(log).toEqual([true, true, 'outer ECANCELED', true, 'outer cancelled: 1', 'inner cancelled: 0']);
  });

  test('an inner coSpawn with its own bound slot is cancelled through that slot alone', async () => {
    const ioc = new IoContext();
    const outerSig = new CancellationSignal();
    const innerSig = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const p = coSpawn(
      ioc,
      async () => {
        const inner = coSpawn(ioc, async () => asyncForever(ioc, useAwaitable), bindCancellationSlot(innerSig.slot(), asTuple(useFuture)));
        await clock.wait(1, useAwaitable);
        const [err] = await inner;
        return [(err as SystemError | null)?.code, thisCoro.cancelled()];
      },
      bindCancellationSlot(outerSig.slot(), useFuture),
    );
    await until(() => started.count === 2, ioc);
    innerSig.emit();
    await turns(2);
    clock.advance(1);
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toEqual(['ECANCELED', CancellationType.None]);
  });

  test('await coSpawn(..., useAwaitable) passes the outer cancellation down (as co_await co_spawn(..., use_awaitable))', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(
      ioc,
      async () => {
        try {
          await coSpawn(ioc, async () => asyncForever(ioc, useAwaitable), useAwaitable);
          return 'not cancelled';
        } catch (e) {
          return (e as { code: string }).code;
        }
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await until(() => started.count === 1, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toBe('ECANCELED');
  });
});

describe('coSpawn with asyncWrite', () => {
  const data = new Uint8Array(10).map((_, i) => i + 1);

  function expectedBytes(total: number): Uint8Array {
    const out = new Uint8Array(total);
    for (let i = 0; i < total; i++) out[i] = data[i % data.length]!;
    return out;
  }

  test('10,000 awaited asyncWrites, cancelled in the middle of one: stops with operationAborted after exactly the bytes reported', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    // Manual mode: each write stays pending until completePending() (posted here right after it
    // starts) or until cancelled. 7 bytes per write: every asyncWrite of 10 bytes takes two.
    const ms = new TestStream(ioc, { maxWriteSize: 7, mode: 'manual' });
    const cancelAtWriteSome = 2 * 5000 + 2; // the second chunk of asyncWrite #5000 (0-based)
    let writeSomeCalls = 0;
    const stream: AsyncWriteStream = {
      getExecutor: () => ms.getExecutor(),
      asyncWriteSome(buffers, handler) {
        ms.asyncWriteSome(buffers, handler);
        writeSomeCalls++;
        ioc.getExecutor().post(writeSomeCalls === cancelAtWriteSome ? () => sig.emit() : () => ms.completePending());
      },
    };
    let total = 0;
    let completed = 0;
    let partial = -1;
    const p = coSpawn(
      ioc,
      async () => {
        for (let i = 0; i < 10_000; i++) {
          const [err, n] = await asyncWrite(stream, data, asTuple(useAwaitable));
          total += n;
          if (err !== null) {
            partial = n;
            throw err;
          }
          completed++;
        }
        return total;
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await ioc.run();
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(completed).toBe(5000);
    expect(partial).toBe(7);
    expect(total).toBe(5000 * 10 + 7);
    expect(ms.received().length).toBe(total);
    expect(ms.checkBuffers(expectedBytes(total))).toBe(true);
    expect(ms.hasPending()).toBe(false);
    expect(writeSomeCalls).toBe(cancelAtWriteSome);
  });

  test.each([
    ['the first chunk', 1, 5000, 4],
    ['the middle chunk', 2, 5000, 8],
    ['the last chunk', 3, 5001, null],
  ])(
    'cancelled from inside the stream while it starts %s of a write: the bytes received are exactly the bytes reported',
    async (_name, chunk, expectCompleted, expectPartial) => {
      const ioc = new IoContext();
      const sig = new CancellationSignal();
      // Post mode: every chunk completes (4 + 4 + 2 bytes), whatever cancellation says; the
      // composed write notices the cancellation between chunks, the coroutine at its next await.
      const s = new TestStream(ioc, { maxWriteSize: 4 });
      const cancelAt = 3 * 5000 + chunk;
      let calls = 0;
      const stream: AsyncWriteStream = {
        getExecutor: () => s.getExecutor(),
        asyncWriteSome(buffers, handler) {
          s.asyncWriteSome(buffers, handler);
          if (++calls === cancelAt) sig.emit();
        },
      };
      const ref: ErrorRef = { error: null };
      let total = 0;
      let completed = 0;
      let partial: number | null = null;
      const p = coSpawn(
        ioc,
        async () => {
          for (let i = 0; i < 10_000; i++) {
            const n = await asyncWrite(stream, data, redirectError(useAwaitable, ref));
            total += n;
            if (ref.error !== null) {
              partial = n;
              throw ref.error;
            }
            completed++;
          }
          return total;
        },
        bindCancellationSlot(sig.slot(), useFuture),
      );
      await ioc.run();
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(completed).toBe(expectCompleted);
      // After the last chunk the write itself succeeded; the coroutine's next await threw at once.
      expect(partial).toBe(expectPartial);
      expect(total).toBe(expectCompleted * 10 + (expectPartial ?? 0));
      expect(s.received().length).toBe(total);
      expect(s.checkBuffers(expectedBytes(total))).toBe(true);
    },
  );
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
