/**
 * The composed random-access write (`asyncWriteAt`); its synchronous twin `writeAt` is tested in
 * `write-at.test.ts`.
 *
 * Part 1 ports every async_write_at scenario of Asio's unit test
 * (`asio/src/tests/unit/write_at.cpp`): each buffer form (const_buffer, mutable_buffer,
 * boost::array, std::array, std::vector, streambuf, and a dynamic string, another DynamicBuffer
 * v1) at offsets 0 and 1234, `next_write_length` of unlimited, 1 and 10, each completion
 * condition, and Asio's lazy_handler archetype, each run with a callback, `useFuture` and
 * `deferred`. Part 2 covers failures, cancellation, misbehaving devices and the types.
 */
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  post,
  SystemError,
  useFuture,
  type DeferredOperation,
} from '@asio-ts/core';
import {
  asyncWriteAt,
  ByteVector,
  dynamicBufferV2,
  Streambuf,
  transferAll,
  transferAtLeast,
  type AsyncRandomAccessWriteDevice,
  type CompletionCondition,
  type ConstBufferSequence,
  type WriteAtSource,
  type WriteHandler,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { asyncSources, type SourceKind } from '../helpers/buffer-sources.js';
import { writeData } from '../helpers/bytes.js';
import { conditionRows, lengthName, shortTransfer, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { runAsyncAt } from '../helpers/at-driver.js';
import { TestWriteDevice } from '../helpers/random-access-devices.js';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { modes, type Mode } from '../helpers/write-driver.js';

const offsets = [0, 1234] as const;

/** Asio's `s.reset()` then `s.next_write_length(len)`. */
function device(ioc: IoContext, len: WriteLength, options: { mode?: 'post' | 'manual' | 'inline' } = {}): TestWriteDevice {
  const d = new TestWriteDevice(ioc, options);
  d.reset();
  if (len !== Infinity) d.nextWriteLength(len);
  return d;
}

async function checkScenario(mode: Mode, source: SourceKind, offset: number, len: WriteLength, condition: CompletionCondition | undefined, expected: number): Promise<void> {
  const ioc = new IoContext();
  const d = device(ioc, len);
  const src = source.make();
  const { err, n } = await runAsyncAt(mode, ioc, () => d.calls, (...rest) => (asyncWriteAt as (...a: unknown[]) => unknown)(d, offset, src.buffers, ...rest), condition);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(d.checkBuffers(offset, writeData, expected)).toBe(true);
  // Nothing beyond the bytes written was touched.
  expect(d.bytes(offset + expected, offset + expected + 60).every((b) => b === 0)).toBe(true);
  const rest = src.rest();
  if (rest !== null) expect(rest).toEqual(writeData.subarray(expected));
}

// ---------------------------------------------------------------------------------------------
// Part 1: Asio's write_at.cpp
// ---------------------------------------------------------------------------------------------

describe('async_write_at scenarios of Asio write_at.cpp', () => {
  describe.each(asyncSources)('$name', (source) => {
    describe('test_4_arg_*_async_write_at: asyncWriteAt(d, offset, buffers, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(writeLengths.map((len) => [lengthName(len), len] as const))('next_write_length %s writes all 53 bytes at offsets 0 and 1234', async (_name, len) => {
          for (const offset of offsets) await checkScenario(mode, source, offset, len, undefined, writeData.length);
        });
      });

      test("Asio's lazy_handler archetype returns 42 and writes everything", async () => {
        const ioc = new IoContext();
        const d = device(ioc, Infinity);
        const src = source.make();
        const token = new AsioLazyHandler();
        const r = asyncWriteAt(d, 1234, src.buffers as WriteAtSource, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(d.checkBuffers(1234, writeData, writeData.length)).toBe(true);
      });

      test('a user token (lazy42) makes asyncWriteAt return 42 and never starts the write', async () => {
        const ioc = new IoContext();
        const d = device(ioc, Infinity);
        const src = source.make();
        expect(asyncWriteAt(d, 0, src.buffers as WriteAtSource, new Lazy42Token())).toBe(42);
        await ioc.run();
        expect(d.calls).toBe(0);
        const rest = src.rest();
        if (rest !== null) expect(rest).toEqual(writeData);
      });
    });

    describe('test_5_arg_*_async_write_at: asyncWriteAt(d, offset, buffers, condition, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(conditionRows)('%s, next_write_length %s, offsets 0 and 1234', async (_c, _l, len, c) => {
          for (const offset of offsets) await checkScenario(mode, source, offset, len, c.make(), c.expected(len));
        });
      });

      test("Asio's lazy_handler archetype with short_transfer returns 42 and writes everything", async () => {
        const ioc = new IoContext();
        const d = device(ioc, Infinity);
        const src = source.make();
        const r = asyncWriteAt(d, 0, src.buffers as WriteAtSource, shortTransfer, new AsioLazyHandler());
        expect(r).toBe(42);
        await ioc.run();
        expect(d.checkBuffers(0, writeData, writeData.length)).toBe(true);
        expect(d.calls).toBe(Math.ceil(writeData.length / 3));
        expect(d.offsets.slice(0, 3)).toEqual([0, 3, 6]);
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Part 2: JavaScript-specific behaviour
// ---------------------------------------------------------------------------------------------

describe('failures', () => {
  test.each([
    [10, 25, 25],
    [1, 7, 7],
    [Infinity, 30, 30],
    [10, 0, 0],
  ] as const)('next_write_length %p, a failure at byte %p: the SystemError and %p bytes; a streambuf keeps the rest', async (len, failAt, n) => {
    const ioc = new IoContext();
    const d = device(ioc, len);
    d.failAt(1234 + failAt, errors.noSpaceOnDevice);
    const sb = new Streambuf();
    sb.sputn(writeData);
    const p = asyncWriteAt(d, 1234, sb, asTuple(useFuture));
    await ioc.run();
    const [err, got] = await p;
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.noSpaceOnDevice)).toBe(true);
    expect(got).toBe(n);
    expect(d.checkBuffers(1234, writeData, n)).toBe(true);
    expect([...sb.data()]).toEqual([...writeData.subarray(n)]);
  });

  test('a device that writes 0 bytes without an error stops the write: no error, the short count', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    // The storage ends at 8192: a write at 8180 takes 12 bytes, then 0.
    const p = asyncWriteAt(d, 8180, writeData, asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 12]);
  });

  test('empty buffers: (null, 0), a streambuf untouched', async () => {
    const ioc = new IoContext();
    const d = device(ioc, Infinity);
    const p = Promise.all([asyncWriteAt(d, 0, new Uint8Array(0), asTuple(useFuture)), asyncWriteAt(d, 0, new Streambuf(), asTuple(useFuture))]);
    await ioc.run();
    expect(await p).toEqual([
      [null, 0],
      [null, 0],
    ]);
  });
});

describe('cancellation', () => {
  test.each([
    ['terminal', CancellationType.Terminal],
    ['partial', CancellationType.Partial],
  ] as const)('%s, between writes: stops with operationAborted and the bytes written; a streambuf keeps the rest', async (_name, type) => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const signal = new CancellationSignal();
    const sb = new Streambuf();
    sb.sputn(writeData);
    const p = asyncWriteAt(d, 0, sb, bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    signal.emit(type);
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(10);
    expect(sb.size()).toBe(43);
    expect(signal.slot().hasHandler()).toBe(false);
  });

  test('a write in flight is cancelled through the device', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10, { mode: 'manual' });
    const signal = new CancellationSignal();
    const p = asyncWriteAt(d, 100, writeData, bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    d.completePending();
    ioc.poll();
    expect(d.hasPending()).toBe(true);
    signal.emit(CancellationType.Terminal);
    await ioc.run();
    expect(await p).toEqual([expect.objectContaining({ code: 'ECANCELED' }), 10]);
    expect(d.offsets).toEqual([100, 110]);
  });
});

describe('misbehaving devices', () => {
  test('a device completing inside asyncWriteSomeAt: 1 MB in 1-byte writes, no recursion, never inside the call', async () => {
    const ioc = new IoContext();
    const size = 1 << 20;
    const d: AsyncRandomAccessWriteDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSomeAt(_offset: number, _buffers: ConstBufferSequence, handler: WriteHandler) {
        handler(null, 1);
      },
    };
    let calls = 0;
    let result: [SystemError | null, number] | undefined;
    asyncWriteAt(d, 0, new Uint8Array(size), (err, n) => {
      calls++;
      result = [err, n];
    });
    expect(calls).toBe(0);
    await ioc.run();
    expect(result).toEqual([null, size]);
    expect(calls).toBe(1);
  });

  test('a device reporting more bytes than it was given is a RangeError; the work is given back', async () => {
    const ioc = new IoContext();
    const d: AsyncRandomAccessWriteDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSomeAt(_offset: number, _buffers: ConstBufferSequence, handler: WriteHandler) {
        post(ioc, () => handler(null, 1000));
      },
    };
    asyncWriteAt(d, 0, writeData, () => {});
    await expect(ioc.run()).rejects.toThrow(/^bytesTransferred reported by asyncWriteSomeAt must be an integer from 0 to 53/);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });
});

describe('arguments and types', () => {
  test('bad arguments throw naming the argument, before anything starts', () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const call = asyncWriteAt as unknown as (...a: unknown[]) => unknown;
    expect(() => call({ asyncWriteSome: () => {} }, 0, writeData, () => {})).toThrow(/^device must be an AsyncRandomAccessWriteDevice/);
    expect(() => call(d, -3, writeData, () => {})).toThrow(/^offset must be a non-negative integer/);
    expect(() => call(d, 0, 42, () => {})).toThrow(/^buffers must be/);
    expect(() => call(d, 0, dynamicBufferV2(new ByteVector()), () => {})).toThrow(/^buffers must be .* DynamicBuffer v1/);
    expect(() => call(d, 0, writeData, null, () => {})).toThrow(/^completionCondition must be a function/);
    expect(() => call(d, 0, writeData, transferAll(), 'x')).toThrow(/^token/);
    expect(d.calls).toBe(0);
    expect(ioc.poll()).toBe(0);
  });

  test('a byte past Number.MAX_SAFE_INTEGER is a RangeError naming offset; a dynamic buffer is checked when its data is taken', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const last = Number.MAX_SAFE_INTEGER;
    expect(() => asyncWriteAt(d, last - 2, new Uint8Array(4), () => {})).toThrow(/^offset 9007199254740989 with 4 bytes passes Number\.MAX_SAFE_INTEGER/);
    const sb = new Streambuf();
    const later = asyncWriteAt(d, last - 1, sb); // empty now: nothing to check yet
    sb.sputn('abcd');
    await expect(later).rejects.toThrow(/^offset 9007199254740990 with 4 bytes passes/);
    expect(() => asyncWriteAt(d, last - 1, sb, () => {})).toThrow(RangeError);
    expect(sb.size()).toBe(4);
    expect(d.calls).toBe(0);
  });

  test('each form returns what its token says; an arrow handler is typed', () => {
    const d = device(new IoContext(), Infinity);
    expectTypeOf(asyncWriteAt(d, 0, writeData)).toEqualTypeOf<DeferredOperation<[SystemError | null, number]>>();
    expectTypeOf(asyncWriteAt(d, 0, writeData, useFuture)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(asyncWriteAt(d, 0, writeData, transferAtLeast(1))).toEqualTypeOf<DeferredOperation<[SystemError | null, number]>>();
    expectTypeOf(asyncWriteAt(d, 0, new Streambuf(), transferAtLeast(1), useFuture)).toEqualTypeOf<Promise<number>>();
    asyncWriteAt(d, 0, writeData, (err, n) => {
      expectTypeOf(err).toEqualTypeOf<SystemError | null>();
      expectTypeOf(n).toEqualTypeOf<number>();
    });
  });
});
