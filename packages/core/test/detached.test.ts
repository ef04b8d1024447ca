import {
  bindCancellationSlot,
  CancellationSignal,
  detached,
  errors,
  IoContext,
  makeError,
  setDetachedErrorReporter,
  type DetachedErrorReporter,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncComplete, asyncWaitForever, flush, stats } from './helpers/ops';

describe('detached', () => {
  let reported: Error[];
  let previous: DetachedErrorReporter;
  beforeEach(() => {
    reported = [];
    previous = setDetachedErrorReporter((e) => reported.push(e));
  });
  afterEach(() => {
    setDetachedErrorReporter(previous);
  });

  test('launches the operation at once and returns nothing', async () => {
    const before = stats.initiations;
    const r = asyncAdd(1, 2, detached);
    expectTypeOf(r).toEqualTypeOf<void>();
    expect(r).toBeUndefined();
    expect(stats.initiations).toBe(before + 1);
    await flush();
    expect(reported).toEqual([]);
  });

  test('an error in the first slot goes to the reporter, exactly once', async () => {
    asyncAdd(Number.MAX_SAFE_INTEGER, 1, detached);
    expect(reported).toEqual([]); // not inside the initiating call
    await flush(3);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ code: 'EINVAL' });
  });

  test('errors of cancelled detached operations are reported too', async () => {
    const sig = new CancellationSignal();
    asyncWaitForever(bindCancellationSlot(sig.slot(), detached));
    sig.emit();
    await flush();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ code: 'ECANCELED' });
  });

  test('values, and errors that are not in the first slot, are ignored', async () => {
    const io = new IoContext();
    asyncComplete(io, ['value', makeError(errors.eof)], detached);
    asyncComplete(io, [null as SystemError | null, 1, 2], detached);
    asyncComplete(io, [], detached);
    await io.run();
    expect(reported).toEqual([]);
  });

  test('setDetachedErrorReporter returns the previous reporter', () => {
    const mine = (): void => {};
    const theirs = setDetachedErrorReporter(mine);
    expect(setDetachedErrorReporter(theirs)).toBe(mine);
  });

  test('a reporter that is not a function is a TypeError', () => {
    expect(() => setDetachedErrorReporter(null as never)).toThrow(TypeError);
    expect(() => setDetachedErrorReporter('log' as never)).toThrow(/reporter/);
  });

  test('the default reporter emits a process warning', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const mine = setDetachedErrorReporter(previous); // the default one
    try {
      asyncAdd(Number.MAX_SAFE_INTEGER, 1, detached);
      await flush();
      expect(emitWarning).toHaveBeenCalledTimes(1);
      expect(emitWarning.mock.calls[0]![0]).toMatchObject({ code: 'EINVAL' });
    } finally {
      setDetachedErrorReporter(mine);
      emitWarning.mockRestore();
    }
  });

  test('the token is frozen', () => {
    expect(Object.isFrozen(detached)).toBe(true);
  });
});
