/**
 * The composed random-access read (`asyncReadAt`); its synchronous twin `readAt` is tested in
 * `read-at.test.ts`.
 *
 * Part 1 ports every async_read_at scenario of Asio's unit test
 * (`asio/src/tests/unit/read_at.cpp`): each buffer form (mutable_buffer, boost::array,
 * std::array, std::vector, streambuf) at offsets 0 and 1234, `next_read_length` of
 * sizeof(read_data), 1 and 10, each completion condition, and Asio's lazy_handler archetype, each
 * run with a callback, `useFuture` and `deferred`. Part 2 covers the end of the data,
 * cancellation, misbehaving devices, associated executors and the types.
 */
import {
  asTuple,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  getAssociatedExecutor,
  IoContext,
  makeStrand,
  post,
  SystemError,
  useFuture,
  type Executor,
} from '@asio-ts/core';
import {
  asyncReadAt,
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  Streambuf,
  transferAll,
  transferAtLeast,
  transferExactly,
  type AsyncRandomAccessReadDevice,
  type CompletionCondition,
  type MutableBufferSequence,
  type ReadAtTarget,
  type ReadHandler,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { writeData as readData } from '../helpers/bytes.js';
import { conditionRows, lengthName, shortTransfer, writeLengths, type WriteLength } from '../helpers/conditions.js';
import { runAsyncAt } from '../helpers/at-driver.js';
import { TestReadDevice } from '../helpers/random-access-devices.js';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { modes, type Mode } from '../helpers/write-driver.js';

/** One buffer form of Asio's read_at tests: the argument and the bytes it holds afterwards. */
interface ReadForm {
  readonly name: string;
  make(): { readonly buffers: ReadAtTarget; read(): Uint8Array; size(): number | null };
}

const readForms: readonly ReadForm[] = [
  {
    name: 'mutable_buffer',
    make: () => {
      const buf = new Uint8Array(readData.length);
      return { buffers: buf, read: () => buf, size: () => null };
    },
  },
  {
    name: 'boost::array of 2 buffers',
    make: () => {
      const buf = new Uint8Array(readData.length);
      return { buffers: [buf.subarray(0, 32), buf.subarray(32)], read: () => buf, size: () => null };
    },
  },
  {
    name: 'std::array of 2 buffers (frozen tuple)',
    make: () => {
      const buf = new Uint8Array(readData.length);
      return { buffers: Object.freeze([buf.subarray(0, 32), buf.subarray(32)] as const), read: () => buf, size: () => null };
    },
  },
  {
    name: 'std::vector of 2 buffers',
    make: () => {
      const buf = new Uint8Array(readData.length);
      const v: Uint8Array[] = [];
      v.push(buf.subarray(0, 32));
      v.push(buf.subarray(32));
      return { buffers: v, read: () => buf, size: () => null };
    },
  },
  {
    name: 'streambuf(sizeof(read_data))',
    make: () => {
      const sb = new Streambuf(readData.length);
      return { buffers: sb, read: () => sb.data(), size: () => sb.size() };
    },
  },
];

const offsets = [0, 1234] as const;

/** Asio's `s.reset(read_data, sizeof(read_data))` then `s.next_read_length(len)` (unlimited: the reset's own length). */
function device(ioc: IoContext, len: WriteLength): TestReadDevice {
  const d = new TestReadDevice(ioc);
  d.reset(readData);
  if (len !== Infinity) d.nextReadLength(len);
  return d;
}

async function checkScenario(mode: Mode, form: ReadForm, offset: number, len: WriteLength, condition: CompletionCondition | undefined, expected: number): Promise<void> {
  const ioc = new IoContext();
  const d = device(ioc, len);
  const target = form.make();
  const { err, n } = await runAsyncAt(mode, ioc, () => d.calls, (...rest) => (asyncReadAt as (...a: unknown[]) => unknown)(d, offset, target.buffers, ...rest), condition);
  expect(err).toBeNull();
  expect(n).toBe(expected);
  expect(d.checkBuffers(offset, target.read(), expected)).toBe(true);
  const size = target.size();
  if (size !== null) expect(size).toBe(expected);
}

// ---------------------------------------------------------------------------------------------
// Part 1: Asio's read_at.cpp
// ---------------------------------------------------------------------------------------------

describe('async_read_at scenarios of Asio read_at.cpp', () => {
  describe.each(readForms)('$name', (form) => {
    describe('test_4_arg_*_async_read_at: asyncReadAt(d, offset, buffers, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(writeLengths.map((len) => [lengthName(len), len] as const))('next_read_length %s reads all 53 bytes at offsets 0 and 1234', async (_name, len) => {
          for (const offset of offsets) await checkScenario(mode, form, offset, len, undefined, readData.length);
        });
      });

      test("Asio's lazy_handler archetype returns 42 and reads everything at 1234", async () => {
        const ioc = new IoContext();
        const d = device(ioc, Infinity);
        const target = form.make();
        const token = new AsioLazyHandler();
        const r = asyncReadAt(d, 1234, target.buffers, token);
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(d.checkBuffers(1234, target.read(), readData.length)).toBe(true);
      });

      test('a user token (lazy42) makes asyncReadAt return 42 and never starts the read', async () => {
        const ioc = new IoContext();
        const d = device(ioc, Infinity);
        const target = form.make();
        const r = asyncReadAt(d, 1234, target.buffers, new Lazy42Token());
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(d.calls).toBe(0);
      });
    });

    describe('test_5_arg_*_async_read_at: asyncReadAt(d, offset, buffers, condition, token)', () => {
      describe.each(modes)('token: %s', (mode) => {
        test.each(conditionRows)('%s, next_read_length %s, offsets 0 and 1234', async (_c, _l, len, c) => {
          for (const offset of offsets) await checkScenario(mode, form, offset, len, c.make(), c.expected(len));
        });
      });

      test("Asio's lazy_handler archetype with short_transfer returns 42 and reads everything at 1234", async () => {
        const ioc = new IoContext();
        const d = device(ioc, Infinity);
        const target = form.make();
        const r = asyncReadAt(d, 1234, target.buffers, shortTransfer, new AsioLazyHandler());
        expect(r).toBe(42);
        await ioc.run();
        expect(d.checkBuffers(1234, target.read(), readData.length)).toBe(true);
        // short_transfer: at most 3 bytes per read_some_at, each at the offset advanced so far.
        expect(d.calls).toBe(Math.ceil(readData.length / 3));
        expect(d.offsets.slice(0, 3)).toEqual([1234, 1237, 1240]);
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Part 2: JavaScript-specific behaviour
// ---------------------------------------------------------------------------------------------

const hundred = Uint8Array.from({ length: 100 }, (_, i) => (i * 7 + 3) & 0xff);

function endDevice(ioc: IoContext, options: { mode?: 'post' | 'manual' | 'inline' } = {}): TestReadDevice {
  const d = new TestReadDevice(ioc, { eofAtEnd: true, ...options });
  d.store(hundred);
  return d;
}

describe('the end of the data', () => {
  test('a read that runs past the end stops with eof and the bytes that were there', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    d.nextReadLength(7);
    const buf = new Uint8Array(53);
    const p = asyncReadAt(d, 60, buf, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(err).toBeInstanceOf(SystemError);
    expect(n).toBe(40);
    expect([...buf.subarray(0, 40)]).toEqual([...hundred.subarray(60)]);
    expect(d.offsets).toEqual([60, 67, 74, 81, 88, 95, 100]);
  });

  test('a read at or past the end completes with (eof, 0)', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    const p = Promise.all([asyncReadAt(d, 100, new Uint8Array(4), asTuple(useFuture)), asyncReadAt(d, 5000, new Uint8Array(4), asTuple(useFuture))]);
    await ioc.run();
    for (const [err, n] of await p) {
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(0);
    }
  });

  test('with transferAll, a dynamic buffer is read until eof: every byte committed', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    d.nextReadLength(30);
    const sb = new Streambuf();
    const p = asyncReadAt(d, 0, sb, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(100);
    expect([...sb.data()]).toEqual([...hundred]);
  });

  test('a dynamic buffer with a maxSize stops at it without an error (the condition has nothing more to ask)', async () => {
    const ioc = new IoContext();
    const d = endDevice(ioc);
    const vec = new ByteVector();
    const p = asyncReadAt(d, 10, dynamicBuffer(vec, 25), useFuture);
    await ioc.run();
    expect(await p).toBe(25);
    expect([...vec.bytes()]).toEqual([...hundred.subarray(10, 35)]);
  });

  test('each read into a dynamic buffer prepares Asio\'s read size: at least 512, at most the condition\'s answer', async () => {
    const ioc = new IoContext();
    const asked: number[] = [];
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(_offset: number, buffers: MutableBufferSequence, handler: ReadHandler) {
        const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
        const size = list.reduce((s, b) => s + b.length, 0);
        asked.push(size);
        post(ioc, () => handler(null, Math.min(size, 100)));
      },
    };
    const p = asyncReadAt(d, 0, new Streambuf(), transferExactly(300), useFuture);
    await ioc.run();
    expect(await p).toBe(300);
    // min(max(512, capacity - size), min(300 - read, maxSize - size)).
    expect(asked).toEqual([300, 200, 100]);
  });

  test('a device that reads 0 bytes without an error stops the read: no error, the short count', async () => {
    const ioc = new IoContext();
    // Asio's own test device past its data: buffer_copy from an empty range.
    const d = new TestReadDevice(ioc);
    d.store(hundred);
    const p = asyncReadAt(d, 90, new Uint8Array(53), asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 10]);
  });

  test('a failure part-way reports the SystemError and exactly the bytes read before it', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    d.failAt(1234 + 25, errors.connectionReset);
    const buf = new Uint8Array(53);
    const p = asyncReadAt(d, 1234, buf, asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(25);
    expect(d.checkBuffers(1234, buf, 25)).toBe(true);
  });
});

describe('empty buffers', () => {
  test.each([
    ['an empty Uint8Array', new Uint8Array(0)],
    ['an empty array', []],
    ['an array of empty buffers', [new Uint8Array(0), new Uint8Array(0)]],
  ] as const)('%s: one device call with nothing, then (null, 0)', async (_name, buffers) => {
    const ioc = new IoContext();
    const d = device(ioc, Infinity);
    const p = asyncReadAt(d, 0, buffers, asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 0]);
    expect(d.calls).toBe(1);
  });

  test('a full dynamic buffer (size = maxSize): (null, 0)', async () => {
    const ioc = new IoContext();
    const d = device(ioc, Infinity);
    const sb = new Streambuf(4);
    sb.sputn(new Uint8Array(4));
    const p = asyncReadAt(d, 0, sb, asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 0]);
    expect(sb.size()).toBe(4);
  });
});

describe('cancellation', () => {
  test.each([
    ['terminal', CancellationType.Terminal],
    ['partial', CancellationType.Partial],
  ] as const)('%s, between reads: stops with operationAborted and the bytes read so far', async (_name, type) => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const signal = new CancellationSignal();
    const buf = new Uint8Array(53);
    const p = asyncReadAt(d, 0, buf, bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    // The first read ran inside the call (the device copies, then posts): cancel before it is delivered.
    signal.emit(type);
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(10);
    expect(d.calls).toBe(1);
    expect(signal.slot().hasHandler()).toBe(false);
  });

  test('total cancellation is not supported: filtered out, the read completes', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const signal = new CancellationSignal();
    const p = asyncReadAt(d, 0, new Uint8Array(53), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    signal.emit(CancellationType.Total);
    await ioc.run();
    expect(await p).toEqual([null, 53]);
  });

  test('a read in flight is cancelled through the device: its answer, then the operation stops', async () => {
    const ioc = new IoContext();
    const d = new TestReadDevice(ioc, { mode: 'manual' });
    d.reset(readData);
    d.nextReadLength(10);
    const signal = new CancellationSignal();
    const p = asyncReadAt(d, 1234, new Uint8Array(53), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    expect(d.hasPending()).toBe(true);
    d.completePending();
    await ioc.poll();
    expect(d.hasPending()).toBe(true);
    expect(signal.slot().hasHandler()).toBe(true);
    signal.emit(CancellationType.Terminal);
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(10);
    expect(d.offsets).toEqual([1234, 1244]);
    expect(signal.slot().hasHandler()).toBe(false);
  });

  test('an AbortSignal aborts between reads; its reason is the cause', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const controller = new AbortController();
    const p = asyncReadAt(d, 0, new Uint8Array(53), bindAbortSignal(controller.signal, asTuple(useFuture)));
    controller.abort('enough');
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(10);
  });
});

describe('misbehaving devices', () => {
  test('a device completing inside asyncReadSomeAt: 1 MB in 1-byte reads, no recursion, delivered once and never inside the call', async () => {
    const ioc = new IoContext();
    const size = 1 << 20;
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(offset: number, buffers: MutableBufferSequence, handler: ReadHandler) {
        const b = buffers instanceof Uint8Array ? buffers : [...buffers][0]!;
        b[0] = offset & 0xff;
        handler(null, 1);
      },
    };
    const buf = new Uint8Array(size);
    let calls = 0;
    let result: [SystemError | null, number] | undefined;
    asyncReadAt(d, 0, buf, (err, n) => {
      calls++;
      result = [err, n];
    });
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(result).toEqual([null, size]);
    expect(buf[size - 1]).toBe((size - 1) & 0xff);
  });

  test('a device reporting more bytes than it was given is a RangeError; the work is given back', async () => {
    const ioc = new IoContext();
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(_offset: number, buffers: MutableBufferSequence, handler: ReadHandler) {
        const n = buffers instanceof Uint8Array ? buffers.length : [...buffers].reduce((s, b) => s + b.length, 0);
        post(ioc, () => handler(null, n + 1));
      },
    };
    asyncReadAt(d, 0, new Uint8Array(8), () => {});
    await expect(ioc.run()).rejects.toThrow(/^bytesTransferred reported by asyncReadSomeAt must be an integer from 0 to 8/);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('a device error that is not a SystemError is mapped with fromNodeError', async () => {
    const ioc = new IoContext();
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(_offset: number, _buffers: MutableBufferSequence, handler: ReadHandler) {
        post(ioc, () => (handler as (e: unknown, n: number) => void)(Object.assign(new Error('gone'), { code: 'EBADF' }), 0));
      },
    };
    const p = asyncReadAt(d, 0, new Uint8Array(8), asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.badDescriptor)).toBe(true);
    expect(n).toBe(0);
  });
});

describe('executors and buffers', () => {
  test("the handler runs on its associated executor; the device's reads carry it", async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const seen: Executor[] = [];
    const d = device(ioc, 10);
    const orig = d.asyncReadSomeAt.bind(d);
    d.asyncReadSomeAt = (offset, buffers, handler) => {
      seen.push(getAssociatedExecutor(handler, ioc.getExecutor()));
      return orig(offset, buffers, handler);
    };
    let inStrand = false;
    asyncReadAt(d, 0, new Uint8Array(53), bindExecutor(strand, () => {
      inStrand = strand.runningInThisThread();
    }));
    await ioc.run();
    expect(inStrand).toBe(true);
    expect(d.calls).toBe(6);
    expect(seen).toHaveLength(6);
    for (const ex of seen) expect(ex).toBe(strand);
  });

  test('the caller may reuse its array of buffers once asyncReadAt returned (the array is copied, not the bytes)', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const a = new Uint8Array(20);
    const b = new Uint8Array(33);
    const list = [a, b];
    const p = asyncReadAt(d, 0, list, useFuture);
    list.length = 0;
    list.push(new Uint8Array(1));
    await ioc.run();
    expect(await p).toBe(53);
    expect(d.checkBuffers(0, [a, b], 53)).toBe(true);
  });

  test('a DynamicBuffer v2 is refused (Asio has no such overload)', () => {
    const d = device(new IoContext(), 10);
    expect(() => asyncReadAt(d, 0, dynamicBufferV2(new ByteVector()) as never, () => {})).toThrow(/^buffers must be a Uint8Array, an iterable of Uint8Array or a DynamicBuffer v1/);
  });

  test('bad arguments throw naming the argument, before anything starts', () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const call = asyncReadAt as unknown as (...a: unknown[]) => unknown;
    expect(() => call({}, 0, new Uint8Array(1), () => {})).toThrow(/^device must be an AsyncRandomAccessReadDevice/);
    expect(() => call(d, -1, new Uint8Array(1), () => {})).toThrow(RangeError);
    expect(() => call(d, 1.5, new Uint8Array(1), () => {})).toThrow(/^offset must be a non-negative integer/);
    expect(() => call(d, '0', new Uint8Array(1), () => {})).toThrow(/^offset must be a number/);
    expect(() => call(d, 0, 'x', () => {})).toThrow(/^buffers must be/);
    expect(() => call(d, 0, new Uint8Array(1), 5, () => {})).toThrow(/^completionCondition must be a function/);
    expect(() => call(d, 0, new Uint8Array(1), 5)).toThrow(/^token/);
    expect(() => call(d, 0, new Uint8Array(1), transferAll(), 5)).toThrow(/^token/);
    expect(d.calls).toBe(0);
    expect(ioc.poll()).toBe(0);
  });
});

describe('types', () => {
  test('each form returns what its token says; an arrow handler is typed', () => {
    const d = device(new IoContext(), Infinity);
    const buf = new Uint8Array(4);
    expectTypeOf(asyncReadAt(d, 0, buf)).toEqualTypeOf<import('@asio-ts/core').DeferredOperation<[SystemError | null, number]>>();
    expectTypeOf(asyncReadAt(d, 0, buf, useFuture)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(asyncReadAt(d, 0, buf, transferAtLeast(1), useFuture)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(asyncReadAt(d, 0, buf, transferAtLeast(1))).toEqualTypeOf<import('@asio-ts/core').DeferredOperation<[SystemError | null, number]>>();
    const r: void = asyncReadAt(d, 0, new Streambuf(), (err, n) => {
      expectTypeOf(err).toEqualTypeOf<SystemError | null>();
      expectTypeOf(n).toEqualTypeOf<number>();
    });
    void r;
    asyncReadAt(d, 0, buf, (err, n) => (err ? 0 : 4 - n), (err, n) => {
      expectTypeOf(err).toEqualTypeOf<SystemError | null>();
      expectTypeOf(n).toEqualTypeOf<number>();
    });
  });
});
