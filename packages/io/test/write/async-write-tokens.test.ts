/**
 * `asyncWrite` token and argument forms: every completion token and the argument shapes it
 * accepts or rejects.
 */
import { asTuple, bindExecutor, IoContext, makeStrand, redirectError, useFuture, type ErrorRef } from '@asio-ts/core';
import { asyncWrite, completionCondition, dynamicStringBuffer, TestStream, transferAll, transferExactly } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { binaryString, writeData, writeDataSize } from '../helpers/bytes.js';
import { flushMicrotasks } from '../helpers/microtasks.js';

function makeSentinel(): Error {
  return new Error('not overwritten');
}
describe('token and argument forms', () => {
  test('await asyncWrite(s, buffers) launches the deferred operation like useFuture', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const awaited = (async () => {
      const n = await asyncWrite(stream, writeData);
      expectTypeOf(n).toEqualTypeOf<number>();
      return n;
    })();
    await flushMicrotasks();
    await ioc.run();
    expect(await awaited).toBe(writeDataSize);
  });

  test('a deferred operation runs once', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc);
    const op = asyncWrite(stream, writeData, transferAll());
    op(() => {});
    expect(() => op(() => {})).toThrow(TypeError);
    await ioc.run();
    expect(stream.writeCalls).toBe(1);
  });

  test('an untagged function in third position is the handler; completionCondition(fn) or a fourth argument makes it a condition', async () => {
    const ioc = new IoContext();
    const s1 = new TestStream(ioc, { maxWriteSize: 10 });
    let asHandler: unknown[] | undefined;
    const r = asyncWrite(s1, writeData, (...args: unknown[]) => {
      asHandler = args;
      return 0;
    });
    expect(r).toBeUndefined();

    const s2 = new TestStream(ioc, { maxWriteSize: 10 });
    const op = asyncWrite(s2, writeData, completionCondition((e: Error | null, n: number) => (e || n >= 20 ? 0 : 65536)));
    expect(typeof op).toBe('function');
    const p2 = op(useFuture);

    const s3 = new TestStream(ioc, { maxWriteSize: 10 });
    const op3 = asyncWrite(s3, writeData, (e: Error | null, n: number) => (e || n >= 30 ? 0 : 65536), undefined);
    const p3 = op3(useFuture);

    await ioc.run();
    expect(asHandler).toEqual([null, writeDataSize]);
    expect(await p2).toBe(20);
    expect(await p3).toBe(30);
  });

  test('asTuple, redirectError and bindExecutor around useFuture', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const ref: ErrorRef = { error: makeSentinel() };
    const t = asyncWrite(stream, writeData, transferExactly(5), asTuple(useFuture));
    await ioc.run();
    expect(await t).toEqual([null, 5]);
    ioc.restart();
    const r = asyncWrite(stream, writeData, redirectError(useFuture, ref));
    await ioc.run();
    expect(await r).toBe(writeDataSize);
    expect(ref.error).toBeNull();
    ioc.restart();
    const b = asyncWrite(stream, writeData, bindExecutor(strand, useFuture));
    await ioc.run();
    expect(await b).toBe(writeDataSize);
  });

  test('an array is copied when the write may start later: emptying it before the launch changes nothing', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const seq = [writeData.subarray(0, 32), writeData.subarray(32)];
    const op = asyncWrite(stream, seq);
    seq.length = 0;
    let n = -1;
    op((_e, m) => {
      n = m;
    });
    await ioc.run();
    expect(n).toBe(writeDataSize);
    expect(stream.checkBuffers(writeData)).toBe(true);
  });

  // Asio copies the buffer sequence: later chunks are prepared after the initiating call returned.
  test('with a callback too, the array is copied: changing it after the call changes nothing', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const seq = [writeData.subarray(0, 32), writeData.subarray(32)];
    let n = -1;
    asyncWrite(stream, seq, (_e, m) => {
      n = m;
    });
    seq[1] = new Uint8Array(seq[1]!.length).fill(0xee);
    seq.length = 1;
    await ioc.run();
    expect(n).toBe(writeDataSize);
    expect(stream.checkBuffers(writeData)).toBe(true);
  });

  test('a dynamic buffer is read when the operation starts and consumed once, at completion', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    const ref = { value: 'stale' };
    const buf = dynamicStringBuffer(ref);
    const op = asyncWrite(stream, buf);
    ref.value = binaryString(writeData);
    let n = -1;
    op((_e, m) => {
      n = m;
    });
    stream.completePending();
    ioc.poll();
    // Asio's write_dynbuf_v1_op consumes when the whole write completes.
    expect(ref.value).toBe(binaryString(writeData));
    while (stream.completePending()) ioc.poll();
    await ioc.run();
    expect(n).toBe(writeDataSize);
    expect(ref.value).toBe('');
  });
});
