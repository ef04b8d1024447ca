// fromWebWritable over real WHATWG WritableStreams.
import { asTuple, bindAbortSignal, coSpawn, IoContext, useFuture } from '@asio-ts/core';
import { asyncWrite, fromWebWritable, Streambuf } from '@asio-ts/io';
import { check, codeOf, concatAll, dec, enc, expectBytes, expectEqual, hello, tick } from './harness.js';

/** A real WritableStream whose sink collects the chunks it is given. */
function collectingStream(options: { failOn?: number; delayMs?: number } = {}): { stream: WritableStream<Uint8Array>; chunks: Uint8Array[]; closed: () => boolean } {
  const chunks: Uint8Array[] = [];
  let closed = false;
  const stream = new WritableStream<Uint8Array>({
    async write(chunk) {
      if (options.delayMs !== undefined) await tick(options.delayMs);
      if (options.failOn !== undefined && chunks.length === options.failOn) throw Object.assign(new Error('sink refused'), { code: 'EPIPE' });
      if (!(chunk instanceof Uint8Array)) throw new TypeError('not a Uint8Array');
      chunks.push(chunk);
    },
    close() {
      closed = true;
    },
  });
  return { stream, chunks, closed: () => closed };
}

check('fromWebWritable: asyncWrite bytes into a real WritableStream', async () => {
  const ioc = new IoContext();
  const sink = collectingStream({ delayMs: 1 });
  const ws = fromWebWritable(sink.stream, { executor: ioc });
  const sb = new Streambuf();
  sb.sputn('from a streambuf\n');
  // One write at a time on a stream (as in Asio): each starts from the previous one's handler.
  const lengths = coSpawn(
    ioc,
    async (ctx) => [
      await asyncWrite(ws, hello, ctx.useAwaitable),
      await asyncWrite(ws, [enc('two '), enc('buffers\n')], ctx.useAwaitable),
      await asyncWrite(ws, sb, ctx.useAwaitable),
    ],
    useFuture,
  );
  await ioc.run();
  expectEqual((await lengths).join(','), `${hello.length},12,17`, 'bytes per write (plain, a buffer sequence, a streambuf)');
  expectEqual(sb.size(), 0, 'left in the streambuf');
  const all = concatAll(sink.chunks);
  expectBytes(all, enc('hello, browser\ntwo buffers\nfrom a streambuf\n'), 'the sink');
  // The default copies each write: reusing the caller's memory cannot change what the sink got.
  const mine = enc('AAAA');
  ioc.restart();
  const d = asyncWrite(ws, mine, useFuture);
  await ioc.run();
  await d;
  mine.fill(66);
  expectEqual(dec(sink.chunks[sink.chunks.length - 1]!), 'AAAA', 'the sink kept a copy');
  return `${sink.chunks.length} chunks, ${all.length + 4} bytes`;
});

check('fromWebWritable: a sink error completes the write with it', async () => {
  const ioc = new IoContext();
  const sink = collectingStream({ failOn: 1 });
  const ws = fromWebWritable(sink.stream, { executor: ioc });
  const first = asyncWrite(ws, hello, asTuple(useFuture));
  await ioc.run();
  const [e1, n1] = await first;
  expectEqual(codeOf(e1), 'none', 'first write');
  expectEqual(n1, hello.length, 'first write bytes');
  ioc.restart();
  const second = asyncWrite(ws, hello, asTuple(useFuture));
  await ioc.run();
  const [e2, n2] = await second;
  expectEqual(codeOf(e2), 'EPIPE', 'second write');
  expectEqual(n2, 0, 'second write bytes');
});

check('fromWebWritable: an AbortSignal cancels a write the sink holds (aborts the stream)', async () => {
  const ioc = new IoContext();
  let release: () => void = () => {};
  let abortedWith: unknown;
  const stream = new WritableStream<Uint8Array>({
    write: () => new Promise<void>((r) => (release = r)), // never done on its own
    abort: (reason) => {
      abortedWith = reason;
    },
  });
  const ws = fromWebWritable(stream, { executor: ioc });
  const controller = new AbortController();
  const p = asyncWrite(ws, hello, bindAbortSignal(controller.signal, asTuple(useFuture)));
  const running = ioc.run();
  await tick(5);
  controller.abort();
  await running;
  release();
  const [err, n] = await p;
  expectEqual(codeOf(err), 'ECANCELED', 'error');
  expectEqual(n, 0, 'bytes');
  await tick(5);
  expectEqual(codeOf(abortedWith), 'ECANCELED', 'the sink was aborted with');
});
