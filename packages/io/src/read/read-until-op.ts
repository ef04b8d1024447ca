import { enablePartialCancellation, errors, makeError, type Executor, type SystemError } from '@asio-ts/core';
import { defaultMaxTransferSize } from '../transfer/completion-condition.js';
import { ComposedOp, type TransferHandler, type TransferSteps } from '../transfer/composed-op.js';
import type { AsyncReadStream } from './async-read-stream.js';
import { contiguous, resumeAt, type Matcher } from './matchers.js';
import { checkReported } from '../detail/check-reported.js';
import type { DynamicReadTarget } from './read-target.js';

/** The most one read of a read-until operation asks for (Asio's 65536). */
export const readUntilMaxRead = defaultMaxTransferSize;

/** The error of a read that got 0 bytes without an error, which the AsyncReadStream concept rules out. */
export function zeroByteRead(): SystemError {
  return makeError(errors.eof, 'the stream read 0 bytes without an error');
}

/**
 * The composed read-until (Asio's `read_until_delim_op_v1` / `_v2`, `read_until_delim_string_op`,
 * `read_until_expr_op`, `read_until_match_op`): search the buffer's data from where the last
 * search asked to resume; a match completes with the byte count up to and including it; a full
 * buffer (`maxSize`) with no match completes with `errors.notFound`; otherwise read Asio's read
 * size (`readSizeHelper` with a limit of 65536) and search again. An error (end of stream
 * included) or a cancellation between reads completes with that error and 0 bytes; what was
 * read stays in the buffer either way.
 *
 * The initiation searches first (`initiateAsyncReadUntil`): an operation is made only when a
 * read is needed, and starts at the first read with the search position and read size that
 * search gave.
 */
export class ReadUntilOp implements TransferSteps {
  readonly #stream: AsyncReadStream;
  readonly #target: DynamicReadTarget;
  readonly #matcher: Matcher;
  readonly #op: ComposedOp;
  #searchPosition: number;
  readonly #firstSize: number;

  constructor(
    stream: AsyncReadStream,
    ioExecutor: Executor,
    target: DynamicReadTarget,
    matcher: Matcher,
    handler: TransferHandler,
    searchPosition: number,
    firstSize: number,
  ) {
    this.#stream = stream;
    this.#target = target;
    this.#matcher = matcher;
    this.#searchPosition = searchPosition;
    this.#firstSize = firstSize;
    this.#op = new ComposedOp(handler, ioExecutor, enablePartialCancellation, this);
  }

  start(): void {
    this.#op.start();
  }

  first(): number {
    return this.#firstSize;
  }

  issue(size: number, handler: TransferHandler): void {
    this.#stream.asyncReadSome(this.#target.prepare(size), handler);
  }

  next(err: SystemError | null, n: number): number {
    const target = this.#target;
    checkReported('asyncReadSome', n, target.preparedSize());
    target.commit(n);
    // Asio: result_n = (ec || not_found) ? 0 : search_position.
    if (err !== null) return this.#op.complete(err, 0);
    if (n === 0) return this.#op.complete(zeroByteRead(), 0);
    if (this.#op.cancelled()) return this.#op.complete(makeError(errors.operationAborted), 0);
    const found = this.#matcher.search(contiguous(target.data()), this.#searchPosition);
    if (found >= 0) return this.#op.complete(null, found);
    // 0 once the buffer is at its maxSize (Asio's `size() == max_size()` check).
    const size = target.readSize(readUntilMaxRead);
    if (size === 0) return this.#op.complete(makeError(errors.notFound), 0);
    this.#searchPosition = resumeAt(found);
    return size;
  }
}
