// A timer reuses the op of its last wait once that is over (detail/recyclable-work.ts), and a
// wait reads no clock of its own (the queue's latest reading, or the one taken to arm the host
// timer): neither may change when or how a wait completes, or keep a finished wait's handler alive.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bindExecutor, IoContext, SteadyTimer, systemExecutor, type Executor, type SystemError } from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SteadyTimer: recycled waits and the clock', () => {
  const fake = useFakeTimerHost();

  test('a wait found expired when it would be the earliest leaves nothing in the heap that delays a later timer', async () => {
    const { host } = fake;
    const fired: Array<[string, number]> = [];
    new SteadyTimer(systemExecutor, 1000).asyncWait(() => fired.push(['far', host.time]));
    const soon = new SteadyTimer(systemExecutor, 5);
    host.time += 20; // nothing reads the queue's clock meanwhile
    soon.asyncWait(() => fired.push(['soon', host.time]));
    new SteadyTimer(systemExecutor, 50).asyncWait(() => fired.push(['later', host.time]));
    await turn();
    expect(fired).toEqual([['soon', 1020]]);
    host.advance(100);
    await turn();
    expect(fired).toEqual([
      ['soon', 1020],
      ['later', 1070],
    ]);
  });

  test('an executor whose onWorkFinished starts the next wait gets a new op: the work of that wait is held until it completes', () => {
    let hook: (() => void) | null = null;
    const reentrant: Executor = {
      post: (f) => systemExecutor.post(f),
      dispatch: (f) => systemExecutor.post(f),
      defer: (f) => systemExecutor.post(f),
      onWorkStarted() {},
      onWorkFinished() {
        const h = hook;
        hook = null;
        h?.();
      },
      runningInThisThread: () => false,
    };
    const ioc = new IoContext();
    const timer = new SteadyTimer(reentrant, 10);
    let second = 0;
    hook = () => {
      timer.expiresAfter(50);
      timer.asyncWait(bindExecutor(ioc.getExecutor(), () => second++));
    };
    timer.asyncWait(() => {});
    fake.host.advance(10);
    expect(fake.queue.timers).toBe(1);
    expect(ioc.stopped()).toBe(false);
    fake.host.advance(50);
    expect(ioc.poll()).toBe(1);
    expect(second).toBe(1);
  });

  async function collected(start: (handler: (err: SystemError | null) => void) => void): Promise<boolean> {
    let ref: WeakRef<object> | undefined;
    let outcome: string | undefined;
    (() => {
      const state = { big: new Uint8Array(1024) };
      ref = new WeakRef(state);
      start((err) => (outcome = `${err?.code ?? 'ok'} ${state.big.length}`));
    })();
    await turn();
    await turn();
    gc();
    expect(outcome).toBeDefined();
    return ref!.deref() === undefined;
  }

  test.each([
    ['expired', () => void fake.host.advance(10)],
    ['cancelled', (t: SteadyTimer) => void t.cancel()],
  ] as Array<[string, (t: SteadyTimer) => void]>)('%s: the timer keeps nothing of a finished wait alive', async (_, finish) => {
    const timer = new SteadyTimer(systemExecutor, 10);
    expect(
      await collected((handler) => {
        timer.asyncWait(handler);
        finish(timer);
      }),
    ).toBe(true);
  });

  test('found expired as it would be the earliest: the timer keeps nothing of that wait alive', async () => {
    const timer = new SteadyTimer(systemExecutor, 5);
    fake.host.time += 20; // nothing reads the queue's clock: only enqueue finds it expired
    expect(await collected((handler) => timer.asyncWait(handler))).toBe(true);
    expect(fake.queue.timers).toBe(0);
  });
});
