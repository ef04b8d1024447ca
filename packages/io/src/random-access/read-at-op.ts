/**
 * The composed random-access reads (Asio's `read_at_op` and `read_at_streambuf_op`,
 * impl/read_at.hpp), each a `TransferSteps` on the shared `ComposedOp`: `asyncReadSomeAt` at
 * the offset advanced by the bytes read so far, until the condition is met, the buffers are full,
 * an error occurs (end of data included) or a cancellation arrives between reads.
 */
import { enablePartialCancellation, errors, makeError, type SystemError } from '@asio-ts/core';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import type { DynamicBufferV1 } from '../buffers/dynamic-buffer.js';
import { checkBufferSequence } from '../detail/check.js';
import { checkReported } from '../detail/check-reported.js';
import { checkForCompletion } from '../transfer/base-from-completion-cond.js';
import type { CompletionCondition } from '../transfer/completion-condition.js';
import { ComposedOp, type TransferHandler, type TransferSteps } from '../transfer/composed-op.js';
import { readSizeHelper } from '../transfer/read-size-helper.js';
import type { AsyncRandomAccessReadDevice } from './read-device.js';

/** `asyncReadAt` into a buffer sequence (Asio's `read_at_op`). */
export class ReadAtOp implements TransferSteps {
  readonly #device: AsyncRandomAccessReadDevice;
  readonly #offset: number;
  readonly #buffers: ConsumingBuffers;
  readonly #condition: CompletionCondition;
  readonly #op: ComposedOp;

  constructor(device: AsyncRandomAccessReadDevice, offset: number, buffers: BufferList, condition: CompletionCondition, handler: TransferHandler) {
    this.#device = device;
    this.#offset = offset;
    this.#buffers = ConsumingBuffers.fromChecked(buffers);
    this.#condition = condition;
    this.#op = new ComposedOp(handler, device.getExecutor(), enablePartialCancellation, this);
  }

  start(): void {
    this.#op.start();
  }

  first(): number {
    return checkForCompletion(this.#condition, null, 0);
  }

  issue(maxSize: number, handler: TransferHandler): void {
    const buffers = this.#buffers;
    this.#device.asyncReadSomeAt(this.#offset + buffers.totalConsumed(), buffers.prepare(maxSize), handler);
  }

  next(err: SystemError | null, n: number): number {
    const buffers = this.#buffers;
    checkReported('asyncReadSomeAt', n, buffers.preparedSize());
    buffers.consume(n);
    if ((err === null && n === 0) || buffers.empty()) return this.#op.complete(err, buffers.totalConsumed());
    const maxSize = checkForCompletion(this.#condition, err, buffers.totalConsumed());
    if (maxSize === 0) return this.#op.complete(err, buffers.totalConsumed());
    if (this.#op.cancelled()) return this.#op.complete(makeError(errors.operationAborted), buffers.totalConsumed());
    return maxSize;
  }
}

/**
 * `asyncReadAt` into a DynamicBuffer v1 (Asio's `read_at_streambuf_op`): each read prepares
 * `readSize` bytes and commits exactly the bytes read, so after an error the buffer holds every
 * byte that arrived.
 */
export class ReadAtDynamicOp implements TransferSteps {
  readonly #device: AsyncRandomAccessReadDevice;
  readonly #offset: number;
  readonly #buffer: DynamicBufferV1;
  readonly #condition: CompletionCondition;
  readonly #op: ComposedOp;
  #total = 0;
  #prepared = 0;

  constructor(device: AsyncRandomAccessReadDevice, offset: number, buffer: DynamicBufferV1, condition: CompletionCondition, handler: TransferHandler) {
    this.#device = device;
    this.#offset = offset;
    this.#buffer = buffer;
    this.#condition = condition;
    this.#op = new ComposedOp(handler, device.getExecutor(), enablePartialCancellation, this);
  }

  start(): void {
    this.#op.start();
  }

  first(): number {
    return readSizeHelper(this.#buffer, checkForCompletion(this.#condition, null, 0));
  }

  issue(maxSize: number, handler: TransferHandler): void {
    // Checked: a user's dynamic buffer may return anything.
    const area = checkBufferSequence('buffers', this.#buffer.prepare(maxSize));
    this.#prepared = sizeOfList(area);
    this.#device.asyncReadSomeAt(this.#offset + this.#total, area, handler);
  }

  next(err: SystemError | null, n: number): number {
    checkReported('asyncReadSomeAt', n, this.#prepared);
    this.#total += n;
    this.#buffer.commit(n);
    const available = readSizeHelper(this.#buffer, checkForCompletion(this.#condition, err, this.#total));
    if ((err === null && n === 0) || available === 0) return this.#op.complete(err, this.#total);
    if (this.#op.cancelled()) return this.#op.complete(makeError(errors.operationAborted), this.#total);
    return available;
  }
}
