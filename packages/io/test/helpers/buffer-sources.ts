/**
 * The buffer forms a composed transfer is given, as Asio's tests lay them out (a single buffer,
 * arrays of two and three, a dynamic string, a streambuf) plus every dynamic-buffer flavour, each
 * with a way to read what a dynamic buffer still holds afterwards.
 */
import {
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  type WriteSource,
} from '@asio-ts/io';
import { binaryString, fromBinaryString, writeData } from './bytes.js';

/** A source of data for one write: the argument, and for dynamic buffers a way to read what is left. */
export interface PreparedSource {
  readonly buffers: WriteSource;
  /** The bytes still in the dynamic buffer, or null for a buffer sequence (nothing is consumed). */
  rest(): Uint8Array | null;
}

export interface SourceKind {
  readonly name: string;
  make(data?: Uint8Array): PreparedSource;
}

const constBuffer: SourceKind = {
  name: 'const_buffer',
  make: (data = writeData) => ({ buffers: data, rest: () => null }),
};

/** JavaScript has no const views; a Node `Buffer` (a Uint8Array subclass) stands in for the mutable_buffer case. */
const mutableBuffer: SourceKind = {
  name: 'mutable_buffer (Node Buffer)',
  make: (data = writeData) => ({ buffers: Buffer.from(data), rest: () => null }),
};

/** `boost::array<const_buffer, 2>`: bytes 0..32 and 32..end. */
const boostArray: SourceKind = {
  name: 'boost::array of 2 buffers',
  make: (data = writeData) => ({ buffers: [data.subarray(0, 32), data.subarray(32)], rest: () => null }),
};

/** `std::array<const_buffer, 2>`: a frozen tuple. */
const stdArray: SourceKind = {
  name: 'std::array of 2 buffers (frozen tuple)',
  make: (data = writeData) => ({ buffers: Object.freeze([data.subarray(0, 32), data.subarray(32)] as const), rest: () => null }),
};

/** `std::vector<const_buffer>`: bytes 0..32, 32..39 and 39..end. */
const vectorBuffers: SourceKind = {
  name: 'std::vector of 3 buffers',
  make: (data = writeData) => ({
    buffers: [data.subarray(0, 32), data.subarray(32, 39), data.subarray(39)],
    rest: () => null,
  }),
};

/** `dynamic_buffer(std::string&, sizeof(write_data))`. */
const dynamicString: SourceKind = {
  name: 'dynamic_string_buffer',
  make: (data = writeData) => {
    const ref = { value: binaryString(data) };
    return { buffers: dynamicStringBuffer(ref, data.length), rest: () => fromBinaryString(ref.value) };
  },
};

/** `asio::streambuf` filled with `sputn`. */
const streambuf: SourceKind = {
  name: 'streambuf',
  make: (data = writeData) => {
    const sb = new Streambuf();
    sb.sputn(data);
    return { buffers: sb, rest: () => sb.data().slice() };
  },
};

/** The buffer forms of Asio's async_write tests. */
export const asyncSources: readonly SourceKind[] = [
  constBuffer,
  mutableBuffer,
  boostArray,
  stdArray,
  vectorBuffers,
  dynamicString,
  streambuf,
];

/** The buffer forms of Asio's sync write tests (const, mutable, vector, dynamic string), plus streambuf. */
export const syncSources: readonly SourceKind[] = [constBuffer, mutableBuffer, vectorBuffers, dynamicString, streambuf];

/** Every dynamic buffer flavour, for the JS-specific tests. */
export const dynamicSources: readonly SourceKind[] = [
  dynamicString,
  streambuf,
  {
    name: 'dynamicBuffer (v1 over ByteVector)',
    make: (data = writeData) => {
      const vec = new ByteVector(data);
      return { buffers: dynamicBuffer(vec), rest: () => vec.bytes().slice() };
    },
  },
  {
    name: 'dynamicBufferV2',
    make: (data = writeData) => {
      const vec = new ByteVector(data);
      return { buffers: dynamicBufferV2(vec), rest: () => vec.bytes().slice() };
    },
  },
  {
    name: 'dynamicStringBufferV2',
    make: (data = writeData) => {
      const ref = { value: binaryString(data) };
      return { buffers: dynamicStringBufferV2(ref), rest: () => fromBinaryString(ref.value) };
    },
  },
];

/** Empty data in each form: a write of it completes with 0 bytes. */
export const emptySources: readonly SourceKind[] = [
  { name: 'an empty Uint8Array', make: () => ({ buffers: new Uint8Array(0), rest: () => null }) },
  { name: 'an empty array', make: () => ({ buffers: [], rest: () => null }) },
  { name: 'an array of empty buffers', make: () => ({ buffers: [new Uint8Array(0), new Uint8Array(0)], rest: () => null }) },
  {
    name: 'an empty Streambuf',
    make: () => {
      const sb = new Streambuf();
      return { buffers: sb, rest: () => sb.data() };
    },
  },
  {
    name: 'an empty dynamic string',
    make: () => {
      const ref = { value: '' };
      return { buffers: dynamicStringBuffer(ref), rest: () => fromBinaryString(ref.value) };
    },
  },
  {
    name: 'an empty dynamicBufferV2',
    make: () => {
      const v = new ByteVector();
      return { buffers: dynamicBufferV2(v), rest: () => v.bytes() };
    },
  },
];

/** A single-pass buffer sequence: `data` in 5-byte pieces, counting the pieces it yields. */
export function* fiveBytePieces(data: Uint8Array, counter: { n: number }): Generator<Uint8Array> {
  for (let i = 0; i < data.length; i += 5) {
    counter.n++;
    yield data.subarray(i, i + 5);
  }
}
