// file: 256 MiB to a temp file in 1 MiB writes through fromFileHandle
// (`await asyncWrite(s, chunk, useFuture)`), against `FileHandle.write` in a loop (handling
// partial writes). Each run opens the file with 'w' (truncating it) and closes it; both sides
// write at explicit positions (pwrite). Whole runs, alternating, MB/s.
import { open, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { adapter } from '../lib/io-adapters.mjs';

export default {
  id: 'file',
  title: 'file',
  kind: 'whole',
  unit: 'MB/s',
  target: 0.95,
  async setup({ quick }) {
    const fromFileHandle = adapter('fromFileHandle');
    const chunk = Buffer.alloc(1024 * 1024, 0x33);
    const total = quick ? 4 * 1024 * 1024 : 256 * 1024 * 1024;
    const dir = await mkdtemp(join(tmpdir(), 'asio-ts-bench-'));
    const path = join(dir, 'out.bin');

    const ours = async (count = total / chunk.length) => {
      const fh = await open(path, 'w');
      try {
        const s = fromFileHandle(fh, { position: 0 });
        for (let i = 0; i < count; i++) await asyncWrite(s, chunk, useFuture);
      } finally {
        await fh.close();
      }
      return count * chunk.length;
    };
    const raw = async (count = total / chunk.length) => {
      const fh = await open(path, 'w');
      try {
        let pos = 0;
        for (let i = 0; i < count; i++) {
          let off = 0;
          while (off < chunk.length) {
            const { bytesWritten } = await fh.write(chunk, off, chunk.length - off, pos);
            off += bytesWritten;
            pos += bytesWritten;
          }
        }
      } finally {
        await fh.close();
      }
      return count * chunk.length;
    };
    const warm = Math.max(1, total / chunk.length / 8);
    return {
      variants: [
        {
          name: `${total / (1 << 20)} MiB in 1 MiB asyncWrites, fromFileHandle`,
          baselineLabel: 'FileHandle.write loop',
          ours: () => ours(),
          baseline: () => raw(),
          warmupOurs: () => ours(warm),
          warmupBaseline: () => raw(warm),
        },
      ],
      async teardown() {
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};
