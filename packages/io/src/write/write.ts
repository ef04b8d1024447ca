/**
 * `write` (Asio's synchronous `write`): the twin of `asyncWrite` over a SyncWriteStream.
 */
import { fromNodeError, SystemError, type ErrorRef } from '@asio-ts/core';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import { describe } from '../detail/check.js';
import { checkReported } from '../detail/check-reported.js';
import { streamHint } from '../detail/stream-hint.js';
import { checkCompletionCondition, checkForCompletion } from '../transfer/base-from-completion-cond.js';
import { transferAll, type CompletionCondition } from '../transfer/completion-condition.js';
import { isSyncWriteStream, type SyncWriteStream } from './async-write-stream.js';
import { consumedSource, startingData, writeBuffers, writeKind, type WriteSource } from './write-source.js';

/**
 * Write all of `buffers` to a SyncWriteStream (Asio's `write`): loops `writeSome` until done,
 * `condition` returns 0, or an error. Returns the bytes written. Throws the SystemError (with
 * `bytesTransferred` set on it) unless `errorRef` is given, in which case the error is stored
 * there and the byte count returned (Asio's `error_code&` overloads). A dynamic buffer is
 * consumed by exactly the bytes written. Synchronous, so not cancellable.
 *
 * @example
 * ```ts
 * import { writevSync } from 'node:fs';
 * import type { ErrorRef } from '@asio-ts/core';
 * import { Streambuf, write, type SyncWriteStream } from '@asio-ts/io';
 *
 * // Standard output as a SyncWriteStream: writev takes the whole sequence at once.
 * const stdout: SyncWriteStream = {
 *   writeSome: (buffers) => writevSync(1, buffers instanceof Uint8Array ? [buffers] : [...buffers]),
 * };
 * const sb = new Streambuf();
 * sb.sputn('hello\n');
 * const ref: ErrorRef = { error: null };
 * console.log(write(stdout, sb, undefined, ref), ref.error, sb.size()); // hello, then 6 null 0
 * ```
 */
export function write(stream: SyncWriteStream, buffers: WriteSource, condition?: CompletionCondition, errorRef?: ErrorRef): number {
  if (!isSyncWriteStream(stream)) {
    throw new TypeError(`stream must be a SyncWriteStream (writeSome()), got ${describe(stream)}${streamHint(stream, 'write')}`);
  }
  // Synchronous: the sequence is walked before this returns, so an array needs no copy.
  const kind = writeKind(buffers);
  const source = writeBuffers(buffers, kind, false);
  const cond = condition === undefined ? transferAll() : checkCompletionCondition(condition);
  if (errorRef !== undefined && (typeof errorRef !== 'object' || errorRef === null)) {
    throw new TypeError(`errorRef must be an object with an \`error\` property, got ${describe(errorRef)}`);
  }
  const consuming = ConsumingBuffers.fromChecked(startingData(source, kind));
  let error: SystemError | null = null;
  for (;;) {
    if (consuming.empty()) break;
    const maxSize = checkForCompletion(cond, error, consuming.totalConsumed());
    if (maxSize === 0) break;
    let n: number;
    try {
      n = stream.writeSome(consuming.prepare(maxSize));
    } catch (e) {
      error = e instanceof SystemError ? e : fromNodeError(e);
      continue;
    }
    // As Asio's `write_some(..., ec)`, each call sets the error; a stream that takes nothing
    // without an error would be called for ever.
    error = null;
    checkReported('writeSome', n, consuming.preparedSize());
    if (n === 0) break;
    consuming.consume(n);
  }
  const total = consuming.totalConsumed();
  consumedSource(source, kind)?.consume(total);
  if (errorRef !== undefined) {
    errorRef.error = error;
    return total;
  }
  if (error !== null) throw Object.assign(error, { bytesTransferred: total });
  return total;
}
