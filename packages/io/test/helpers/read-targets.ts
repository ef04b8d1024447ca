/**
 * What a composed read is given to read into, as Asio's read tests lay it out (a single buffer,
 * arrays of two and three, a dynamic string, a streambuf, each `sizeof(read_data)` bytes) plus
 * every dynamic-buffer flavour, each with a way to see what was read into it.
 */
import {
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  type DynamicReadBuffer,
  type ReadTarget,
} from '@asio-ts/io';
import { concat, fromBinaryString, readDataSize } from './bytes.js';

/** One read's target, and what it holds afterwards. */
export interface PreparedTarget {
  readonly buffers: ReadTarget;
  /**
   * The bytes read into it: for a buffer sequence, the first `n` bytes of its concatenation;
   * for a dynamic buffer, all its readable bytes (`n` is ignored).
   */
  contents(n: number): Uint8Array;
  readonly dynamic: boolean;
}

export interface TargetKind {
  readonly name: string;
  make(size?: number): PreparedTarget;
}

function sequence(name: string, split: (buf: Uint8Array) => ReadTarget): TargetKind {
  return {
    name,
    make: (size = readDataSize) => {
      const buf = new Uint8Array(size);
      return { buffers: split(buf), contents: (n) => buf.slice(0, n), dynamic: false };
    },
  };
}

/** `buffer(read_buf)`. */
const mutableBuffer = sequence('mutable_buffer', (buf) => buf);
/** A Node `Buffer` (a Uint8Array subclass). */
const nodeBuffer: TargetKind = {
  name: 'Node Buffer',
  make: (size = readDataSize) => {
    const buf = Buffer.alloc(size);
    return { buffers: buf, contents: (n) => Uint8Array.from(buf.subarray(0, n)), dynamic: false };
  },
};
/** `boost::array<mutable_buffer, 2>`: bytes 0..32 and 32..end. */
const boostArray = sequence('boost::array of 2 buffers', (buf) => [buf.subarray(0, 32), buf.subarray(32)]);
/** `std::array<mutable_buffer, 2>`: a frozen tuple. */
const stdArray = sequence('std::array of 2 buffers (frozen tuple)', (buf) => Object.freeze([buf.subarray(0, 32), buf.subarray(32)] as const));
/** `std::vector<mutable_buffer>`: bytes 0..32, 32..39 and 39..end. */
const vectorBuffers = sequence('std::vector of 3 buffers', (buf) => [buf.subarray(0, 32), buf.subarray(32, 39), buf.subarray(39)]);

/** A dynamic buffer kind, usable by asyncReadUntil too. */
export interface DynamicKind {
  readonly name: string;
  make(maxSize?: number): { readonly buffers: DynamicReadBuffer; contents(): Uint8Array; consume(n: number): void };
}

/** `dynamic_buffer(std::string&, sizeof(read_data))`. */
const dynamicString: DynamicKind = {
  name: 'dynamic_string_buffer',
  make: (maxSize) => {
    const ref = { value: '' };
    const b = dynamicStringBuffer(ref, maxSize);
    return { buffers: b, contents: () => fromBinaryString(ref.value), consume: (n) => b.consume(n) };
  },
};
/** `asio::streambuf sb(sizeof(read_data))`. */
const streambuf: DynamicKind = {
  name: 'streambuf',
  make: (maxSize) => {
    const sb = new Streambuf(maxSize);
    return { buffers: sb, contents: () => sb.data().slice(), consume: (n) => sb.consume(n) };
  },
};
const vectorV1: DynamicKind = {
  name: 'dynamicBuffer (v1 over ByteVector)',
  make: (maxSize) => {
    const vec = new ByteVector();
    const b = dynamicBuffer(vec, maxSize);
    return { buffers: b, contents: () => vec.bytes().slice(), consume: (n) => b.consume(n) };
  },
};
const vectorV2: DynamicKind = {
  name: 'dynamicBufferV2',
  make: (maxSize) => {
    const vec = new ByteVector();
    const b = dynamicBufferV2(vec, maxSize);
    return { buffers: b, contents: () => vec.bytes().slice(), consume: (n) => b.consume(n) };
  },
};
const stringV2: DynamicKind = {
  name: 'dynamicStringBufferV2',
  make: (maxSize) => {
    const ref = { value: '' };
    const b = dynamicStringBufferV2(ref, maxSize);
    // Bytes written through a v2 view reach ref.value at the next call on the buffer.
    return { buffers: b, contents: () => concat(b.data(0, b.size())).slice(), consume: (n) => b.consume(n) };
  },
};

/** Every dynamic buffer flavour. */
export const dynamicKinds: readonly DynamicKind[] = [dynamicString, streambuf, vectorV1, vectorV2, stringV2];

function asTarget(kind: DynamicKind): TargetKind {
  return {
    name: kind.name,
    make: (size = readDataSize) => {
      const d = kind.make(size);
      return { buffers: d.buffers, contents: () => d.contents(), dynamic: true };
    },
  };
}

/** The read targets of Asio's async_read tests, plus the v1 vector and the v2 flavours. */
export const readTargets: readonly TargetKind[] = [
  mutableBuffer,
  nodeBuffer,
  boostArray,
  stdArray,
  vectorBuffers,
  ...dynamicKinds.map(asTarget),
];

/** The read targets of Asio's sync read tests (the same forms). */
export const syncReadTargets: readonly TargetKind[] = readTargets;
