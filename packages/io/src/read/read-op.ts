import { enablePartialCancellation, errors, makeError, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import { checkReported } from '../detail/check-reported.js';
import { checkForCompletion } from '../transfer/base-from-completion-cond.js';
import type { CompletionCondition } from '../transfer/completion-condition.js';
import { ComposedOp, type TransferHandler, type TransferSteps } from '../transfer/composed-op.js';
import type { AsyncReadStream } from './async-read-stream.js';
import type { DynamicReadTarget } from './read-target.js';

/**
 * The composed read into a buffer sequence (Asio's `read_op`): `asyncReadSome` until the buffers
 * are full, the condition says stop, an error occurs (end of stream included: `(errors.eof, n)`),
 * the stream reads 0 bytes without an error, or a cancellation (terminal or partial) arrives
 * between reads.
 */
export class ReadOp implements TransferSteps {
  readonly #stream: AsyncReadStream;
  readonly #buffers: ConsumingBuffers;
  readonly #condition: CompletionCondition;
  readonly #op: ComposedOp;

  constructor(stream: AsyncReadStream, buffers: BufferList, condition: CompletionCondition, handler: TransferHandler) {
    this.#stream = stream;
    this.#buffers = ConsumingBuffers.fromChecked(buffers);
    this.#condition = condition;
    this.#op = new ComposedOp(handler, stream.getExecutor(), enablePartialCancellation, this);
  }

  start(): void {
    this.#op.start();
  }

  first(): number {
    return checkForCompletion(this.#condition, null, 0);
  }

  issue(maxSize: number, handler: TransferHandler): void {
    this.#stream.asyncReadSome(this.#buffers.prepare(maxSize), handler);
  }

  next(err: SystemError | null, n: number): number {
    const buffers = this.#buffers;
    checkReported('asyncReadSome', n, buffers.preparedSize());
    buffers.consume(n);
    if ((err === null && n === 0) || buffers.empty()) return this.#op.complete(err, buffers.totalConsumed());
    const maxSize = checkForCompletion(this.#condition, err, buffers.totalConsumed());
    if (maxSize === 0) return this.#op.complete(err, buffers.totalConsumed());
    if (this.#op.cancelled()) return this.#op.complete(makeError(errors.operationAborted), buffers.totalConsumed());
    return maxSize;
  }
}

/**
 * The composed read into a dynamic buffer (Asio's `read_dynbuf_v1_op` and `read_dynbuf_v2_op`):
 * each read asks for Asio's read size (`readSizeHelper`, the condition's answer as the limit)
 * and commits exactly the bytes it got, also on an error and on cancellation. It stops when the
 * read size is 0 (the condition is done or the buffer is at its `maxSize`), on an error (end of
 * stream included), on a read of 0 bytes without an error, or on a cancellation between reads.
 */
export class DynamicReadOp implements TransferSteps {
  readonly #stream: AsyncReadStream;
  readonly #target: DynamicReadTarget;
  readonly #condition: CompletionCondition;
  readonly #op: ComposedOp;
  #total = 0;

  constructor(stream: AsyncReadStream, target: DynamicReadTarget, condition: CompletionCondition, handler: TransferHandler) {
    this.#stream = stream;
    this.#target = target;
    this.#condition = condition;
    this.#op = new ComposedOp(handler, stream.getExecutor(), enablePartialCancellation, this);
  }

  start(): void {
    this.#op.start();
  }

  // Asio issues the first read even when its size is 0 (a read of empty buffers).
  first(): number {
    return this.#target.readSize(checkForCompletion(this.#condition, null, 0));
  }

  issue(size: number, handler: TransferHandler): void {
    this.#stream.asyncReadSome(this.#target.prepare(size), handler);
  }

  next(err: SystemError | null, n: number): number {
    const target = this.#target;
    checkReported('asyncReadSome', n, target.preparedSize());
    target.commit(n);
    const total = (this.#total += n);
    const size = target.readSize(checkForCompletion(this.#condition, err, total));
    if ((err === null && n === 0) || size === 0) return this.#op.complete(err, total);
    if (this.#op.cancelled()) return this.#op.complete(makeError(errors.operationAborted), total);
    return size;
  }
}
