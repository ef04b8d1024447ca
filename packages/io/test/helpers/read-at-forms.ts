/**
 * The buffer forms of Asio's read_at tests (`asio/src/tests/unit/read_at.cpp`), each
 * `sizeof(read_data)` bytes: the argument and the bytes it holds afterwards. The same table as
 * random-access/async-read-at.test.ts's, here so other files can run its scenarios.
 */
import { Streambuf, type ReadAtTarget } from '@asio-ts/io';
import { writeData as readData } from './bytes.js';

/** One buffer form: the argument, the bytes it holds afterwards, and its size when it is dynamic. */
export interface ReadAtForm {
  readonly name: string;
  make(): { readonly buffers: ReadAtTarget; read(): Uint8Array; size(): number | null };
}

function split(name: string, parts: (buf: Uint8Array) => ReadAtTarget): ReadAtForm {
  return {
    name,
    make: () => {
      const buf = new Uint8Array(readData.length);
      return { buffers: parts(buf), read: () => buf, size: () => null };
    },
  };
}

export const readAtForms: readonly ReadAtForm[] = [
  split('mutable_buffer', (buf) => buf),
  split('boost::array of 2 buffers', (buf) => [buf.subarray(0, 32), buf.subarray(32)]),
  split('std::array of 2 buffers (frozen tuple)', (buf) => Object.freeze([buf.subarray(0, 32), buf.subarray(32)] as const)),
  split('std::vector of 2 buffers', (buf) => {
    const v: Uint8Array[] = [];
    v.push(buf.subarray(0, 32));
    v.push(buf.subarray(32));
    return v;
  }),
  {
    name: 'streambuf(sizeof(read_data))',
    make: () => {
      const sb = new Streambuf(readData.length);
      return { buffers: sb, read: () => sb.data(), size: () => sb.size() };
    },
  },
];
