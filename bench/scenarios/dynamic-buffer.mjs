// dynamic buffer: `asyncWrite(s, streambuf)` after `sputn` of 1 KiB, against the same with a
// plain Uint8Array: the 1 KiB copied into it (what sputn does), then written (callback token,
// in-memory stream). Both sides copy the bytes once and write them once.
import { asyncWrite, Streambuf } from '@asio-ts/io';
import { freshChains, kib, MemoryStream } from '../lib/fixtures.mjs';

export default {
  id: 'dynamic-buffer',
  title: 'dynamic buffer',
  kind: 'micro',
  unit: 'ops/s',
  target: 0.9,
  setup({ width, depth }) {
    const buf = kib();
    const streams = Array.from({ length: width }, () => new MemoryStream());
    const bufs = Array.from({ length: width }, () => new Streambuf());
    const plains = Array.from({ length: width }, () => new Uint8Array(buf.length));
    const [ours, base] = [freshChains(), freshChains()];
    return {
      variants: [
        {
          name: 'sputn 1 KiB + asyncWrite(s, streambuf)',
          baselineLabel: 'plain.set(1 KiB) + asyncWrite(s, plain)',
          ops: width * depth,
          ours: () =>
            ours(width, depth, (next, i) => {
              const sb = bufs[i];
              sb.sputn(buf);
              asyncWrite(streams[i], sb, next);
            }),
          baseline: () =>
            base(width, depth, (next, i) => {
              const plain = plains[i];
              plain.set(buf);
              asyncWrite(streams[i], plain, next);
            }),
        },
      ],
      check() {
        return bufs.every((sb) => sb.size() === 0);
      },
    };
  },
};
