/**
 * `readUntil` (Asio's synchronous `read_until`): the twin of `asyncReadUntil` over a
 * SyncReadStream.
 */
import { errors, makeError, type ErrorRef, type SystemError } from '@asio-ts/core';
import type { SyncReadStream } from './async-read-stream.js';
import type { ReadUntilMatch } from './match-condition.js';
import { contiguous, makeMatcher, resumeAt } from './matchers.js';
import { checkSyncReadStream, dynamicReadTarget, type DynamicReadBuffer } from './read-target.js';
import { readUntilMaxRead, zeroByteRead } from './read-until-op.js';
import { checkErrorRef, finishSync, readSomeOnce } from './sync-read-steps.js';

/**
 * Read from a SyncReadStream into the dynamic buffer `buffers` until its data holds a match
 * (Asio's `read_until`), and return the number of bytes up to and including the match. The
 * rules are `asyncReadUntil`'s: `errors.notFound` when the buffer reaches its `maxSize()`
 * without a match, `errors.eof` when the stream ends first, what was read stays in the buffer.
 * Throws the SystemError (with `bytesTransferred` 0 on it) unless `errorRef` is given, in which
 * case the error is stored there and 0 returned. Synchronous, so not cancellable.
 *
 * @example
 * ```ts
 * import { systemExecutor } from '@asio-ts/core';
 * import { Streambuf, TestStream, readUntil } from '@asio-ts/io';
 *
 * const stream = new TestStream(systemExecutor, { maxReadSize: 4 });
 * stream.reset('GET / HTTP/1.0\r\nHost: a\r\n\r\nbody');
 * const sb = new Streambuf();
 * const n = readUntil(stream, sb, /\r\n\r\n/); // the whole header, read 4 bytes at a time
 * console.log(n, sb.size()); // 27 28: the read that found the match brought one byte more
 * ```
 */
export function readUntil(stream: SyncReadStream, buffers: DynamicReadBuffer, match: ReadUntilMatch, errorRef?: ErrorRef): number {
  checkSyncReadStream(stream);
  const target = dynamicReadTarget(buffers);
  const matcher = makeMatcher(match);
  checkErrorRef(errorRef);
  let searchPosition = 0;
  let error: SystemError | null = null;
  let n = 0;
  for (;;) {
    const found = matcher.search(contiguous(target.data()), searchPosition);
    if (found >= 0) {
      n = found;
      break;
    }
    const size = target.readSize(readUntilMaxRead);
    if (size === 0) {
      error = makeError(errors.notFound);
      break;
    }
    searchPosition = resumeAt(found);
    const prepared = target.prepare(size);
    const [err, got] = readSomeOnce(stream, prepared, target.preparedSize());
    target.commit(got);
    if (err !== null) {
      error = err;
      break;
    }
    // Asio would call readSome again, forever.
    if (got === 0) {
      error = zeroByteRead();
      break;
    }
  }
  return finishSync(error, n, errorRef);
}
