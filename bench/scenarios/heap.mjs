// Heap after 1,000,000 sequential asyncWrites with one AbortSignal bound throughout (no pass
// line): after GC the heap must be within 5 MB of the start, and the signal must hold no
// 'abort' listener.
import { getEventListeners } from 'node:events';
import { bindAbortSignal } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { gc } from '../lib/harness.mjs';
import { kib, MemoryStream } from '../lib/fixtures.mjs';

function sequential(stream, buf, signal, count) {
  return new Promise((resolve, reject) => {
    let left = count;
    let maxListeners = 0;
    const next = (err) => {
      if (err) return reject(err);
      if (--left === 0) return resolve(maxListeners);
      asyncWrite(stream, buf, bindAbortSignal(signal, next));
      const n = getEventListeners(signal, 'abort').length;
      if (n > maxListeners) maxListeners = n;
    };
    asyncWrite(stream, buf, bindAbortSignal(signal, next));
  });
}

function settle() {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

export default {
  id: 'heap',
  title: 'heap after sequential asyncWrites under one AbortSignal',
  kind: 'measure',
  async run({ quick }) {
    const count = quick ? 10_000 : 1_000_000;
    const buf = kib();
    const stream = new MemoryStream();
    const controller = new AbortController();
    const signal = controller.signal;
    await sequential(stream, buf, signal, 1000); // warm-up: code and shapes, not counted
    const before = settle();
    const t0 = process.hrtime.bigint();
    const maxListenersDuring = await sequential(stream, buf, signal, count);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const after = settle();
    const listeners = getEventListeners(signal, 'abort').length;
    const deltaMB = (after - before) / 1e6;
    return {
      writes: count,
      seconds,
      heapBeforeMB: before / 1e6,
      heapAfterMB: after / 1e6,
      deltaMB,
      listenersAfter: listeners,
      maxListenersDuring,
      withinLimit: Math.abs(deltaMB) <= 5 && listeners === 0,
    };
  },
};
