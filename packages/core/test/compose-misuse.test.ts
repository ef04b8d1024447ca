// asyncCompose: misuse (complete() twice, resuming after complete(), a throwing implementation or
// final handler) throws without losing or leaking work.
import { asyncCompose, IoContext, post, type ComposedOperation } from '@asio-ts/core';

describe('asyncCompose: misuse', () => {
  test('complete() twice throws, and the handler ran once', async () => {
    const ioc = new IoContext();
    let count = 0;
    let secondError: unknown;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        post(ioc, () => {
          self.complete();
          try {
            self.complete();
          } catch (e) {
            secondError = e;
          }
        });
      },
      () => count++,
      ioc,
    );
    await ioc.run();
    expect(secondError).toBeInstanceOf(Error);
    expect((secondError as Error).message).toMatch(/complete\(\) called twice/);
    expect(count).toBe(1);
  });

  test('resuming self after complete() throws', async () => {
    const ioc = new IoContext();
    let resumeError: unknown;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        self.complete();
        post(ioc, () => {
          try {
            self();
          } catch (e) {
            resumeError = e;
          }
        });
      },
      () => undefined,
      ioc,
    );
    await ioc.run();
    expect((resumeError as Error).message).toMatch(/resumed after it completed/);
  });

  test('an implementation that throws during initiation: the error reaches the caller, no work is left behind', async () => {
    const ioc = new IoContext();
    let ran = false;
    expect(() =>
      asyncCompose(
        (_self: ComposedOperation<[]>) => {
          throw new Error('init failed');
        },
        () => {
          ran = true;
        },
        ioc,
      ),
    ).toThrow('init failed');
    await expect(ioc.run()).resolves.toBe(0);
    expect(ran).toBe(false);
  });

  test('a step that throws after launching an operation with self: the caller gets the error, and that operation\'s completion later resumes nothing (no handler, no exception)', async () => {
    const ioc = new IoContext();
    let steps = 0;
    let ran = false;
    expect(() =>
      asyncCompose(
        (self: ComposedOperation<[]>) => {
          steps++;
          post(ioc, self);
          throw new Error('step failed after launching');
        },
        () => {
          ran = true;
        },
        ioc,
      ),
    ).toThrow('step failed after launching');
    await expect(ioc.run()).resolves.toBe(1);
    expect([steps, ran]).toEqual([1, false]);
  });

  test('a final handler that throws rejects run(); the operation\'s work is released, so the next run() ends', async () => {
    const ioc = new IoContext();
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        post(ioc, () => self.complete());
      },
      () => {
        throw new Error('handler threw');
      },
      ioc,
    );
    await expect(ioc.run()).rejects.toThrow('handler threw');
    await expect(ioc.run()).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
  });
});
