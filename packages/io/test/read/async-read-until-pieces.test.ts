/**
 * `asyncReadUntil` and `readUntil` over a user's DynamicBuffer v1 whose `data()` hands the
 * readable bytes out as several pieces (as a chain of blocks would): the search sees them as
 * one run of bytes, so a delimiter split across two pieces is found, and what the match counts
 * is the same as over a single view.
 */
import { IoContext, useFuture } from '@asio-ts/core';
import { asyncReadUntil, readUntil, type DynamicBufferV1 } from '@asio-ts/io';
import { latin1, makeStream } from '../helpers/async-read-until-stream.js';

/** Readable bytes kept as a list of blocks of at most `block` bytes; data() returns every block. */
class BlockBuffer implements DynamicBufferV1<Uint8Array[], Uint8Array> {
  readonly #block: number;
  #blocks: Uint8Array[] = [];
  #prepared: Uint8Array | null = null;

  constructor(block: number) {
    this.#block = block;
  }

  size(): number {
    return this.#blocks.reduce((n, b) => n + b.length, 0);
  }

  maxSize(): number {
    return 1 << 20;
  }

  capacity(): number {
    return this.maxSize();
  }

  data(): Uint8Array[] {
    return this.#blocks.slice();
  }

  prepare(n: number): Uint8Array {
    this.#prepared = new Uint8Array(n);
    return this.#prepared;
  }

  commit(n: number): void {
    const area = this.#prepared?.subarray(0, n) ?? new Uint8Array(0);
    this.#prepared = null;
    for (let at = 0; at < area.length; at += this.#block) this.#blocks.push(area.slice(at, at + this.#block));
  }

  consume(n: number): void {
    while (n > 0 && this.#blocks.length > 0) {
      const first = this.#blocks[0]!;
      if (first.length <= n) {
        n -= first.length;
        this.#blocks.shift();
      } else {
        this.#blocks[0] = first.subarray(n);
        n = 0;
      }
    }
  }

  text(): string {
    return new TextDecoder().decode(Uint8Array.from(this.#blocks.flatMap((b) => [...b])));
  }
}

test('a delimiter split across two pieces is found: the count is up to and including it', async () => {
  const ioc = new IoContext();
  // Reads of 6 bytes, kept in blocks of 3: "abc" "de\n", then "\nre" "st". The two-byte
  // delimiter straddles both two blocks and two reads.
  const stream = makeStream(ioc, 6, 'abcde\n\nrest');
  const buffer = new BlockBuffer(3);
  const p = asyncReadUntil(stream, buffer, '\n\n', useFuture);
  await ioc.run();
  expect(await p).toBe(7);
  expect(buffer.data().length).toBeGreaterThan(1);
  expect(buffer.text()).toBe('abcde\n\nrest');
  buffer.consume(7);
  expect(buffer.text()).toBe('rest');
});

test('a match already in a buffer of several pieces is found without reading, as with a RegExp', async () => {
  const ioc = new IoContext();
  const stream = makeStream(ioc, Infinity, '');
  const buffer = new BlockBuffer(2);
  const area = buffer.prepare(9);
  area.set(latin1('key: v\r\nx'));
  buffer.commit(9);
  const p = asyncReadUntil(stream, buffer, /\r\n/, useFuture);
  await ioc.run();
  expect(await p).toBe(8);
  expect(stream.readCalls).toBe(0);
});

test('readUntil (the synchronous form) over the same buffer: a two-byte delimiter across pieces and reads', () => {
  const ioc = new IoContext();
  const stream = makeStream(ioc, 3, 'one;;two;;');
  const buffer = new BlockBuffer(1);
  expect(readUntil(stream, buffer, ';;')).toBe(5);
  buffer.consume(5);
  expect(readUntil(stream, buffer, ';;')).toBe(5);
  expect(buffer.text()).toBe('two;;');
});
