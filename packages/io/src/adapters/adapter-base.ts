import type { AsyncResult, CompletionToken, DeferredOperation } from '@asio-ts/core';
import type { ConstBufferSequence } from '../buffers/buffer.js';
import type { WriteSignature } from '../write/async-write-stream.js';
import { SingleOperationAdapter } from './single-operation-adapter.js';
import type { AdapterWriteStream } from './stream-adapter.js';

/** Base of the write adapters: a single-operation adapter whose operation is `asyncWriteSome`. */
export abstract class AdapterBase extends SingleOperationAdapter implements AdapterWriteStream {
  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWriteSome(buffers: ConstBufferSequence, token?: unknown): unknown {
    return this.initiate(buffers, token);
  }
}
