// One initiating function, every completion token: `asyncWrite` to an in-memory TestStream.
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  coSpawn,
  deferred,
  detached,
  IoContext,
  redirectError,
  spawn,
  useAwaitable,
  useFuture,
  type ErrorRef,
} from '@asio-ts/core';
import { asyncWrite, Streambuf, TestStream } from '@asio-ts/io';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 4 }); // takes at most 4 bytes per write
  const hello = new TextEncoder().encode('hello, asio-ts\n');

  // 1. A callback: Node's and Asio's (err, n) convention.
  asyncWrite(stream, hello, (err, n) => log(`callback: err=${err === null ? 'none' : err.code} n=${n}`));

  // 2. useFuture: a Promise<number>.
  const promise = asyncWrite(stream, hello, useFuture);

  // 3. deferred (also what an omitted token means): launch later with any token, or await it.
  const op = asyncWrite(stream, hello);
  const deferredPromise = op(useFuture);

  // 4. asTuple / redirectError: errors as values instead of rejections.
  const tuple = asyncWrite(stream, hello, asTuple(useFuture));
  const ref: ErrorRef = { error: null };
  const redirected = asyncWrite(stream, hello, redirectError(useFuture, ref));

  // 5. detached: fire and forget (errors go to setDetachedErrorReporter's reporter).
  asyncWrite(stream, hello, detached);

  // 6. useAwaitable inside a coSpawned async function.
  const coro = coSpawn(
    ioc,
    async () => {
      const a = await asyncWrite(stream, hello, useAwaitable);
      const b = await asyncWrite(stream, hello, useAwaitable);
      return a + b;
    },
    useFuture,
  );

  // 7. A generator coroutine with a yield context: `yield*` keeps the result typed.
  const gen = spawn(
    ioc,
    function* (y) {
      const n = yield* asyncWrite(stream, hello, y);
      return n;
    },
    useFuture,
  );

  // 8. A dynamic buffer: exactly the bytes written are consumed.
  const sb = new Streambuf();
  sb.sputn('streambuf contents\n');
  const fromStreambuf = asyncWrite(stream, sb, bindCancellationSlot(new CancellationSignal().slot(), useFuture));

  // 9. deferred(fn): chain a second write after the first.
  const chained = asyncWrite(stream, hello, deferred((_err: Error | null, n: number) => asyncWrite(stream, hello.subarray(0, n))));

  const handlers = await ioc.run();
  log(`useFuture: ${await promise}`);
  log(`deferred: ${await deferredPromise}`);
  log(`asTuple: ${JSON.stringify(await tuple)}`);
  log(`redirectError: ${await redirected} (error: ${ref.error === null ? 'none' : ref.error.message})`);
  log(`coSpawn + useAwaitable: ${await coro}`);
  log(`spawn + yield*: ${await gen}`);
  log(`streambuf: ${await fromStreambuf}, left in the buffer: ${sb.size()}`);
  ioc.restart();
  const chainedResult = chained(useFuture);
  await ioc.run();
  log(`deferred(fn) chain: ${await chainedResult}`);
  log(`the io context ran ${handlers} handlers; the stream received ${stream.received().length} bytes`);
}

if (require.main === module) void main();
