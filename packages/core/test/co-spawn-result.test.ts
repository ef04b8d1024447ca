// What coSpawn does with what the coroutine function returns: an async function's own promise
// is subscribed to as it is; any other thenable (a promise with its own `then`, an Awaitable, a
// hand-written thenable) is subscribed to inside the coroutine's frame, where `thisCoro` works
// and a throwing `then` completes the coroutine with that error, once.
import { coSpawn, deferred, IoContext, post, thisCoro, useFuture, type Executor } from '@asio-ts/core';

describe("coSpawn and the coroutine function's result", () => {
  test('an async function completes with its value, its error, or what it awaited', async () => {
    const ioc = new IoContext();
    const out: unknown[] = [];
    coSpawn(ioc, async () => 1, (err, v) => out.push(['value', err, v]));
    coSpawn(ioc, async () => {
      throw new Error('boom');
    }, (err) => out.push(['error', err?.message]));
    coSpawn(ioc, async () => await Promise.resolve('awaited'), (err, v) => out.push(['awaited', err, v]));
    await ioc.run();
    expect(out).toEqual([
      ['value', null, 1],
      ['error', 'boom'],
      ['awaited', null, 'awaited'],
    ]);
  });

  test("a promise with its own then is subscribed to inside the coroutine: thisCoro works in that then", async () => {
    const ioc = new IoContext();
    const seen: unknown[] = [];
    const out: unknown[] = [];
    coSpawn(
      ioc,
      () => {
        const p = Promise.resolve(7);
        p.then = function <A, B>(this: Promise<number>, f?: ((v: number) => A) | null, r?: ((e: unknown) => B) | null) {
          seen.push(thisCoro.executor === ioc.getExecutor());
          return Promise.prototype.then.call(this, f, r) as Promise<A | B>;
        } as typeof p.then;
        return p;
      },
      (err, v) => out.push([err, v]),
    );
    await ioc.run();
    expect(seen).toEqual([true]);
    expect(out).toEqual([[null, 7]]);
  });

  test('a then that throws completes the coroutine with its error, exactly once, and run() resolves', async () => {
    const ioc = new IoContext();
    const out: unknown[] = [];
    coSpawn(
      ioc,
      () => {
        const p = Promise.resolve(1);
        p.then = (() => {
          throw new Error('then threw');
        }) as typeof p.then;
        return p;
      },
      (err, v) => out.push([err?.message, v]),
    );
    await expect(ioc.run()).resolves.toBe(2);
    expect(out).toEqual([['then threw', undefined]]);
  });

  test('a Proxy around a native promise completes the coroutine once (with the engine refusing it), and run() resolves', async () => {
    const ioc = new IoContext();
    const out: unknown[] = [];
    coSpawn(ioc, () => new Proxy(Promise.resolve(1), {}), (err, v) => out.push([err instanceof TypeError, v]));
    await expect(ioc.run()).resolves.toBe(2);
    expect(out).toEqual([[true, undefined]]);
  });

  test("a Promise subclass is subscribed to inside the coroutine (its constructor may run there)", async () => {
    const ioc = new IoContext();
    const executors: Array<Executor | string> = [];
    class Traced<T> extends Promise<T> {
      constructor(executor: (resolve: (v: T) => void, reject: (e: unknown) => void) => void) {
        super(executor);
        try {
          executors.push(thisCoro.executor);
        } catch {
          executors.push('outside');
        }
      }
    }
    const out: unknown[] = [];
    coSpawn(ioc, () => Traced.resolve(3), (err, v) => out.push([err, v]));
    await ioc.run();
    expect(out).toEqual([[null, 3]]);
    // The derived promise of the subscription is made inside the frame.
    expect(executors.slice(1)).toContain(ioc.getExecutor());
  });

  test('a deferred operation (a function with a then) is awaited, not called as the body', async () => {
    const ioc = new IoContext();
    const values = coSpawn(ioc, deferred.values(null, 42), useFuture);
    const posted = coSpawn(ioc, post(() => 'ran', ioc, deferred), useFuture);
    const failing = coSpawn(ioc, deferred.values(new Error('no'), 0), useFuture);
    await ioc.run();
    expect(await values).toBe(42);
    expect(await posted).toBe('ran');
    await expect(failing).rejects.toThrow('no');
  });
});
