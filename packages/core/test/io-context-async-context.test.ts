// IoContext's run loop and the async context (AsyncLocalStorage): handlers run in the context of
// run()'s caller, whoever woke the loop (a post from elsewhere, the host's timer), and what a
// handler enters stays out of that caller.
import { AsyncLocalStorage } from 'node:async_hooks';
import { coSpawn, IoContext, makeWorkGuard, post, SteadyTimer, thisCoro, useAwaitable, useFuture, type WorkGuard } from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { flush } from './helpers/ops';

/** Post, from a context of its own, a handler that records the context it runs in and lets `work` go. */
function postFromElsewhere(ioc: IoContext, store: AsyncLocalStorage<string>, work: WorkGuard, seen: unknown[]): void {
  store.run('the poster', () =>
    post(ioc, () => {
      seen.push(store.getStore());
      work.reset();
    }),
  );
}

describe('IoContext.run() and async context', () => {
  test("handlers run in run()'s async context, not the context of whoever woke the loop", async () => {
    const ioc = new IoContext();
    const store = new AsyncLocalStorage<string>();
    const seen: unknown[] = [];
    const done = coSpawn(
      ioc,
      async () => {
        await new SteadyTimer(ioc, 1).asyncWait(useAwaitable);
        // Posted from inside the coroutine, run by the loop: not inside the coroutine.
        post(ioc, () => {
          seen.push(store.getStore());
          try {
            thisCoro.current();
            seen.push('inside a coroutine');
          } catch {
            seen.push('outside any coroutine');
          }
        });
      },
      useFuture,
    );
    await store.run('caller of run()', () => ioc.run());
    await done;
    expect(seen).toEqual(['caller of run()', 'outside any coroutine']);
  });

  test("what a handler enters (enterWith) inside run() stays out of run()'s caller", async () => {
    const ioc = new IoContext();
    const store = new AsyncLocalStorage<string>();
    post(ioc, () => store.enterWith('entered by a handler'));
    let after: string | undefined;
    const running = store.run('caller of run()', () => {
      const r = ioc.run();
      after = store.getStore();
      return r;
    });
    await running;
    expect(after).toBe('caller of run()');
  });

  test("runFor's loop, parked until its deadline, is woken by a post from another context and runs it in runFor()'s", async () => {
    const ioc = new IoContext();
    const store = new AsyncLocalStorage<string>();
    const seen: unknown[] = [];
    const work = makeWorkGuard(ioc);
    const running = store.run('caller of runFor()', () => ioc.runFor(5_000));
    // The loop has parked with a host timer for its deadline; the post comes from elsewhere.
    await new Promise((resolve) => setTimeout(resolve, 5));
    postFromElsewhere(ioc, store, work, seen);
    await expect(running).resolves.toBe(1);
    expect(seen).toEqual(['caller of runFor()']);
  });
});

describe('IoContext.runFor and async context, on a host that does not carry it', () => {
  const fake = useFakeTimerHost();

  test("a host timer firing early from another context leaves the loop in runFor()'s context", async () => {
    const store = new AsyncLocalStorage<string>();
    const ioc = new IoContext();
    const work = makeWorkGuard(ioc);
    const seen: unknown[] = [];
    const running = store.run('caller of runFor()', () => ioc.runFor(100));
    await flush();
    // The loop parked with a host timer for its deadline; the fake host fires it early, from a
    // context of its own (a real setTimeout would carry runFor()'s; a host need not).
    store.run('the host', () => {
      fake.host.time += 10;
      fake.host.fireEarly();
    });
    postFromElsewhere(ioc, store, work, seen);
    await expect(running).resolves.toBe(1);
    expect(seen).toEqual(['caller of runFor()']);
  });
});
