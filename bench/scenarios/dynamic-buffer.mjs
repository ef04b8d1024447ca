// dynamic buffer: `asyncWrite(s, streambuf)` after `sputn` of 1 KiB, against the same write of
// a plain Uint8Array (callback token, in-memory stream).
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
    const [ours, base] = [freshChains(), freshChains()];
    return {
      variants: [
        {
          name: 'sputn 1 KiB + asyncWrite(s, streambuf)',
          baselineLabel: 'asyncWrite(s, uint8array)',
          ops: width * depth,
          ours: () =>
            ours(width, depth, (next, i) => {
              const sb = bufs[i];
              sb.sputn(buf);
              asyncWrite(streams[i], sb, next);
            }),
          baseline: () => base(width, depth, (next, i) => asyncWrite(streams[i], buf, next)),
        },
      ],
      check() {
        return bufs.every((sb) => sb.size() === 0);
      },
    };
  },
};
