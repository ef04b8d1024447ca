/**
 * The two DynamicBuffer concepts (Asio's DynamicBuffer_v1 and DynamicBuffer_v2) and their run-time
 * tests (Asio's `is_dynamic_buffer_v1` / `is_dynamic_buffer_v2` traits).
 */
import type { ConstBufferSequence, MutableBufferSequence } from './buffer.js';

/**
 * A buffer that owns its storage and moves bytes from a writable area to a readable one.
 * Views returned by `data` and `prepare` are valid until the next `prepare`, `commit` or
 * `consume`.
 */
export interface DynamicBufferV1<
  C extends ConstBufferSequence = ConstBufferSequence,
  M extends MutableBufferSequence = MutableBufferSequence,
> {
  /** Readable bytes. */
  size(): number;
  /** Most bytes `size() + n` may reach through `prepare(n)`. */
  maxSize(): number;
  /** Bytes that fit without reallocating. */
  capacity(): number;
  /** The readable bytes. */
  data(): C;
  /**
   * A writable area of exactly `n` bytes after the readable ones, replacing any area prepared
   * before. Throws a `SystemError` (`errors.noBufferSpace`) past `maxSize()`, as Asio throws
   * `std::length_error`.
   */
  prepare(n: number): M;
  /** Make the first `n` prepared bytes readable (no more than were prepared) and drop the rest. */
  commit(n: number): void;
  /** Remove `n` bytes from the front of the readable bytes (all of them if fewer). */
  consume(n: number): void;
}

/**
 * A view over storage held elsewhere, addressed by position. Views returned by `data` are valid
 * until the next `grow`, `shrink` or `consume`.
 */
export interface DynamicBufferV2<M extends MutableBufferSequence = MutableBufferSequence> {
  /** Bytes held. */
  size(): number;
  /** Most bytes `grow` may reach. */
  maxSize(): number;
  /** Bytes that fit without reallocating. */
  capacity(): number;
  /** The bytes from `pos` to `pos + n`, cut short at the end of the content. */
  data(pos: number, n: number): M;
  /** Append `n` zero bytes; throws a `SystemError` (`errors.noBufferSpace`) past `maxSize()`. */
  grow(n: number): void;
  /** Remove `n` bytes from the end (all of them if fewer). */
  shrink(n: number): void;
  /** Remove `n` bytes from the front (all of them if fewer). */
  consume(n: number): void;
}

type Methods = Record<string, unknown>;

// Each member is read by name, not in a loop over a list of names: the loads stay monomorphic,
// which matters because asyncWrite asks this of every argument that is not a Uint8Array.
function hasCommonMethods(m: Methods): boolean {
  return (
    typeof m.size === 'function' &&
    typeof m.maxSize === 'function' &&
    typeof m.capacity === 'function' &&
    typeof m.data === 'function' &&
    typeof m.consume === 'function'
  );
}

function isObjectLike(x: unknown): x is Methods {
  return (typeof x === 'object' || typeof x === 'function') && x !== null;
}

/**
 * True when `x` has the DynamicBuffer v1 members (Asio's `is_dynamic_buffer_v1`). As in Asio, an
 * object may meet both concepts; an operation with v1 and v2 forms treats such an object as v2,
 * so pick the v1 form only when `isDynamicBufferV1(x) && !isDynamicBufferV2(x)`.
 *
 * @example
 * ```ts
 * import { ByteVector, Streambuf, dynamicBufferV2, isDynamicBufferV1 } from '@asio-ts/io';
 *
 * console.log(isDynamicBufferV1(new Streambuf())); // true
 * console.log(isDynamicBufferV1(dynamicBufferV2(new ByteVector()))); // false: grow/shrink, no prepare/commit
 * ```
 */
export function isDynamicBufferV1(x: unknown): x is DynamicBufferV1 {
  return isObjectLike(x) && typeof x.prepare === 'function' && typeof x.commit === 'function' && hasCommonMethods(x);
}

/**
 * True when `x` has the DynamicBuffer v2 members, `grow`/`shrink` where v1 has
 * `prepare`/`commit` (Asio's `is_dynamic_buffer_v2`).
 *
 * @example
 * ```ts
 * import { ByteVector, Streambuf, dynamicBufferV2, isDynamicBufferV2 } from '@asio-ts/io';
 *
 * console.log(isDynamicBufferV2(dynamicBufferV2(new ByteVector()))); // true
 * console.log(isDynamicBufferV2(new Streambuf())); // false
 * ```
 */
export function isDynamicBufferV2(x: unknown): x is DynamicBufferV2 {
  return isObjectLike(x) && typeof x.grow === 'function' && typeof x.shrink === 'function' && hasCommonMethods(x);
}
