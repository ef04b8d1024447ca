// What `then` on a deferred operation or an Awaitable returns: a thenable standing for the promise
// a `then` must return, made only when it is used (`await` never uses it). Whatever it stands for
// must behave as that promise would: chained, caught, finally'd, adopted, and a rejection nobody
// handles is reported as unhandled.
import { spawnSync } from 'node:child_process';
import { makeDeferredOperation, useAwaitable, type DeferredOperation, type LazyPromise } from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, stats } from './helpers/ops';

describe('then() on a lazy operation', () => {
  test('catch and finally on what then() returned, also after the result is in', async () => {
    const op = asyncAdd(1, 2);
    const chained = op.then((v) => {
      throw new RangeError(`no ${v}`);
    });
    const order: string[] = [];
    // Typed PromiseLike; catch and finally are there for JavaScript callers too.
    await (chained as unknown as Promise<unknown>).finally(() => order.push('finally')).catch((e: unknown) => order.push((e as Error).message));
    expect(order).toEqual(['finally', 'no 3']);
    // Used again later: the same outcome.
    await expect(Promise.resolve(chained)).rejects.toThrow('no 3');
    const fine = op.then((v) => v * 2);
    await new Promise((r) => setTimeout(r, 1));
    await expect((fine as unknown as Promise<number>).catch(() => -1)).resolves.toBe(6);
  });

  test('a callback returning a promise or thenable: what then() returned adopts it', async () => {
    const op = asyncAdd(2, 3);
    const later = op.then((v) => new Promise<number>((r) => setTimeout(() => r(v * 100), 5)));
    await expect(Promise.resolve(later)).resolves.toBe(500);
    const thenable = asyncAdd(1, 1).then((v) => ({ then: (r: (x: number) => void) => r(v + 40) }) as unknown as PromiseLike<number>);
    await expect(Promise.resolve(thenable)).resolves.toBe(42);
  });

  test('a rejection nobody handles is reported as unhandled: a throwing callback, a failure with no onRejected, a failing operation returned from a callback', () => {
    // In a plain Node process (Jest takes unhandled rejections over), on the built package.
    const script = `
      import { asyncInitiate, deferred, errors, makeError, systemExecutor, HandlerWork } from '@asio-ts/core';
      const op = (fail) => asyncInitiate((h) => new HandlerWork(h, systemExecutor).complete(fail ? makeError(errors.eof) : null, 1), deferred);
      const seen = [];
      process.on('unhandledRejection', (reason) => seen.push(reason instanceof Error ? reason.message : String(reason)));
      void op(false).then(() => { throw new RangeError('from the callback'); });
      void op(true).then(() => 'never');
      void op(false).then((v) => v);
      setTimeout(() => void op(false).then(() => op(true)), 5); // a failing operation returned from the callback
      const handled = op(false).then(() => { throw new RangeError('handled'); });
      Promise.resolve(handled).catch(() => {});
      setTimeout(() => console.log(JSON.stringify(seen)), 20);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: __dirname, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['from the callback', 'End of file', 'End of file']);
  });

  // Jest fails a test whose rejection goes unhandled: these two pass only if none is reported.
  test('a rejection handled through what then() returned is not reported', async () => {
    const handled = asyncAdd(1, 2).then(() => {
      throw new RangeError('handled');
    });
    await expect(Promise.resolve(handled)).rejects.toThrow('handled');
    void asyncAdd(1, 2).then((v) => v);
    await new Promise((r) => setTimeout(r, 5));
  });

  test('an Awaitable outside a coroutine (unbound where AsyncLocalStorage exists): then() settles what it returned', async () => {
    const r = asyncAdd(1, 2, useAwaitable).then(() => 'fulfilled', (e: unknown) => e);
    expect(await Promise.resolve(r)).toBe('fulfilled');
  });

  test('a lazy operation returned from a callback launches when the first one completes, with nobody chaining on', async () => {
    const before = stats.initiations;
    void asyncAdd(1, 2).then((v) => asyncAdd(v, 10));
    await new Promise((r) => setTimeout(r, 5));
    expect(stats.initiations).toBe(before + 2);
  });

  test('a callback returning what its own then() returned: rejected with a TypeError (a chaining cycle)', async () => {
    const op = asyncAdd(1, 2);
    const cycle: LazyPromise<unknown> = op.then(() => cycle);
    await expect(Promise.resolve(cycle)).rejects.toThrow(TypeError);
  });

  test('typed as LazyPromise: then, catch and finally chain as on a promise', async () => {
    const chained = asyncAdd(1, 2).then((v) => v * 2);
    expectTypeOf(chained).toEqualTypeOf<LazyPromise<number>>();
    expectTypeOf(chained.catch(() => 'failed')).toEqualTypeOf<Promise<number | string>>();
    expectTypeOf(asyncAdd(1, 2, useAwaitable).then(String)).toEqualTypeOf<LazyPromise<string>>();
    await expect(chained.finally(() => {})).resolves.toBe(6);
  });
});

describe('then() on a deferred operation whose handler runs during its launch', () => {
  test('reactions run in the order of their then() calls (Promises/A+ 2.2.6)', async () => {
    const order: string[] = [];
    const op: DeferredOperation<[Error | null, string]> = makeDeferredOperation<[Error | null, string]>((handler) => {
      handler(null, 'v'); // completes during the launch, as a dispatch on the current executor would
      void op.then(() => order.push('second then'));
    });
    void op.then(() => order.push('first then')); // launches it
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual(['first then', 'second then']);
  });
});
