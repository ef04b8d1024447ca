/**
 * The composed write (`asyncWrite`); its synchronous twin `write` is tested in `write.test.ts`.
 *
 * Part 1 ports every async_write scenario of Asio's unit test
 * (`asio/src/tests/unit/write.cpp`, Asio 1.38): each buffer form, `next_write_length` of
 * unlimited, 1 and 10, each completion condition, the lazy user token, and the no-token
 * (deferred) form — every scenario run with a callback, `useFuture` and `deferred`.
 * Part 2 covers what JavaScript adds: streams completing inline, failures at an offset, empty and
 * single-pass buffers, foreign errors, cancellation, associated executors, and work. Part 3 is a
 * property test over random chunk sizes, data, conditions and buffer forms.
 */
import { getEventListeners } from 'node:events';
import {
  asTuple,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  inlineExecutor,
  IoContext,
  makeError,
  makeStrand,
  post,
  redirectError,
  SystemError,
  systemExecutor,
  useFuture,
  type ErrorRef,
} from '@asio-ts/core';
import {
  asyncWrite,
  ByteVector,
  completionCondition,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  TestStream,
  transferAll,
  transferAtLeast,
  transferExactly,
  type CompletionCondition,
  type ConstBufferSequence,
  type WriteHandler,
  type WriteSource,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import fc from 'fast-check';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { asyncSources, dynamicSources, emptySources, fiveBytePieces, type SourceKind } from '../helpers/buffer-sources.js';
import {
  binaryString,
  concat,
  fromBinaryString,
  sameBytes,
  writeData,
  writeDataSize,
} from '../helpers/bytes.js';
import {
  conditionRows,
  lengthName,
  oldStyleTransferAll,
  shortTransfer,
  writeLengths,
  type WriteLength,
} from '../helpers/conditions.js';
import { flushMicrotasks } from '../helpers/microtasks.js';
import { ForeignErrorStream, InlineStream, RecordingStream, TimerStream } from '../helpers/user-streams.js';
import { modes, runAsyncWrite, type Mode } from '../helpers/write-driver.js';

/** Run one async scenario and check the result the way Asio's test does, plus what was consumed. */
async function checkAsyncScenario(
  mode: Mode,
  source: SourceKind,
  len: WriteLength,
  condition: CompletionCondition | undefined,
  expected: number,
): Promise<void> {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: len });
  const src = source.make();
  const { err, n } = await runAsyncWrite(mode, ioc, stream, src.buffers, condition);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(stream.checkBuffers(writeData.subarray(0, expected))).toBe(true);
  const rest = src.rest();
  if (rest !== null) expect(rest).toEqual(writeData.subarray(expected));
}

// ---------------------------------------------------------------------------------------------
// Part 1: Asio's write.cpp
// ---------------------------------------------------------------------------------------------

describe('async_write scenarios of Asio write.cpp', () => {
  describe.each(asyncSources)('$name', (source) => {
    describe('test_3_arg_*_async_write: asyncWrite(s, buffers, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(writeLengths.map((len) => [lengthName(len), len] as const))(
          'next_write_length %s writes all 53 bytes',
          async (_name, len) => {
            await checkAsyncScenario(mode, source, len, undefined, writeDataSize);
          },
        );
      });

      test('a user token (lazy42) makes asyncWrite return 42 and never starts the write', async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const token = new Lazy42Token();
        const r = asyncWrite(stream, src.buffers, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        expect(token.asked).toBe(1);
        await ioc.run();
        expect(stream.writeCalls).toBe(0);
        expect(stream.received()).toHaveLength(0);
        const rest = src.rest();
        if (rest !== null) expect(rest).toEqual(writeData);
      });

      test("Asio's lazy_handler archetype (starts with a no-op handler, returns 42) writes everything", async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const token = new AsioLazyHandler();
        const r = asyncWrite(stream, src.buffers, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        expect(token.completions).toBe(0);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(stream.checkBuffers(writeData)).toBe(true);
        const rest = src.rest();
        if (rest !== null) expect(rest).toHaveLength(0);
      });
    });

    describe('test_4_arg_*_async_write: asyncWrite(s, buffers, condition, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(conditionRows)('%s, next_write_length %s', async (_c, _l, len, c) => {
          await checkAsyncScenario(mode, source, len, c.make(), c.expected(len));
        });
      });

      test('the lazy42 token with short_transfer returns 42 and writes nothing', async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const r = asyncWrite(stream, src.buffers, shortTransfer, new Lazy42Token());
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.writeCalls).toBe(0);
        expect(stream.received()).toHaveLength(0);
        const rest = src.rest();
        if (rest !== null) expect(rest).toEqual(writeData);
      });

      test("Asio's lazy_handler archetype with short_transfer returns 42 and writes everything", async () => {
        const ioc = new IoContext();
        const stream = new TestStream(ioc);
        const src = source.make();
        const r = asyncWrite(stream, src.buffers, shortTransfer, new AsioLazyHandler());
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.checkBuffers(writeData)).toBe(true);
        // short_transfer: at most 3 bytes per write_some.
        expect(stream.writeCalls).toBe(Math.ceil(writeDataSize / 3));
      });
    });
  });
});

function makeSentinel(): Error {
  return new Error('not overwritten');
}

// ---------------------------------------------------------------------------------------------
// Part 2: JavaScript-specific behaviour
// ---------------------------------------------------------------------------------------------

describe('a stream that completes inside asyncWriteSome', () => {
  test('1 MB in 1-byte chunks: no recursion, no stack overflow, delivered once, never inside asyncWrite', async () => {
    const ioc = new IoContext();
    const size = 1 << 20;
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 0xff;
    const stream = new InlineStream(ioc.getExecutor(), size, 1);
    let calls = 0;
    let result: [SystemError | null, number] | undefined;
    asyncWrite(stream, data, (err, n) => {
      calls++;
      result = [err, n];
    });
    // Every chunk was taken inside the call, one asyncWriteSome at a time.
    expect(stream.calls).toBe(size);
    expect(stream.maxDepth).toBe(1);
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(result).toEqual([null, size]);
    expect(sameBytes(stream.received(), data)).toBe(true);
  });

  test.each(modes)('with %s, and a dynamic buffer consumed by exactly what was written', async (mode) => {
    const ioc = new IoContext();
    const stream = new InlineStream(ioc.getExecutor(), 100, 7);
    const sb = new Streambuf();
    sb.sputn(writeData);
    let calls = 0;
    let n = -1;
    const h: WriteHandler = (_e, m) => {
      calls++;
      n = m;
    };
    let p: Promise<number> | undefined;
    if (mode === 'callback') asyncWrite(stream, sb, transferExactly(30), h);
    else if (mode === 'useFuture') p = asyncWrite(stream, sb, transferExactly(30), useFuture);
    else asyncWrite(stream, sb, transferExactly(30))(h);
    expect(calls).toBe(0);
    await ioc.run();
    if (p !== undefined) n = await p;
    else expect(calls).toBe(1);
    // 7 + 7 + 7 + 7 + 2: transferExactly limits the last chunk.
    expect(n).toBe(30);
    expect(stream.calls).toBe(5);
    expect(sameBytes(stream.received(), writeData.subarray(0, 30))).toBe(true);
    expect(sb.data()).toEqual(writeData.subarray(30));
  });

  test('a stream alternating between inline and posted completions', async () => {
    const ioc = new IoContext();
    const got: number[] = [];
    let call = 0;
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
        const bytes = concat(buffers).subarray(0, 4);
        got.push(...bytes);
        if (call++ % 3 === 0) post(ioc, () => handler(null, bytes.length));
        else handler(null, bytes.length);
      },
    };
    let calls = 0;
    asyncWrite(stream, writeData, (err, n) => {
      calls++;
      expect(err).toBeNull();
      expect(n).toBe(writeDataSize);
    });
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(Uint8Array.from(got)).toEqual(writeData);
  });

  test('a stream calling its handler twice is a programmer error', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
        const n = concat(buffers).length;
        post(ioc, () => {
          handler(null, n);
          handler(null, n);
        });
      },
    };
    asyncWrite(stream, writeData, () => {});
    await expect(ioc.run()).rejects.toThrow(/twice/);
  });

  test('a stream reporting more bytes than it was given is a RangeError', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
        const n = concat(buffers).length;
        post(ioc, () => handler(null, n + 1));
      },
    };
    asyncWrite(stream, writeData, () => {});
    await expect(ioc.run()).rejects.toThrow(RangeError);
    // The operation gave its work back: the context can run out of work.
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });
});

describe('a failure at a byte offset', () => {
  describe.each([...asyncSources, ...dynamicSources.slice(2)])('$name', (source) => {
    test.each([
      [10, 25, 25],
      [1, 7, 7],
      [Infinity, 30, 30],
      [10, 0, 0],
    ] as const)('maxWriteSize %p, failAt %p: the handler gets the SystemError and %p bytes', async (len, failAt, n) => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: len, failAt });
      const src = source.make();
      const { err, n: got } = await runAsyncWrite('callback', ioc, stream, src.buffers, undefined);
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, errors.brokenPipe)).toBe(true);
      expect(err?.code).toBe('EPIPE');
      expect(got).toBe(n);
      expect(stream.checkBuffers(writeData.subarray(0, n))).toBe(true);
      const rest = src.rest();
      // A dynamic buffer still holds the unwritten rest.
      if (rest !== null) expect(rest).toEqual(writeData.subarray(n));
    });
  });

  test('the error given by failWith is the one reported', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10, failAt: 12, failWith: errors.connectionReset });
    const { err, n } = await runAsyncWrite('callback', ioc, stream, writeData, undefined);
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(12);
  });

  test('useFuture rejects with the SystemError; asTuple(useFuture) and redirectError keep the byte count', async () => {
    const make = (): [IoContext, TestStream] => {
      const ioc = new IoContext();
      return [ioc, new TestStream(ioc, { maxWriteSize: 10, failAt: 25 })];
    };
    let [ioc, stream] = make();
    const p = asyncWrite(stream, writeData, useFuture);
    await ioc.run();
    await expect(p).rejects.toBeInstanceOf(SystemError);
    await expect(p).rejects.toMatchObject({ code: 'EPIPE' });

    [ioc, stream] = make();
    const t = asyncWrite(stream, writeData, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await t;
    expect(err?.code).toBe('EPIPE');
    expect(n).toBe(25);

    [ioc, stream] = make();
    const ref: ErrorRef = { error: null };
    const r = asyncWrite(stream, writeData, redirectError(useFuture, ref));
    await ioc.run();
    expect(await r).toBe(25);
    expect(ref.error).toBeInstanceOf(SystemError);
  });

});

describe('empty buffers', () => {
  describe.each(emptySources)('$name', (source) => {
    test.each(modes)('as in Asio, one asyncWriteSome with an empty buffer, completing with 0 (%s)', async (mode) => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10 });
      const src = source.make();
      const { err, n } = await runAsyncWrite(mode, ioc, stream, src.buffers, undefined);
      expect(err).toBeNull();
      expect(n).toBe(0);
      expect(stream.writeCalls).toBe(1);
      expect(stream.received()).toHaveLength(0);
      expect(src.rest() ?? new Uint8Array(0)).toHaveLength(0);
    });
  });

  test.each([
    ['transferExactly(0)', transferExactly(0)],
    ['transferAtLeast(0)', transferAtLeast(0)],
  ] as const)('a condition done before the first write (%s): one empty asyncWriteSome, 0 bytes, nothing consumed', async (_n, cond) => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc);
    const sb = new Streambuf();
    sb.sputn(writeData);
    const { err, n } = await runAsyncWrite('callback', ioc, stream, sb, cond);
    expect(err).toBeNull();
    expect(n).toBe(0);
    expect(stream.writeCalls).toBe(1);
    expect(stream.received()).toHaveLength(0);
    expect(sb.size()).toBe(writeDataSize);
  });
});

describe('a single-pass buffer sequence (a generator)', () => {
  test.each(modes)('is read once and written whole in 3-byte chunks (%s)', async (mode) => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 3 });
    const counter = { n: 0 };
    const { err, n } = await runAsyncWrite(mode, ioc, stream, fiveBytePieces(writeData, counter), undefined);
    expect(err).toBeNull();
    expect(n).toBe(writeDataSize);
    expect(counter.n).toBe(Math.ceil(writeDataSize / 5));
    expect(stream.checkBuffers(writeData)).toBe(true);
  });

  test('with a condition', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const { n } = await runAsyncWrite('callback', ioc, stream, fiveBytePieces(writeData, { n: 0 }), transferAtLeast(42));
    expect(n).toBe(50);
  });
});

describe('errors that are not SystemErrors', () => {
  test.each([
    ['an Error with a Node code', Object.assign(new Error('pipe gone'), { code: 'EPIPE' }), 'EPIPE'],
    ['an AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ECANCELED'],
    ['a plain TypeError', new TypeError('bad state'), 'EUNKNOWN'],
    ['a string', 'kaput', 'EUNKNOWN'],
  ] as const)('%s from a user stream reaches the handler as a SystemError', async (_name, foreign, code) => {
    const ioc = new IoContext();
    const stream = new ForeignErrorStream(ioc.getExecutor(), 20, foreign);
    const sb = new Streambuf();
    sb.sputn(writeData);
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, sb, (err, n) => {
      got = [err, n];
    });
    await ioc.run();
    const [err, n] = got!;
    expect(err).toBeInstanceOf(SystemError);
    expect(err?.code).toBe(code);
    if (typeof foreign !== 'string') expect(err?.cause).toBe(foreign);
    expect(n).toBe(20);
    expect(sb.data()).toEqual(writeData.subarray(20));
  });
});

describe('cancellation', () => {
  /** Complete the pending chunk of a manual stream and run what that delivers. */
  function completeChunk(ioc: IoContext, stream: TestStream): void {
    expect(stream.completePending()).toBe(true);
    ioc.poll();
  }

  type Binder = (h: WriteHandler) => { token: WriteHandler; cancel(): void; released(): boolean };

  const viaSignal = (type: CancellationType): Binder => (h) => {
    const sig = new CancellationSignal();
    return {
      token: bindCancellationSlot(sig.slot(), h),
      cancel: () => sig.emit(type),
      released: () => !sig.slot().hasHandler(),
    };
  };
  const viaAbortSignal = (type: CancellationType): Binder => (h) => {
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
    ['bindCancellationSlot, terminal | partial', viaSignal(CancellationType.Terminal | CancellationType.Partial)],
    ['bindAbortSignal, terminal', viaAbortSignal(CancellationType.Terminal)],
    ['bindAbortSignal, partial', viaAbortSignal(CancellationType.Partial)],
  ] as const)('%s', (_name, bind) => {
    test('while a chunk is pending: forwarded to the stream; operationAborted and the bytes before', async () => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
      const sb = new Streambuf();
      sb.sputn(writeData);
      let got: [SystemError | null, number] | undefined;
      let calls = 0;
      const b = bind((err, n) => {
        calls++;
        got = [err, n];
      });
      asyncWrite(stream, sb, b.token);
      expect(b.released()).toBe(false);
      completeChunk(ioc, stream);
      completeChunk(ioc, stream);
      expect(stream.hasPending()).toBe(true);
      b.cancel();
      // The stream dropped its pending write: the cancellation reached asyncWriteSome's slot.
      expect(stream.hasPending()).toBe(false);
      await ioc.run();
      expect(calls).toBe(1);
      expect(got![0]?.code).toBe('ECANCELED');
      expect(errorIs(got![0], errors.operationAborted)).toBe(true);
      expect(got![1]).toBe(20);
      expect(stream.checkBuffers(writeData.subarray(0, 20))).toBe(true);
      expect(sb.data()).toEqual(writeData.subarray(20));
      // Released at completion: emitting again is a no-op.
      expect(b.released()).toBe(true);
      b.cancel();
      await flushMicrotasks();
      expect(calls).toBe(1);
    });

    test('after a normal completion the slot has no handler and cancelling is a no-op', async () => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10 });
      let calls = 0;
      const b = bind((err, n) => {
        calls++;
        expect(err).toBeNull();
        expect(n).toBe(writeDataSize);
      });
      asyncWrite(stream, writeData, b.token);
      expect(b.released()).toBe(false);
      await ioc.run();
      expect(calls).toBe(1);
      expect(b.released()).toBe(true);
      b.cancel();
      await flushMicrotasks();
      expect(calls).toBe(1);
    });
  });

  test('partial cancellation between chunks stops the operation with operationAborted before the next chunk', async () => {
    // The handler runs on a second context, so a chunk the stream completed waits there: the
    // cancellation arrives after the stream finished the chunk and before asyncWrite saw it.
    const ioc = new IoContext();
    const ioc2 = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    const sig = new CancellationSignal();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), bindExecutor(ioc2, (err, n) => {
      got = [err, n];
    })));
    expect(stream.completePending()).toBe(true);
    expect(stream.hasPending()).toBe(false);
    sig.emit(CancellationType.Partial);
    ioc2.poll();
    expect(got?.[0]?.code).toBe('ECANCELED');
    expect(got?.[1]).toBe(10);
    expect(stream.writeCalls).toBe(1);
    expect(sig.slot().hasHandler()).toBe(false);
    await Promise.all([ioc.run(), ioc2.run()]);
  });

  test.each(['terminal', 'partial'] as const)(
    '%s cancellation of a stream that ignores it stops the operation after the chunk in flight',
    async (kind) => {
      const ioc = new IoContext();
      const stream = new TestStream(ioc, { maxWriteSize: 10 }); // 'post' mode: no cancellation support
      const sig = new CancellationSignal();
      let got: [SystemError | null, number] | undefined;
      asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
        got = [err, n];
      }));
      sig.emit(kind === 'terminal' ? CancellationType.Terminal : CancellationType.Partial);
      await ioc.run();
      expect(got?.[0]?.code).toBe('ECANCELED');
      expect(got?.[1]).toBe(10);
      expect(stream.checkBuffers(writeData.subarray(0, 10))).toBe(true);
    },
  );

  test('Total alone is filtered out by asyncWrite (terminal and partial only) and the write completes', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    const sig = new CancellationSignal();
    const ac = new AbortController();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
      got = [err, n];
    }));
    const stream2 = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
    let got2: [SystemError | null, number] | undefined;
    asyncWrite(stream2, writeData, bindAbortSignal(ac.signal, (err, n) => {
      got2 = [err, n];
    }, CancellationType.Total));
    completeChunk(ioc, stream);
    sig.emit(CancellationType.Total);
    ac.abort();
    // Not forwarded: the streams (which would honour Total) still hold their pending writes.
    expect(stream.hasPending()).toBe(true);
    expect(stream2.hasPending()).toBe(true);
    while (stream.hasPending() || stream2.hasPending()) {
      stream.completePending();
      stream2.completePending();
      ioc.poll();
    }
    await ioc.run();
    expect(got).toEqual([null, writeDataSize]);
    expect(got2).toEqual([null, writeDataSize]);
    expect(stream.checkBuffers(writeData)).toBe(true);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  // Asio's cancellation_state records the latest request (`cancelled_ = in_filter(in)`, not an
  // OR), so a Total (filtered to None by enable_partial_cancellation) after a Partial replaces it:
  // the write carries on to the end. asio-ts keeps that rule.
  test('a Total after a Partial replaces it, as in Asio: the write completes', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const sig = new CancellationSignal();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
      got = [err, n];
    }));
    sig.emit(CancellationType.Partial);
    sig.emit(CancellationType.Total);
    await ioc.run();
    expect(got).toEqual([null, writeDataSize]);
  });

  test('a Partial alone stops the write between chunks', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const sig = new CancellationSignal();
    let got: [SystemError | null, number] | undefined;
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), (err, n) => {
      got = [err, n];
    }));
    sig.emit(CancellationType.Partial);
    await ioc.run();
    expect(got?.[0]?.code).toBe('ECANCELED');
    expect(got?.[1]).toBe(10);
  });

  test.each(['outside any executor', 'inside an IoContext handler'] as const)(
    'a stream that completes its chunk inside emit() (%s): the final handler is still queued, run once',
    async (where) => {
      const ioc = where === 'outside any executor' ? undefined : new IoContext();
      // Misbehaving on purpose: calls its handler from inside the cancellation slot's handler.
      const stream = {
        getExecutor: () => ioc?.getExecutor() ?? systemExecutor,
        asyncWriteSome(_buffers: ConstBufferSequence, handler: WriteHandler): void {
          const slot = getAssociatedCancellationSlot(handler);
          slot.assign(() => {
            slot.clear();
            handler(makeError(errors.operationAborted), 0);
          });
        },
      };
      expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, writeData, h), { ioc }), 0);
    },
  );

  test('a thousand sequential writes under one AbortSignal leave no listener behind', async () => {
    const ioc = new IoContext();
    const ac = new AbortController();
    const stream = new TestStream(ioc, { maxWriteSize: 16 });
    for (let i = 0; i < 1000; i++) {
      const p = asyncWrite(stream, writeData, bindAbortSignal(ac.signal, useFuture));
      await ioc.run();
      ioc.restart();
      expect(await p).toBe(writeDataSize);
    }
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});

describe('handler associations', () => {
  test('bindExecutor(strand, handler): the handler and every intermediate handler run on the strand', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const stream = new RecordingStream(new TestStream(ioc, { maxWriteSize: 10 }));
    let onStrand: boolean | undefined;
    asyncWrite(stream, writeData, bindExecutor(strand, (err, n) => {
      onStrand = strand.runningInThisThread();
      expect(err).toBeNull();
      expect(n).toBe(writeDataSize);
    }));
    await ioc.run();
    expect(onStrand).toBe(true);
    expect(stream.handlers).toHaveLength(6);
    for (const h of stream.handlers) expect(getAssociatedExecutor(h)).toBe(strand);
  });

  test('bindExecutor(second IoContext, handler): the handler runs there, and intermediates carry it', async () => {
    const ioc = new IoContext();
    const ioc2 = new IoContext();
    const stream = new RecordingStream(new TestStream(ioc, { maxWriteSize: 10 }));
    const where: string[] = [];
    asyncWrite(stream, writeData, bindExecutor(ioc2, () => {
      if (ioc2.getExecutor().runningInThisThread()) where.push('ioc2');
      if (ioc.getExecutor().runningInThisThread()) where.push('ioc');
    }));
    await Promise.all([ioc.run(), ioc2.run()]);
    expect(where).toEqual(['ioc2']);
    for (const h of stream.handlers) expect(getAssociatedExecutor(h)).toBe(ioc2.getExecutor());
  });

  test('by default the handler runs on the stream executor', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    let inside: boolean | undefined;
    asyncWrite(stream, writeData, () => {
      inside = ioc.getExecutor().runningInThisThread();
    });
    await ioc.run();
    expect(inside).toBe(true);
  });

  test('the slot an intermediate handler carries is connected and belongs to asyncWrite, not the caller', async () => {
    const ioc = new IoContext();
    const stream = new RecordingStream(new TestStream(ioc, { maxWriteSize: 10 }));
    const sig = new CancellationSignal();
    asyncWrite(stream, writeData, bindCancellationSlot(sig.slot(), () => {}));
    await ioc.run();
    for (const h of stream.handlers) {
      const slot = getAssociatedCancellationSlot(h);
      expect(slot.isConnected()).toBe(true);
      expect(slot.equals(sig.slot())).toBe(false);
    }
  });

  test('bindImmediateExecutor(inlineExecutor, handler) with an immediately completing stream runs the handler inside the call', async () => {
    const ioc = new IoContext();
    const stream = new InlineStream(ioc.getExecutor(), 100, 10);
    let calls = 0;
    asyncWrite(stream, writeData, bindImmediateExecutor(inlineExecutor, (err, n) => {
      calls++;
      expect(err).toBeNull();
      expect(n).toBe(writeDataSize);
    }));
    expect(calls).toBe(1);
    await ioc.run();
    expect(calls).toBe(1);

    // Without the binding: posted, as always.
    const stream2 = new InlineStream(ioc.getExecutor(), 100, 10);
    let calls2 = 0;
    ioc.restart();
    asyncWrite(stream2, writeData, () => calls2++);
    expect(calls2).toBe(0);
    await ioc.run();
    expect(calls2).toBe(1);
  });

  test('bindImmediateExecutor(inlineExecutor, handler) inside a handler of the context: TestStream chunks and the handler all run inline', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const seen: number[] = [];
    post(ioc, () => {
      asyncWrite(stream, writeData, bindImmediateExecutor(inlineExecutor, (_e, n) => seen.push(n)));
      seen.push(-1);
    });
    await ioc.run();
    expect(seen).toEqual([writeDataSize, -1]);
    expect(stream.writeCalls).toBe(6);
  });
});

describe('work', () => {
  test('await ioc.run() returns only after the final handler ran, when the stream completes from a setTimeout', async () => {
    const ioc = new IoContext();
    const stream = new TimerStream(ioc.getExecutor(), 20, 5);
    const events: string[] = [];
    asyncWrite(stream, writeData, (err, n) => {
      events.push(`handler ${String(err)} ${n}`);
    });
    await ioc.run();
    events.push('run returned');
    expect(events).toEqual(['handler null 53', 'run returned']);
    expect(Uint8Array.from(stream.received)).toEqual(writeData);
  });

  test('a deferred write holds no work until it is launched', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc);
    const op = asyncWrite(stream, writeData);
    await expect(ioc.run()).resolves.toBe(0);
    ioc.restart();
    const p = op(useFuture);
    await ioc.run();
    expect(await p).toBe(writeDataSize);
  });

  test('a thrown condition leaves no work and no slot handler behind', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 10 });
    const sig = new CancellationSignal();
    let checks = 0;
    const cond = (err: Error | null): number => (++checks === 3 ? NaN : err ? 0 : 65536);
    asyncWrite(stream, writeData, cond, bindCancellationSlot(sig.slot(), () => {}));
    await expect(ioc.run()).rejects.toThrow(/completionCondition/);
    expect(sig.slot().hasHandler()).toBe(false);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });
});

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

// ---------------------------------------------------------------------------------------------
// Part 3: property
// ---------------------------------------------------------------------------------------------

type CondSpec =
  | { kind: 'all' }
  | { kind: 'atLeast'; k: number }
  | { kind: 'exactly'; k: number }
  | { kind: 'short'; k: number }
  | { kind: 'oldStyle' };

type Layout = 'single' | 'sequence' | 'generator' | 'v1 vector' | 'v1 string' | 'streambuf' | 'v2 vector' | 'v2 string';

function makeCondition(c: CondSpec): CompletionCondition {
  switch (c.kind) {
    case 'all':
      return transferAll();
    case 'atLeast':
      return transferAtLeast(c.k);
    case 'exactly':
      return transferExactly(c.k);
    case 'short':
      return (err) => (err ? 0 : c.k);
    case 'oldStyle':
      return oldStyleTransferAll;
  }
}

/** Bytes the write takes with no failure: an independent model of the conditions. */
function modelBytes(c: CondSpec, size: number, limit: number): number {
  switch (c.kind) {
    case 'all':
    case 'short':
    case 'oldStyle':
      return size;
    case 'atLeast':
      if (c.k === 0) return 0;
      return limit === Infinity ? size : Math.min(size, Math.ceil(c.k / limit) * limit);
    case 'exactly':
      return Math.min(c.k, size);
  }
}

function makeSource(layout: Layout, data: Uint8Array, cuts: number[]): { buffers: WriteSource; rest(): Uint8Array | null } {
  const points = [...new Set(cuts.map((c) => Math.min(c, data.length)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, data.length]) {
    pieces.push(data.subarray(at, p));
    at = p;
  }
  switch (layout) {
    case 'single':
      return { buffers: data, rest: () => null };
    case 'sequence':
      return { buffers: pieces, rest: () => null };
    case 'generator':
      return { buffers: (function* () { yield* pieces; })(), rest: () => null };
    case 'v1 vector': {
      const v = new ByteVector(data);
      return { buffers: dynamicBuffer(v), rest: () => v.bytes().slice() };
    }
    case 'v2 vector': {
      const v = new ByteVector(data);
      return { buffers: dynamicBufferV2(v), rest: () => v.bytes().slice() };
    }
    case 'v1 string': {
      const ref = { value: binaryString(data) };
      return { buffers: dynamicStringBuffer(ref), rest: () => fromBinaryString(ref.value) };
    }
    case 'v2 string': {
      const ref = { value: binaryString(data) };
      return { buffers: dynamicStringBufferV2(ref), rest: () => fromBinaryString(ref.value) };
    }
    case 'streambuf': {
      const sb = new Streambuf();
      sb.sputn(data);
      return { buffers: sb, rest: () => sb.data().slice() };
    }
  }
}

describe('property: random chunk limits, data, conditions and buffer forms', () => {
  const condSpec: fc.Arbitrary<CondSpec> = fc.oneof(
    fc.constant({ kind: 'all' as const }),
    fc.record({ kind: fc.constant('atLeast' as const), k: fc.integer({ min: 0, max: 320 }) }),
    fc.record({ kind: fc.constant('exactly' as const), k: fc.integer({ min: 0, max: 320 }) }),
    fc.record({ kind: fc.constant('short' as const), k: fc.integer({ min: 1, max: 40 }) }),
    fc.constant({ kind: 'oldStyle' as const }),
  );
  const layouts: Layout[] = ['single', 'sequence', 'generator', 'v1 vector', 'v1 string', 'streambuf', 'v2 vector', 'v2 string'];

  test('the byte count is what the stream got, a prefix of the source, and a dynamic buffer keeps exactly the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 64 })),
        condSpec,
        fc.constantFrom(...layouts),
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 320 }), { nil: undefined }),
        fc.constantFrom('callback', 'asTuple(useFuture)', 'deferred'),
        fc.boolean(),
        async (data, limit, cond, layout, cuts, failAt, mode, inline) => {
          const ioc = new IoContext();
          const stream = new TestStream(ioc, failAt === undefined ? { maxWriteSize: limit } : { maxWriteSize: limit, failAt });
          const src = makeSource(layout, data, cuts);
          const condition = makeCondition(cond);
          let calls = 0;
          let result: [SystemError | null, number] | undefined;
          const handler: WriteHandler = (err, n) => {
            calls++;
            result = [err, n];
          };
          const launch = (): void => {
            const h = inline ? bindImmediateExecutor(inlineExecutor, handler) : handler;
            if (mode === 'callback') asyncWrite(stream, src.buffers, condition, h);
            else if (mode === 'deferred') asyncWrite(stream, src.buffers, condition, undefined)(h);
            else {
              const token = inline ? bindImmediateExecutor(inlineExecutor, asTuple(useFuture)) : asTuple(useFuture);
              void asyncWrite(stream, src.buffers, condition, token).then(([err, n]) => handler(err, n));
            }
          };
          // `inline`: started from a handler of the context, with an inline immediate executor, so
          // every chunk and the completion happen inside the call; otherwise all are posted.
          if (inline) post(ioc, launch);
          else {
            launch();
            expect(calls).toBe(0);
          }
          await ioc.run();
          await flushMicrotasks();
          expect(calls).toBe(1);
          const [err, n] = result!;

          const received = stream.received();
          expect(n).toBe(received.length);
          expect(sameBytes(received, data.subarray(0, n))).toBe(true);
          const rest = src.rest();
          if (rest !== null) expect(sameBytes(rest, data.subarray(n))).toBe(true);

          const clean = modelBytes(cond, data.length, limit);
          if (failAt !== undefined && clean > 0 && clean >= failAt) {
            expect(err?.code).toBe('EPIPE');
            expect(n).toBe(failAt);
          } else {
            expect(err).toBeNull();
            expect(n).toBe(clean);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
