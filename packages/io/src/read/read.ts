/**
 * `read` (Asio's synchronous `read`): the twin of `asyncRead` over a SyncReadStream.
 */
import type { ErrorRef, SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import { checkCompletionCondition, checkForCompletion } from '../transfer/base-from-completion-cond.js';
import { transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import type { SyncReadStream } from './async-read-stream.js';
import { checkSyncReadStream, DynamicReadTarget, readBuffers, type ReadTarget } from './read-target.js';
import { checkErrorRef, finishSync, readSomeOnce } from './sync-read-steps.js';

/**
 * Read from a SyncReadStream into `buffers` (Asio's `read`): loops `readSome` until the buffers
 * are full, `condition` returns 0, or an error (`errors.eof` when the stream ends first). Throws
 * the SystemError (with `bytesTransferred` set on it) unless `errorRef` is given, in which case
 * the error is stored there and the byte count returned. A dynamic buffer grows by Asio's read
 * size and keeps exactly the bytes read. Synchronous, so not cancellable.
 *
 * @example
 * ```ts
 * import { errorIs, errors, systemExecutor, type ErrorRef } from '@asio-ts/core';
 * import { Streambuf, TestStream, read, transferExactly } from '@asio-ts/io';
 *
 * const stream = new TestStream(systemExecutor, { maxReadSize: 3 });
 * stream.reset('0123456789');
 * const head = new Uint8Array(4);
 * console.log(read(stream, head, transferExactly(4))); // 4, in two readSome calls
 * // The rest into a streambuf, until eof: the error goes to the ref, the bytes to the buffer.
 * const sb = new Streambuf();
 * const ref: ErrorRef = { error: null };
 * console.log(read(stream, sb, undefined, ref), errorIs(ref.error, errors.eof), sb.size()); // 6 true 6
 * ```
 */
export function read(stream: SyncReadStream, buffers: ReadTarget, condition?: CompletionCondition, errorRef?: ErrorRef): number {
  checkSyncReadStream(stream);
  // Synchronous: the sequence is walked before this returns, so an array needs no copy.
  const target = readBuffers(buffers, false);
  const cond = condition === undefined ? transferAll() : checkCompletionCondition(condition);
  checkErrorRef(errorRef);
  const [error, total] = target instanceof DynamicReadTarget ? readDynamic(stream, target, cond) : readSequence(stream, target, cond);
  return finishSync(error, total, errorRef);
}

// Asio's read_buffer_sequence. Unlike Asio, a readSome that returns 0 without an error ends the
// read (as it ends the async one) instead of being called again forever.
function readSequence(stream: SyncReadStream, buffers: BufferList, cond: CompletionCondition): [SystemError | null, number] {
  const consuming = ConsumingBuffers.fromChecked(buffers);
  let error: SystemError | null = null;
  while (!consuming.empty()) {
    const maxSize = checkForCompletion(cond, error, consuming.totalConsumed());
    if (maxSize === 0) break;
    const prepared = consuming.prepare(maxSize);
    const [err, n] = readSomeOnce(stream, prepared, consuming.preparedSize());
    error = err;
    consuming.consume(n);
    if (err === null && n === 0) break;
  }
  return [error, consuming.totalConsumed()];
}

// Asio's read for a DynamicBuffer v1 / v2, with the same guard against a 0-byte readSome.
function readDynamic(stream: SyncReadStream, target: DynamicReadTarget, cond: CompletionCondition): [SystemError | null, number] {
  let error: SystemError | null = null;
  let total = 0;
  let size = target.readSize(checkForCompletion(cond, error, total));
  while (size > 0) {
    const prepared = target.prepare(size);
    const [err, n] = readSomeOnce(stream, prepared, target.preparedSize());
    error = err;
    target.commit(n);
    total += n;
    if (err === null && n === 0) break;
    size = target.readSize(checkForCompletion(cond, error, total));
  }
  return [error, total];
}
