/**
 * Static types of `asyncRead` and `asyncReadUntil` per token kind (checked by `tsc`); every call
 * also runs against a TestStream, so the run-time values are what the types say.
 */
import {
  asTuple,
  Awaitable,
  bindExecutor,
  coSpawn,
  IoContext,
  useAwaitable,
  useFuture,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import {
  asyncRead,
  asyncReadUntil,
  read,
  readUntil,
  Streambuf,
  TestStream,
  transferAtLeast,
  type MatchCondition,
  type ReadSignature,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { readData } from '../helpers/bytes.js';
import { shortTransfer } from '../helpers/conditions.js';
import { Lazy42Token } from '../helpers/tokens.js';

let ioc: IoContext;
let s: TestStream;

beforeEach(() => {
  ioc = new IoContext();
  s = new TestStream(ioc, { maxReadSize: 10 });
  s.reset(readData);
});

afterEach(async () => {
  await ioc.run();
});

test('a callback: void, and (err, n) inferred, with or without a condition and inside binders', () => {
  const r = asyncRead(s, new Uint8Array(4), (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  expectTypeOf(r).toEqualTypeOf<void>();
  asyncRead(s, new Streambuf(), transferAtLeast(4), (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  asyncRead(s, new Uint8Array(4), shortTransfer, bindExecutor(ioc, (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  }));
  const u = asyncReadUntil(s, new Streambuf(), '\n', (err, n) => {
    expectTypeOf(err).toEqualTypeOf<SystemError | null>();
    expectTypeOf(n).toEqualTypeOf<number>();
  });
  expectTypeOf(u).toEqualTypeOf<void>();
});

test('a callback with the wrong parameter types is a type error', () => {
  // @ts-expect-error the first parameter receives SystemError | null, not a string
  asyncRead(s, new Uint8Array(4), (err: string, n: number) => void [err, n]);
  // @ts-expect-error the second parameter receives a number
  asyncReadUntil(s, new Streambuf(), '\n', (err: SystemError | null, n: string) => void [err, n]);
  // @ts-expect-error a buffer sequence is no dynamic buffer
  expect(() => asyncReadUntil(s, new Uint8Array(4), '\n', () => {})).toThrow(TypeError);
  // @ts-expect-error a number is no match
  expect(() => asyncReadUntil(s, new Streambuf(), 10, () => {})).toThrow(TypeError);
});

test('useFuture, deferred, asTuple, a user token', async () => {
  const p = asyncRead(s, new Uint8Array(4), useFuture);
  expectTypeOf(p).toEqualTypeOf<Promise<number>>();
  const d = asyncRead(s, new Uint8Array(4));
  expectTypeOf(d).toEqualTypeOf<DeferredOperation<ReadSignature>>();
  const u = asyncReadUntil(s, new Streambuf(), /x/);
  expectTypeOf(u).toEqualTypeOf<DeferredOperation<ReadSignature>>();
  const s2 = new TestStream(ioc);
  s2.reset(readData);
  const t = asyncReadUntil(s2, new Streambuf(), 'Z', asTuple(useFuture));
  expectTypeOf(t).toEqualTypeOf<Promise<[err: SystemError | null, bytesTransferred: number]>>();
  expectTypeOf(asyncReadUntil(s, new Streambuf(), 'Z', new Lazy42Token())).toEqualTypeOf<42>();
  await ioc.run();
  expect(await p).toBe(4);
  expect(await t).toEqual([null, 26]);
  d(() => {});
  u(() => {});
});

test('a MatchCondition written inline is typed, its tuple inferred', async () => {
  const cond: MatchCondition = (data) => {
    expectTypeOf(data).toEqualTypeOf<Uint8Array>();
    const i = data.indexOf(0x5a);
    return i < 0 ? [data.length, false] : [i + 1, true];
  };
  const s2 = new TestStream(ioc);
  s2.reset(readData);
  const p = asyncReadUntil(s, new Streambuf(), (data) => [data.indexOf(0x5a) + 1, data.includes(0x5a)], useFuture);
  const q = asyncReadUntil(s2, new Streambuf(), cond, useFuture);
  await ioc.run();
  expect(await p).toBe(26);
  expect(await q).toBe(26);
});

test('useAwaitable inside coSpawn is a number', async () => {
  expectTypeOf(asyncRead(s, new Uint8Array(4), useAwaitable)).toEqualTypeOf<Awaitable<number>>();
  const p = coSpawn(
    ioc,
    async () => {
      const n = await asyncReadUntil(s, new Streambuf(), 'Z', useAwaitable);
      expectTypeOf(n).toEqualTypeOf<number>();
      return n;
    },
    useFuture,
  );
  await ioc.run();
  expect(await p).toBe(26);
});

test('the sync reads return a number', () => {
  expectTypeOf(read(s, new Uint8Array(4))).toEqualTypeOf<number>();
  expectTypeOf(readUntil(s, new Streambuf(), 'z')).toEqualTypeOf<number>();
});
