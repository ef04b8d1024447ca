/**
 * What `asyncRead` / `read` and `asyncReadUntil` / `readUntil` read from and into, and the one
 * place it is checked: the stream, and a buffer sequence or a dynamic buffer, told apart as
 * Asio's `async_read` / `read` overloads are; and a dynamic buffer as a read grows it.
 */
import { BasicDynamicBufferV1, BasicDynamicBufferV2 } from '../buffers/basic-dynamic-buffer.js';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import type { MutableBufferSequence } from '../buffers/buffer.js';
import { isDynamicBufferV1, isDynamicBufferV2, type DynamicBufferV1, type DynamicBufferV2 } from '../buffers/dynamic-buffer.js';
import { checkBufferSequence, describe, isUint8Array } from '../detail/check.js';
import { streamHint } from '../detail/stream-hint.js';
import { contiguous, notFound, resumeAt, searchesFrom, type Matcher } from './matchers.js';
import { readSizeHelper } from '../transfer/read-size-helper.js';
import { isAsyncReadStream, isSyncReadStream, type AsyncReadStream, type SyncReadStream } from './async-read-stream.js';

const ownPrepare = BasicDynamicBufferV1.prototype.prepare;
const ownGrow = BasicDynamicBufferV2.prototype.grow;

/** What `asyncRead` and `read` take to read into. */
export type ReadTarget = MutableBufferSequence | DynamicBufferV1 | DynamicBufferV2;

/** What `asyncReadUntil` and `readUntil` take to read into. */
export type DynamicReadBuffer = DynamicBufferV1 | DynamicBufferV2;

/**
 * A dynamic buffer as a read uses it (Asio's `read_dynbuf_v1_op` / `read_dynbuf_v2_op` and the
 * `read_until` ops): `prepare(n)` makes room for the next read (v1: `prepare(n)`; v2: `grow(n)`
 * and a view of the grown bytes) and `commit(n)` keeps exactly the `n` bytes read (v1:
 * `commit(n)`; v2: `shrink` by the unread rest of the grown bytes).
 */
export class DynamicReadTarget {
  readonly buffer: DynamicReadBuffer;
  /** True for a DynamicBuffer v2. */
  readonly v2: boolean;
  #prepared = 0;
  // v2: bytes the last `prepare` grew the buffer by (the view of them may be shorter).
  #grown = 0;

  constructor(buffer: DynamicReadBuffer, v2: boolean) {
    this.buffer = buffer;
    this.v2 = v2;
  }

  size(): number {
    return this.buffer.size();
  }

  capacity(): number {
    return this.buffer.capacity();
  }

  maxSize(): number {
    return this.buffer.maxSize();
  }

  /** Asio's read size for the next read, `limit` being the condition's answer (65536 for readUntil). */
  readSize(limit: number): number {
    return readSizeHelper(this.buffer, limit);
  }

  /** The readable bytes, checked (a user's dynamic buffer may return anything). */
  data(): BufferList {
    return readableData(this.buffer, this.v2);
  }

  /**
   * Room for `n` more bytes, as the buffers a read fills. The library's own buffers skip zeroing
   * the area (the read overwrites it) unless a subclass replaced `prepare` / `grow`.
   */
  prepare(n: number): BufferList {
    let list: BufferList;
    const buffer = this.buffer;
    if (this.v2) {
      const v2 = buffer as DynamicBufferV2;
      const pos = v2.size();
      if (v2 instanceof BasicDynamicBufferV2 && v2.grow === ownGrow) v2.growForRead(n);
      else v2.grow(n);
      this.#grown = n;
      list = checkBufferSequence('buffers', v2.data(pos, n));
    } else {
      const v1 = buffer as DynamicBufferV1;
      const area = v1 instanceof BasicDynamicBufferV1 && v1.prepare === ownPrepare ? v1.prepareForRead(n) : v1.prepare(n);
      list = checkBufferSequence('buffers', area);
    }
    this.#prepared = sizeOfList(list);
    return list;
  }

  /** Bytes in the buffers the last `prepare` returned. */
  preparedSize(): number {
    return this.#prepared;
  }

  /** Keep the first `n` prepared bytes (all a read reported) and drop the rest. */
  commit(n: number): void {
    this.#prepared = 0;
    if (this.v2) {
      const grown = this.#grown;
      this.#grown = 0;
      (this.buffer as DynamicBufferV2).shrink(grown - n);
    } else {
      (this.buffer as DynamicBufferV1).commit(n);
    }
  }
}

/** The readable bytes of a dynamic buffer, checked (a user's dynamic buffer may return anything). */
function readableData(buffer: DynamicReadBuffer, v2: boolean): BufferList {
  const data = v2 ? (buffer as DynamicBufferV2).data(0, buffer.size()) : (buffer as DynamicBufferV1).data();
  return checkBufferSequence('buffers', data);
}

/**
 * `matcher.search` of the buffer's data from its start. A delimiter search in one of the
 * library's vector buffers runs on a view of the storage up to the data's end, which the vector
 * reuses while that end stays (no new view per buffered line).
 */
export function searchBuffered(matcher: Matcher, buffer: DynamicReadBuffer, v2: boolean): number {
  const own = buffer instanceof BasicDynamicBufferV1 || buffer instanceof BasicDynamicBufferV2;
  const prefix = own && searchesFrom(matcher) ? buffer.dataPrefix() : undefined;
  if (prefix === undefined) return matcher.search(contiguous(readableData(buffer, v2)), 0);
  const start = prefix.length - buffer.size();
  const found = matcher.search(prefix, start);
  return found >= 0 ? found - start : notFound(resumeAt(found) - start);
}

/** A read's target after its check: buffers to fill, or a dynamic buffer to grow. */
export type ReadBuffers = BufferList | DynamicReadTarget;

/**
 * Check a read's target once. As Asio's overloads: a v2 dynamic buffer first, v1 only when it is
 * not also v2, anything else must be a buffer sequence. `copy`: an array is copied, for a read
 * that may start after this call returns (the caller may reuse its array meanwhile).
 */
export function readBuffers(buffers: unknown, copy: boolean): ReadBuffers {
  if (isUint8Array(buffers)) return buffers;
  if (isDynamicBufferV2(buffers)) return new DynamicReadTarget(buffers, true);
  if (isDynamicBufferV1(buffers)) return new DynamicReadTarget(buffers, false);
  return checkBufferSequence('buffers', buffers, copy);
}

/** Check the dynamic buffer of `asyncReadUntil` / `readUntil`. */
export function dynamicReadTarget(buffers: unknown): DynamicReadTarget {
  return new DynamicReadTarget(buffers as DynamicReadBuffer, checkDynamicReadBuffer(buffers));
}

/** Check the dynamic buffer of `asyncReadUntil` / `readUntil`; true for v2 (Asio's overload order: v2 first). */
export function checkDynamicReadBuffer(buffers: unknown): boolean {
  if (isDynamicBufferV2(buffers)) return true;
  if (isDynamicBufferV1(buffers)) return false;
  throw new TypeError(
    `buffers must be a DynamicBuffer (v1: size, maxSize, capacity, data, prepare, commit, consume; or v2: grow and shrink for prepare and commit), got ${describe(buffers)}`,
  );
}

export function checkAsyncReadStream(stream: unknown): asserts stream is AsyncReadStream {
  if (!isAsyncReadStream(stream)) {
    throw new TypeError(`stream must be an AsyncReadStream (getExecutor() and asyncReadSome()), got ${describe(stream)}${streamHint(stream, 'asyncRead')}`);
  }
}

export function checkSyncReadStream(stream: unknown): asserts stream is SyncReadStream {
  if (!isSyncReadStream(stream)) throw new TypeError(`stream must be a SyncReadStream (readSome()), got ${describe(stream)}${streamHint(stream, 'read')}`);
}
