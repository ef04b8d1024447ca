/**
 * `asyncRead` and its handler's associations (executor, immediate executor, cancellation slot)
 * and the work it keeps on the context.
 */
import {
  bindExecutor,
  bindImmediateExecutor,
  getAssociatedExecutor,
  inlineExecutor,
  IoContext,
  makeStrand,
  useFuture,
} from '@asio-ts/core';
import { asyncRead, dynamicStringBuffer, transferAll } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { readData, readDataSize } from '../helpers/bytes.js';
import { flushMicrotasks } from '../helpers/microtasks.js';
import { InlineReadStream, RecordingReadStream, TimerReadStream } from '../helpers/user-read-streams.js';
import { makeStream } from '../helpers/async-read-stream.js';

describe('handler associations and work', () => {
  test('bindExecutor(strand, handler): the handler and every intermediate handler carry the strand', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const stream = new RecordingReadStream(makeStream(ioc, 10));
    let onStrand: boolean | undefined;
    asyncRead(stream, new Uint8Array(readDataSize), bindExecutor(strand, (err, n) => {
      onStrand = strand.runningInThisThread();
      expect(err).toBeNull();
      expect(n).toBe(readDataSize);
    }));
    await ioc.run();
    expect(onStrand).toBe(true);
    expect(stream.handlers).toHaveLength(6);
    for (const h of stream.handlers) expect(getAssociatedExecutor(h)).toBe(strand);
  });

  test('bindImmediateExecutor(inlineExecutor, handler) with an inline stream runs the handler inside the call', async () => {
    const ioc = new IoContext();
    const stream = new InlineReadStream(ioc.getExecutor(), readData, 10);
    let calls = 0;
    asyncRead(stream, new Uint8Array(readDataSize), bindImmediateExecutor(inlineExecutor, (err, n) => {
      calls++;
      expect([err, n]).toEqual([null, readDataSize]);
    }));
    expect(calls).toBe(1);
    await ioc.run();
  });

  test('await ioc.run() returns only after the handler ran, when the stream completes from a setTimeout', async () => {
    const ioc = new IoContext();
    const stream = new TimerReadStream(ioc.getExecutor(), readData, 20, 5);
    const events: string[] = [];
    asyncRead(stream, new Uint8Array(readDataSize), (err, n) => events.push(`handler ${String(err)} ${n}`));
    await ioc.run();
    events.push('run returned');
    expect(events).toEqual(['handler null 53', 'run returned']);
  });

  test('a deferred read holds no work until launched; awaiting it launches it like useFuture', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    const op = asyncRead(stream, new Uint8Array(readDataSize), transferAll());
    await expect(ioc.run()).resolves.toBe(0);
    ioc.restart();
    const awaited = (async () => {
      const n = await op;
      expectTypeOf(n).toEqualTypeOf<number>();
      return n;
    })();
    await flushMicrotasks();
    await ioc.run();
    expect(await awaited).toBe(readDataSize);
  });

  test('an untagged function in third position is the handler; completionCondition or a fourth argument makes it a condition', async () => {
    const ioc = new IoContext();
    const s1 = makeStream(ioc, 10);
    let asHandler: unknown[] | undefined;
    asyncRead(s1, new Uint8Array(readDataSize), (...args: unknown[]) => {
      asHandler = args;
      return 0;
    });
    const s2 = makeStream(ioc, 10);
    const p2 = asyncRead(s2, new Uint8Array(readDataSize), (e: Error | null, n: number) => (e || n >= 30 ? 0 : 65536), undefined)(useFuture);
    await ioc.run();
    expect(asHandler).toEqual([null, readDataSize]);
    expect(await p2).toBe(30);
  });

  test('an array is copied when the read may start later: emptying it before the launch changes nothing', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    const buf = new Uint8Array(readDataSize);
    const seq = [buf.subarray(0, 32), buf.subarray(32)];
    const op = asyncRead(stream, seq);
    seq.length = 0;
    let n = -1;
    op((_e, m) => (n = m));
    await ioc.run();
    expect(n).toBe(readDataSize);
    expect(buf).toEqual(readData);
  });

  test('a plain callback: the array is copied too, so emptying it after the call does not end the read early', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    const buf = new Uint8Array(readDataSize);
    const seq = [buf.subarray(0, 32), buf.subarray(32)];
    let got: [string | null, number] = ['unset', -1];
    asyncRead(stream, seq, (e, m) => (got = [e?.code ?? null, m]));
    seq.length = 0;
    await ioc.run();
    expect(got).toEqual([null, readDataSize]);
    expect(buf).toEqual(readData);
  });

  test('a dynamic string buffer holds the bytes read as one char each', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    const ref = { value: 'pre:' };
    let n = -1;
    asyncRead(stream, dynamicStringBuffer(ref, 4 + readDataSize), (_e, m) => (n = m));
    await ioc.run();
    expect(n).toBe(readDataSize);
    expect(ref.value).toBe('pre:' + String.fromCharCode(...readData));
  });
});
