// Cancellation (AbortSignal both ways, cancelAfter) and coroutines (coSpawn with the explicit
// context, spawn), on asyncWrite over a TestStream.
import { asTuple, bindAbortSignal, CancellationSignal, CancellationType, cancelAfter, coSpawn, IoContext, post, spawn, SystemError, toAbortSignal, useFuture } from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
import { check, codeOf, expectEqual, fail, hello, tick } from './harness.js';

// --- Cancellation -----------------------------------------------------------------------------

check('bindAbortSignal: AbortController.abort() cancels a pending write', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { mode: 'manual' });
  const controller = new AbortController();
  const p = asyncWrite(stream, hello, bindAbortSignal(controller.signal, asTuple(useFuture)));
  const running = ioc.run();
  await tick();
  if (!stream.hasPending()) fail('the write is not pending');
  controller.abort();
  await running;
  const [err, n] = await p;
  expectEqual(codeOf(err), 'ECANCELED', 'error');
  expectEqual(n, 0, 'bytes');
});

check('bindAbortSignal: an already-aborted signal (AbortSignal.abort())', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { mode: 'manual' });
  const p = asyncWrite(stream, hello, bindAbortSignal(AbortSignal.abort(), asTuple(useFuture)));
  await ioc.run();
  const [err] = await p;
  expectEqual(codeOf(err), 'ECANCELED', 'error');
});

check('toAbortSignal: a CancellationSignal drives a native AbortSignal (and an EventTarget listener)', () => {
  const cs = new CancellationSignal();
  const signal = toAbortSignal(cs);
  if (!(signal instanceof AbortSignal)) fail('not an AbortSignal');
  const target = new EventTarget();
  let heard = 0;
  target.addEventListener('ping', () => heard++, { signal }); // removed by the browser on abort
  target.dispatchEvent(new Event('ping'));
  expectEqual(signal.aborted, false, 'aborted before emit');
  cs.emit(CancellationType.Terminal);
  expectEqual(signal.aborted, true, 'aborted after emit');
  const reason: unknown = signal.reason;
  if (!(reason instanceof SystemError)) fail(`reason is not a SystemError: ${String(reason)}`);
  expectEqual(reason.code, 'ECANCELED', 'reason');
  target.dispatchEvent(new Event('ping'));
  expectEqual(heard, 1, 'listener calls (the abort removed it)');
  const masked = toAbortSignal(new CancellationSignal(), CancellationType.Terminal);
  expectEqual(masked.aborted, false, 'a fresh signal');
});

check('cancelAfter: a pending write is cancelled when the time is up', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { mode: 'manual' });
  const t0 = performance.now();
  const p = asyncWrite(stream, hello, cancelAfter(20, asTuple(useFuture)));
  await ioc.run();
  const [err, n] = await p;
  const ms = performance.now() - t0;
  expectEqual(codeOf(err), 'ECANCELED', 'error');
  expectEqual(n, 0, 'bytes');
  if (ms < 15) fail(`cancelled after ${ms.toFixed(1)} ms, before the 20 ms`);
  return `cancelled after ${ms.toFixed(1)} ms`;
});

// --- Coroutines -------------------------------------------------------------------------------

check('coSpawn with the explicit context (ctx.useAwaitable: no AsyncLocalStorage here)', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 4 });
  const p = coSpawn(
    ioc,
    async (ctx) => {
      const a = await asyncWrite(stream, hello, ctx.useAwaitable);
      await post(ioc, ctx.useAwaitable);
      const b = await asyncWrite(stream, hello, ctx.useAwaitable);
      return a + b;
    },
    useFuture,
  );
  await ioc.run();
  expectEqual(await p, 2 * hello.length, 'result');
  expectEqual(stream.received().length, 2 * hello.length, 'bytes received');
});

check('coSpawn: a thrown error reaches the completion token', async () => {
  const ioc = new IoContext();
  const p = coSpawn(
    ioc,
    async (ctx) => {
      await post(ioc, ctx.useAwaitable);
      throw new Error('boom');
    },
    asTuple(useFuture),
  );
  await ioc.run();
  const [err] = await p;
  expectEqual((err as Error | null)?.message, 'boom', 'error');
});

check('coSpawn: cancellation through the explicit context', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { mode: 'manual' });
  const controller = new AbortController();
  const p = coSpawn(
    ioc,
    async (ctx) => {
      const [err, n] = await asyncWrite(stream, hello, asTuple(ctx.useAwaitable));
      return `${codeOf(err)}/${n}`;
    },
    bindAbortSignal(controller.signal, useFuture),
  );
  const running = ioc.run();
  await tick();
  if (!stream.hasPending()) fail('the write is not pending');
  controller.abort();
  await running;
  expectEqual(await p, 'ECANCELED/0', 'the inner write');
});

check('spawn: a generator coroutine with a yield context', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 4 });
  const p = spawn(
    ioc,
    function* (y) {
      const a = yield* asyncWrite(stream, hello, y);
      const b = yield* asyncWrite(stream, hello.subarray(0, 5), y);
      return a + b;
    },
    useFuture,
  );
  await ioc.run();
  expectEqual(await p, hello.length + 5, 'result');
});
