/**
 * Both directions of a connection at once, through the public surface only: a coroutine writes
 * `data` with io's `asyncWrite` in chunks of random sizes, then shuts the socket down for
 * sending; another reads with `asyncReadSome` into buffers of random sizes until eof. One read
 * and one write are in flight on the socket at the same time throughout.
 */
import { coSpawn, errorIs, errors, useAwaitable, useFuture, type IoContext } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import type { tcp } from '@asio-ts/net';
import { chunkSizes, createHash } from './peers.js';

export interface Exchanged {
  readonly written: number;
  readonly received: number;
  readonly receivedSha256: string;
}

export function exchange(ioc: IoContext, socket: tcp.Socket, data: Uint8Array, seed: number, maxChunk = 256 * 1024): Promise<Exchanged> {
  const send = coSpawn(
    ioc,
    async () => {
      const size = chunkSizes(seed, maxChunk);
      let written = 0;
      while (written < data.length) {
        const n = Math.min(size(), data.length - written);
        const w = await asyncWrite(socket, data.subarray(written, written + n), useAwaitable);
        if (w !== n) throw new Error(`asyncWrite wrote ${w} of ${n}`);
        written += n;
      }
      socket.shutdown('send');
      return written;
    },
    useFuture,
  );
  const receive = coSpawn(
    ioc,
    async () => {
      const size = chunkSizes(seed + 1, maxChunk);
      const hash = createHash('sha256');
      const buffer = new Uint8Array(maxChunk);
      let received = 0;
      for (;;) {
        try {
          const n = await socket.asyncReadSome(buffer.subarray(0, size()), useAwaitable);
          hash.update(buffer.subarray(0, n));
          received += n;
        } catch (e) {
          if (errorIs(e, errors.eof)) break;
          throw e;
        }
      }
      return { received, receivedSha256: hash.digest('hex') };
    },
    useFuture,
  );
  return Promise.all([send, receive]).then(([written, r]) => ({ written, ...r }));
}
