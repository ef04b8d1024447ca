// IoContext.runFor / runUntil / runOneFor / runOneUntil (Asio's io_context::run_for family, from
// include/asio/impl/io_context.hpp: run_until loops run_one_until, which runs nothing once the
// time is reached). Asio's unit test has no run_for case of its own: the run() scenarios of
// io_context_test are ported with runFor, plus the time limit itself, on a fake clock (the
// SteadyTimer clock, which the run loop reads too) and once on the real one.
import { dispatch, IoContext, makeWorkGuard, post, SteadyTimer } from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { flush } from './helpers/ops';

/** True once `p` settled (after letting microtasks and one macrotask run). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await flush();
  return done;
}

describe('IoContext.runFor: the run() scenarios of Asio’s io_context_test', () => {
  test('handlers run only inside runFor; it resolves with the count once out of work, and the context is stopped', async () => {
    const ioc = new IoContext();
    let count = 0;
    for (let i = 0; i < 5; i++) post(ioc, () => count++);
    expect(count).toBe(0);
    await expect(ioc.runFor(10_000)).resolves.toBe(5);
    expect(count).toBe(5);
    expect(ioc.stopped()).toBe(true);
  });

  test('with a work guard, a posted stop() is the only handler run', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    post(ioc, () => ioc.stop());
    await expect(ioc.runFor(10_000)).resolves.toBe(1);
    expect(ioc.stopped()).toBe(true);
    ioc.restart();
    let count = 0;
    post(ioc, () => count++);
    guard.reset();
    await expect(ioc.runUntil(SteadyTimer.now() + 10_000)).resolves.toBe(1);
    expect(count).toBe(1);
  });

  test('posted handlers do not nest; dispatched ones do (decrement_to_zero, nested_decrement_to_zero)', async () => {
    const ioc = new IoContext();
    let count = 10;
    const decrement = (): void => {
      if (count === 0) return;
      const before = --count;
      post(ioc, decrement);
      expect(count).toBe(before);
    };
    post(ioc, decrement);
    await expect(ioc.runFor(10_000)).resolves.toBe(11);
    expect(count).toBe(0);

    ioc.restart();
    count = 10;
    const nested = (): void => {
      if (count === 0) return;
      --count;
      dispatch(ioc, nested);
      expect(count).toBe(0);
    };
    post(ioc, nested);
    await ioc.runFor(10_000);
    expect(count).toBe(0);
  });

  test('a throwing handler rejects runFor; calling it again resumes with the rest of the queue', async () => {
    const ioc = new IoContext();
    let count = 0;
    let exceptions = 0;
    const boom = (): void => {
      throw new Error('boom');
    };
    for (const fn of [boom, () => count++, () => count++, boom, () => count++]) post(ioc, fn);
    for (;;) {
      try {
        await ioc.runFor(10_000);
        break;
      } catch {
        exceptions++;
      }
    }
    expect(ioc.stopped()).toBe(true);
    expect([count, exceptions]).toEqual([3, 2]);
  });
});

describe('IoContext timed runs on a fake clock', () => {
  const fake = useFakeTimerHost();

  test('runFor ends at the time limit with work outstanding; the context is not stopped and leaves no host timer', async () => {
    const ioc = new IoContext();
    const got: string[] = [];
    new SteadyTimer(ioc, 10).asyncWait(() => got.push('10 ms'));
    new SteadyTimer(ioc, 60_000).asyncWait(() => got.push('a minute'));
    const p = ioc.runFor(100);
    expect(await settled(p)).toBe(false);
    fake.host.advance(10);
    await flush();
    expect(got).toEqual(['10 ms']);
    expect(await settled(p)).toBe(false);
    fake.host.advance(90);
    await expect(p).resolves.toBe(1);
    expect(ioc.stopped()).toBe(false);
    // Only the queue's own host timer, armed for the minute-long wait, is left.
    expect(fake.host.active).toBe(1);
    // No restart() needed to run again.
    const rest = ioc.runFor(Infinity);
    fake.host.advance(60_000);
    await expect(rest).resolves.toBe(1);
    expect(got).toEqual(['10 ms', 'a minute']);
    expect(fake.host.active).toBe(0);
  });

  test('runUntil takes a time on the SteadyTimer.now() clock', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const p = ioc.runUntil(SteadyTimer.now() + 50);
    fake.host.advance(49);
    expect(await settled(p)).toBe(false);
    fake.host.advance(1);
    await expect(p).resolves.toBe(0);
    guard.reset();
  });

  test('a time already reached runs nothing, even with handlers ready, and does not stop the context', async () => {
    const ioc = new IoContext();
    let count = 0;
    post(ioc, () => count++);
    await expect(ioc.runFor(0)).resolves.toBe(0);
    await expect(ioc.runFor(-5)).resolves.toBe(0);
    await expect(ioc.runUntil(SteadyTimer.now())).resolves.toBe(0);
    await expect(ioc.runOneFor(0)).resolves.toBe(0);
    await expect(ioc.runOneUntil(-Infinity)).resolves.toBe(0);
    expect([count, ioc.stopped()]).toEqual([0, false]);
    expect(ioc.poll()).toBe(1);
  });

  test('no handler starts once the time is reached, also in the middle of a batch', async () => {
    const ioc = new IoContext();
    const order: number[] = [];
    post(ioc, () => {
      order.push(1);
      fake.host.time += 100; // this handler took 100 ms
    });
    post(ioc, () => order.push(2));
    await expect(ioc.runFor(50)).resolves.toBe(1);
    expect(order).toEqual([1]);
    expect(ioc.pollOne()).toBe(1);
    expect(order).toEqual([1, 2]);
  });

  test('stop() ends a waiting runFor early with the count so far, and clears its host timer', async () => {
    const ioc = new IoContext();
    makeWorkGuard(ioc);
    post(ioc, () => undefined);
    const p = ioc.runFor(10_000);
    expect(await settled(p)).toBe(false);
    expect(fake.host.active).toBe(1);
    ioc.stop();
    await expect(p).resolves.toBe(1);
    expect(fake.host.active).toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('work posted while runFor waits wakes it at once (from another context’s handler)', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const p = ioc.runFor(10_000);
    await flush();
    setImmediate(() => post(ioc, () => guard.reset()));
    await expect(p).resolves.toBe(1);
    expect(fake.host.active).toBe(0);
  });

  test('runOneFor: 1 as soon as a handler ran, 0 at the time limit, 0 and stopped once out of work', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    post(ioc, () => undefined);
    post(ioc, () => undefined);
    await expect(ioc.runOneFor(1_000)).resolves.toBe(1);
    await expect(ioc.runOneUntil(SteadyTimer.now() + 1_000)).resolves.toBe(1);
    const p = ioc.runOneFor(20);
    expect(await settled(p)).toBe(false);
    fake.host.advance(20);
    await expect(p).resolves.toBe(0);
    expect(ioc.stopped()).toBe(false);
    const q = ioc.runOneFor(20);
    new SteadyTimer(ioc, 5).asyncWait(() => undefined);
    fake.host.advance(5);
    await expect(q).resolves.toBe(1);
    guard.reset();
    await expect(ioc.runOneFor(20)).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
    expect(fake.host.active).toBe(0);
  });

  test('a host timer firing early only makes the run wait again', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const p = ioc.runFor(100);
    await flush();
    expect(fake.host.fireEarly()).toBe(true);
    expect(await settled(p)).toBe(false);
    fake.host.advance(100);
    await expect(p).resolves.toBe(0);
    guard.reset();
  });
});

describe('IoContext timed runs on the real clock', () => {
  test('runFor with a work guard resolves after about the time given', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    const t0 = performance.now();
    await expect(ioc.runFor(30)).resolves.toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(29);
    guard.reset();
  });

  test('Infinity is the same as run()', async () => {
    const ioc = new IoContext();
    new SteadyTimer(ioc, 5).asyncWait(() => undefined);
    await expect(ioc.runFor(Infinity)).resolves.toBe(1);
    expect(ioc.stopped()).toBe(true);
  });
});

describe('IoContext timed runs: argument checks', () => {
  const ioc = new IoContext();
  test.each([
    ['runFor', 'ms'],
    ['runOneFor', 'ms'],
    ['runUntil', 't'],
    ['runOneUntil', 't'],
  ] as const)('%s throws (never rejects) a TypeError for a non-number and a RangeError for NaN, naming %s', (method, name) => {
    expect(() => ioc[method]('10' as unknown as number)).toThrow(new TypeError(`${name} must be a number, got "10"`));
    expect(() => ioc[method](undefined as unknown as number)).toThrow(TypeError);
    expect(() => ioc[method](NaN)).toThrow(new RangeError(`${name} must not be NaN`));
  });
});
