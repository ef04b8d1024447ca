/**
 * The composed read-until (`asyncReadUntil`), part 1: the async scenarios of Asio's unit test
 * (`asio/src/tests/unit/read_until.cpp`, Asio 1.38): a `char` delimiter, a string delimiter and a
 * match condition, into an unlimited buffer and one of `maxSize` 25, with `next_read_length`
 * unlimited, 1 and 10, and the lazy user token; over every dynamic buffer flavour, and with the
 * `Uint8Array` and `RegExp` forms, each run with a callback, `useFuture`, `deferred`,
 * `useAwaitable` inside `coSpawn` and `spawn`. The synchronous twin is tested in
 * `read-until.test.ts`.
 */
import { errorIs, errors, IoContext } from '@asio-ts/core';
import { asyncReadUntil, type MatchCondition } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { AsioLazyHandler, Lazy42Token } from '../helpers/tokens.js';
import { readData } from '../helpers/bytes.js';
import { lengthName, writeLengths } from '../helpers/conditions.js';
import { readModes, runRead } from '../helpers/read-driver.js';
import { dynamicKinds } from '../helpers/read-targets.js';
import { latin1, makeStream, untypedAsyncReadUntil } from '../helpers/async-read-until-stream.js';

/** Asio's `match_char`: a MatchCondition that finds one byte. */
function matchChar(c: string): MatchCondition {
  const code = c.charCodeAt(0);
  return (data) => {
    const i = data.indexOf(code);
    return i < 0 ? [data.length, false] : [i + 1, true];
  };
}

const lengthRows = writeLengths.map((len) => [lengthName(len), len] as const);

// The match forms of read_until.cpp (a char, a string, match_char) and asio-ts's own (bytes, RegExp).
const forms = [
  { name: "char 'Z' (a one-character string)", z: () => 'Z', y: () => 'Y' },
  { name: 'string "XYZ"', z: () => 'XYZ', y: () => 'WXY' },
  { name: "match_char('Z') (a MatchCondition)", z: () => matchChar('Z'), y: () => matchChar('Y') },
  { name: 'Uint8Array "XYZ"', z: () => latin1('XYZ'), y: () => latin1('WXY') },
  { name: 'RegExp /X.Z/', z: () => /X.Z/, y: () => /W.Y/ },
] as const;

describe('async_read_until scenarios of Asio read_until.cpp', () => {
  describe.each(dynamicKinds)('$name', (kind) => {
    describe.each(forms)('$name', (form) => {
      describe.each(readModes)('token: %s', (mode) => {
        test.each(lengthRows)('sb1 (no maxSize), next_read_length %s: 26 bytes, up to and including Z', async (_n, len) => {
          const ioc = new IoContext();
          const stream = makeStream(ioc, len);
          const d = kind.make();
          const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, form.z(), t));
          expect(err).toBeNull();
          expect(n).toBe(26);
          // What was read is in the buffer, maybe more than the 26 bytes (Asio's rule).
          const got = d.contents();
          expect(got.length).toBeGreaterThanOrEqual(26);
          expect(got).toEqual(readData.subarray(0, got.length));
        });

        test.each(lengthRows)('sb2 (maxSize 25), next_read_length %s: Z is past maxSize: notFound, 0 bytes', async (_n, len) => {
          const ioc = new IoContext();
          const stream = makeStream(ioc, len);
          const d = kind.make(25);
          const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, form.z(), t));
          expect(errorIs(err, errors.notFound)).toBe(true);
          if (n !== undefined) expect(n).toBe(0);
          // The buffer is full, to the byte.
          expect(d.contents()).toEqual(readData.subarray(0, 25));
        });

        test.each(lengthRows)('sb2 (maxSize 25), next_read_length %s: Y ends at 25, found as the buffer fills', async (_n, len) => {
          const ioc = new IoContext();
          const stream = makeStream(ioc, len);
          const d = kind.make(25);
          const { err, n } = await runRead(mode, ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, form.y(), t));
          expect(err).toBeNull();
          expect(n).toBe(25);
        });
      });

      test('a user token (lazy42) makes asyncReadUntil return 42 and never starts the read', async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const d = kind.make(25);
        const r = asyncReadUntil(stream, d.buffers, form.y(), new Lazy42Token());
        expectTypeOf(r).toEqualTypeOf<42>();
        expect(r).toBe(42);
        await ioc.run();
        expect(stream.readCalls).toBe(0);
      });

      test("Asio's lazy_handler archetype returns 42 and reads", async () => {
        const ioc = new IoContext();
        const stream = makeStream(ioc, Infinity);
        const d = kind.make(25);
        const token = new AsioLazyHandler();
        expect(asyncReadUntil(stream, d.buffers, form.y(), token)).toBe(42);
        await ioc.run();
        expect(token.completions).toBe(1);
        expect(d.contents()).toEqual(readData.subarray(0, 25));
      });
    });
  });
});
