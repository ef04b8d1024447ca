// awaitAll / awaitAny (Asio's awaitable operators && and ||). Ported from Asio's
// experimental/awaitable_operators.cpp (Awaitables of void, int and failing coroutines, a
// coroutine that loops forever and must be cancelled), then deferred operations and timers, the
// channel-receive-with-a-timeout case Asio gets wrong, failures, every token, cancellation of the
// whole, coroutines, types and bad input.

import { expectTypeOf } from 'expect-type';
import {
  asTuple,
  awaitAll,
  awaitAny,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  Channel,
  coSpawn,
  deferred,
  detached,
  errorIs,
  errors,
  IoContext,
  makeError,
  post,
  spawn,
  SteadyTimer,
  useAwaitable,
  useFuture,
  type Awaitable,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { asyncFail, asyncForever, asyncValue, ManualClock, until } from './helpers/coro-ops';
import { CountingExecutor } from './reliability/counting-executor';

const fail = (message: string): Error => new Error(message);

describe("Asio's experimental/awaitable_operators.cpp, with Awaitables inside a coroutine", () => {
  // Asio's void_ok, void_ex, void_post_loop, int_N, int_ex.
  const helpers = (ioc: IoContext) => ({
    voidOk: (): Awaitable<void> => post(ioc, useAwaitable),
    voidEx: (): Awaitable<unknown> => coSpawn(ioc, async () => Promise.reject(fail('exception')), useAwaitable),
    voidPostLoop: (): Awaitable<never> =>
      coSpawn(
        ioc,
        async () => {
          for (;;) await post(ioc, useAwaitable);
        },
        useAwaitable,
      ),
    int: (i: number): Awaitable<number> => asyncValue(ioc, i, useAwaitable),
    intEx: (): Awaitable<number> => coSpawn(ioc, async (): Promise<number> => Promise.reject(fail('exception')), useAwaitable),
  });

  async function inCoroutine(body: (ioc: IoContext) => Promise<void>): Promise<void> {
    const ioc = new IoContext();
    let failure: unknown = null;
    let finished = false;
    coSpawn(ioc, () => body(ioc), (err) => {
      failure = err;
      finished = true;
    });
    await ioc.run();
    expect(failure).toBeNull();
    expect(finished).toBe(true);
  }

  test('test_and_awaitable_operator', async () => {
    await inCoroutine(async (ioc) => {
      const { voidOk, voidEx, voidPostLoop, int, intEx } = helpers(ioc);
      expect(await awaitAll(voidOk(), voidOk())).toEqual([undefined, undefined]);
      expect(await awaitAll(voidOk(), voidOk(), voidOk())).toEqual([undefined, undefined, undefined]);
      await expect(awaitAll(voidEx(), voidOk())).rejects.toThrow('exception');
      await expect(awaitAll(voidEx(), voidOk(), voidOk())).rejects.toThrow('exception');
      // The loop never ends by itself: the failure must cancel it, and the result waits for it.
      await expect(awaitAll(voidEx(), voidPostLoop())).rejects.toThrow('exception');
      await expect(awaitAll(voidEx(), voidOk(), voidPostLoop())).rejects.toThrow('exception');
      expect(await awaitAll(voidOk(), int(0))).toEqual([undefined, 0]);
      expect(await awaitAll(int(0), voidOk())).toEqual([0, undefined]);
      expect(await awaitAll(int(0), int(1))).toEqual([0, 1]);
      expect(await awaitAll(voidOk(), int(0), int(1))).toEqual([undefined, 0, 1]);
      expect(await awaitAll(int(0), int(1), int(2))).toEqual([0, 1, 2]);
      await expect(awaitAll(intEx(), int(1))).rejects.toThrow('exception');
    });
  });

  test('test_or_awaitable_operator', async () => {
    await inCoroutine(async (ioc) => {
      const { voidOk, voidEx, voidPostLoop, int, intEx } = helpers(ioc);
      expect((await awaitAny(voidOk(), voidOk()))[0]).toBe(0);
      expect((await awaitAny(voidEx(), voidOk()))[0]).toBe(1);
      expect(await awaitAny(voidOk(), int(0))).toEqual([0, undefined]);
      expect(await awaitAny(voidEx(), int(0))).toEqual([1, 0]);
      expect(await awaitAny(int(0), voidEx())).toEqual([0, 0]);
      expect(await awaitAny(int(0), int(1))).toEqual([0, 0]);
      expect(await awaitAny(intEx(), int(1))).toEqual([1, 1]);
      expect((await awaitAny(voidOk(), voidOk(), voidOk()))[0]).toBe(0);
      expect((await awaitAny(voidEx(), voidOk(), voidOk()))[0]).toBe(1);
      expect((await awaitAny(voidEx(), voidEx(), voidOk()))[0]).toBe(2);
      expect(await awaitAny(voidEx(), int(0), voidOk())).toEqual([1, 0]);
      expect(await awaitAny(voidEx(), int(0), int(1))).toEqual([1, 0]);
      expect(await awaitAny(int(0), voidOk(), voidOk())).toEqual([0, 0]);
      expect((await awaitAny(intEx(), voidOk(), voidOk()))[0]).toBe(1);
      expect(await awaitAny(intEx(), int(1), voidOk())).toEqual([1, 1]);
      expect((await awaitAny(intEx(), intEx(), voidOk()))[0]).toBe(2);
      expect(await awaitAny(intEx(), intEx(), int(2))).toEqual([2, 2]);
      // The winner cancels a loser that would never end.
      expect(await awaitAny(int(7), voidPostLoop())).toEqual([0, 7]);
    });
  });
});

describe('deferred operations and timers', () => {
  const fake = useFakeTimerHost();

  test('awaitAny of two timers: the first to expire wins, the other is cancelled and waited for', async () => {
    const ioc = new IoContext();
    const long = new SteadyTimer(ioc, 1000);
    const short = new SteadyTimer(ioc, 10);
    const got: unknown[][] = [];
    awaitAny(long.asyncWait(), short.asyncWait())((...args) => got.push(args));
    const running = ioc.run();
    fake.host.advance(10);
    await running;
    expect(got).toEqual([[null, [1, undefined]]]);
    // Cancelled, not left pending: nothing keeps the context running, no host timer is armed.
    expect(fake.host.active).toBe(0);
  });

  test('a request with a timeout: awaitAny(op, timer.asyncWait()), either way', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    // A request: a wait on the manual clock, then a reply.
    const request = (ticks: number) => clock.wait(ticks, deferred((err: SystemError | null) => deferred.values(err, 'reply')));
    const fast = awaitAny(request(5), new SteadyTimer(ioc, 50).asyncWait())(useFuture);
    const slow = awaitAny(request(500), new SteadyTimer(ioc, 50).asyncWait())(useFuture);
    const running = ioc.run();
    clock.advance(5);
    await until(() => clock.pending === 1, ioc);
    expect(await fast).toEqual([0, 'reply']);
    fake.host.advance(50);
    expect(await slow).toEqual([1, undefined]);
    // The slow request was cancelled by the timeout.
    expect(clock.pending).toBe(0);
    await running;
  });

  test('a channel receive with a timeout loses no message when the timer wins the race (Asio’s || does)', async () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc, 1);
    // Both complete at once: the timer is already expired and a message is waiting. The timer's
    // handler runs first (launched first), so the receive is cancelled after the channel had set
    // the message aside for it, before its handler ran.
    ch.trySend(null, 'precious');
    const expired = new SteadyTimer(ioc);
    const first = awaitAny(expired.asyncWait(), ch.asyncReceive())(useFuture);
    await ioc.run();
    expect(await first).toEqual([0, undefined]);
    expect(ch.ready()).toBe(true);
    ioc.restart();
    const second = awaitAny(ch.asyncReceive(), new SteadyTimer(ioc, 1000).asyncWait())(useFuture);
    await ioc.run();
    expect(await second).toEqual([0, 'precious']);
  });

  test('awaitAll of timers resolves once the last one expired', async () => {
    const ioc = new IoContext();
    const result = awaitAll(new SteadyTimer(ioc, 30).asyncWait(), new SteadyTimer(ioc, 10).asyncWait(), asyncValue(ioc, 'v'))(useFuture);
    const running = ioc.run();
    fake.host.advance(10);
    fake.host.advance(20);
    await running;
    expect(await result).toEqual([undefined, undefined, 'v']);
  });
});

describe('failures', () => {
  test('awaitAll: the first error cancels the rest, waits for them and is the result', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const got: unknown[][] = [];
    awaitAll(clock.wait(100), asyncFail(ioc, errors.brokenPipe), asyncForever(ioc))((...args) => got.push(args));
    await ioc.run();
    expect(got.length).toBe(1);
    expect(errorIs(got[0]![0], errors.brokenPipe)).toBe(true);
    expect(got[0]![1]).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  test('awaitAll: a second failure that is not the cancellation is kept: an AggregateError in completion order', async () => {
    const ioc = new IoContext();
    const result = awaitAll(asyncFail(ioc, errors.brokenPipe), asyncFail(ioc, errors.connectionReset), asyncForever(ioc))(asTuple(useFuture));
    await ioc.run();
    const [err] = await result;
    expect(err).toBeInstanceOf(AggregateError);
    const all = (err as AggregateError).errors;
    expect(all.map((e: SystemError) => e.code)).toEqual(['EPIPE', 'ECONNRESET']);
    // The cancelled third one failed with operationAborted: the consequence, not a failure of its own.
  });

  test('awaitAny: the first success wins even after failures; all failing gives every error, in completion order', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const win = awaitAny(asyncFail(ioc, errors.brokenPipe), clock.wait(3), asyncValue(ioc, 'x'))(useFuture);
    const lose = awaitAny(
      clock.wait(1, deferred((e: SystemError | null) => deferred.values(makeError(errors.timedOut, String(e))))),
      asyncFail(ioc, errors.connectionRefused),
    )(asTuple(useFuture));
    const running = ioc.run();
    await until(() => clock.pending === 1, ioc);
    clock.advance(1);
    await running;
    expect(await win).toEqual([2, 'x']);
    const [err] = await lose;
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors.map((e: SystemError) => e.code)).toEqual(['ECONNREFUSED', 'ETIMEDOUT']);
    expect((err as AggregateError).message).toBe('awaitAny: every operation failed');
  });

  test('no operations: awaitAll() is [], awaitAny() fails with an empty AggregateError (as Promise.any([]))', async () => {
    expect(await awaitAll()).toEqual([]);
    await expect(awaitAny()).rejects.toBeInstanceOf(AggregateError);
  });

  test('an operation already launched throws when the operator is launched, and nothing is left running', async () => {
    const ioc = new IoContext();
    const op = asyncValue(ioc, 1);
    op(() => {});
    const counting = new CountingExecutor(ioc.getExecutor());
    const forever = asyncForever(counting);
    expect(() => awaitAll(forever, op)(() => {})).toThrow(/already launched/);
    await ioc.run();
    expect(counting.outstanding).toBe(0);
  });
});

describe('every token', () => {
  test('callback, useFuture, asTuple, deferred (awaited), useAwaitable, a yield context, detached', async () => {
    const ioc = new IoContext();
    const ops = () => [asyncValue(ioc, 1), asyncValue(ioc, 'two')] as const;
    const results: unknown[] = [];
    awaitAll(...ops())((err, values) => results.push(['callback', err, values]));
    const future = awaitAll(...ops())(useFuture);
    const tuple = awaitAny(...ops())(asTuple(useFuture));
    const awaited = (async () => awaitAll(...ops()))();
    const viaCoroutine = coSpawn(ioc, async () => awaitAny(...ops())(useAwaitable), useFuture);
    const viaGenerator = spawn(
      ioc,
      function* (y) {
        return yield* awaitAll(...ops())(y);
      },
      useFuture,
    );
    awaitAll(...ops())(detached);
    await ioc.run();
    expect(results).toEqual([['callback', null, [1, 'two']]]);
    expect(await future).toEqual([1, 'two']);
    expect(await tuple).toEqual([null, [0, 1]]);
    expect(await awaited).toEqual([1, 'two']);
    expect(await viaCoroutine).toEqual([0, 1]);
    expect(await viaGenerator).toEqual([1, 'two']);
  });

  test('the operation holds work while its operations run', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    let done = false;
    awaitAll(clock.wait(1))(() => (done = true));
    let ran = false;
    const running = ioc.run().then(() => (ran = true));
    await new Promise((r) => setImmediate(r));
    expect(ran).toBe(false);
    clock.advance(1);
    await running;
    expect(done).toBe(true);
  });
});

describe('cancellation of the whole', () => {
  test('through the token’s slot: every operation is cancelled', async () => {
    const ioc = new IoContext();
    const signals = [new CancellationSignal(), new CancellationSignal()];
    const all = awaitAll(asyncForever(ioc), asyncForever(ioc))(bindCancellationSlot(signals[0]!.slot(), asTuple(useFuture)));
    const any = awaitAny(asyncForever(ioc), asyncForever(ioc))(bindCancellationSlot(signals[1]!.slot(), asTuple(useFuture)));
    const running = ioc.run();
    await new Promise((r) => setImmediate(r));
    for (const signal of signals) signal.emit(CancellationType.Terminal);
    await running;
    const [allErr] = await all;
    // awaitAll: the first operationAborted; the others are its consequence.
    expect(errorIs(allErr, errors.operationAborted)).toBe(true);
    const [anyErr] = await any;
    expect(anyErr).toBeInstanceOf(AggregateError);
    expect((anyErr as AggregateError).errors.every((e: unknown) => errorIs(e, errors.operationAborted))).toBe(true);
  });

  test('inside coSpawn, `await awaitAll(...)`: cancelling the coroutine cancels every operation', async () => {
    const ioc = new IoContext();
    const signal = new CancellationSignal();
    const clock = new ManualClock(ioc);
    const done = coSpawn(
      ioc,
      async () => {
        await awaitAll(clock.wait(100), asyncForever(ioc), coSpawn(ioc, async () => clock.wait(100, useAwaitable), useAwaitable));
        return 'not reached';
      },
      bindCancellationSlot(signal.slot(), asTuple(useFuture)),
    );
    const running = ioc.run();
    await until(() => clock.pending === 2, ioc);
    signal.emit(CancellationType.Terminal);
    await running;
    const [err] = await done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(clock.pending).toBe(0);
  });
});

describe('types', () => {
  test('awaitAll resolves the tuple of values, awaitAny [index, value] per position', () => {
    // Type-checked, never run (expectTypeOf would launch the operations).
    const check = (ioc: IoContext): void => {
      const n = asyncValue(ioc, 1);
      const s = asyncValue(ioc, 'x');
      const t = new SteadyTimer(ioc).asyncWait();
      const a: Awaitable<boolean> = asyncValue(ioc, true, useAwaitable);
      expectTypeOf(awaitAll(n, s, t)(useFuture)).toEqualTypeOf<Promise<[number, string, void]>>();
      expectTypeOf(awaitAll(n, a)(useFuture)).toEqualTypeOf<Promise<[number, boolean]>>();
      expectTypeOf(awaitAny(n, t)(useFuture)).toEqualTypeOf<Promise<[0, number] | [1, void]>>();
      expectTypeOf(awaitAny(s, a)(useFuture)).toEqualTypeOf<Promise<[0, string] | [1, boolean]>>();
      const many: DeferredOperation<[err: SystemError | null, value: number]>[] = [n];
      expectTypeOf(awaitAll(...many)(useFuture)).toEqualTypeOf<Promise<number[]>>();
      expectTypeOf(awaitAny(...many)(useFuture)).toEqualTypeOf<Promise<[number, number]>>();
      expectTypeOf(awaitAll(n, s)((err, values) => void [err, values])).toEqualTypeOf<void>();
      awaitAll(n, s)((err, values) => {
        expectTypeOf(err).toEqualTypeOf<Error | null>();
        expectTypeOf(values).toEqualTypeOf<[number, string]>();
      });
      // @ts-expect-error a Promise is not launchable
      void (() => awaitAll(Promise.resolve(1)));
    };
    expect(typeof check).toBe('function');
  });
});

describe('bad input', () => {
  test('every operation must be a deferred operation or an Awaitable, named by its index', () => {
    expect(() => awaitAll(42 as never)).toThrow(/^ops\[0\] must be a deferred operation or an Awaitable, got 42/);
    expect(() => awaitAny(post(new IoContext()), null as never)).toThrow(/^ops\[1\]/);
    expect(() => awaitAny(Promise.resolve() as never)).toThrow(/^ops\[0\] must be a deferred operation or an Awaitable \(a Promise is already running/);
    expect(() => awaitAll(post(new IoContext()))(42 as never)).toThrow(/^token/);
  });
});
