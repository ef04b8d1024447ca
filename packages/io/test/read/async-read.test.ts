/**
 * The composed read (`asyncRead`); its synchronous twin `read` is tested in `read.test.ts`.
 *
 * Part 1 ports every async_read scenario of Asio's unit test (`asio/src/tests/unit/read.cpp`,
 * Asio 1.38): each buffer form (a buffer, arrays of 2 and 3 buffers, dynamic string buffer,
 * streambuf, plus the v1 vector and the v2 flavours), `next_read_length` of unlimited, 1 and 10,
 * each completion condition, the lazy user token — every scenario run with a callback,
 * `useFuture`, `deferred`, `useAwaitable` inside `coSpawn` and a `spawn` yield context.
 * Part 2 covers what JavaScript adds and what Asio's tests leave out: the end of the stream, the
 * read sizes asked of the stream, errors and cancellation with exactly the bytes read committed,
 * streams completing inline, empty and single-pass buffers, foreign errors, associations, work.
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
  getAssociatedExecutor,
  inlineExecutor,
  IoContext,
  makeStrand,
  post,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import {
  asyncRead,
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  Streambuf,
  TestStream,
  transferAll,
  transferExactly,
  type CompletionCondition,
  type MutableBufferSequence,
  type ReadHandler,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { concat, readData, readDataSize, sameBytes } from '../helpers/bytes.js';
import { conditionRows, lengthName, shortTransfer, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { flushMicrotasks } from '../helpers/microtasks.js';
import { readModes, runRead, type ReadMode } from '../helpers/read-driver.js';
import { dynamicKinds, readTargets, type TargetKind } from '../helpers/read-targets.js';
import { ForeignErrorReadStream, InlineReadStream, RecordingReadStream, TimerReadStream } from '../helpers/user-read-streams.js';

const untypedAsyncRead = asyncRead as unknown as (...args: unknown[]) => unknown;

function makeStream(ioc: IoContext, len: WriteLength, data: Uint8Array = readData): TestStream {
  const stream = new TestStream(ioc);
  stream.reset(data);
  if (len !== Infinity) stream.nextReadLength(len);
  return stream;
}

/** Run one async scenario and check it the way Asio's test does: the byte count and the bytes. */
async function checkAsyncScenario(
  mode: ReadMode,
  kind: TargetKind,
  len: WriteLength,
  condition: CompletionCondition | undefined,
  expected: number,
): Promise<void> {
  const ioc = new IoContext();
  const stream = makeStream(ioc, len);
  const target = kind.make();
  const start =
    condition === undefined
      ? (token: unknown) => (token === undefined ? untypedAsyncRead(stream, target.buffers) : untypedAsyncRead(stream, target.buffers, token))
      : (token: unknown) => untypedAsyncRead(stream, target.buffers, condition, token);
  const { err, n } = await runRead(mode, ioc, stream, start);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(stream.bytesRead()).toBe(expected);
  expect(target.contents(expected)).toEqual(readData.subarray(0, expected));
}

// ---------------------------------------------------------------------------------------------
// Part 1: Asio's read.cpp
// ---------------------------------------------------------------------------------------------

describe('async_read scenarios of Asio read.cpp', () => {
  describe.each(readTargets)('$name', (kind) => {
    describe('test_3_arg_*_async_read: asyncRead(s, buffers, token)', () => {
      describe.each(readModes)('token: %s', (mode) => {
        test.each(writeLengths.map((len) => [lengthName(len), len] as const))('next_read_length %s reads all 53 bytes', async (_n, len) => {
          await checkAsyncScenario(mode, kind, len, undefined, readDataSize);
        });
      });

      test('a user token (lazy42) makes asyncRead return 42 and never starts the read', async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const target = kind.make();
        const token = new Lazy42Token();
        const r = asyncRead(stream, target.buffers, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.readCalls).toBe(0);
        expect(stream.bytesRead()).toBe(0);
      });

      test("Asio's lazy_handler archetype (starts with a no-op handler, returns 42) reads everything", async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const target = kind.make();
        const token = new AsioLazyHandler();
        expect(asyncRead(stream, target.buffers, token)).toBe(42);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(target.contents(readDataSize)).toEqual(readData);
      });
    });

    describe('test_4_arg_*_async_read: asyncRead(s, buffers, condition, token)', () => {
      describe.each(readModes)('token: %s', (mode) => {
        test.each(conditionRows)('%s, next_read_length %s', async (_c, _l, len, c) => {
          await checkAsyncScenario(mode, kind, len, c.make(), c.expected(len));
        });
      });

      test("Asio's lazy_handler archetype with short_transfer returns 42 and reads everything, 3 bytes a read", async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const target = kind.make();
        expect(asyncRead(stream, target.buffers, shortTransfer, new AsioLazyHandler())).toBe(42);
        await ioc.run();
        expect(target.contents(readDataSize)).toEqual(readData);
        expect(stream.readCalls).toBe(Math.ceil(readDataSize / 3));
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Part 2: JavaScript-specific behaviour and what Asio's tests leave out
// ---------------------------------------------------------------------------------------------

describe('the end of the stream', () => {
  test.each(readTargets.filter((k) => !k.name.includes('std::array')))(
    '$name: a stream shorter than the buffers gives (eof, the bytes read), and they are in the buffer',
    async (kind) => {
      const ioc = new IoContext();
      const stream = makeStream(ioc, 10, readData.subarray(0, 30));
      const target = kind.make(60);
      const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, target.buffers, t));
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(err?.code).toBe('EOF');
      expect(n).toBe(30);
      expect(target.contents(30)).toEqual(readData.subarray(0, 30));
    },
  );

  test.each(dynamicKinds)('$name without a maxSize: transferAll() reads to the end and reports eof, as Asio', async (kind) => {
    const ioc = new IoContext();
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
    const stream = makeStream(ioc, 700, data);
    const d = kind.make();
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, d.buffers, t));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(5000);
    expect(sameBytes(d.contents(), data)).toBe(true);
  });

  test('an empty stream: (eof, 0) at once', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, new Uint8Array(0));
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, new Uint8Array(8), t));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(0);
  });
});

describe("a dynamic buffer grows by Asio's read size", () => {
  async function sizesAsked(buffers: unknown, condition: CompletionCondition | undefined, data: Uint8Array, maxRead = Infinity): Promise<number[]> {
    const ioc = new IoContext();
    const inner = makeStream(ioc, maxRead, data);
    const stream = new RecordingReadStream(inner);
    const args = condition === undefined ? [] : [condition];
    untypedAsyncRead(stream, buffers, ...args, () => {});
    await ioc.run();
    return stream.sizes;
  }

  test('min(max(512, capacity - size), min(65536, maxSize - size)) with transferAll', async () => {
    const data = new Uint8Array(3000).fill(1);
    const vec = new ByteVector();
    const sizes = await sizesAsked(dynamicBuffer(vec), undefined, data, 1000);
    // Each read asks for at least 512, and for the spare capacity when it is more.
    expect(sizes[0]).toBe(512);
    for (const s of sizes) expect(s).toBeGreaterThanOrEqual(512);
    expect(vec.length).toBe(3000);
  });

  test('the spare capacity is asked for when it is past 512', async () => {
    const vec = new ByteVector();
    vec.reserve(4096);
    const sizes = await sizesAsked(dynamicBuffer(vec), undefined, new Uint8Array(100));
    expect(sizes[0]).toBe(4096);
  });

  test('never past maxSize - size, to the byte', async () => {
    const sb = new Streambuf(700);
    sb.sputn(new Uint8Array(100));
    const sizes = await sizesAsked(sb, undefined, new Uint8Array(2000), 256);
    // 512 (600 bytes of room, no spare capacity), then the room left: 344, then 88; the buffer
    // ends full, with no error.
    expect(sizes).toEqual([512, 344, 88]);
    expect(sb.size()).toBe(700);
  });

  test('the condition is the limit: transferExactly(100) asks for 100, then the rest', async () => {
    const sizes = await sizesAsked(dynamicBufferV2(new ByteVector()), transferExactly(100), new Uint8Array(200), 30);
    expect(sizes).toEqual([100, 70, 40, 10]);
  });

  test('a condition done at the start: one read of 0 bytes, as Asio (its start case), completing (null, 0)', async () => {
    const ioc = new IoContext();
    const stream = new RecordingReadStream(makeStream(ioc, Infinity));
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, sb, transferExactly(0), (e, n) => (got = [e, n]));
    await ioc.run();
    expect(stream.sizes).toEqual([0]);
    expect(got).toEqual([null, 0]);
    expect(sb.size()).toBe(0);
  });

  test('a full buffer at the start: one read of 0 bytes, (null, 0)', async () => {
    const ioc = new IoContext();
    const stream = new RecordingReadStream(makeStream(ioc, Infinity));
    const sb = new Streambuf(4);
    sb.sputn('abcd');
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, sb, (e, n) => (got = [e, n]));
    await ioc.run();
    expect(stream.sizes).toEqual([0]);
    expect(got).toEqual([null, 0]);
  });
});

describe('a failure at a byte offset: exactly the bytes read are committed', () => {
  describe.each(readTargets)('$name', (kind) => {
    test.each([
      [10, 25, 25],
      [1, 7, 7],
      [Infinity, 30, 30],
      [10, 0, 0],
    ] as const)('maxReadSize %p, failReadAt %p: the handler gets the SystemError and %p bytes', async (len, failAt, expected) => {
      const ioc = new IoContext();
      const stream = makeStream(ioc, len);
      stream.failReadAt(failAt);
      const target = kind.make();
      const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, target.buffers, t));
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, errors.connectionReset)).toBe(true);
      expect(n).toBe(expected);
      const contents = target.contents(expected);
      expect(contents).toEqual(readData.subarray(0, expected));
    });
  });

  test('useFuture rejects; asTuple(useFuture) keeps the byte count', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    stream.failReadAt(25, errors.brokenPipe);
    const p = asyncRead(stream, new Uint8Array(53), useFuture);
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'EPIPE' });
    const ioc2 = new IoContext();
    const stream2 = makeStream(ioc2, 10);
    stream2.failReadAt(25, errors.brokenPipe);
    const t = asyncRead(stream2, new Uint8Array(53), asTuple(useFuture));
    await ioc2.run();
    const [err, n] = await t;
    expect(err?.code).toBe('EPIPE');
    expect(n).toBe(25);
  });
});

describe('errors that are not SystemErrors', () => {
  test.each([
    ['an Error with a Node code', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'ECONNRESET'],
    ['a plain TypeError', new TypeError('bad state'), 'EUNKNOWN'],
    ['a string', 'kaput', 'EUNKNOWN'],
  ] as const)('%s from a user stream reaches the handler as a SystemError; the bytes before stay committed', async (_n, foreign, code) => {
    const ioc = new IoContext();
    const stream = new ForeignErrorReadStream(ioc.getExecutor(), readData, 20, foreign);
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, sb, (err, n) => (got = [err, n]));
    await ioc.run();
    expect(got![0]).toBeInstanceOf(SystemError);
    expect(got![0]?.code).toBe(code);
    expect(got![1]).toBe(20);
    expect(sb.data()).toEqual(readData.subarray(0, 20));
  });
});

describe('a stream that completes inside asyncReadSome', () => {
  test('1 MB in 1-byte reads: no recursion, delivered once, never inside asyncRead', async () => {
    const ioc = new IoContext();
    const size = 1 << 20;
    const data = Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) & 0xff);
    const stream = new InlineReadStream(ioc.getExecutor(), data, 1);
    const target = new Uint8Array(size);
    let calls = 0;
    let result: [SystemError | null, number] | undefined;
    asyncRead(stream, target, (err, n) => {
      calls++;
      result = [err, n];
    });
    expect(stream.calls).toBe(size);
    expect(stream.maxDepth).toBe(1);
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(result).toEqual([null, size]);
    expect(sameBytes(target, data)).toBe(true);
  });

  test.each(readModes)('into a dynamic buffer, with %s', async (mode) => {
    const ioc = new IoContext();
    const stream = new InlineReadStream(ioc.getExecutor(), readData, 7);
    const sb = new Streambuf();
    const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncRead(stream, sb, transferExactly(30), t));
    expect(err).toBeNull();
    expect(n).toBe(30);
    expect(sb.data()).toEqual(readData.subarray(0, 30));
  });

  test('a stream calling its handler twice is a programmer error', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(_b: MutableBufferSequence, handler: ReadHandler): void {
        post(ioc, () => {
          handler(null, 1);
          handler(null, 1);
        });
      },
    };
    asyncRead(stream, new Uint8Array(4), () => {});
    await expect(ioc.run()).rejects.toThrow(/twice/);
  });

  test('a stream reporting more bytes than it was given is a RangeError; no work is left', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
        const n = concat(buffers).length;
        post(ioc, () => handler(null, n + 1));
      },
    };
    asyncRead(stream, new Streambuf(), () => {});
    await expect(ioc.run()).rejects.toThrow(/^bytesTransferred reported by asyncReadSome must be an integer from 0 to 512, got 513/);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('a read of 0 bytes without an error ends a read into buffers with what was read (Asio)', async () => {
    const ioc = new IoContext();
    let calls = 0;
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
        const n = calls++ === 0 ? bufferCopyFrom(buffers, readData.subarray(0, 5)) : 0;
        post(ioc, () => handler(null, n));
      },
    };
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, new Uint8Array(20), (e, n) => (got = [e, n]));
    await ioc.run();
    expect(got).toEqual([null, 5]);
    expect(calls).toBe(2);
  });
});

function bufferCopyFrom(buffers: MutableBufferSequence, data: Uint8Array): number {
  const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
  let at = 0;
  for (const b of list) {
    const n = Math.min(b.length, data.length - at);
    b.set(data.subarray(at, at + n));
    at += n;
  }
  return at;
}

describe('empty buffers', () => {
  test.each([
    ['an empty Uint8Array', () => new Uint8Array(0)],
    ['an empty array', () => []],
    ['an array of empty buffers', () => [new Uint8Array(0), new Uint8Array(0)]],
  ] as const)('%s: one asyncReadSome of an empty buffer, completing (null, 0), nothing taken', async (_n, make) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, make(), t));
    expect(err).toBeNull();
    expect(n).toBe(0);
    expect(stream.readCalls).toBe(1);
    expect(stream.bytesRead()).toBe(0);
  });
});

describe('a single-pass buffer sequence (a generator)', () => {
  test.each(readModes)('is read once and filled whole in 3-byte reads (%s)', async (mode) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 3);
    const target = new Uint8Array(readDataSize);
    let yields = 0;
    function* pieces(): Generator<Uint8Array> {
      for (let i = 0; i < target.length; i += 5) {
        yields++;
        yield target.subarray(i, i + 5);
      }
    }
    const gen = pieces();
    const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncRead(stream, gen, t));
    expect(err).toBeNull();
    expect(n).toBe(readDataSize);
    expect(yields).toBe(Math.ceil(readDataSize / 5));
    expect(target).toEqual(readData);
  });
});

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
