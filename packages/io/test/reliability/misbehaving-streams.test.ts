/**
 * Streams and sinks that break their contract, and what asyncWrite still guarantees.
 *
 * - A stream that completes with any error value (not only a SystemError): the handler gets a
 *   SystemError (fromNodeError's mapping, the original kept as `cause`), exactly once.
 * - A stream that calls its handler twice: the second call throws at the stream; the final
 *   handler still runs exactly once.
 * - A stream that throws, or reports more bytes than it was offered (a programmer error in the
 *   stream): the exception propagates (out of asyncWrite, or out of whatever ran the stream's
 *   completion) and the operation is abandoned, as a C++ write_op destroyed during unwinding:
 *   the handler never runs, and no work, slot handler or AbortSignal listener is left behind.
 *   "Exactly once" becomes "at most once" only when user code throws.
 */
import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  fromNodeError,
  HandlerWork,
  withAssociationsOf,
  IoContext,
  SystemError,
  type Executor,
} from '@asio-ts/core';
import { asyncWrite, fromWebWritable, type AsyncWriteStream, type ConstBufferSequence, type WriteHandler } from '@asio-ts/io';
import { CountingExecutor } from '../../../core/test/reliability/counting-executor.js';

/** `deliver(fn)`: run `fn` as an immediate completion of the call, through a HandlerWork. */
type Behaviour = (call: number, buffers: ConstBufferSequence, handler: WriteHandler, deliver: (fn: () => void) => void) => void;

class ScriptedStream implements AsyncWriteStream {
  calls = 0;
  constructor(
    readonly executor: Executor,
    readonly behaviour: Behaviour,
  ) {}
  getExecutor(): Executor {
    return this.executor;
  }
  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    const call = this.calls++;
    this.behaviour(call, buffers, handler, (fn) => new HandlerWork(withAssociationsOf(fn, handler), this.executor).complete());
  }
}

const size = (b: ConstBufferSequence): number => (b instanceof Uint8Array ? b.length : [...b].reduce((a, x) => a + x.length, 0));

/** One write with both kinds of cancellation source bound, so leaks of either show. */
function start(stream: AsyncWriteStream, bytes: number) {
  const signal = new CancellationSignal();
  const controller = new AbortController();
  const results: Array<[unknown, number]> = [];
  const handler = bindAbortSignal(
    controller.signal,
    bindCancellationSlot(signal.slot(), (err: SystemError | null, n: number) => {
      results.push([err, n]);
    }),
  );
  const launch = (): void => asyncWrite(stream, new Uint8Array(bytes), handler);
  const leaks = (): string[] => {
    const out: string[] = [];
    if (signal.slot().hasHandler()) out.push('slot handler');
    if (getEventListeners(controller.signal, 'abort').length > 0) out.push('abort listener');
    return out;
  };
  return { results, launch, leaks };
}

describe('foreign error values', () => {
  test.each([
    ['a plain Error', () => new Error('plain'), 'EUNKNOWN'],
    ['an Error with a Node code', () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), 'EPIPE'],
    ['a string', () => 'a string failure', 'EUNKNOWN'],
    ['a number', () => 42, 'EUNKNOWN'],
    ['an object literal', () => ({ reason: 'x' }), 'EUNKNOWN'],
    ['a null-prototype object', () => Object.create(null) as unknown, 'EUNKNOWN'],
    ['an object whose toString is not callable', () => ({ toString: 1, valueOf: 1 }), 'EUNKNOWN'],
  ])('a stream completing with %s: the handler gets a SystemError, exactly once', async (_what, make, code) => {
    const ioc = new IoContext();
    const ex = new CountingExecutor(ioc.getExecutor());
    const raw = make();
    const stream = new ScriptedStream(ex, (_call, _b, handler, deliver) => {
      deliver(() => handler(raw as never, 0));
    });
    const w = start(stream, 8);
    w.launch();
    await ioc.run();
    expect(w.results).toHaveLength(1);
    const [err, n] = w.results[0]!;
    expect(err).toBeInstanceOf(SystemError);
    expect((err as SystemError).code).toBe(code);
    expect(n).toBe(0);
    expect(w.leaks()).toEqual([]);
    expect(ex.outstanding).toBe(0);
  });

  test('fromNodeError maps any value without throwing', () => {
    for (const v of [Object.create(null) as unknown, { toString: 1, valueOf: 1 }, Symbol('s'), 10n, undefined, null]) {
      expect(() => fromNodeError(v)).not.toThrow();
      expect(fromNodeError(v)).toBeInstanceOf(SystemError);
    }
  });

  test('a WHATWG sink rejecting with a null-prototype object: the write completes with a SystemError', async () => {
    const ws = new WritableStream<Uint8Array>({
      write() {
        return Promise.reject(Object.create(null));
      },
    });
    const stream = fromWebWritable(ws);
    const result = await new Promise<[unknown, number] | 'never called'>((resolve) => {
      const timer = setTimeout(() => resolve('never called'), 500);
      asyncWrite(stream, new Uint8Array(4), (err, n) => {
        clearTimeout(timer);
        resolve([err, n]);
      });
    });
    expect(result).not.toBe('never called');
    const [err, n] = result as [unknown, number];
    expect(err).toBeInstanceOf(SystemError);
    expect(n).toBe(0);
  });
});

describe('streams breaking the AsyncWriteStream contract', () => {
  test('a stream that calls its handler twice: the second call throws at the stream; the final handler runs once', async () => {
    const ioc = new IoContext();
    const ex = new CountingExecutor(ioc.getExecutor());
    const secondCall: unknown[] = [];
    const stream = new ScriptedStream(ex, (_call, buffers, handler, deliver) => {
      deliver(() => {
        handler(null, size(buffers));
        try {
          handler(null, size(buffers));
        } catch (e) {
          secondCall.push(e);
        }
      });
    });
    const w = start(stream, 8);
    w.launch();
    await ioc.run();
    expect(w.results).toEqual([[null, 8]]);
    expect(secondCall).toHaveLength(1);
    expect(secondCall[0]).toBeInstanceOf(Error);
    expect(w.leaks()).toEqual([]);
    expect(ex.outstanding).toBe(0);
  });

  test('a stream whose asyncWriteSome throws at once: asyncWrite throws it, and nothing is left behind', async () => {
    const ioc = new IoContext();
    const ex = new CountingExecutor(ioc.getExecutor());
    const stream = new ScriptedStream(ex, () => {
      throw new TypeError('buffers: this stream takes no writes');
    });
    const w = start(stream, 8);
    expect(() => w.launch()).toThrow('this stream takes no writes');
    await ioc.run();
    expect(w.results).toEqual([]);
    expect(w.leaks()).toEqual([]);
    expect(ex.outstanding).toBe(0);
  });

  test('a stream that throws on a later chunk: the exception leaves run(); the op is abandoned without leaks', async () => {
    const ioc = new IoContext();
    const ex = new CountingExecutor(ioc.getExecutor());
    const stream = new ScriptedStream(ex, (call, _buffers, handler, deliver) => {
      if (call === 1) throw new Error('the second chunk fails to start');
      deliver(() => handler(null, 3));
    });
    const w = start(stream, 8);
    w.launch();
    await expect(ioc.run()).rejects.toThrow('the second chunk fails to start');
    await ioc.run();
    expect(w.results).toEqual([]);
    expect(w.leaks()).toEqual([]);
    expect(ex.outstanding).toBe(0);
  });

  test('a stream reporting more bytes than it was offered: a RangeError at the stream; no leaks', async () => {
    const ioc = new IoContext();
    const ex = new CountingExecutor(ioc.getExecutor());
    const thrown: unknown[] = [];
    const stream = new ScriptedStream(ex, (_call, buffers, handler, deliver) => {
      deliver(() => {
        try {
          handler(null, size(buffers) + 1);
        } catch (e) {
          thrown.push(e);
        }
      });
    });
    const w = start(stream, 8);
    w.launch();
    await ioc.run();
    expect(thrown).toHaveLength(1);
    expect(thrown[0]).toBeInstanceOf(RangeError);
    expect(w.results).toEqual([]);
    expect(w.leaks()).toEqual([]);
    expect(ex.outstanding).toBe(0);
  });
});
