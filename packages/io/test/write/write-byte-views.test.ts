/**
 * asyncWrite and write take what Node's `socket.write` takes where the meaning is clear: an
 * ArrayBuffer, a DataView or any other ArrayBufferView is written as its bytes (the view's
 * range, not its whole buffer; viewed, not copied), alone or as elements of a sequence. A string
 * is refused with a TypeError saying how to encode it: asio-ts buffers are bytes.
 */
import { IoContext, useFuture } from '@asio-ts/core';
import { asyncWrite, TestStream, write, type WriteSource } from '@asio-ts/io';

function bytesOf(...b: number[]): Uint8Array {
  return Uint8Array.from(b);
}

/** A 16-byte ArrayBuffer holding 0..15. */
function counting(): ArrayBuffer {
  const ab = new ArrayBuffer(16);
  new Uint8Array(ab).forEach((_, i, a) => (a[i] = i));
  return ab;
}

const int16 = new Int16Array([0x0102, 0x0304]);
const int16Bytes = new Uint8Array(int16.buffer.slice(0));

const rows: ReadonlyArray<readonly [name: string, make: () => WriteSource, expected: Uint8Array]> = [
  ['an ArrayBuffer: all its bytes', () => counting(), bytesOf(...Array.from({ length: 16 }, (_, i) => i))],
  ['a DataView: its range only', () => new DataView(counting(), 4, 3), bytesOf(4, 5, 6)],
  ['an Int16Array: the bytes of its elements, in memory order', () => int16, int16Bytes],
  ['a Float64Array subarray: its range only', () => new Float64Array(counting()).subarray(1, 2), bytesOf(8, 9, 10, 11, 12, 13, 14, 15)],
  ['a SharedArrayBuffer', () => new Uint8Array(new SharedArrayBuffer(3)).fill(7).buffer, bytesOf(7, 7, 7)],
  ['an array mixing a Uint8Array, a DataView and an ArrayBuffer', () => [bytesOf(1), new DataView(counting(), 2, 2), bytesOf(9, 9).buffer], bytesOf(1, 2, 3, 9, 9)],
  ['a Set of views (any iterable)', () => new Set<ArrayBufferView>([new DataView(counting(), 0, 1), new Uint16Array([0x0a0a])]), bytesOf(0, 10, 10)],
];

describe.each(rows)('%s', (_name, make, expected) => {
  test('asyncWrite writes exactly those bytes', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 2 });
    const p = asyncWrite(stream, make(), useFuture);
    await ioc.run();
    await expect(p).resolves.toBe(expected.length);
    expect(stream.received()).toEqual(expected);
  });

  test('so does write (sync)', () => {
    const stream = new TestStream(new IoContext(), { maxWriteSize: 3 });
    expect(write(stream, make())).toBe(expected.length);
    expect(stream.received()).toEqual(expected);
  });
});

describe('views, not copies', () => {
  test('the stream is offered a Uint8Array over the caller\'s memory', () => {
    const ab = counting();
    const offered: Uint8Array[] = [];
    write({ writeSome: (b) => (offered.push(b as Uint8Array), (b as Uint8Array).length) }, new DataView(ab, 8, 4));
    expect(offered).toHaveLength(1);
    expect(offered[0]!.buffer).toBe(ab);
    expect(offered[0]!.byteOffset).toBe(8);
  });

  test("the caller's array holding a view is left as it was", () => {
    const dv = new DataView(counting(), 0, 2);
    const arr = [bytesOf(1), dv];
    write(new TestStream(new IoContext()), arr);
    expect(arr[1]).toBe(dv);
  });
});

describe('a string is refused, saying how to encode it', () => {
  const untypedAsyncWrite = asyncWrite as unknown as (...args: unknown[]) => unknown;
  const untypedWrite = write as unknown as (...args: unknown[]) => unknown;
  const hint = /: encode it: new TextEncoder\(\)\.encode\(s\) \(asio-ts buffers are bytes: unlike Node's socket\.write, nothing here takes a string\)$/;

  test.each([
    ['asyncWrite(s, "hello")', (s: TestStream) => untypedAsyncWrite(s, 'hello', () => {})],
    ['write(s, "hello")', (s: TestStream) => untypedWrite(s, 'hello')],
    ['a string in a sequence', (s: TestStream) => untypedAsyncWrite(s, [bytesOf(1), 'hello'], () => {})],
  ])('%s', (_n, call) => {
    const stream = new TestStream(new IoContext());
    expect(() => call(stream)).toThrow(TypeError);
    expect(() => call(stream)).toThrow(hint);
    expect(stream.writeCalls).toBe(0);
  });

  test('the message still starts with what a buffer sequence is', () => {
    expect(() => untypedWrite(new TestStream(new IoContext()), 'hello')).toThrow(/^buffers must be a Uint8Array or an iterable of Uint8Array, got "hello": encode it/);
    expect(() => untypedWrite(new TestStream(new IoContext()), [bytesOf(1), 'x'])).toThrow(/^buffers must be a Uint8Array or an iterable of Uint8Array, element 1 is "x": encode it/);
  });

  test('an array of numbers says to make a Uint8Array of it', () => {
    expect(() => untypedWrite(new TestStream(new IoContext()), [1, 2, 3])).toThrow(/element 0 is 1: an array of numbers is not bytes: new Uint8Array\(array\)$/);
  });
});
