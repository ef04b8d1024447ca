/**
 * What the synchronous reads (`read`, `readUntil`) share: one `readSome` with its error caught,
 * and the result given back thrown or through an `ErrorRef`, as the synchronous `write` does.
 */
import { fromNodeError, SystemError, type ErrorRef } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { describe } from '../detail/check.js';
import { checkReported } from '../detail/check-reported.js';
import type { SyncReadStream } from './async-read-stream.js';

/** Throws a TypeError naming `errorRef` unless it is undefined or an object. */
export function checkErrorRef(errorRef: unknown): void {
  if (errorRef !== undefined && (typeof errorRef !== 'object' || errorRef === null)) {
    throw new TypeError(`errorRef must be an object with an \`error\` property, got ${describe(errorRef)}`);
  }
}

/** Store the error in `errorRef` and return `n`, or throw it (carrying `bytesTransferred`). */
export function finishSync(error: SystemError | null, n: number, errorRef: ErrorRef | undefined): number {
  if (errorRef !== undefined) {
    errorRef.error = error;
    return n;
  }
  if (error !== null) throw Object.assign(error, { bytesTransferred: n });
  return n;
}

/** One `readSome`: the bytes it read, or the error it threw (0 bytes). */
export function readSomeOnce(stream: SyncReadStream, buffers: BufferList, prepared: number): [SystemError | null, number] {
  let n: number;
  try {
    n = stream.readSome(buffers);
  } catch (e) {
    return [e instanceof SystemError ? e : fromNodeError(e), 0];
  }
  checkReported('readSome', n, prepared);
  return [null, n];
}

