/**
 * What the `asyncRead` test files share: a `TestStream` holding the read data with a chosen
 * `next_read_length`, and `asyncRead` typed loosely to pass the argument forms the type system
 * rejects.
 */
import type { IoContext } from '@asio-ts/core';
import { asyncRead, TestStream } from '@asio-ts/io';
import { readData } from './bytes.js';
import type { WriteLength } from './conditions.js';

export const untypedAsyncRead = asyncRead as unknown as (...args: unknown[]) => unknown;

export function makeStream(ioc: IoContext, len: WriteLength, data: Uint8Array = readData): TestStream {
  const stream = new TestStream(ioc);
  stream.reset(data);
  if (len !== Infinity) stream.nextReadLength(len);
  return stream;
}
