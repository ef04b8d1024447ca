import { enablePartialCancellation, errors, makeError, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { ConsumingBuffers } from '../buffers/consuming-buffers.js';
import { checkReported } from '../detail/check-reported.js';
import { checkForCompletion } from '../transfer/base-from-completion-cond.js';
import type { CompletionCondition } from '../transfer/completion-condition.js';
import { ComposedOp, type TransferHandler, type TransferSteps } from '../transfer/composed-op.js';
import type { AsyncWriteStream } from './async-write-stream.js';

/** What a dynamic buffer must offer the write op: consuming what was written, at completion. */
export interface Consumable {
  consume(n: number): void;
}

/**
 * The composed write (Asio's `write_op`): `asyncWriteSome` until the buffers are written, the
 * condition says stop, an error occurs, or a cancellation (terminal or partial) arrives between
 * chunks. With a dynamic buffer, exactly the bytes written are consumed at the end.
 */
export class WriteOp implements TransferSteps {
  // Declared and set in the constructor (no field initializer to run per operation).
  private declare readonly stream: AsyncWriteStream;
  private declare readonly buffers: ConsumingBuffers;
  private declare readonly condition: CompletionCondition;
  private declare readonly dynamic: Consumable | null;
  private declare readonly op: ComposedOp;

  constructor(stream: AsyncWriteStream, buffers: BufferList, condition: CompletionCondition, handler: TransferHandler, dynamic: Consumable | null) {
    this.stream = stream;
    this.buffers = ConsumingBuffers.fromChecked(buffers);
    this.condition = condition;
    this.dynamic = dynamic;
    this.op = new ComposedOp(handler, stream.getExecutor(), enablePartialCancellation, this);
  }

  start(): void {
    this.op.start();
  }

  /** The bytes the stream reported written so far. */
  transferred(): number {
    return this.buffers.totalConsumed();
  }

  first(): number {
    return checkForCompletion(this.condition, null, 0);
  }

  issue(maxSize: number, handler: TransferHandler): void {
    this.stream.asyncWriteSome(this.buffers.prepare(maxSize), handler);
  }

  next(err: SystemError | null, n: number): number {
    const buffers = this.buffers;
    const prepared = buffers.preparedSize();
    checkReported('asyncWriteSome', n, prepared);
    buffers.consume(n);
    if ((err === null && n === 0) || buffers.empty()) return this.finish(err);
    const maxSize = checkForCompletion(this.condition, err, buffers.totalConsumed());
    if (maxSize === 0) return this.finish(err);
    if (this.op.cancelled()) return this.finish(makeError(errors.operationAborted));
    return maxSize;
  }

  private finish(err: SystemError | null): 0 {
    const total = this.buffers.totalConsumed();
    // Only what the stream took leaves a dynamic buffer; after an error the rest stays.
    this.dynamic?.consume(total);
    return this.op.complete(err, total);
  }
}
