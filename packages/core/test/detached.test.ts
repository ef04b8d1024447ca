import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  coSpawn,
  detached,
  errors,
  IoContext,
  makeError,
  post,
  setDetachedErrorReporter,
  spawn,
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

// A detached coroutine's error is never lost, also when run() has already rejected. Its body can
// end on a promise while nobody runs its context (run() rejected because another handler threw,
// and was not called again): the error goes to the reporter when the coroutine ends, not through
// a handler queued on that context.
describe('detached coroutines: every error reaches the reporter', () => {
  let reported: Error[];
  let previous: DetachedErrorReporter;
  beforeEach(() => {
    reported = [];
    previous = setDetachedErrorReporter((e) => reported.push(e));
  });
  afterEach(() => {
    setDetachedErrorReporter(previous);
  });

  /** A promise the test settles by hand, outside any executor. */
  function gate(): { promise: Promise<void>; open: () => void } {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  }

  test('coSpawn: a coroutine that fails after run() rejected is still reported, without run() again', async () => {
    const ioc = new IoContext();
    const g = gate();
    coSpawn(
      ioc,
      async () => {
        await g.promise;
        throw new Error('late failure');
      },
      detached,
    );
    post(ioc, () => {
      throw new Error('a handler throws');
    });
    await expect(ioc.run()).rejects.toThrow('a handler throws');
    g.open();
    await flush(5);
    expect(reported.map((e) => e.message)).toEqual(['late failure']);
    // The coroutine's work is released through the context as before: a later run() finds it.
    ioc.restart();
    await ioc.run();
    expect(reported).toHaveLength(1);
  });

  test('coSpawn: with a reporter that throws, every failure is still reported and run() is not the one to throw', async () => {
    const uncaught: unknown[] = [];
    const realQueueMicrotask = globalThis.queueMicrotask;
    const spy = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((fn) =>
      realQueueMicrotask(() => {
        try {
          fn();
        } catch (e) {
          uncaught.push(e);
        }
      }),
    );
    setDetachedErrorReporter((e) => {
      reported.push(e);
      throw e;
    });
    try {
      const ioc = new IoContext();
      coSpawn(ioc, async () => Promise.reject(new Error('first')), detached);
      coSpawn(ioc, async () => Promise.reject(new Error('second')), detached);
      await ioc.run();
      await flush(3);
    } finally {
      spy.mockRestore();
    }
    expect(reported.map((e) => e.message)).toEqual(['first', 'second']);
    // The reporter's own exception surfaces on the host, as an uncaught exception would.
    expect(uncaught.map((e) => (e as Error).message)).toEqual(['first', 'second']);
  });

  test('spawn: a generator resumed from outside its context (a hand-written request over a timer) is reported after run() rejected', async () => {
    const ioc = new IoContext();
    spawn(
      ioc,
      function* () {
        // A Node-style callback API wrapped by hand: its callback runs on a timer, not on ioc.
        yield { initiation: (h: (err: null) => void) => void setTimeout(() => h(null), 5), errorRef: null };
        throw new Error('spawned failure');
      },
      detached,
    );
    post(ioc, () => {
      throw new Error('a handler throws');
    });
    await expect(ioc.run()).rejects.toThrow('a handler throws');
    await new Promise((r) => setTimeout(r, 30));
    expect(reported.map((e) => e.message)).toEqual(['spawned failure']);
  });

  test('detached under binders too, and exactly once', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    coSpawn(ioc, async () => Promise.reject(new Error('bound slot')), bindCancellationSlot(sig.slot(), detached));
    coSpawn(ioc, async () => Promise.reject(new Error('bound executor')), bindExecutor(ioc, detached));
    spawn(
      ioc,
      function* () {
        throw new Error('spawned');
      },
      bindCancellationSlot(sig.slot(), detached),
    );
    await ioc.run();
    await flush(3);
    expect(reported.map((e) => e.message).sort()).toEqual(['bound executor', 'bound slot', 'spawned']);
  });

  test('a coroutine that succeeds reports nothing; a non-Error thrown is reported as an Error', async () => {
    const ioc = new IoContext();
    coSpawn(ioc, async () => 1, detached);
    coSpawn(
      ioc,
      async () => {
        throw 'a string';
      },
      detached,
    );
    await ioc.run();
    await flush(3);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(Error);
    expect(reported[0]!.message).toMatch(/a string/);
  });

  test('the default reporter gets a detached coroutine\'s error too (a process warning)', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const mine = setDetachedErrorReporter(previous); // the default one
    try {
      const ioc = new IoContext();
      coSpawn(ioc, async () => Promise.reject(new Error('to the default')), detached);
      await ioc.run();
      await flush(3);
      expect(emitWarning).toHaveBeenCalledTimes(1);
      expect((emitWarning.mock.calls[0]![0] as Error).message).toBe('to the default');
    } finally {
      setDetachedErrorReporter(mine);
      emitWarning.mockRestore();
    }
  });
});

