/**
 * WriteQueue over a stream that throws (a bug of the stream): the write whose call threw throws
 * and its handler never runs (as with asyncWrite); every other write completes exactly once; the
 * queue is failed and holds no work, also when the throw comes from a later chunk, out of run().
 */
import { IoContext, useFuture, type Executor } from '@asio-ts/core';
import { WriteQueue, type AsyncWriteStream, type ConstBufferSequence, type WriteHandler } from '@asio-ts/io';
import { SerialStream } from '../helpers/serial-stream.js';
import { bytes, drain, result, type Result } from '../helpers/write-queue-probe.js';

/** Takes up to 2 bytes per call, completing posted; throws on the calls listed. */
function chunky(ex: Executor, throwOn: number[]): AsyncWriteStream & { calls: number } {
  const stream = {
    calls: 0,
    getExecutor: () => ex,
    asyncWriteSome(b: ConstBufferSequence, h: WriteHandler) {
      if (throwOn.includes(++stream.calls)) throw new Error('stream bug');
      const size = b instanceof Uint8Array ? b.length : [...b].reduce((n, x) => n + x.length, 0);
      ex.post(() => h(null, Math.min(2, size)));
    },
  };
  return stream;
}

describe('WriteQueue over a stream that throws', () => {
  test('a throw inside the call: the caller gets the exception, its handler never runs; later writes fail, writing nothing', () => {
    const ioc = new IoContext();
    const stream = chunky(ioc.getExecutor(), [1]);
    const queue = new WriteQueue(stream);
    const got: Result[] = [];
    expect(() => queue.asyncWrite(bytes('a'), (err, n) => got.push(result(err, n)))).toThrow('stream bug');
    expect(queue.pending()).toBe(0);
    queue.asyncWrite(bytes('b'), (err, n) => got.push(result(err, n)));
    drain(ioc);
    expect(got).toEqual([['EUNKNOWN', 0]]);
    expect(stream.calls).toBe(1);
    expect(ioc.stopped()).toBe(true);
  });

  test('with useFuture the caller gets the exception and no promise is left to reject', async () => {
    const ioc = new IoContext();
    const queue = new WriteQueue(chunky(ioc.getExecutor(), [1]));
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(() => queue.asyncWrite(bytes('a'), useFuture)).toThrow('stream bug');
      await ioc.run();
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  test('a throw on a later chunk leaves run(); the write completes with its bytes, the queued ones fail, nothing is wedged', () => {
    const ioc = new IoContext();
    const stream = chunky(ioc.getExecutor(), [2]);
    const queue = new WriteQueue(stream);
    const got: Array<[string, ...Result]> = [];
    const record = (name: string): WriteHandler => (err, n) => got.push([name, ...result(err, n)]);
    queue.asyncWrite(bytes('aaaa'), record('a'));
    queue.asyncWrite(bytes('b'), record('b'));
    expect(() => drain(ioc)).toThrow('stream bug');
    expect(queue.pending()).toBe(0);
    drain(ioc);
    expect(got).toEqual([
      ['a', 'EUNKNOWN', 2],
      ['b', 'EUNKNOWN', 0],
    ]);
    queue.asyncWrite(bytes('c'), record('c'));
    // Bounded: on the old code the context never ran out of work.
    for (let i = 0; i === 0 || (i < 10 && !ioc.stopped()); i++) drain(ioc);
    expect(got[2]).toEqual(['c', 'EUNKNOWN', 0]);
    expect(ioc.stopped()).toBe(true);
    expect(stream.calls).toBe(2);
  });

  test('a throw while a completion starts the next batch: that batch completes with the error, the finished one succeeds', () => {
    const ioc = new IoContext();
    const stream = chunky(ioc.getExecutor(), [2]);
    const queue = new WriteQueue(stream);
    const got: Array<[string, ...Result]> = [];
    const record = (name: string): WriteHandler => (err, n) => got.push([name, ...result(err, n)]);
    queue.asyncWrite(bytes('aa'), record('a'));
    queue.asyncWrite(bytes('b'), record('b'));
    queue.asyncWrite(bytes('c'), record('c'));
    expect(() => drain(ioc)).toThrow('stream bug');
    for (let i = 0; i === 0 || (i < 10 && !ioc.stopped()); i++) drain(ioc);
    expect(got).toEqual([
      ['a', null, 2],
      ['b', 'EUNKNOWN', 0],
      ['c', 'EUNKNOWN', 0],
    ]);
    expect(ioc.stopped()).toBe(true);
  });

  test('a handler that throws after its batch completed is not taken for a stream failure', () => {
    const ioc = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    const got: Result[] = [];
    queue.asyncWrite(bytes('a'), () => {
      throw new Error('handler bug');
    });
    stream.complete(Infinity);
    expect(() => drain(ioc)).toThrow('handler bug');
    queue.asyncWrite(bytes('b'), (err, n) => got.push(result(err, n)));
    stream.complete(Infinity);
    drain(ioc);
    expect(got).toEqual([[null, 1]]);
  });
});

test('a stream that reports more bytes than it was given, in a later completion: the RangeError leaves run(), the write completes', () => {
  const ioc = new IoContext();
  const ex = ioc.getExecutor();
  const queue = new WriteQueue({ getExecutor: () => ex, asyncWriteSome: (_b, h) => ex.post(() => h(null, 99)) });
  const got: Result[] = [];
  queue.asyncWrite(bytes('ab'), (err, n) => got.push(result(err, n)));
  expect(() => drain(ioc)).toThrow(RangeError);
  drain(ioc);
  expect(got).toEqual([['EUNKNOWN', 0]]);
  expect(ioc.stopped()).toBe(true);
});
