// The browser test page: bundled by esbuild (browser/run.mjs) from the built ESM of @asio-ts/core
// and @asio-ts/io, loaded by headless Chromium, reporting each check to the runner's local
// server (POST /report, one JSON event per request, in order):
//   { type: 'start', userAgent }                   once, before any check
//   { type: 'check', name, status, detail, ms }   status 'pass' | 'fail' | 'todo'
//   { type: 'summary', passed, failed, todo, total, ms }
//   { type: 'error', message }                    an uncaught error or unhandled rejection
import * as core from '@asio-ts/core';
import * as io from '@asio-ts/io';
import {
  asTuple,
  bindAbortSignal,
  CancellationSignal,
  CancellationType,
  cancelAfter,
  coSpawn,
  deferred,
  detached,
  IoContext,
  post,
  redirectError,
  setDetachedErrorReporter,
  spawn,
  systemExecutor,
  SystemError,
  toAbortSignal,
  useFuture,
  type ErrorRef,
} from '@asio-ts/core';
import { asyncWrite, fromWebWritable, Streambuf, TestStream } from '@asio-ts/io';

type Status = 'pass' | 'fail' | 'todo';

/** A check's body: throws (or rejects) to fail; may return a detail line. */
type Body = () => Promise<string | void> | string | void;

/** Thrown by a check that cannot run yet: reported as 'todo', not as a failure. */
class Todo extends Error {}

const CHECK_TIMEOUT_MS = 5000;

async function report(event: Record<string, unknown>): Promise<void> {
  try {
    await fetch('/report', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  } catch {
    // The runner is gone; nothing left to tell.
  }
}

function fail(message: string): never {
  throw new Error(message);
}

function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function expectBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const same = actual.length === expected.length && actual.every((b, i) => b === expected[i]);
  if (!same) fail(`${what}: expected ${expected.length} bytes ${JSON.stringify(dec(expected))}, got ${actual.length} bytes ${JSON.stringify(dec(actual))}`);
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

function concatAll(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function codeOf(err: unknown): string {
  return err === null ? 'none' : ((err as { code?: string } | undefined)?.code ?? String(err));
}

const checks: { name: string; body: Body }[] = [];
const check = (name: string, body: Body): void => {
  checks.push({ name, body });
};

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
  const need = { core: ['IoContext', 'systemExecutor', 'post', 'coSpawn', 'spawn', 'useFuture', 'toAbortSignal'], io: ['asyncWrite', 'fromWebWritable', 'TestStream'] };
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

const hello = enc('hello, browser\n');

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

// --- WHATWG streams ---------------------------------------------------------------------------

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

check('fromWebReadable: over a real ReadableStream', () => {
  // TODO(fromWebReadable): @asio-ts/io has no fromWebReadable yet. When it lands, replace this
  // body with a real check: a ReadableStream of known chunks read back with asyncRead / a
  // dynamic buffer through each token, then end of stream (eof) and cancellation.
  if (!Object.keys(io).includes('fromWebReadable')) throw new Todo('@asio-ts/io has no fromWebReadable yet');
  throw new Todo('fromWebReadable exists now: write this check (browser/page.ts)');
});

// --- Driver -----------------------------------------------------------------------------------

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function describeError(e: unknown): string {
  // V8's stack starts with `Name: message`.
  if (e instanceof Error) return e instanceof Todo || e.stack === undefined ? e.message : e.stack;
  return String(e);
}

async function main(): Promise<void> {
  window.addEventListener('error', (e) => void report({ type: 'error', message: `uncaught: ${describeError(e.error ?? e.message)}` }));
  window.addEventListener('unhandledrejection', (e) => void report({ type: 'error', message: `unhandled rejection: ${describeError(e.reason)}` }));
  await report({ type: 'start', userAgent: navigator.userAgent });
  const t0 = performance.now();
  const counts: Record<Status, number> = { pass: 0, fail: 0, todo: 0 };
  for (const { name, body } of checks) {
    const start = performance.now();
    let status: Status;
    let detail: string;
    try {
      detail = (await withTimeout(Promise.resolve().then(body), CHECK_TIMEOUT_MS)) ?? '';
      status = 'pass';
    } catch (e) {
      status = e instanceof Todo ? 'todo' : 'fail';
      detail = describeError(e);
    }
    counts[status]++;
    await report({ type: 'check', name, status, detail, ms: Math.round(performance.now() - start) });
  }
  await report({ type: 'summary', passed: counts.pass, failed: counts.fail, todo: counts.todo, total: checks.length, ms: Math.round(performance.now() - t0) });
}

void main();
