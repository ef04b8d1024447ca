// Shared by the real-source read tests: a seeded generator, draining a read stream with hashing
// and random cancellation, and the figures the tests report.
import { createHash } from 'node:crypto';
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  type SystemError,
} from '@asio-ts/core';
import { type AdapterReadStream } from '@asio-ts/io';

export const MiB = 1 << 20;

export const figures = {
  tcpBytes: 0,
  tcpReads: 0,
  slowReaderMaxReadableLength: 0,
  slowReaderHighWaterMark: 0,
  slowReaderPeerSentAhead: 0,
  resetBytes: 0,
  fileReads: 0,
  webBytes: 0,
  cancelledReads: 0,
  readsAfterCancel: 0,
};

/** A small seeded generator (xorshift32): the random sizes repeat with FC_SEED. */
export function rng(s: number): (lo: number, hi: number) => number {
  let x = s >>> 0 || 1;
  return (lo, hi) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return lo + (x % (hi - lo + 1));
  };
}

export interface Drained {
  readonly hash: string;
  readonly bytes: number;
  readonly reads: number;
  readonly cancelled: number;
  readonly err: SystemError | null;
}

/**
 * Read `stream` until an error (eof included) with asyncReadSome loops into buffers of random
 * sizes; with `cancelEvery`, about one read in that many is cancelled right after it started
 * (terminal, partial or total) and the loop goes on: only the bytes of reads that completed count.
 */
export function drain(stream: AdapterReadStream, next: (lo: number, hi: number) => number, maxRead: number, cancelEvery = 0, stopAt = Infinity): Promise<Drained> {
  const hash = createHash('sha256');
  let bytes = 0;
  let reads = 0;
  let cancelled = 0;
  const signal = new CancellationSignal();
  const types = [CancellationType.Terminal, CancellationType.Partial, CancellationType.Total];
  return new Promise((resolve) => {
    const step = (): void => {
      const size = next(1, Math.max(1, Math.min(maxRead, stopAt - bytes)));
      const buf = new Uint8Array(size);
      const cancel = cancelEvery > 0 && next(1, cancelEvery) === 1;
      const handler = (err: SystemError | null, n: number): void => {
        if (n > 0) {
          hash.update(buf.subarray(0, n));
          bytes += n;
          reads++;
        }
        if (err !== null && errorIs(err, errors.operationAborted) && cancel) {
          cancelled++;
          return void setImmediate(step);
        }
        if (err !== null || bytes >= stopAt) return resolve({ hash: hash.digest('hex'), bytes, reads, cancelled, err });
        // Most reads continue at once (the handler runs from the socket's callback); now and
        // then a macrotask turn lets more arrive.
        if (next(1, 8) === 1) setImmediate(step);
        else step();
      };
      stream.asyncReadSome(buf, cancel ? bindCancellationSlot(signal.slot(), handler) : handler);
      if (cancel) signal.emit(types[next(0, 2)]!);
    };
    step();
  });
}
