#!/usr/bin/env node
// Bytes allocated per message through a Channel and per write through a WriteQueue (the hot paths
// of the `channel` and `writequeue-tcp` pairs, without the socket), measured as alloc-per-op.mjs
// does: no scavenge may run during a measurement, so give it a big young generation.
//
//   node --expose-gc --min-semi-space-size=256 --max-semi-space-size=256 bench/tools/alloc-per-message.mjs
//
// Seven measurements of N each (argument; default 20,000), after three warm-up runs; prints them all (the spread shows
// when a run was disturbed; the low ones are the steady figure). Built packages: `npm run build`.
import { Channel, IoContext, coSpawn, errorIs, errors, useAwaitable } from '@asio-ts/core';
import { WriteQueue } from '@asio-ts/io';
import { MemoryStream } from '../lib/fixtures.mjs';

const N = Number(process.argv[2] ?? 20_000);

/** Two callback loops: one sends [null, i] with `asyncSend`, the other receives with `asyncReceive`. */
async function channelCallbacks(n) {
  const ioc = new IoContext();
  const ch = new Channel(ioc, 1024);
  const send = (i) => (i === n ? ch.close() : ch.asyncSend([null, i], () => send(i + 1)));
  const receive = () => ch.asyncReceive((err) => err === null && receive());
  send(0);
  receive();
  await ioc.run();
}

/** The bench's pair: two coroutines, `await ...(useAwaitable)` on both sides. */
async function channelCoroutines(n) {
  const ioc = new IoContext();
  const ch = new Channel(ioc, 1024);
  const rethrow = (e) => {
    if (e) throw e;
  };
  coSpawn(
    ioc,
    async () => {
      for (let i = 0; i < n; i++) await ch.asyncSend([null, i], useAwaitable);
      ch.close();
    },
    rethrow,
  );
  coSpawn(
    ioc,
    async () => {
      for (;;) {
        try {
          await ch.asyncReceive(useAwaitable);
        } catch (e) {
          if (errorIs(e, errors.channelClosed)) return;
          throw e;
        }
      }
    },
    rethrow,
  );
  await ioc.run();
}

const queue = new WriteQueue(new MemoryStream());
const buf = Buffer.alloc(64, 0x61);

/** `n` writes of 64 bytes issued at once, as in writequeue-tcp, to an in-memory stream. */
function writeBurst(n) {
  return new Promise((resolve, reject) => {
    let left = n;
    const done = (err) => {
      if (err) reject(err);
      else if (--left === 0) resolve();
    };
    for (let i = 0; i < n; i++) queue.asyncWrite(buf, done);
  });
}

async function measure(name, unit, f) {
  for (let i = 0; i < 3; i++) await f(N);
  const perOp = [];
  for (let r = 0; r < 7; r++) {
    globalThis.gc();
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    await f(N);
    perOp.push((process.memoryUsage().heapUsed - before) / N);
  }
  console.log(name.padEnd(44), perOp.map((x) => x.toFixed(0).padStart(5)).join(' '), unit);
}

if (typeof globalThis.gc !== 'function') throw new Error('run node with --expose-gc (see the header)');
await measure('WriteQueue: 64 B writes at once', 'B/write', writeBurst);
await measure('Channel(ioc, 1024): callback loops', 'B/message', channelCallbacks);
// Last: coSpawn turns on AsyncLocalStorage's promise hooks while coroutines are alive.
await measure('Channel(ioc, 1024): coroutines, useAwaitable', 'B/message', channelCoroutines);
