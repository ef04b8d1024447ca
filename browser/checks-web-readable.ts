// fromWebReadable over real WHATWG ReadableStreams: a default stream (read through a default
// reader, chunks in the source's sizes) and a byte stream (a BYOB reader, reads sized by the
// caller's buffers), with asyncRead, asyncReadUntil and asyncReadSome, eof, errors and
// cancellation that keeps every byte.
import { asTuple, bindAbortSignal, cancelAfter, coSpawn, IoContext, useFuture } from '@asio-ts/core';
import { asyncRead, asyncReadUntil, fromWebReadable, Streambuf, transferExactly } from '@asio-ts/io';
import { check, codeOf, dec, enc, expectEqual, fail, tick } from './harness.js';

/** A default stream of `chunks`, then closed; pulled only when read (highWaterMark 0). */
function chunkStream(chunks: readonly string[]): { stream: ReadableStream<Uint8Array>; pulls: () => number } {
  let i = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (i < chunks.length) controller.enqueue(enc(chunks[i]!));
        else controller.close();
        i++;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => i };
}

/** A default stream the check feeds by hand (`start` runs inside the constructor). */
function handFed(highWaterMark = 1): { stream: ReadableStream<Uint8Array>; controller: ReadableStreamDefaultController<Uint8Array> } {
  const fed: { controller?: ReadableStreamDefaultController<Uint8Array> } = {};
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (fed.controller = c) }, { highWaterMark });
  return { stream, controller: fed.controller ?? fail('start() did not run in the constructor') };
}

/** A byte stream answering each BYOB request with what fits of `data`, recording the sizes asked for. */
function byteStream(data: Uint8Array): { stream: ReadableStream<Uint8Array>; asked: number[] } {
  let at = 0;
  const asked: number[] = [];
  const stream = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      const request = controller.byobRequest;
      if (request === null) fail('a BYOB read came without a byobRequest');
      const view = request.view as Uint8Array;
      asked.push(view.byteLength);
      if (at >= data.length) {
        controller.close();
        request.respond(0);
        return;
      }
      const n = Math.min(view.byteLength, data.length - at);
      view.set(data.subarray(at, at + n));
      at += n;
      request.respond(n);
    },
  });
  return { stream, asked };
}

check('fromWebReadable (default reader): asyncRead across chunks; the rest of a chunk is kept for the next read', async () => {
  const ioc = new IoContext();
  const source = chunkStream(['hel', 'lo, bro', 'wser\n']);
  const rs = fromWebReadable(source.stream, { executor: ioc });
  expectEqual(rs.byob, false, 'byob (not a byte stream)');
  expectEqual(source.pulls(), 0, 'pulls before any read');
  const first = new Uint8Array(5);
  const rest = new Uint8Array(10);
  const lengths = coSpawn(ioc, async (ctx) => [await asyncRead(rs, first, ctx.useAwaitable), await asyncRead(rs, rest, ctx.useAwaitable)], useFuture);
  await ioc.run();
  expectEqual((await lengths).join(','), '5,10', 'bytes per asyncRead');
  expectEqual(dec(first) + dec(rest), 'hello, browser\n', 'the bytes');
  // A read larger than what is left: (eof, the bytes there).
  ioc.restart();
  const tail = asyncRead(rs, new Uint8Array(4), asTuple(useFuture));
  await ioc.run();
  const [err, n] = await tail;
  expectEqual(`${codeOf(err)}/${n}`, 'EOF/0', 'after the last byte');
});

check('fromWebReadable: asyncReadSome (callback, useFuture, deferred, asTuple) reads at most the buffer; eof at the end', async () => {
  const rs = fromWebReadable(chunkStream(['abcdef', 'gh']).stream);
  const buf = new Uint8Array(4);
  const got: string[] = [];
  got.push(`${await rs.asyncReadSome(buf, useFuture)}:${dec(buf)}`);
  got.push(`${await rs.asyncReadSome(buf)}:${dec(buf.subarray(0, 2))}`);
  const [e3, n3] = await new Promise<[unknown, number]>((resolve) => rs.asyncReadSome(buf, (err, n) => resolve([err, n])));
  got.push(`${codeOf(e3)}/${n3}:${dec(buf.subarray(0, n3))}`);
  const [e4, n4] = await rs.asyncReadSome(buf, asTuple(useFuture));
  got.push(`${codeOf(e4)}/${n4}`);
  expectEqual(got.join(' '), '4:abcd 2:ef none/2:gh EOF/0', 'the reads');
});

check('fromWebReadable: asyncReadUntil a delimiter into a Streambuf, lines split across chunks', async () => {
  const ioc = new IoContext();
  const rs = fromWebReadable(chunkStream(['GET / HTTP/1.1\r\nHo', 'st: x\r\n\r\nbody']).stream, { executor: ioc });
  const sb = new Streambuf();
  const p = coSpawn(
    ioc,
    async (ctx) => {
      const lines: string[] = [];
      for (;;) {
        const n = await asyncReadUntil(rs, sb, '\r\n', ctx.useAwaitable);
        lines.push(dec(sb.data().subarray(0, n - 2)));
        sb.consume(n);
        if (n === 2) break; // the empty line ends the header
      }
      const [err, n] = await asyncRead(rs, sb, asTuple(ctx.useAwaitable)); // the body, to eof
      return `${lines.join('|')} ${codeOf(err)}/${n} ${dec(sb.data())}`;
    },
    useFuture,
  );
  await ioc.run();
  // The empty line was in the buffer already: found without a read; the body came with it.
  expectEqual(await p, 'GET / HTTP/1.1|Host: x| EOF/0 body', 'lines, then the body');
});

check('fromWebReadable (byte stream, BYOB reader): each read asks the source for the buffers\' size; eof', async () => {
  const ioc = new IoContext();
  const source = byteStream(enc('0123456789abcdefghij'));
  const rs = fromWebReadable(source.stream, { executor: ioc });
  expectEqual(rs.byob, true, 'byob');
  const a = new Uint8Array(3);
  const b = new Uint8Array(5);
  const c = new Uint8Array(4);
  const sb = new Streambuf();
  const p = coSpawn(
    ioc,
    async (ctx) => {
      const n1 = await asyncRead(rs, [a, b], transferExactly(8), ctx.useAwaitable);
      const n2 = await rs.asyncReadSome(c, ctx.useAwaitable);
      const [err, n3] = await asyncRead(rs, sb, asTuple(ctx.useAwaitable));
      return `${n1} ${n2} ${codeOf(err)}/${n3}`;
    },
    useFuture,
  );
  await ioc.run();
  expectEqual(await p, '8 4 EOF/8', 'the reads');
  expectEqual(dec(a) + dec(b) + dec(c) + dec(sb.data()), '0123456789abcdefghij', 'the bytes');
  // The caller's buffers are copied into, never transferred (a BYOB read detaches its view's buffer).
  expectEqual(`${a.byteLength},${b.byteLength},${c.byteLength}`, '3,5,4', 'the caller\'s buffers (not detached)');
  // 8 for the sequence, 4 for asyncReadSome, Asio's read size (512) for the streambuf.
  expectEqual(source.asked.slice(0, 3).join(','), '8,4,512', 'sizes asked of the source');
  return `asked ${source.asked.join(',')}`;
});

check('fromWebReadable: the stream\'s error completes the read, after the bytes before it', async () => {
  const { stream, controller } = handFed();
  const rs = fromWebReadable(stream);
  controller.enqueue(enc('ab'));
  const buf = new Uint8Array(8);
  const n = await rs.asyncReadSome(buf, useFuture);
  controller.error(Object.assign(new Error('peer reset'), { code: 'ECONNRESET' }));
  const [err, n2] = await rs.asyncReadSome(buf, asTuple(useFuture));
  expectEqual(`${n}:${dec(buf.subarray(0, n))} ${codeOf(err)}/${n2}`, '2:ab ECONNRESET/0', 'the reads');
});

check('fromWebReadable (default reader): an AbortSignal cancels a pending asyncReadSome; the chunk that comes later is read next', async () => {
  const ioc = new IoContext();
  const { stream, controller } = handFed(0);
  const rs = fromWebReadable(stream, { executor: ioc });
  const abort = new AbortController();
  const first = rs.asyncReadSome(new Uint8Array(8), bindAbortSignal(abort.signal, asTuple(useFuture)));
  const running = ioc.run();
  await tick(5);
  abort.abort();
  await running;
  const [e1, n1] = await first;
  expectEqual(`${codeOf(e1)}/${n1}`, 'ECANCELED/0', 'the cancelled read');
  // The cancelled read's reader.read() is still outstanding: the chunk it gets is kept.
  controller.enqueue(enc('kept'));
  await tick(5);
  ioc.restart();
  const buf = new Uint8Array(8);
  const second = rs.asyncReadSome(buf, asTuple(useFuture));
  await ioc.run();
  const [e2, n2] = await second;
  expectEqual(`${codeOf(e2)}/${n2}:${dec(buf.subarray(0, n2))}`, 'none/4:kept', 'the next read');
});

check('fromWebReadable (BYOB): cancelAfter stops asyncRead into a Streambuf; the bytes read stay, and the ones in flight are read next', async () => {
  const ioc = new IoContext();
  const gate: { release?: () => void } = {};
  let pulls = 0;
  const stream = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      const request = controller.byobRequest!;
      const view = request.view as Uint8Array;
      if (pulls++ === 0) {
        view.set(enc('abc'));
        request.respond(3);
        return;
      }
      if (pulls > 2) {
        controller.close();
        request.respond(0);
        return;
      }
      // The second read waits for the page: it is in flight when the time is up.
      return new Promise<void>((resolve) => {
        gate.release = () => {
          view.set(enc('def'));
          request.respond(3);
          resolve();
        };
      });
    },
  });
  const rs = fromWebReadable(stream, { executor: ioc });
  const sb = new Streambuf();
  const cut = asyncRead(rs, sb, asTuple(cancelAfter(30, useFuture)));
  await ioc.run();
  const [e1, n1] = await cut;
  expectEqual(`${codeOf(e1)}/${n1} ${dec(sb.data())}`, 'ECANCELED/3 abc', 'the cancelled asyncRead');
  if (gate.release === undefined) fail('the second read never reached the source');
  gate.release();
  ioc.restart();
  const rest = asyncRead(rs, sb, asTuple(useFuture));
  await ioc.run();
  const [e2, n2] = await rest;
  expectEqual(`${codeOf(e2)}/${n2} ${dec(sb.data())}`, 'EOF/3 abcdef', 'the next asyncRead');
});

check('fromWebReadable: the browser\'s own streams (a Response body, Blob.stream()) read to eof', async () => {
  const text = `${'x'.repeat(100_000)}end`;
  const details: string[] = [];
  for (const [name, stream] of [
    ['Response body', new Response(text).body],
    ['Blob.stream()', new Blob([text]).stream()],
  ] as const) {
    if (stream === null) fail(`${name}: no stream`);
    const rs = fromWebReadable(stream);
    const sb = new Streambuf();
    const [err, n] = await asyncRead(rs, sb, asTuple(useFuture));
    expectEqual(`${codeOf(err)}/${n}`, `EOF/${text.length}`, name);
    expectEqual(dec(sb.data()), text, `${name}: the bytes`);
    details.push(`${name}: ${rs.byob ? 'BYOB' : 'default'} reader`);
  }
  return details.join(', ');
});
