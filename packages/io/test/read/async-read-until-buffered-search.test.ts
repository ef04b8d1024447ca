/**
 * `asyncReadUntil`'s search of what is already buffered, which for the library's vector buffers
 * runs over a view of the storage up to the data's end: it sees exactly the readable data.
 */
import { IoContext, SystemError } from '@asio-ts/core';
import { asyncReadUntil, ByteVector, dynamicBuffer, dynamicBufferV2, Streambuf } from '@asio-ts/io';
import { latin1, makeStream } from '../helpers/async-read-until-stream.js';

type Got = [SystemError | null, number];

async function readUntilNewline(buffer: Parameters<typeof asyncReadUntil>[1], more: string, delim = '\n'): Promise<[Got, number]> {
  const ioc = new IoContext();
  const stream = makeStream(ioc, 64, latin1(more));
  let got: Got | undefined;
  asyncReadUntil(stream, buffer, delim, (e, n) => (got = [e, n]));
  expect(got).toBeUndefined(); // never inside the call
  await ioc.run();
  return [got!, stream.readCalls];
}

describe('a match already in the buffer', () => {
  test.each([
    ['dynamicBuffer(vec) (v1)', () => dynamicBuffer(new ByteVector(latin1('ab\ncd\nef')))],
    ['Streambuf', () => {
      const sb = new Streambuf();
      sb.sputn('ab\ncd\nef');
      return sb;
    }],
  ] as const)('%s: lines after consumes, found without reading, at the right lengths', async (_n, make) => {
    const buffer = make();
    const [first, reads1] = await readUntilNewline(buffer, 'x');
    expect([first, reads1]).toEqual([[null, 3], 0]);
    buffer.consume(3);
    const [second, reads2] = await readUntilNewline(buffer, 'x');
    expect([second, reads2]).toEqual([[null, 3], 0]);
    buffer.consume(3);
    expect(await readUntilNewline(buffer, 'g\n')).toEqual([[null, 4], 1]); // 'ef' then 'g\n'
  });

  test('v2: a delimiter byte left in the storage past the data is not a match', async () => {
    const vec = new ByteVector(latin1('ab\ncd\n'));
    const v2 = dynamicBufferV2(vec);
    v2.consume(3);
    v2.shrink(1); // 'cd', the '\n' after it still in the storage
    const [got, reads] = await readUntilNewline(v2, 'e\n');
    expect(got).toEqual([null, 4]);
    expect(reads).toBe(1);
  });

  test('a partial multi-byte delimiter at the end of the data resumes, and nothing past it matches', async () => {
    const sb = new Streambuf();
    sb.sputn('x\r\nab\r');
    sb.consume(3);
    expect(await readUntilNewline(sb, '\n', '\r\n')).toEqual([[null, 4], 1]);
  });

  test('v1 with an uncommitted prepared area: the area is not searched', async () => {
    const sb = new Streambuf();
    sb.sputn('ab');
    sb.prepare(4).set(latin1('\n\n\n\n'));
    expect(await readUntilNewline(sb, 'c\n')).toEqual([[null, 4], 1]);
  });

  test("a subclass's own data() is what is searched", async () => {
    class Upper extends Streambuf {
      override data(): Uint8Array {
        return super.data().map((b) => (b === 0x2c ? 0x0a : b)); // ',' reads as '\n'
      }
    }
    const sb = new Upper();
    sb.sputn('ab,cd');
    expect(await readUntilNewline(sb, 'x')).toEqual([[null, 3], 0]);
  });
});
