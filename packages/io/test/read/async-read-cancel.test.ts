/**
 * Cancellation of `asyncRead`: exactly the bytes read are committed and the handler gets
 * `operation_aborted`.
 */
import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { asyncRead, ByteVector, dynamicBufferV2, TestStream, type ReadHandler } from '@asio-ts/io';
import { readData, readDataSize } from '../helpers/bytes.js';
import { dynamicKinds } from '../helpers/read-targets.js';
import { makeStream } from '../helpers/async-read-stream.js';

describe('cancellation', () => {
  const viaSignal = (type: CancellationType) => (h: ReadHandler) => {
    const sig = new CancellationSignal();
    return { token: bindCancellationSlot(sig.slot(), h), cancel: () => sig.emit(type), released: () => !sig.slot().hasHandler() };
  };
  const viaAbortSignal = (type: CancellationType) => (h: ReadHandler) => {
    const ac = new AbortController();
    return {
      token: bindAbortSignal(ac.signal, h, type),
      cancel: () => ac.abort(),
      released: () => getEventListeners(ac.signal, 'abort').length === 0,
    };
  };

  describe.each([
    ['bindCancellationSlot, terminal', viaSignal(CancellationType.Terminal)],
    ['bindCancellationSlot, partial', viaSignal(CancellationType.Partial)],
    ['bindAbortSignal, terminal', viaAbortSignal(CancellationType.Terminal)],
    ['bindAbortSignal, partial', viaAbortSignal(CancellationType.Partial)],
  ] as const)('%s', (_name, bind) => {
    test.each(['a buffer', ...dynamicKinds.map((k) => k.name)])(
      'while a read is pending (into %s): forwarded to the stream; operationAborted, the bytes before, nothing more taken',
      async (into) => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc, { mode: 'manual', maxReadSize: 10 });
        stream.reset(readData);
        stream.nextReadLength(10);
        const kind = dynamicKinds.find((k) => k.name === into);
        const d = kind?.make();
        const buf = new Uint8Array(readDataSize);
        let got: [SystemError | null, number] | undefined;
        let calls = 0;
        const b = bind((err, n) => {
          calls++;
          got = [err, n];
        });
        asyncRead(stream, d === undefined ? buf : d.buffers, b.token);
        for (let i = 0; i < 2; i++) {
          expect(stream.completePending()).toBe(true);
          ioc.poll();
        }
        expect(stream.hasPending()).toBe(true);
        b.cancel();
        expect(stream.hasPending()).toBe(false);
        await ioc.run();
        expect(calls).toBe(1);
        expect(errorIs(got![0], errors.operationAborted)).toBe(true);
        expect(got![1]).toBe(20);
        // The cancelled read took nothing from the stream's data.
        expect(stream.bytesRead()).toBe(20);
        if (d === undefined) expect(buf.subarray(0, 20)).toEqual(readData.subarray(0, 20));
        else expect(d.contents()).toEqual(readData.subarray(0, 20));
        expect(b.released()).toBe(true);
      },
    );
  });

  test.each(['terminal', 'partial'] as const)('%s cancellation between reads stops the operation with operationAborted, the bytes read committed', async (kind) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10); // 'post' mode: no cancellation support in the stream
    const sig = new CancellationSignal();
    const vec = new ByteVector();
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, dynamicBufferV2(vec), bindCancellationSlot(sig.slot(), (err, n) => (got = [err, n])));
    sig.emit(kind === 'terminal' ? CancellationType.Terminal : CancellationType.Partial);
    await ioc.run();
    expect(got?.[0]?.code).toBe('ECANCELED');
    expect(got?.[1]).toBe(10);
    // v2: grown, then shrunk by exactly the unread rest.
    expect(vec.bytes()).toEqual(readData.subarray(0, 10));
  });

  test('Total alone is filtered out (terminal and partial only): the read completes', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { mode: 'manual', maxReadSize: 10 });
    stream.reset(readData);
    stream.nextReadLength(10);
    const sig = new CancellationSignal();
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, new Uint8Array(readDataSize), bindCancellationSlot(sig.slot(), (err, n) => (got = [err, n])));
    sig.emit(CancellationType.Total);
    expect(stream.hasPending()).toBe(true);
    while (stream.completePending()) ioc.poll();
    await ioc.run();
    expect(got).toEqual([null, readDataSize]);
  });

  test('a thousand sequential reads under one AbortSignal leave no listener behind', async () => {
    const ioc = new IoContext();
    const ac = new AbortController();
    const stream = new TestStream(ioc);
    for (let i = 0; i < 1000; i++) {
      stream.reset(readData);
      const p = asyncRead(stream, new Uint8Array(readDataSize), bindAbortSignal(ac.signal, useFuture));
      await ioc.run();
      ioc.restart();
      expect(await p).toBe(readDataSize);
    }
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});
