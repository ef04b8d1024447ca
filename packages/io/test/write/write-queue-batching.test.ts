/**
 * WriteQueue: writes from anywhere, one composed asyncWrite at a time, in call order, the ones
 * queued meanwhile gathered into one write; errors, cancellation, work and throwing handlers.
 * Driven over SerialStream (test/helpers), which throws if two asyncWriteSome calls overlap and
 * completes each write when the test says.
 */
import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  errors,
  IoContext,
  type SystemError,
} from '@asio-ts/core';
import { WriteQueue, type WriteHandler } from '@asio-ts/io';
import { binaryString } from '../helpers/bytes.js';
import { SerialStream } from '../helpers/serial-stream.js';
import { bytes, drain, result, type Result } from '../helpers/write-queue-probe.js';

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
});
