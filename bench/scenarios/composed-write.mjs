// composed write, memory: `asyncWrite` of 1 KiB to an in-memory AsyncWriteStream that takes it
// all and completes on a microtask, with a callback and with `useFuture`, against the write loop
// a Node developer writes by hand over the same stream (with a callback, and wrapped in
// `new Promise` and awaited).
import { useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { freshChains, freshWorkers, handWrite, kib, MemoryStream } from '../lib/fixtures.mjs';

export default {
  id: 'composed-write',
  title: 'composed write, memory',
  kind: 'micro',
  unit: 'ops/s',
  target: 0.85,
  setup({ width, depth }) {
    const ops = width * depth;
    const buf = kib();
    // One stream per chain: a stream has at most one write in flight.
    const streams = Array.from({ length: width }, () => new MemoryStream());
    const [cbOurs, cbBase] = [freshChains(), freshChains()];
    const [fuOurs, fuBase] = [freshWorkers(), freshWorkers()];
    return {
      variants: [
        {
          name: 'asyncWrite 1 KiB, callback',
          baselineLabel: 'hand write loop, callback',
          ops,
          ours: () => cbOurs(width, depth, (next, i) => asyncWrite(streams[i], buf, next)),
          baseline: () => cbBase(width, depth, (next, i) => handWrite(streams[i], buf, next)),
        },
        {
          name: 'asyncWrite 1 KiB, useFuture',
          baselineLabel: 'hand write loop in new Promise',
          ops,
          ours: () => fuOurs(width, depth, (i) => asyncWrite(streams[i], buf, useFuture)),
          baseline: () =>
            fuBase(
              width,
              depth,
              (i) => new Promise((resolve, reject) => handWrite(streams[i], buf, (err, n) => (err ? reject(err) : resolve(n)))),
            ),
        },
      ],
      check() {
        // Every byte reached the streams.
        return streams.every((s) => s.bytes % buf.length === 0 && s.bytes > 0);
      },
    };
  },
};
