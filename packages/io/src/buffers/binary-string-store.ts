/**
 * A `ByteStore` over a binary string held in `ref.value` (one char per byte, codes 0 to 255),
 * for Asio's `dynamic_string_buffer`. Strings are immutable, so the bytes live in a mirror
 * `ByteVector` and `ref.value` is rewritten from it: at once for `resize` / `eraseFront`, and for
 * bytes written through a writable view at the next call on the store. A string assigned to
 * `ref.value` from outside replaces the mirror at the next call.
 */
import { describe } from '../detail/check.js';
import type { ByteStore } from './byte-store.js';
import { ByteVector } from './byte-vector.js';

/** A holder of a binary string, updated in place by a string dynamic buffer. */
export interface StringRef {
  value: string;
}

// String.fromCharCode.apply has an argument-count limit; stay well below it.
const chunk = 8192;

/** Bytes to a binary string, one char per byte. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  if (bytes.length <= chunk) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let out = '';
  for (let i = 0; i < bytes.length; i += chunk) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk) as unknown as number[]);
  }
  return out;
}

/** Write the chars of a binary string into `target`; a char above 255 is a TypeError naming `name`. */
export function binaryStringToBytes(name: string, value: string, target: Uint8Array): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 255) {
      throw new TypeError(
        `${name} must be a binary string (char codes 0 to 255), char ${i} is U+${c.toString(16).toUpperCase().padStart(4, '0')}`,
      );
    }
    target[i] = c;
  }
}

/** Throws a TypeError naming `ref` unless it is an object whose `value` is a string. */
export function checkStringRef(ref: unknown): StringRef {
  if (typeof ref !== 'object' || ref === null) {
    throw new TypeError(`ref must be an object with a string value property, got ${describe(ref)}`);
  }
  const value = (ref as { value?: unknown }).value;
  if (typeof value !== 'string') throw new TypeError(`ref.value must be a string, got ${describe(value)}`);
  return ref as StringRef;
}

export class BinaryStringStore implements ByteStore {
  private readonly ref: StringRef;
  private readonly bytes = new ByteVector();
  /** The string `bytes` mirrors; `ref.value` still holds it unless someone assigned another. */
  private mirror = '';
  // Range of `bytes` handed out writable since the last resize / eraseFront.
  private dirtyStart = 0;
  private dirtyEnd = 0;

  constructor(ref: StringRef) {
    this.ref = ref;
    this.reload();
  }

  length(): number {
    this.sync();
    return this.bytes.length;
  }

  capacity(): number {
    this.sync();
    return this.bytes.capacity;
  }

  view(start: number, end: number, writable: boolean): Uint8Array {
    this.sync();
    if (writable && end > start) {
      if (this.dirtyEnd > this.dirtyStart) {
        this.dirtyStart = Math.min(this.dirtyStart, start);
        this.dirtyEnd = Math.max(this.dirtyEnd, end);
      } else {
        this.dirtyStart = start;
        this.dirtyEnd = end;
      }
    }
    return this.bytes.bytes().subarray(start, end);
  }

  resize(n: number): void {
    this.sync();
    const old = this.bytes.length;
    this.bytes.resize(n);
    this.publish(n <= old ? this.mirror.slice(0, n) : this.mirror + '\0'.repeat(n - old));
  }

  eraseFront(n: number): void {
    this.sync();
    this.bytes.eraseFront(n);
    this.publish(this.mirror.slice(n));
  }

  // Views are invalidated by a change of size (as in Asio), so the dirty range ends here.
  private publish(value: string): void {
    this.mirror = value;
    this.ref.value = value;
    this.dirtyStart = this.dirtyEnd = 0;
  }

  private sync(): void {
    if (this.ref.value !== this.mirror) {
      this.reload();
    } else if (this.dirtyEnd > this.dirtyStart) {
      // Views may still be written to, so the range stays dirty after this.
      const s = this.dirtyStart;
      const e = this.dirtyEnd;
      this.mirror = this.mirror.slice(0, s) + bytesToBinaryString(this.bytes.bytes().subarray(s, e)) + this.mirror.slice(e);
      this.ref.value = this.mirror;
    }
  }

  private reload(): void {
    const value = checkStringRef(this.ref).value;
    this.bytes.clear();
    this.bytes.resize(value.length);
    binaryStringToBytes('ref.value', value, this.bytes.bytes());
    this.mirror = value;
    this.dirtyStart = this.dirtyEnd = 0;
  }
}
