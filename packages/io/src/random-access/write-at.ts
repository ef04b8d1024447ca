/**
 * `writeAt` (Asio's synchronous `write_at`): the twin of `asyncWriteAt` over a
 * SyncRandomAccessWriteDevice.
 */
import { fromNodeError, SystemError, type ErrorRef } from '@asio-ts/core';
import { sizeOfList } from '../buffers/buffer-list.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import { checkBufferSequence, describe } from '../detail/check.js';
import { streamHint } from '../detail/stream-hint.js';
import { checkCompletionCondition, checkForCompletion } from '../transfer/base-from-completion-cond.js';
import { transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import { atBuffers, checkEnd, checkSequenceEnd, checkErrorRef, checkOffset, type WriteAtSource } from './at-arguments.js';
import { checkReported } from '../detail/check-reported.js';
import { isSyncRandomAccessWriteDevice, type SyncRandomAccessWriteDevice } from './write-device.js';

/**
 * Write all of `buffers` to a SyncRandomAccessWriteDevice at `offset` (Asio's `write_at`): loops
 * `writeSomeAt` at `offset` plus the bytes written so far until done, `condition` returns 0, or
 * an error. Throws the SystemError (with `bytesTransferred` set on it) unless `errorRef` is
 * given, in which case the error is stored there and the byte count returned. A DynamicBuffer v1
 * (Asio's `basic_streambuf` overload) is consumed by exactly the bytes written. A device that
 * writes 0 bytes without an error ends the loop (Asio's synchronous loop would spin).
 * Synchronous, so not cancellable.
 *
 * @example
 * ```ts
 * import { openSync, writevSync } from 'node:fs';
 * import { Streambuf, writeAt, type SyncRandomAccessWriteDevice } from '@asio-ts/io';
 *
 * // A file as a device: pwritev at the offset.
 * const fd = openSync('records.bin', 'w');
 * const device: SyncRandomAccessWriteDevice = {
 *   writeSomeAt: (offset, buffers) => writevSync(fd, buffers instanceof Uint8Array ? [buffers] : [...buffers], offset),
 * };
 * console.log(writeAt(device, 4096, new TextEncoder().encode('record'))); // 6
 * const sb = new Streambuf();
 * sb.sputn('header');
 * console.log(writeAt(device, 0, sb), sb.size()); // 6 0: consumed
 * ```
 */
export function writeAt(
  device: SyncRandomAccessWriteDevice,
  offset: number,
  buffers: WriteAtSource,
  condition?: CompletionCondition,
  errorRef?: ErrorRef,
): number {
  if (!isSyncRandomAccessWriteDevice(device)) {
    throw new TypeError(`device must be a SyncRandomAccessWriteDevice (writeSomeAt()), got ${describe(device)}${streamHint(device, 'writeAt')}`);
  }
  const at = checkOffset(offset);
  const source = atBuffers(buffers);
  checkSequenceEnd(at, source);
  const cond = condition === undefined ? transferAll() : checkCompletionCondition(condition);
  checkErrorRef(errorRef);
  const data = source.dynamic ? checkBufferSequence('buffers', source.buffer.data()) : source.list;
  if (source.dynamic) checkEnd(at, sizeOfList(data));
  const consuming = ConsumingBuffers.fromChecked(data);
  let error: SystemError | null = null;
  while (!consuming.empty()) {
    const maxSize = checkForCompletion(cond, error, consuming.totalConsumed());
    if (maxSize === 0) break;
    const area = consuming.prepare(maxSize);
    let n: number;
    try {
      n = device.writeSomeAt(at + consuming.totalConsumed(), area);
    } catch (e) {
      error = e instanceof SystemError ? e : fromNodeError(e);
      continue;
    }
    // As Asio's `write_some_at(..., ec)`, each call sets the error.
    error = null;
    checkReported('writeSomeAt', n, consuming.preparedSize());
    if (n === 0) break;
    consuming.consume(n);
  }
  const total = consuming.totalConsumed();
  if (source.dynamic) source.buffer.consume(total);
  if (errorRef !== undefined) {
    errorRef.error = error;
    return total;
  }
  if (error !== null) throw Object.assign(error, { bytesTransferred: total });
  return total;
}
