// Channel: 1,000,000 messages `[null, i]` through `new Channel(ioc, 1024)` from one coroutine to
// another (coSpawn on an IoContext, `await ch.asyncSend([null, i], useAwaitable)` /
// `await ch.asyncReceive(useAwaitable)`, the receiver stopping at `channelClosed` after the
// sender's `close()`), against the same job written by hand: a bounded queue of 1,024 (an array
// plus one pending resolver for each side) between two async functions. Whole runs, alternating;
// the figure is messages/s. Shown beside it, not judged: the same channel between two generator
// coroutines (`spawn`, `yield* ch.asyncSend(..., y)`) and between two callback loops, against
// the same baseline: what the channel costs when no `await` is involved.
//
// Runs last: coSpawn's AsyncLocalStorage.run() turns on promise hooks on Node 20 while our
// coroutines are alive. The baseline's rounds run without them: core switches the storage off a
// macrotask after the last coroutine ended, and the harness gives the host two turns before
// each run (this baseline, made only of microtasks, would otherwise run with them on).
import { Channel, IoContext, coSpawn, errorIs, errors, spawn, useAwaitable } from '@asio-ts/core';
import { sink } from '../lib/fixtures.mjs';

const capacity = 1024;
// wholePair reports `bytes / 10^6 / s`: a message counts as 10^6 "bytes", so the figure is messages/s.
const perMessage = (count) => count * 1e6;

async function ours(count) {
  const ioc = new IoContext();
  const ch = new Channel(ioc, capacity);
  let sum = 0;
  const failed = (err) => {
    if (err) throw err;
  };
  coSpawn(
    ioc,
    async () => {
      for (let i = 0; i < count; i++) await ch.asyncSend([null, i], useAwaitable);
      ch.close();
    },
    failed,
  );
  coSpawn(
    ioc,
    async () => {
      for (;;) {
        try {
          sum += await ch.asyncReceive(useAwaitable);
        } catch (e) {
          if (errorIs(e, errors.channelClosed)) return;
          throw e;
        }
      }
    },
    failed,
  );
  await ioc.run();
  sink.value += sum;
  return perMessage(count);
}

/** The same between two generator coroutines (`spawn`: Asio's stackful coroutines, as generators here). */
async function oursSpawn(count) {
  const ioc = new IoContext();
  const ch = new Channel(ioc, capacity);
  let sum = 0;
  const failed = (err) => {
    if (err) throw err;
  };
  spawn(
    ioc,
    function* (y) {
      for (let i = 0; i < count; i++) yield* ch.asyncSend([null, i], y);
      ch.close();
    },
    failed,
  );
  spawn(
    ioc,
    function* (y) {
      for (;;) {
        try {
          sum += yield* ch.asyncReceive(y);
        } catch (e) {
          if (errorIs(e, errors.channelClosed)) return;
          throw e;
        }
      }
    },
    failed,
  );
  await ioc.run();
  sink.value += sum;
  return perMessage(count);
}

/** The same between two callback loops: each handler starts the side's next operation. */
async function oursCallbacks(count) {
  const ioc = new IoContext();
  const ch = new Channel(ioc, capacity);
  let sum = 0;
  let sent = 0;
  const send = (err) => {
    if (err) throw err;
    if (sent < count) ch.asyncSend([null, sent++], send);
    else ch.close();
  };
  const receive = (err, v) => {
    if (err) {
      if (errorIs(err, errors.channelClosed)) return;
      throw err;
    }
    sum += v;
    ch.asyncReceive(receive);
  };
  send(null);
  ch.asyncReceive(receive);
  await ioc.run();
  sink.value += sum;
  return perMessage(count);
}

/** What a Node developer writes: a bounded FIFO with one waiting resolver per side. */
class HandQueue {
  items = [];
  head = 0;
  closed = false;
  takeWaiter = null;
  putWaiter = null;

  get length() {
    return this.items.length - this.head;
  }

  async put(v) {
    while (this.length >= capacity) await new Promise((r) => (this.putWaiter = r));
    this.items.push(v);
    const w = this.takeWaiter;
    if (w !== null) {
      this.takeWaiter = null;
      w();
    }
  }

  close() {
    this.closed = true;
    const w = this.takeWaiter;
    if (w !== null) {
      this.takeWaiter = null;
      w();
    }
  }

  /** The next value, or `undefined` once closed and empty. */
  async take() {
    while (this.length === 0) {
      if (this.closed) return undefined;
      await new Promise((r) => (this.takeWaiter = r));
    }
    const v = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    const w = this.putWaiter;
    if (w !== null) {
      this.putWaiter = null;
      w();
    }
    return v;
  }
}

async function baseline(count) {
  const q = new HandQueue();
  let sum = 0;
  const send = (async () => {
    for (let i = 0; i < count; i++) await q.put(i);
    q.close();
  })();
  const receive = (async () => {
    for (let v = await q.take(); v !== undefined; v = await q.take()) sum += v;
  })();
  await Promise.all([send, receive]);
  sink.value += sum;
  return perMessage(count);
}

export default {
  id: 'channel',
  title: 'Channel',
  kind: 'whole',
  unit: 'ops/s',
  target: 0.8,
  setup({ quick }) {
    const count = quick ? 5_000 : 1_000_000;
    const warm = Math.max(1_000, count >> 4);
    return {
      variants: [
        {
          name: `${count.toLocaleString('en-US')} messages, Channel(ioc, ${capacity}), coSpawn + useAwaitable`,
          baselineLabel: `async functions over an array queue + resolvers (${capacity})`,
          ours: () => ours(count),
          baseline: () => baseline(count),
          warmupOurs: () => ours(warm),
          warmupBaseline: () => baseline(warm),
        },
        {
          name: `the same between two spawn coroutines (yield* op(y))`,
          baselineLabel: `async functions over an array queue + resolvers (${capacity})`,
          informational: true,
          ours: () => oursSpawn(count),
          baseline: () => baseline(count),
          warmupOurs: () => oursSpawn(warm),
          warmupBaseline: () => baseline(warm),
        },
        {
          name: `the same between two callback loops`,
          baselineLabel: `async functions over an array queue + resolvers (${capacity})`,
          informational: true,
          ours: () => oursCallbacks(count),
          baseline: () => baseline(count),
          warmupOurs: () => oursCallbacks(warm),
          warmupBaseline: () => baseline(warm),
        },
      ],
    };
  },
};
