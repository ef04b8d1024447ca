/**
 * The composed random-access write (Asio's `write_at_op`, impl/write_at.hpp), a `TransferSteps`
 * on the shared `ComposedOp`: `asyncWriteSomeAt` at the offset advanced by the bytes written so
 * far, until everything is written, the condition says stop, an error occurs or a cancellation
 * arrives between writes. With a DynamicBuffer v1 (Asio's `write_at_streambuf_op`), exactly the
 * bytes written are consumed from it at completion.
 */
import { enablePartialCancellation, errors, makeError, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import type { DynamicBufferV1 } from '../buffers/dynamic-buffer.js';
import { checkForCompletion } from '../transfer/base-from-completion-cond.js';
import type { CompletionCondition } from '../transfer/completion-condition.js';
import { ComposedOp, type TransferHandler, type TransferSteps } from '../transfer/composed-op.js';
import { checkReported } from '../detail/check-reported.js';
import type { AsyncRandomAccessWriteDevice } from './write-device.js';

export class WriteAtOp implements TransferSteps {
  readonly #device: AsyncRandomAccessWriteDevice;
  readonly #offset: number;
  readonly #buffers: ConsumingBuffers;
  readonly #condition: CompletionCondition;
  readonly #dynamic: DynamicBufferV1 | null;
  readonly #op: ComposedOp;

  constructor(
    device: AsyncRandomAccessWriteDevice,
    offset: number,
    buffers: BufferList,
    condition: CompletionCondition,
    handler: TransferHandler,
    dynamic: DynamicBufferV1 | null,
  ) {
    this.#device = device;
    this.#offset = offset;
    this.#buffers = ConsumingBuffers.fromChecked(buffers);
    this.#condition = condition;
    this.#dynamic = dynamic;
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
    this.#device.asyncWriteSomeAt(this.#offset + buffers.totalConsumed(), buffers.prepare(maxSize), handler);
  }

  next(err: SystemError | null, n: number): number {
    const buffers = this.#buffers;
    checkReported('asyncWriteSomeAt', n, buffers.preparedSize());
    buffers.consume(n);
    if ((err === null && n === 0) || buffers.empty()) return this.#finish(err);
    const maxSize = checkForCompletion(this.#condition, err, buffers.totalConsumed());
    if (maxSize === 0) return this.#finish(err);
    if (this.#op.cancelled()) return this.#finish(makeError(errors.operationAborted));
    return maxSize;
  }

  #finish(err: SystemError | null): 0 {
    const total = this.#buffers.totalConsumed();
    // Only what the device took leaves a dynamic buffer; after an error the rest stays.
    this.#dynamic?.consume(total);
    return this.#op.complete(err, total);
  }
}
