/**
 * The positional operations of an adapter (`fromFileHandle`'s `asyncReadSomeAt` and
 * `asyncWriteSomeAt`, Asio's random-access file operations): each names its offset, so they are
 * independent of each other and of the adapter's stream operations, and any number may be in
 * flight, as with `pread`/`pwrite`. Each is one `HandlerWork`: the token entry, the argument
 * checks and the delivery are here; the adapter supplies how to start one.
 */
import {
  asyncInitiate,
  checkToken,
  deferred,
  fromNodeError,
  HandlerWork,
  isTokenObject,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import { checkBufferSequence, checkSize } from '../detail/check.js';

type TransferSignature = [err: SystemError | null, bytesTransferred: number];
type TransferHandler = (...args: TransferSignature) => void;

/** What an adapter supplies: why an operation cannot start now (or null), and how to start one. */
export interface Positional {
  readonly executor: Executor;
  failure(): SystemError | null;
  /** Hand over `size` (> 0) bytes of `buffers` at `offset`; complete `work` exactly once, later. */
  start(offset: number, buffers: BufferList, size: number, work: HandlerWork<TransferSignature>): void;
}

/** The token entry of a positional operation: checks, then the start (now for a callback). */
export function initiatePositional(target: Positional, offset: unknown, buffers: unknown, token: unknown): unknown {
  const at = checkSize('offset', offset);
  if (typeof token === 'function' && !isTokenObject(token)) {
    // Started now: the sink reads the array before this returns, so it needs no copy.
    start(token as TransferHandler, target, at, checkBufferSequence('buffers', buffers));
    return undefined;
  }
  // Copied (the array, not the bytes): a lazy token may start after the caller reused it.
  const list = checkBufferSequence('buffers', buffers, true);
  if (token === undefined) token = deferred;
  else checkToken('token', token);
  return asyncInitiate<TransferSignature, unknown, [Positional, number, BufferList]>(start, token, target, at, list);
}

function start(handler: TransferHandler, target: Positional, offset: number, buffers: BufferList): void {
  const work = new HandlerWork<TransferSignature>(handler, target.executor);
  const failure = target.failure();
  if (failure !== null) return work.complete2(failure, 0);
  const size = sizeOfList(buffers);
  if (size === 0) return work.complete2(null, 0);
  try {
    target.start(offset, buffers, size, work);
  } catch (e) {
    // The sink threw (a user's handle-like object): an operational failure of this operation.
    if (!work.pending()) throw e;
    work.complete2(fromNodeError(e), 0);
  }
  work.started();
}
