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
import { IoContext, SystemError, useFuture } from '@asio-ts/core';
import {
  asyncReadAt,
  Streambuf,
  transferAtLeast,
  type CompletionCondition,
  type ReadAtTarget,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { writeData as readData } from '../helpers/bytes.js';
import {
  conditionRows,
  lengthName,
  shortTransfer,
  writeLengths,
  type WriteLength,
} from '../helpers/conditions.js';
import { runAsyncAt } from '../helpers/at-driver.js';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { modes, type Mode } from '../helpers/write-driver.js';
import { device } from '../helpers/read-at-device.js';

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
