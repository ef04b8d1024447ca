/**
 * What the `asyncReadUntil` test files share: a `TestStream` holding the data with a chosen
 * `next_read_length`, bytes from a latin-1 string, and `asyncReadUntil` typed loosely to pass
 * the argument forms the type system rejects.
 */
import type { IoContext } from '@asio-ts/core';
import { asyncReadUntil, TestStream } from '@asio-ts/io';
import { readData } from './bytes.js';
import type { WriteLength } from './conditions.js';

export const untypedAsyncReadUntil = asyncReadUntil as unknown as (...args: unknown[]) => unknown;
export const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function makeStream(ioc: IoContext, len: WriteLength, data: Uint8Array | string = readData, options = {}): TestStream {
  const stream = new TestStream(ioc, options);
  stream.reset(data);
  if (len !== Infinity) stream.nextReadLength(len);
  return stream;
}
