/**
 * WriteQueue: writes from anywhere, one composed asyncWrite at a time, in call order, the ones
 * queued meanwhile gathered into one write. Driven mostly over SerialStream (test/helpers), which
 * throws if two asyncWriteSome calls overlap and completes each write when the test says.
 */
import { Writable } from 'node:stream';
import {
  asTuple,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  coSpawn,
  errorIs,
  errors,
  IoContext,
  makeStrand,
  useAwaitable,
  useFuture,
  type SystemError,
} from '@asio-ts/core';
import { fromWritable, TestStream, WriteQueue, type AsyncWriteStream, type WriteHandler } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { binaryString, fromBinaryString } from '../helpers/bytes.js';
import { SerialStream } from '../helpers/serial-stream.js';

const bytes = (s: string): Uint8Array => fromBinaryString(s);
type Result = [code: string | null, n: number];
const result = (err: SystemError | null, n: number): Result => [err === null ? null : err.code, n];

function drain(ioc: IoContext): number {
  ioc.restart();
  return ioc.poll();
}

describe('WriteQueue over a stream that allows one write at a time', () => {
  test('the first write goes out alone; those queued meanwhile go out together, in call order; each handler gets its own share', () => {
    const ioc = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    const got: Array<[string, ...Result]> = [];
    const record = (name: string): WriteHandler => (err, n) => got.push([name, ...result(err, n)]);
    queue.asyncWrite(bytes('aaa'), record('a'));
    queue.asyncWrite([bytes('bb'), bytes('b')], record('b'));
    queue.asyncWrite(bytes('cccc'), record('c'));
    expect(queue.pending()).toBe(3);
    expect(stream.calls.map((c) => c.map(binaryString))).toEqual([['aaa']]);
    stream.complete(Infinity);
    drain(ioc);
    expect(got).toEqual([['a', null, 3]]);
    // One gathered write of everything queued while the first was in flight.
    expect(stream.calls.map((c) => c.map(binaryString))).toEqual([['aaa'], ['bb', 'b', 'cccc']]);
    // Chunked by the stream: the composed write continues until the batch is out.
    stream.complete(4);
    drain(ioc);
    expect(stream.calls.length).toBe(3);
    expect(got.length).toBe(1);
    stream.complete(Infinity);
    drain(ioc);
    expect(got).toEqual([
      ['a', null, 3],
      ['b', null, 3],
      ['c', null, 4],
    ]);
    expect(binaryString(stream.received())).toBe('aaabbbcccc');
    expect(stream.overlaps).toBe(0);
    expect(queue.pending()).toBe(0);
  });

  test('an error splits the batch: whole writes succeed, the one it stopped in gets the error and its bytes, later ones (err, 0)', () => {
    const ioc = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    const got: Array<[string, ...Result]> = [];
    const record = (name: string): WriteHandler => (err, n) => got.push([name, ...result(err, n)]);
    queue.asyncWrite(bytes('x'), record('x'));
    queue.asyncWrite(bytes('aaa'), record('a'));
    queue.asyncWrite(bytes('bbb'), record('b'));
    queue.asyncWrite(bytes('ccc'), record('c'));
    stream.complete(Infinity);
    drain(ioc);
    // The batch a, b, c fails after 4 bytes: a whole, b after 1 byte.
    queue.asyncWrite(bytes('queued'), record('queued'));
    stream.complete(4, errors.brokenPipe);
    drain(ioc);
    expect(got).toEqual([
      ['x', null, 1],
      ['a', null, 3],
      ['b', 'EPIPE', 1],
      ['c', 'EPIPE', 0],
      ['queued', 'EPIPE', 0],
    ]);
    // Failed: later writes complete with the same error, never inside the call, and write nothing.
    let late: Result | null = null;
    queue.asyncWrite(bytes('late'), (err, n) => (late = result(err, n)));
    expect(late).toBeNull();
    drain(ioc);
    expect(late).toEqual(['EPIPE', 0]);
    expect(binaryString(stream.received())).toBe('xaaab');
    expect(stream.calls.length).toBe(2);
  });

  test('an error after every byte of the batch went out is reported by its last write', () => {
    const ioc = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    const got: Result[] = [];
    queue.asyncWrite(bytes('first'), () => {});
    queue.asyncWrite(bytes('aa'), (err, n) => got.push(result(err, n)));
    queue.asyncWrite(bytes('bb'), (err, n) => got.push(result(err, n)));
    stream.complete(Infinity);
    drain(ioc);
    stream.complete(4, errors.connectionReset);
    drain(ioc);
    expect(got).toEqual([
      [null, 2],
      ['ECONNRESET', 2],
    ]);
  });

  test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])(
    'a queued write cancelled (type %i) completes with operationAborted and its bytes never reach the stream',
    (type) => {
      const ioc = new IoContext();
      const stream = new SerialStream(ioc.getExecutor());
      const queue = new WriteQueue(stream);
      const signal = new CancellationSignal();
      const got: Array<[string, ...Result]> = [];
      const record = (name: string): WriteHandler => (err, n) => got.push([name, ...result(err, n)]);
      queue.asyncWrite(bytes('a'), record('a'));
      queue.asyncWrite(bytes('b'), bindCancellationSlot(signal.slot(), record('b')));
      queue.asyncWrite(bytes('c'), record('c'));
      signal.emit(type);
      expect(got).toEqual([]);
      expect(queue.pending()).toBe(2);
      stream.complete(Infinity);
      drain(ioc);
      stream.complete(Infinity);
      drain(ioc);
      expect(got).toEqual([
        ['b', 'ECANCELED', 0],
        ['a', null, 1],
        ['c', null, 1],
      ]);
      expect(binaryString(stream.received())).toBe('ac');
      expect(signal.slot().hasHandler()).toBe(false);
    },
  );

  test('a write in flight is not cancelled: its bytes are part of a write shared with others', () => {
    const ioc = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    const signal = new CancellationSignal();
    const got: Result[] = [];
    queue.asyncWrite(bytes('abc'), bindCancellationSlot(signal.slot(), (err: SystemError | null, n: number) => got.push(result(err, n))));
    signal.emit(CancellationType.Terminal);
    stream.complete(Infinity);
    drain(ioc);
    expect(got).toEqual([[null, 3]]);
  });

  test('cancelling every queued write: the next batch is skipped, the queue goes idle and then writes again', () => {
    const ioc = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    const signals = [new CancellationSignal(), new CancellationSignal()];
    const got: Result[] = [];
    queue.asyncWrite(bytes('a'), () => {});
    for (const s of signals) queue.asyncWrite(bytes('zz'), bindCancellationSlot(s.slot(), (err: SystemError | null, n: number) => got.push(result(err, n))));
    for (const s of signals) s.emit();
    stream.complete(Infinity);
    drain(ioc);
    expect(stream.hasPending()).toBe(false);
    expect(got).toEqual([
      ['ECANCELED', 0],
      ['ECANCELED', 0],
    ]);
    queue.asyncWrite(bytes('b'), () => {});
    expect(stream.hasPending()).toBe(true);
    stream.complete(Infinity);
    drain(ioc);
    expect(binaryString(stream.received())).toBe('ab');
  });

  test('every write holds work until its handler ran; handlers run on their own executors', async () => {
    const ioc = new IoContext();
    const other = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    let ranOnOther = false;
    queue.asyncWrite(bytes('a'), () => {});
    queue.asyncWrite(bytes('b'), bindExecutor(other, () => (ranOnOther = true)));
    let finished = false;
    const running = ioc.run().then(() => (finished = true));
    const runningOther = other.run();
    await new Promise((r) => setImmediate(r));
    expect(finished).toBe(false);
    stream.complete(Infinity);
    await new Promise((r) => setImmediate(r));
    expect(finished).toBe(false);
    stream.complete(Infinity);
    await running;
    await runningOther;
    expect(ranOnOther).toBe(true);
  });

  test('a handler that throws (run inline) does not strand the others', () => {
    const ioc = new IoContext();
    const stream = new SerialStream(ioc.getExecutor());
    const queue = new WriteQueue(stream);
    const got: string[] = [];
    queue.asyncWrite(bytes('a'), () => {});
    queue.asyncWrite(bytes('b'), () => {
      throw new Error('boom');
    });
    queue.asyncWrite(bytes('c'), () => got.push('c'));
    stream.complete(Infinity);
    drain(ioc);
    stream.complete(Infinity);
    // The handlers run inline, one after the other, inside the context: b's exception leaves poll().
    expect(() => drain(ioc)).toThrow('boom');
    expect(got).toEqual([]);
    drain(ioc);
    expect(got).toEqual(['c']);
  });

  test('a stream whose asyncWriteSome throws: every write completes with the error, the queue is failed, the exception goes on', () => {
    const ioc = new IoContext();
    const broken: AsyncWriteStream = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSome: () => {
        throw new Error('stream bug');
      },
    };
    const queue = new WriteQueue(broken);
    const got: Result[] = [];
    expect(() => queue.asyncWrite(bytes('a'), (err, n) => got.push(result(err, n)))).toThrow('stream bug');
    queue.asyncWrite(bytes('b'), (err, n) => got.push(result(err, n)));
    drain(ioc);
    expect(got).toEqual([
      ['EUNKNOWN', 0],
      ['EUNKNOWN', 0],
    ]);
  });
});

describe('WriteQueue with tokens and coroutines', () => {
  test('useFuture, deferred, asTuple, and several coroutines writing at once', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 3 });
    const queue = new WriteQueue(stream);
    const strand = makeStrand(ioc.getExecutor());
    const writers = ['alpha', 'beta', 'gamma'].map((word) =>
      coSpawn(
        strand,
        async () => {
          let total = 0;
          for (let i = 0; i < 3; i++) total += await queue.asyncWrite(bytes(`${word}${i};`), useAwaitable);
          return total;
        },
        useFuture,
      ),
    );
    const future = queue.asyncWrite(bytes('F;'), useFuture);
    const lazy = queue.asyncWrite(bytes('D;'));
    const tuple = queue.asyncWrite(bytes('T;'), asTuple(useFuture));
    expectTypeOf(future).toEqualTypeOf<Promise<number>>();
    const running = ioc.run();
    expect(await lazy).toBe(2);
    await running;
    expect(await Promise.all(writers)).toEqual([21, 18, 21]);
    expect(await future).toBe(2);
    expect(await tuple).toEqual([null, 2]);
    const text = binaryString(stream.received());
    // Each coroutine's writes in its own order, none cut by another's.
    for (const word of ['alpha', 'beta', 'gamma']) {
      const mine = text.split(';').filter((s) => s.startsWith(word));
      expect(mine).toEqual([`${word}0`, `${word}1`, `${word}2`]);
    }
    expect(text.length).toBe(60 + 6);
  });

  test('over fromWritable, a gathered batch reaches _writev as one call', async () => {
    const batches: number[] = [];
    const chunks: Buffer[] = [];
    const writable = new Writable({
      writev(list, cb) {
        batches.push(list.length);
        for (const c of list) chunks.push(Buffer.from(c.chunk as Buffer));
        setTimeout(cb, 1);
      },
    });
    const queue = new WriteQueue(fromWritable(writable));
    const all = ['one', 'two', 'three', 'four'].map((w) => queue.asyncWrite(bytes(w), useFuture));
    expect(await Promise.all(all)).toEqual([3, 3, 5, 4]);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('onetwothreefour');
    expect(batches).toEqual([1, 3]);
  });
});

describe('bad input', () => {
  test('programmer errors throw at once, naming the argument', () => {
    expect(() => new WriteQueue({} as never)).toThrow(/^stream must be an AsyncWriteStream/);
    const queue = new WriteQueue(new TestStream(new IoContext()));
    expect(() => queue.asyncWrite(42 as never)).toThrow(/^buffers/);
    expect(() => queue.asyncWrite(['x'] as never)).toThrow(/^buffers must be a Uint8Array or an iterable of Uint8Array, element 0/);
    expect(() => queue.asyncWrite(bytes('a'), 42 as never)).toThrow(/^token/);
  });

  test('errors.operationAborted is what a cancelled queued write reports', () => {
    expect(errorIs({ code: 'ECANCELED', value: 125, category: errors.operationAborted.category }, errors.operationAborted)).toBe(true);
  });
});
