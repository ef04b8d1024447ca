// Shared pieces of the scenarios: a trivial asyncInitiate operation, what a Node developer writes
// by hand for the same jobs, an in-memory AsyncWriteStream, and the drivers that keep N operations
// in flight. Everything here is used identically by both sides of a pair.
//
// The rule for baselines: what a Node developer writes by hand for the same job (queueMicrotask,
// new Promise, a write loop, addEventListener), never the library's own primitives nor a
// hand-rolled queue mimicking them. Where the baseline is hand-written (callback, promise,
// composed write, the AbortSignal row), nothing it runs comes from @asio-ts/* beyond the
// operation being wrapped; the pairs that price one feature (other tokens against useFuture,
// streambuf against a plain array, a bound slot against none) compare the library with itself.
import { asyncImmediate, asyncInitiate, systemExecutor, withAssociationsOf } from '@asio-ts/core';

/** A value the benchmarks accumulate into so that no work is dead code. */
export const sink = { value: 0 };

/**
 * A trivial operation written with the public API: asyncInitiate, completing at once with
 * `(null, value)` through asyncImmediate on the system executor. The wrapper carries the
 * handler's associations (executor, immediate executor, slot), so the completion is delivered
 * where the handler asks: by default a post to the system executor, never inside the call.
 */
export function trivialOp(value, token) {
  return asyncInitiate(initiateTrivial, token, value);
}

function initiateTrivial(handler, value) {
  asyncImmediate(systemExecutor, withAssociationsOf(() => handler(null, value), handler));
}

/** The same job as a Node developer writes it: `cb(null, v)` later, never inside the call. */
export function microOp(value, cb) {
  queueMicrotask(() => cb(null, value));
}

/** The same, awaited: `await new Promise(r => queueMicrotask(() => r(v)))`. */
export function microPromise(value) {
  return new Promise((resolve) => queueMicrotask(() => resolve(value)));
}

/** `microPromise` resolving with the tuple `[null, v]` (what asTuple gives) instead of `v`. */
export function microTuplePromise(value) {
  return new Promise((resolve) => queueMicrotask(() => resolve([null, value])));
}

/**
 * A lazy thenable as a Node developer writes one by hand: nothing starts until it is awaited
 * (its `then` is called), then it completes on a microtask. Against `microPromise` it shows what
 * the engine charges any lazy thenable (a `deferred` operation, an `Awaitable`) for not being a
 * native promise: `await` calls `then` from a job of its own.
 */
export class MicroThenable {
  constructor(value) {
    this.value = value;
  }

  then(resolve) {
    const value = this.value;
    queueMicrotask(() => resolve(value));
  }
}

function sizeOf(buffers) {
  if (buffers instanceof Uint8Array) return buffers.length;
  let n = 0;
  for (let i = 0; i < buffers.length; i++) n += buffers[i].length;
  return n;
}

/**
 * An in-memory AsyncWriteStream that takes every byte at once and completes the way a Node
 * developer's in-memory stream would: on a microtask (queueMicrotask), never inside the call. It
 * only counts bytes. Its completion uses no library primitive, so the hand-written write loop
 * over it (the baseline) runs no @asio-ts code at all; its executor is the system executor,
 * which is what asyncWrite uses as the I/O executor.
 */
export class MemoryStream {
  constructor() {
    this.bytes = 0;
  }

  getExecutor() {
    return systemExecutor;
  }

  asyncWriteSome(buffers, handler) {
    const n = sizeOf(buffers);
    this.bytes += n;
    queueMicrotask(() => handler(null, n));
  }
}

/**
 * The write loop a Node developer writes by hand over a write-some primitive (what asyncWrite
 * replaces): write, and on a short write, write the rest, until everything is taken or an error.
 */
export function handWrite(stream, buf, cb) {
  let done = 0;
  const onSome = (err, n) => {
    done += n;
    if (err !== null || done >= buf.length) {
      cb(err, done);
      return;
    }
    stream.asyncWriteSome(buf.subarray(done), onSome);
  };
  stream.asyncWriteSome(buf, onSome);
}

/**
 * A fresh copy of a driver function (same source, new closure and new type feedback), so each
 * side of a pair gets its own monomorphic call sites instead of sharing one driver that every
 * scenario has made megamorphic.
 */
function fresh(fn, ...deps) {
  const names = deps.map((_, i) => `d${i}`);
  const src = fn.toString();
  return new Function('sink', ...names, `${deps.map((d, i) => `const ${d.name} = d${i};`).join('\n')}\nreturn (${src});`)(sink, ...deps);
}

/** A fresh copy of `chains` (see `fresh`). */
export function freshChains() {
  return fresh(chains);
}

/** A fresh copy of `workers` (with its own fresh `worker`). */
export function freshWorkers() {
  const w = fresh(worker);
  return fresh(workers, w);
}

/**
 * Keep `width` chains of operations in flight, each chain starting its next operation from the
 * previous one's completion handler, `depth` operations per chain. `issue(next, i)` starts one
 * operation of chain `i` with `next` as its callback. Resolves when every chain finished.
 */
export function chains(width, depth, issue) {
  return new Promise((resolve, reject) => {
    let live = width;
    for (let i = 0; i < width; i++) {
      let left = depth;
      const next = (err, v) => {
        if (err) {
          reject(err);
          return;
        }
        if (typeof v === 'number') sink.value += v;
        if (--left === 0) {
          if (--live === 0) resolve();
          return;
        }
        issue(next, i);
      };
      issue(next, i);
    }
  });
}

/**
 * `width` async workers, each awaiting `depth` operations in sequence: `op(i)` returns what is
 * awaited (a promise or a thenable) for worker `i`.
 */
export function workers(width, depth, op) {
  const all = new Array(width);
  for (let i = 0; i < width; i++) all[i] = worker(depth, op, i);
  return Promise.all(all);
}

async function worker(depth, op, i) {
  for (let k = 0; k < depth; k++) {
    const v = await op(i);
    if (typeof v === 'number') sink.value += v;
  }
}

/** 1 KiB of non-zero bytes. */
export function kib(n = 1024) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}
