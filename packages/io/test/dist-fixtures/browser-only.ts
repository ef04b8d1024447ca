// A browser-only program (lib ES2022 + DOM, no @types/node): dist-types.test.ts type-checks it
// against the built declarations of core and io, which must name no `node:` module. It copies a
// WHATWG byte source into a WHATWG sink through the adapters, and writes to a TestStream.
import { IoContext, errorIs, errors, useFuture } from '@asio-ts/core';
import {
  asyncWrite,
  fromWebReadable,
  fromWebWritable,
  TestStream,
  type WebReadableReadStream,
  type WebWritableWriteStream,
} from '@asio-ts/io';

/** Copy every byte of `source` into `sink`; resolves with the count. */
export async function copy(source: ReadableStream<Uint8Array>, sink: WritableStream<Uint8Array>): Promise<number> {
  const input: WebReadableReadStream = fromWebReadable(source, { byob: true });
  const output: WebWritableWriteStream = fromWebWritable(sink, { copy: false });
  const chunk = new Uint8Array(16 * 1024);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = await input.asyncReadSome(chunk, useFuture);
    } catch (e) {
      if (errorIs(e, errors.eof)) return total;
      throw e;
    }
    total += await asyncWrite(output, chunk.subarray(0, n), useFuture);
  }
}

/** The sources a page has: a Blob, a fetch body. */
export async function sources(blob: Blob, response: Response, sink: WritableStream<Uint8Array>): Promise<number> {
  let total = await copy(blob.stream(), sink);
  if (response.body !== null) total += await copy(response.body, sink);
  return total;
}

/** The test stream, with an IoContext: what the page's own tests use. */
export async function written(): Promise<Uint8Array> {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 3 });
  const done: Promise<number> = asyncWrite(stream, new TextEncoder().encode('hello'), useFuture);
  await ioc.run();
  await done;
  return stream.received();
}
