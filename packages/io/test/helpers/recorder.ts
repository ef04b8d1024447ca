// Records handler results in arrival order for the TestStream tests.
import { SystemError } from '@asio-ts/core';
import { type WriteHandler } from '@asio-ts/io';

export type Result = [SystemError | null, number];

export function recorder(): { handler: WriteHandler; results: Result[] } {
  const results: Result[] = [];
  return { handler: (err, n) => results.push([err, n]), results };
}
