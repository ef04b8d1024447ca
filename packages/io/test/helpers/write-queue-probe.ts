/**
 * What the `WriteQueue` test files share: bytes from a binary string, a handler's outcome as
 * (error code, count), and draining a context that may have stopped.
 */
import type { IoContext, SystemError } from '@asio-ts/core';
import { fromBinaryString } from './bytes.js';

export const bytes = (s: string): Uint8Array => fromBinaryString(s);
export type Result = [code: string | null, n: number];
export const result = (err: SystemError | null, n: number): Result => [err === null ? null : err.code, n];

export function drain(ioc: IoContext): number {
  ioc.restart();
  return ioc.poll();
}
