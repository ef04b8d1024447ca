// The error a cancelled SteadyTimer wait completes with: a real SystemError (operationAborted,
// with its code, value, category and message, and an AbortSignal's reason as its cause), made
// without stack frames (docs/porting.md, "Timers": capturing them cost most of a cancel).
import { bindAbortSignal, errorIs, errors, IoContext, SteadyTimer, SystemError } from '@asio-ts/core';

function cancelledError(cancel: (timer: SteadyTimer) => void): Promise<SystemError | null> {
  const ioc = new IoContext();
  const timer = new SteadyTimer(ioc, 60_000);
  let got: SystemError | null | undefined;
  timer.asyncWait((err) => (got = err));
  cancel(timer);
  return ioc.run().then(() => got!);
}

describe('the error of a cancelled SteadyTimer wait', () => {
  test.each([
    ['cancel()', (t: SteadyTimer) => void t.cancel()],
    ['cancelOne()', (t: SteadyTimer) => void t.cancelOne()],
    ['expiresAfter()', (t: SteadyTimer) => void t.expiresAfter(10)],
    ['expiresAt()', (t: SteadyTimer) => void t.expiresAt(0)],
  ])('%s: a SystemError operationAborted with code and errno, and a stack of its message line only', async (_, cancel) => {
    const limit = Error.stackTraceLimit;
    const err = await cancelledError(cancel);
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect([err!.code, err!.value, err!.category, err!.message, err!.name]).toEqual(['ECANCELED', 125, errors.operationAborted.category, 'Operation aborted', 'SystemError']);
    expect(err!.stack).toBe('SystemError: Operation aborted');
    expect(Error.stackTraceLimit).toBe(limit);
  });

  test('every handler gets its own error object', async () => {
    const ioc = new IoContext();
    const timer = new SteadyTimer(ioc, 60_000);
    const got: Array<SystemError | null> = [];
    for (let i = 0; i < 3; i++) timer.asyncWait((err) => got.push(err));
    expect(timer.cancel()).toBe(3);
    await ioc.run();
    expect(new Set(got).size).toBe(3);
    expect(got.every((e) => e instanceof SystemError)).toBe(true);
  });

  test('cancelled through an AbortSignal: the reason is the cause', async () => {
    const ioc = new IoContext();
    const controller = new AbortController();
    const timer = new SteadyTimer(ioc, 60_000);
    let got: SystemError | null | undefined;
    timer.asyncWait(bindAbortSignal(controller.signal, (err: SystemError | null) => (got = err)));
    const reason = new Error('user gave up');
    controller.abort(reason);
    await ioc.run();
    expect(errorIs(got, errors.operationAborted)).toBe(true);
    expect(got!.cause).toBe(reason);
  });

  test('other errors keep their stack frames', () => {
    expect(new SystemError(errors.eof).stack).toMatch(/\n\s+at /);
  });
});
