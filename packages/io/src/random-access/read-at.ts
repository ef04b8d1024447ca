/**
 * `readAt` (Asio's synchronous `read_at`): the twin of `asyncReadAt` over a
 * SyncRandomAccessReadDevice.
 */
import { fromNodeError, SystemError, type ErrorRef } from '@asio-ts/core';
import { sizeOfList } from '../buffers/buffer-list.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import type { DynamicBufferV1 } from '../buffers/dynamic-buffer.js';
import { checkBufferSequence, describe } from '../detail/check.js';
import { streamHint } from '../detail/stream-hint.js';
import { checkCompletionCondition, checkForCompletion } from '../transfer/base-from-completion-cond.js';
import { transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import { atBuffers, checkSequenceEnd, checkErrorRef, checkOffset, type ReadAtTarget } from './at-arguments.js';
import { readSizeHelper } from '../transfer/read-size-helper.js';
import { checkReported } from '../detail/check-reported.js';
import { isSyncRandomAccessReadDevice, type SyncRandomAccessReadDevice } from './read-device.js';

/**
 * Read from a SyncRandomAccessReadDevice at `offset` until `buffers` is full (Asio's `read_at`):
 * loops `readSomeAt` at `offset` plus the bytes read so far until the buffers are full,
 * `condition` returns 0, or an error (`errors.eof` past the end of the data). Throws the
 * SystemError (with `bytesTransferred` set on it) unless `errorRef` is given, in which case the
 * error is stored there and the byte count returned. A DynamicBuffer v1 (Asio's
 * `basic_streambuf` overload) is read into by Asio's read size and committed exactly the bytes
 * read. A device that reads 0 bytes without an error ends the loop (Asio's synchronous loop would
 * spin). Synchronous, so not cancellable.
 *
 * @example
 * ```ts
 * import { errorIs, errors, makeError, type ErrorRef } from '@asio-ts/core';
 * import { bufferCopy, readAt, type SyncRandomAccessReadDevice } from '@asio-ts/io';
 *
 * // Ten bytes of memory as a device: eof past their end.
 * const disk = new TextEncoder().encode('0123456789');
 * const device: SyncRandomAccessReadDevice = {
 *   readSomeAt(offset, buffers) {
 *     if (offset >= disk.length) throw makeError(errors.eof);
 *     return bufferCopy(buffers, disk.subarray(offset));
 *   },
 * };
 * const out = new Uint8Array(4);
 * console.log(readAt(device, 6, out), new TextDecoder().decode(out)); // 4 6789
 * const ref: ErrorRef = { error: null };
 * console.log(readAt(device, 8, new Uint8Array(4), undefined, ref), errorIs(ref.error, errors.eof)); // 2 true
 * ```
 */
export function readAt(
  device: SyncRandomAccessReadDevice,
  offset: number,
  buffers: ReadAtTarget,
  condition?: CompletionCondition,
  errorRef?: ErrorRef,
): number {
  if (!isSyncRandomAccessReadDevice(device)) {
    throw new TypeError(`device must be a SyncRandomAccessReadDevice (readSomeAt()), got ${describe(device)}${streamHint(device, 'readAt')}`);
  }
  const at = checkOffset(offset);
  // Synchronous: done with the array before this returns, yet `atBuffers` copies it (cheap).
  const target = atBuffers(buffers);
  checkSequenceEnd(at, target);
  const cond = condition === undefined ? transferAll() : checkCompletionCondition(condition);
  checkErrorRef(errorRef);
  const [error, total] = target.dynamic ? readIntoDynamic(device, at, target.buffer, cond) : readIntoBuffers(device, at, ConsumingBuffers.fromChecked(target.list), cond);
  if (errorRef !== undefined) {
    errorRef.error = error;
    return total;
  }
  if (error !== null) throw Object.assign(error, { bytesTransferred: total });
  return total;
}

function toSystemError(e: unknown): SystemError {
  return e instanceof SystemError ? e : fromNodeError(e);
}

// As Asio's `read_some_at(..., ec)`, each call sets the error: a success after a failure the
// condition let through clears it.
function readIntoBuffers(device: SyncRandomAccessReadDevice, offset: number, buffers: ConsumingBuffers, condition: CompletionCondition): [SystemError | null, number] {
  let error: SystemError | null = null;
  while (!buffers.empty()) {
    const maxSize = checkForCompletion(condition, error, buffers.totalConsumed());
    if (maxSize === 0) break;
    const area = buffers.prepare(maxSize);
    let n: number;
    try {
      n = device.readSomeAt(offset + buffers.totalConsumed(), area);
    } catch (e) {
      error = toSystemError(e);
      continue;
    }
    error = null;
    checkReported('readSomeAt', n, buffers.preparedSize());
    if (n === 0) break;
    buffers.consume(n);
  }
  return [error, buffers.totalConsumed()];
}

function readIntoDynamic(device: SyncRandomAccessReadDevice, offset: number, buffer: DynamicBufferV1, condition: CompletionCondition): [SystemError | null, number] {
  let error: SystemError | null = null;
  let total = 0;
  let available = readSizeHelper(buffer, checkForCompletion(condition, error, total));
  while (available > 0) {
    const area = checkBufferSequence('buffers', buffer.prepare(available));
    let n = 0;
    try {
      n = device.readSomeAt(offset + total, area);
      error = null;
    } catch (e) {
      error = toSystemError(e);
    }
    if (error === null) checkReported('readSomeAt', n, sizeOfList(area));
    buffer.commit(n);
    total += n;
    if (error === null && n === 0) break;
    available = readSizeHelper(buffer, checkForCompletion(condition, error, total));
  }
  return [error, total];
}
