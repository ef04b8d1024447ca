// A WritableStream sink for the fromWebWritable tests: collects what it is given, and can be made
// slow, failing or stalled.
import { randomBytes } from 'node:crypto';

export interface SinkOptions {
  /** Each write waits this many ms (a timer) before it is done. */
  delay?: number;
  /** Each write waits until the test calls `release()`. */
  manual?: boolean;
  /** The write of this chunk (0-based) fails with `failWith`. */
  failOn?: number;
  failWith?: unknown;
  strategy?: QueuingStrategy<Uint8Array>;
}

/** A WritableStream whose sink keeps every chunk it is given (the very object, no copy). */
export function collectingSink(options: SinkOptions = {}) {
  const state = {
    chunks: [] as Uint8Array[],
    writes: 0,
    active: 0,
    maxActive: 0,
    abortReason: undefined as unknown,
    controller: null as WritableStreamDefaultController | null,
    releases: [] as (() => void)[],
    bytes(): Buffer {
      return Buffer.concat(state.chunks);
    },
    release(): void {
      for (const r of state.releases.splice(0)) r();
    },
  };
  const stream = new WritableStream<Uint8Array>(
    {
      start(controller) {
        state.controller = controller;
      },
      async write(chunk) {
        const index = state.writes++;
        state.maxActive = Math.max(state.maxActive, ++state.active);
        try {
          if (options.delay !== undefined) await new Promise((r) => setTimeout(r, options.delay));
          if (options.manual === true) await new Promise<void>((r) => state.releases.push(r));
          if (index === options.failOn) throw options.failWith;
          state.chunks.push(chunk);
        } finally {
          state.active--;
        }
      },
      abort(reason) {
        state.abortReason = reason;
      },
    },
    options.strategy,
  );
  return Object.assign(state, { stream });
}

export const data = randomBytes(300_000);
