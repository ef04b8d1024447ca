// The page's first checks: the host, the bundle, the executors and every completion token (on
// asyncWrite over a TestStream, 4 bytes per write).
import * as core from '@asio-ts/core';
import * as io from '@asio-ts/io';
import { asTuple, deferred, detached, IoContext, post, redirectError, setDetachedErrorReporter, systemExecutor, SystemError, useFuture, type ErrorRef } from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
import { check, codeOf, expectBytes, expectEqual, fail, hello } from './harness.js';

// --- The host ---------------------------------------------------------------------------------

check('host: a browser, no Node globals (portable code paths only)', () => {
  const g = globalThis as Record<string, unknown>;
  for (const name of ['process', 'setImmediate', 'Buffer', 'require']) {
    if (typeof g[name] !== 'undefined') fail(`globalThis.${name} exists: this is not a plain browser`);
  }
  if (typeof g['MessageChannel'] !== 'function') fail('no MessageChannel');
  if (typeof g['WritableStream'] !== 'function') fail('no WritableStream');
  return navigator.userAgent;
});

check('bundle: core and io load with every export', () => {
  const need = { core: ['IoContext', 'systemExecutor', 'post', 'coSpawn', 'spawn', 'useFuture', 'toAbortSignal'], io: ['asyncWrite', 'asyncRead', 'asyncReadUntil', 'fromWebWritable', 'fromWebReadable', 'TestStream'] };
  for (const name of need.core) if (!(name in core)) fail(`@asio-ts/core has no ${name}`);
  for (const name of need.io) if (!(name in io)) fail(`@asio-ts/io has no ${name}`);
  return `core: ${Object.keys(core).length} exports, io: ${Object.keys(io).length} exports`;
});

// --- Executors --------------------------------------------------------------------------------

check('post on systemExecutor runs the handler later (a MessageChannel macrotask)', async () => {
  const order: string[] = [];
  const done = new Promise<void>((resolve) =>
    post(systemExecutor, () => {
      order.push('handler');
      resolve();
    }),
  );
  order.push('after post');
  await done;
  expectEqual(order.join(','), 'after post,handler', 'order');
  await post(systemExecutor, useFuture);
});

check('post on an IoContext runs the handlers in run(), in order', async () => {
  const ioc = new IoContext();
  const order: number[] = [];
  for (let i = 0; i < 3; i++) post(ioc, () => order.push(i));
  expectEqual(order.length, 0, 'handlers run before run()');
  const n = await ioc.run();
  expectEqual(order.join(','), '0,1,2', 'order');
  expectEqual(n, 3, 'run() count');
  expectEqual(ioc.stopped(), true, 'stopped after run() ran out of work');
  return `run() ran ${n} handlers`;
});

// --- Completion tokens on asyncWrite (a TestStream, 4 bytes per write) ------------------------

check('token: callback', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 4 });
  let got: [unknown, number] | undefined;
  asyncWrite(stream, hello, (err, n) => {
    got = [err, n];
  });
  await ioc.run();
  if (got === undefined) fail('the callback never ran');
  expectEqual(codeOf(got[0]), 'none', 'error');
  expectEqual(got[1], hello.length, 'bytes');
  expectBytes(stream.received(), hello, 'received');
});

check('token: useFuture (resolves; rejects with the SystemError)', async () => {
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 4 });
  const ok = asyncWrite(stream, hello, useFuture);
  await ioc.run();
  expectEqual(await ok, hello.length, 'bytes');
  const failing = new TestStream(ioc, { failAt: 3 });
  ioc.restart();
  const bad = asyncWrite(failing, hello, useFuture);
  const caught = bad.then(
    () => null,
    (e: unknown) => e,
  );
  await ioc.run();
  const err = await caught;
  if (!(err instanceof SystemError)) fail(`rejection is not a SystemError: ${String(err)}`);
  expectEqual(err.code, 'EPIPE', 'rejection code');
});

check('token: deferred (the default), awaited', async () => {
  // On the system executor: nothing to run(), the await itself launches the operation.
  const onSystem = new TestStream(systemExecutor, { maxWriteSize: 4 });
  const op = asyncWrite(onSystem, hello);
  expectEqual(onSystem.writeCalls, 0, 'writes before the await (a deferred operation is lazy)');
  expectEqual(await op, hello.length, 'awaited deferred');
  expectBytes(onSystem.received(), hello, 'received');
  // deferred(fn) chains a second write after the first, launched on an IoContext.
  const ioc = new IoContext();
  const stream = new TestStream(ioc, { maxWriteSize: 4 });
  const chained = asyncWrite(stream, hello, deferred((_err: Error | null, n: number) => asyncWrite(stream, hello.subarray(0, n))));
  const p = chained(useFuture);
  await ioc.run();
  expectEqual(await p, hello.length, 'deferred(fn) chain');
  expectEqual(stream.received().length, 2 * hello.length, 'bytes received');
});

check('token: detached (success silent, an error goes to the detached reporter)', async () => {
  const ioc = new IoContext();
  const reported: Error[] = [];
  const previous = setDetachedErrorReporter((e) => reported.push(e));
  try {
    const stream = new TestStream(ioc, { maxWriteSize: 4 });
    const r: unknown = asyncWrite(stream, hello, detached);
    expectEqual(r, undefined, 'detached returns');
    asyncWrite(new TestStream(ioc, { failAt: 2 }), hello, detached);
    await ioc.run();
    expectBytes(stream.received(), hello, 'received');
    expectEqual(reported.length, 1, 'errors reported');
    expectEqual(codeOf(reported[0]), 'EPIPE', 'reported error');
  } finally {
    setDetachedErrorReporter(previous);
  }
});

check('token: asTuple (errors as values)', async () => {
  const ioc = new IoContext();
  const ok = asyncWrite(new TestStream(ioc, { maxWriteSize: 4 }), hello, asTuple(useFuture));
  const bad = asyncWrite(new TestStream(ioc, { failAt: 5 }), hello, asTuple(useFuture));
  await ioc.run();
  const [e1, n1] = await ok;
  const [e2, n2] = await bad;
  expectEqual(codeOf(e1), 'none', 'ok error');
  expectEqual(n1, hello.length, 'ok bytes');
  expectEqual(codeOf(e2), 'EPIPE', 'failing error');
  expectEqual(n2, 5, 'failing bytes');
});

check('token: redirectError (the error into a ref)', async () => {
  const ioc = new IoContext();
  const ref: ErrorRef = { error: null };
  const p = asyncWrite(new TestStream(ioc, { failAt: 7 }), hello, redirectError(useFuture, ref));
  await ioc.run();
  expectEqual(await p, 7, 'bytes');
  expectEqual(codeOf(ref.error), 'EPIPE', 'ref.error');
});

