// The error a cancelled SteadyTimer wait completes with: a SystemError (operationAborted, with
// its code, value, category and message, and an AbortSignal's reason as its cause), made
// without the host capturing a stack (docs/porting.md, "Timers": capturing one cost most of a
// cancel), one per cancelled wait, made when its handler runs (so it does not wait in the queue).
import { execFileSync } from 'node:child_process';
import { inspect, types } from 'node:util';
import { bindAbortSignal, bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, IoContext, post, SteadyTimer, SystemError } from '@asio-ts/core';

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
    expect([err!.code, err!.value, err!.category, err!.message, err!.name]).toEqual(['ECANCELED', 125, errors.operationAborted.category, 'Operation canceled', 'SystemError']);
    expect(err!.stack).toBe('SystemError: Operation canceled');
    expect(Error.stackTraceLimit).toBe(limit);
  });

  test('it reads, prints, compares and changes as a constructed SystemError does; only the host does not count it a native Error', async () => {
    const err = (await cancelledError((t) => void t.cancel()))!;
    const made = new SystemError(errors.operationAborted);
    expect(err).toBeInstanceOf(Error);
    expect(Object.keys(err)).toEqual(Object.keys(made));
    expect(JSON.stringify(err)).toBe(JSON.stringify(made));
    expect(String(err)).toBe(String(made));
    // Jest runs tests in a realm of their own, where Node's inspect takes no non-native object for an Error.
    expect(inspect(err)).toContain("code: 'ECANCELED'");
    expect(err).toEqual(made);
    expect(Object.getPrototypeOf(err)).toBe(SystemError.prototype);
    expect('cause' in err).toBe(false);
    expect(types.isNativeError(err)).toBe(false);
    expect(types.isNativeError(made)).toBe(true);
    err.message = 'Operation canceled: the user gave up';
    made.message = 'Operation canceled: the user gave up';
    expect(String(err)).toBe('SystemError: Operation canceled: the user gave up');
    expect(JSON.stringify(err)).toBe(JSON.stringify(made));
    expect(Object.keys(err)).toEqual(Object.keys(made));
    expect(() => {
      throw err;
    }).toThrow('the user gave up');
  });

  test.each([
    ['cancel()', (t: SteadyTimer) => t.cancel()],
    ['expiresAfter()', (t: SteadyTimer) => t.expiresAfter(60_000)],
    ['expiresAt()', (t: SteadyTimer) => t.expiresAt(Infinity)],
  ])('%s: each wait one call cancels gets its own error', async (_, cancel) => {
    const ioc = new IoContext();
    const timer = new SteadyTimer(ioc, 60_000);
    const got: Array<SystemError | null> = [];
    for (let i = 0; i < 3; i++) timer.asyncWait((err) => got.push(err));
    expect(cancel(timer)).toBe(3);
    for (let i = 0; i < 2; i++) timer.asyncWait((err) => got.push(err));
    expect(cancel(timer)).toBe(2);
    await ioc.run();
    expect(got).toHaveLength(5);
    expect(new Set(got).size).toBe(5);
    got[0]!.message = 'annotated by the first handler';
    expect(got[1]!.message).toBe('Operation canceled');
    for (const err of got) {
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect([err!.code, err!.value]).toEqual(['ECANCELED', 125]);
      expect(Object.isFrozen(err)).toBe(false); // as an AbortSignal's reason, not frozen
    }
  });

  test('cancelOne() and per-operation cancellation: one error per wait', async () => {
    const ioc = new IoContext();
    const timer = new SteadyTimer(ioc, 60_000);
    const signal = new CancellationSignal();
    const got: Array<SystemError | null> = [];
    timer.asyncWait((err) => got.push(err));
    timer.asyncWait((err) => got.push(err));
    timer.asyncWait(bindCancellationSlot(signal.slot(), (err: SystemError | null) => got.push(err)));
    expect(timer.cancelOne()).toBe(1);
    expect(timer.cancelOne()).toBe(1);
    signal.emit(CancellationType.Terminal);
    await ioc.run();
    expect(got).toHaveLength(3);
    expect(new Set(got).size).toBe(3);
    expect(got.every((e) => errorIs(e, errors.operationAborted))).toBe(true);
  });

  test('an AbortSignal wait cancelled by cancel() has no cause; aborted through its signal, the reason is its cause', async () => {
    const ioc = new IoContext();
    const timer = new SteadyTimer(ioc, 60_000);
    const controller = new AbortController();
    const got: Array<SystemError | null> = [];
    timer.asyncWait(bindAbortSignal(controller.signal, (err: SystemError | null) => got.push(err)));
    timer.asyncWait((err) => got.push(err));
    timer.cancel();
    timer.asyncWait(bindAbortSignal(controller.signal, (err: SystemError | null) => got.push(err)));
    timer.asyncWait((err) => got.push(err));
    const reason = new Error('user gave up');
    controller.abort(reason);
    timer.cancel();
    await ioc.run();
    expect(new Set(got).size).toBe(4);
    expect(got[0]!.cause).toBeUndefined();
    expect(got[1]!.cause).toBeUndefined();
    expect(got[2]!.cause).toBe(reason);
    expect(got[3]!.cause).toBeUndefined();
  });

  test("the next wait of a timer (its recycled op) does not inherit the last abort's cause", async () => {
    const ioc = new IoContext();
    const timer = new SteadyTimer(ioc, 60_000);
    const controller = new AbortController();
    const got: Array<SystemError | null> = [];
    const reason = new Error('user gave up');
    timer.asyncWait(bindAbortSignal(controller.signal, (err: SystemError | null) => {
      got.push(err);
      // After the handler: the op of this wait is free to be reused by the next.
      post(ioc, () => {
        timer.asyncWait((e) => got.push(e));
        timer.cancel();
      });
    }));
    controller.abort(reason);
    await ioc.run();
    expect(got).toHaveLength(2);
    expect(got[0]!.cause).toBe(reason);
    expect(errorIs(got[1], errors.operationAborted)).toBe(true);
    expect('cause' in got[1]!).toBe(false);
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

  test('in a process of its own, Node prints it as a constructed one without frames; its deep equality tells it from an Error object and from a plain one (docs/porting.md)', () => {
    const script = [
      "import { SteadyTimer, SystemError, errors, systemExecutor } from '@asio-ts/core';",
      "import { inspect, isDeepStrictEqual } from 'node:util';",
      'const timer = new SteadyTimer(systemExecutor, 60_000);',
      'timer.asyncWait((err) => {',
      '  console.log(inspect(err, { breakLength: Infinity }));',
      '  console.log(isDeepStrictEqual(err, new SystemError(errors.operationAborted)), isDeepStrictEqual(err, structuredClone({ ...err })));',
      '});',
      'timer.cancel();',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim().split('\n')).toEqual(["[SystemError: Operation canceled] { code: 'ECANCELED', value: 125, category: { name: 'system' } }", 'false false']);
  });

  test('other errors keep their stack frames', () => {
    expect(new SystemError(errors.eof).stack).toMatch(/\n\s+at /);
  });
});
