// Shared pieces of the scenarios: the hand-written baselines' scheduler, an in-memory
// AsyncWriteStream, a trivial asyncInitiate operation, and the drivers that keep N operations
// in flight. Everything here is used identically by both sides of a pair.
import { asyncInitiate, HandlerWork, systemExecutor } from '@asio-ts/core';

/** A value the benchmarks accumulate into so that no work is dead code. */
export const sink = { value: 0 };

/**
 * The baselines' scheduler: what someone would write by hand on top of the same primitive the
 * system executor uses (one setImmediate per batch, at most 1024 functions per batch, FIFO, a
 * growable array with a moving head). The fair "same scheduling done by hand".
 */
export class HandQueue {
  constructor(limit = 1024) {
    this.items = [];
    this.head = 0;
    this.scheduled = false;
    this.limit = limit;
    this.drain = () => this.#drain();
  }

  post(fn) {
    this.items.push(fn);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  #drain() {
    this.scheduled = false;
    const items = this.items;
    let n = 0;
    try {
      while (n++ < this.limit && this.head < items.length) {
        const fn = items[this.head];
        items[this.head++] = undefined;
        fn();
      }
    } finally {
      if (this.head >= items.length) {
        items.length = 0;
        this.head = 0;
      } else {
        if (this.head > 1024 && this.head * 2 > items.length) {
          this.items = items.slice(this.head);
          this.head = 0;
        }
        this.scheduled = true;
        setImmediate(this.drain);
      }
    }
  }
}

export const hand = new HandQueue();

/**
 * A trivial operation written the documented way: asyncInitiate + HandlerWork, completing at once
 * with `(null, value)` through the handler's immediate executor (default: a post to the system
 * executor).
 */
export function trivialOp(value, token) {
  return asyncInitiate(initiateTrivial, token, value);
}

function initiateTrivial(handler, value) {
  const work = new HandlerWork(handler, systemExecutor);
  work.completeImmediately(handler, () => handler(null, value));
}

/** The same operation by hand: the same primitive, no framework. */
export function handOp(value, cb) {
  hand.post(() => cb(null, value));
}

function sizeOf(buffers) {
  if (buffers instanceof Uint8Array) return buffers.length;
  let n = 0;
  for (let i = 0; i < buffers.length; i++) n += buffers[i].length;
  return n;
}

/**
 * An in-memory AsyncWriteStream that takes every byte at once and completes the way the concept
 * asks of a stream that finishes inside asyncWriteSome: through a post to its executor (the
 * system executor), never inside the call. It only counts bytes.
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
    systemExecutor.post(() => handler(null, n));
  }
}

/** A hand-written write loop over an AsyncWriteStream: what asyncWrite replaces. */
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
  // eslint-disable-next-line no-new-func
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
