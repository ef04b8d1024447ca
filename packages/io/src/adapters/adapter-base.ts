import type { AsyncResult, CompletionToken, DeferredOperation } from '@asio-ts/core';
import type { ConstBufferSequence, MutableBufferSequence } from '../buffers/buffer.js';
import type { ReadSignature } from '../read/async-read-stream.js';
import type { WriteSignature } from '../write/async-write-stream.js';
import { SingleOperationAdapter } from './single-operation-adapter.js';
import type { AdapterReadStream, AdapterWriteStream } from './stream-adapter.js';

/** Base of the write adapters: a single-operation adapter whose operation is `asyncWriteSome`. */
export abstract class AdapterBase extends SingleOperationAdapter implements AdapterWriteStream {
  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWriteSome(buffers: ConstBufferSequence, token?: unknown): unknown {
    return this.initiate(buffers, token);
  }
}

/**
 * Base of the read adapters (and of the read side of those that also write): a single-operation
 * adapter whose operation is `asyncReadSome`. It keeps the buffers until data arrives, so the
 * base copies the caller's array.
 */
export abstract class ReadAdapterBase extends SingleOperationAdapter implements AdapterReadStream {
  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSome(buffers: MutableBufferSequence, token?: unknown): unknown {
    return this.initiate(buffers, token);
  }
}
