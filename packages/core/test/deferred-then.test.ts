// What `then` on a deferred operation or an Awaitable returns: a thenable standing for the promise
// a `then` must return, made only when it is used (`await` never uses it). Whatever it stands for
// must behave as that promise would: chained, caught, finally'd, adopted, and a rejection nobody
// handles is reported as unhandled.
import { spawnSync } from 'node:child_process';
import { useAwaitable } from '@asio-ts/core';
import { asyncAdd } from './helpers/ops';

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

  test('a rejection nobody handles is reported as unhandled: a throwing callback, or a failure with no onRejected', () => {
    // In a plain Node process (Jest takes unhandled rejections over), on the built package.
    const script = `
      import { asyncInitiate, deferred, errors, makeError, systemExecutor, HandlerWork } from '@asio-ts/core';
      const op = (fail) => asyncInitiate((h) => new HandlerWork(h, systemExecutor).complete(fail ? makeError(errors.eof) : null, 1), deferred);
      const seen = [];
      process.on('unhandledRejection', (reason) => seen.push(reason instanceof Error ? reason.message : String(reason)));
      void op(false).then(() => { throw new RangeError('from the callback'); });
      void op(true).then(() => 'never');
      void op(false).then((v) => v);
      const handled = op(false).then(() => { throw new RangeError('handled'); });
      Promise.resolve(handled).catch(() => {});
      setTimeout(() => console.log(JSON.stringify(seen)), 20);
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: __dirname, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['from the callback', 'End of file']);
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
});
