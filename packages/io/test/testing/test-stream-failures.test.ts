// TestStream: failure injection (a failing read or write side, after n bytes).
import { errorIs, errors, IoContext, SystemError } from '@asio-ts/core';
import { TestStream } from '@asio-ts/io';
import { writeData } from '../helpers/bytes.js';
import { recorder } from '../helpers/recorder.js';

describe('failure injection', () => {
  test('the write that reaches failAt is cut short there with the error; later ones fail with 0 bytes', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 10, failAt: 15 });
    const { handler, results } = recorder();
    s.asyncWriteSome(writeData, handler);
    await ioc.run();
    s.asyncWriteSome(writeData.subarray(10), handler);
    ioc.restart();
    await ioc.run();
    s.asyncWriteSome(writeData.subarray(15), handler);
    ioc.restart();
    await ioc.run();
    expect(results.map(([e, n]) => [e?.code ?? null, n])).toEqual([
      [null, 10],
      ['EPIPE', 5],
      ['EPIPE', 0],
    ]);
    expect(results[1]![0]).toBeInstanceOf(SystemError);
    expect(s.received()).toEqual(writeData.subarray(0, 15));
  });

  test('failWith and failAt() choose the error and the offset', async () => {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { failWith: errors.connectionReset, failAt: 0 });
    const { handler, results } = recorder();
    s.asyncWriteSome(writeData, handler);
    await ioc.run();
    expect(errorIs(results[0]![0], errors.connectionReset)).toBe(true);
    expect(results[0]![1]).toBe(0);
    s.failAt(3, errors.timedOut);
    s.asyncWriteSome(writeData, handler);
    ioc.restart();
    await ioc.run();
    expect(errorIs(results[1]![0], errors.timedOut)).toBe(true);
    expect(results[1]![1]).toBe(3);
  });

  test('writeSome returns the short count of the write reaching failAt, and the next call throws', () => {
    const s = new TestStream(new IoContext(), { maxWriteSize: 10, failAt: 15 });
    expect(s.writeSome(writeData)).toBe(10);
    expect(s.writeSome(writeData.subarray(10))).toBe(5);
    expect(() => s.writeSome(writeData.subarray(15))).toThrow(SystemError);
    expect(s.received()).toEqual(writeData.subarray(0, 15));
    expect(s.writeCalls).toBe(3);
    const s2 = new TestStream(new IoContext(), { failAt: 0 });
    expect(() => s2.writeSome(writeData)).toThrow(expect.objectContaining({ code: 'EPIPE' }));
  });
});
