/**
 * Where a coroutine's frame reaches: its own body and what it awaits, not the handlers a host
 * callback it scheduled happens to run (a drain of the system executor, the one shared host
 * timer, IoContext.run() called from a coroutine), and nothing once it ended. Found through
 * AsyncLocalStorage, which hands a callback the async context of whoever scheduled it.
 */
import {
  bindCancellationSlot,
  CancellationSignal,
  coSpawn,
  detached,
  HandlerWork,
  IoContext,
  makeStrand,
  post,
  SteadyTimer,
  systemExecutor,
  thisCoro,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { AsyncLocalStorage } from 'node:async_hooks';

/** 'none' outside a coroutine, else what thisCoro says of its cancellation. */
function frameSeen(): string {
  try {
    return `coroutine (cancelled ${thisCoro.cancelled()})`;
  } catch {
    return 'none';
  }
}

const later = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test("a handler posted from plain code runs in no coroutine, though a cancelled coroutine's post scheduled the drain", async () => {
  const stop = new CancellationSignal();
  const seen: string[] = [];
  let waited = '';
  const done = coSpawn(
    systemExecutor,
    async () => {
      stop.emit();
      post(systemExecutor, () => {}); // the drain is scheduled from inside this coroutine
    },
    bindCancellationSlot(stop.slot(), useFuture),
  );
  post(systemExecutor, () => {
    seen.push(frameSeen());
    // Launched outside any coroutine: a plain operation, not the cancelled coroutine's.
    new SteadyTimer(systemExecutor, 1).asyncWait(useAwaitable).then(
      () => (waited = 'completed'),
      (e: unknown) => (waited = (e as Error).message),
    );
  });
  await done;
  await later(30);
  expect([seen, waited]).toEqual([['none'], 'completed']);
});

test("a timer's handler runs in no coroutine, though a coroutine armed the shared host timer", async () => {
  const seen: string[] = [];
  const ended = coSpawn(
    systemExecutor,
    async () => {
      await new SteadyTimer(systemExecutor, 5).asyncWait(useAwaitable); // arms the host timer here
      await new SteadyTimer(systemExecutor, 40).asyncWait(useAwaitable);
    },
    useFuture,
  );
  await new Promise<void>((resolve) =>
    new SteadyTimer(systemExecutor, 15).asyncWait(() => {
      seen.push(frameSeen());
      resolve();
    }),
  );
  await ended;
  expect(seen).toEqual(['none']);
});

test('handlers of an IoContext run by a coroutine, and of a strand over the system executor, run in no coroutine', async () => {
  const seen: string[] = [];
  await coSpawn(
    systemExecutor,
    async () => {
      const ioc = new IoContext();
      post(ioc, () => seen.push(`ioc: ${frameSeen()}`));
      expect(ioc.poll()).toBe(1);
      ioc.restart(); // out of work after poll(), as in Asio
      post(ioc, () => seen.push(`ioc run: ${frameSeen()}`));
      await ioc.run();
      await post(makeStrand(systemExecutor), useAwaitable);
      seen.push(`after the strand, in the body: ${frameSeen()}`);
    },
    useFuture,
  );
  const strand = makeStrand(systemExecutor);
  await new Promise<void>((resolve) => post(strand, () => (seen.push(`strand: ${frameSeen()}`), resolve())));
  expect(seen).toEqual(['ioc: none', 'ioc run: none', 'after the strand, in the body: coroutine (cancelled 0)', 'strand: none']);
});

test('an operation launched from a callback a coroutine scheduled, after it ended, binds to nothing', async () => {
  const outcomes: string[] = [];
  const ioc = new IoContext();
  coSpawn(
    ioc,
    async () => {
      setTimeout(() => {
        outcomes.push(frameSeen());
        new SteadyTimer(systemExecutor, 1).asyncWait(useAwaitable).then(() => outcomes.push('completed'));
      }, 20);
    },
    detached,
  );
  await ioc.run(); // the coroutine ended, and the context with it
  const stop = new CancellationSignal();
  const cancelled = coSpawn(
    systemExecutor,
    async () => {
      setTimeout(() => {
        new SteadyTimer(systemExecutor, 1).asyncWait(useAwaitable).then(
          () => outcomes.push('completed after a cancelled one'),
          (e: unknown) => outcomes.push((e as Error).message),
        );
      }, 20);
      try {
        await new SteadyTimer(systemExecutor, 60_000).asyncWait(useAwaitable);
      } catch {
        // cancelled: the coroutine ends
      }
    },
    bindCancellationSlot(stop.slot(), useFuture),
  );
  stop.emit();
  await cancelled;
  await later(60);
  expect(outcomes).toEqual(['none', 'completed', 'completed after a cancelled one']);
});

test("a plain handler completed straight from a host callback a coroutine scheduled (the system executor's direct call) runs in no coroutine", async () => {
  const seen: string[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const work = new HandlerWork((err: Error | null, n: number) => {
    seen.push(`${frameSeen()} ${err} ${n}`);
    done();
  }, systemExecutor);
  work.started();
  await coSpawn(
    systemExecutor,
    async () => {
      // A host event of a resource the coroutine made (here a timer; a socket's data alike),
      // while the coroutine still runs.
      setTimeout(() => work.complete2(null, 7), 5);
      await new SteadyTimer(systemExecutor, 40).asyncWait(useAwaitable);
    },
    useFuture,
  );
  await finished;
  expect(seen).toEqual(['none null 7']);
});

test('with no coroutine alive, completions ask the async context nothing; with one alive, they do', async () => {
  // The first coroutine of the process turns AsyncLocalStorage on; once it ended, any frame a
  // context still holds reads as none, so the look-up per completion is skipped.
  await coSpawn(systemExecutor, async () => void (await post(systemExecutor, useAwaitable)), useFuture);
  const lookUps = jest.spyOn(AsyncLocalStorage.prototype, 'getStore');
  try {
    const completeMany = async (): Promise<number> => {
      lookUps.mockClear();
      for (let i = 0; i < 50; i++) {
        await post(systemExecutor, useFuture);
        const work = new HandlerWork(() => {}, systemExecutor);
        work.started();
        await new Promise<void>((r) => setTimeout(() => r(work.complete()), 0));
      }
      return lookUps.mock.calls.length;
    };
    const ended = await completeMany();
    const release = new CancellationSignal();
    const alive = coSpawn(systemExecutor, new SteadyTimer(systemExecutor, 60_000).asyncWait(bindCancellationSlot(release.slot(), useAwaitable)), useFuture);
    const whileAlive = await completeMany();
    release.emit();
    await expect(alive).rejects.toMatchObject({ code: 'ECANCELED' });
    expect([ended, whileAlive >= 100]).toEqual([0, true]);
  } finally {
    lookUps.mockRestore();
  }
});

test('a coroutine whose start never ran (its IoContext not run) does not count as alive', async () => {
  const ioc = new IoContext();
  let ran = false;
  coSpawn(ioc, async () => void (ran = true), detached);
  await new Promise<void>((r) => setImmediate(r));
  const lookUps = jest.spyOn(AsyncLocalStorage.prototype, 'getStore');
  try {
    for (let i = 0; i < 20; i++) await post(systemExecutor, useFuture);
    expect([ran, lookUps.mock.calls.length]).toEqual([false, 0]);
  } finally {
    lookUps.mockRestore();
  }
  // Started at last, it runs in its frame, also across an await.
  let seen = '';
  coSpawn(
    ioc,
    async () => {
      await post(systemExecutor, useAwaitable);
      seen = frameSeen();
    },
    detached,
  );
  await ioc.run();
  expect([ran, seen]).toEqual([true, 'coroutine (cancelled 0)']);
});

test('the async-context storage is switched off a macrotask after the last coroutine ended, and on again for the next', async () => {
  const switchOffs = jest.spyOn(AsyncLocalStorage.prototype, 'disable');
  try {
    // Coroutines awaited one after another, with no macrotask turn between them: never switched off.
    for (let i = 0; i < 20; i++) await coSpawn(systemExecutor, async () => void (await post(systemExecutor, useAwaitable)), useFuture);
    const betweenCoroutines = switchOffs.mock.calls.length;
    // Two check-phase turns: the switch-off is a setImmediate, whichever phase this test runs in.
    for (let i = 0; i < 2; i++) await new Promise<void>((r) => setImmediate(r));
    const afterTurn = switchOffs.mock.calls.length;
    // The next coroutine still carries its frame across its awaits.
    const seen = await coSpawn(
      systemExecutor,
      async () => {
        await later(1);
        await post(systemExecutor, useAwaitable);
        return frameSeen();
      },
      useFuture,
    );
    expect([betweenCoroutines, afterTurn, seen]).toEqual([0, 1, 'coroutine (cancelled 0)']);
  } finally {
    switchOffs.mockRestore();
  }
});
