// WriteQueue's composed write: a WriteOp that tells the queue when an exception leaves a step (a
// stream that throws, or reports more than it was given). ComposedOp then abandons the write
// without a result, as Asio does, so without this the queue would wait for it forever.
import type { BufferList } from '../buffers/buffer-list.js';
import { transferAll } from '../transfer/completion-condition.js';
import type { TransferHandler } from '../transfer/composed-op.js';
import type { SystemError } from '@asio-ts/core';
import type { AsyncWriteStream } from './async-write-stream.js';
import { WriteOp } from './write-op.js';

/** Told once, with the exception and the bytes written before it; the exception then goes on. */
export type OnThrow = (e: unknown, transferred: number) => void;

export class GuardedWriteOp extends WriteOp {
  private declare readonly onThrow: OnThrow;
  private declare threw: boolean;

  constructor(stream: AsyncWriteStream, buffers: BufferList, handler: TransferHandler, onThrow: OnThrow) {
    super(stream, buffers, transferAll(), handler, null);
    this.onThrow = onThrow;
    this.threw = false;
  }

  override issue(maxSize: number, handler: TransferHandler): void {
    try {
      super.issue(maxSize, handler);
    } catch (e) {
      this.report(e);
      throw e;
    }
  }

  override next(err: SystemError | null, n: number): number {
    try {
      return super.next(err, n);
    } catch (e) {
      // Also an exception of the final handler run inline: the queue ignores it for a batch
      // that already completed.
      this.report(e);
      throw e;
    }
  }

  private report(e: unknown): void {
    if (this.threw) return;
    this.threw = true;
    this.onThrow(e, this.transferred());
  }
}
