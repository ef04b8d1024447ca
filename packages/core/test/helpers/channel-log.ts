// What the channel tests share: draining a context, and completions as log entries.
import { errorIs, errors, makeError, type ErrorCode, type IoContext, type SystemError } from '@asio-ts/core';

export function drain(ioc: IoContext): number {
  ioc.restart();
  return ioc.poll();
}

/** A value no completion delivers: Asio's tests start their error codes at `would_block`. */
export const wouldBlock = Symbol('would_block');

export const eof = (): SystemError => makeError(errors.eof);
export const is = (err: unknown, code: ErrorCode): boolean => errorIs(err, code);
/** A completion as a log entry: the error's code, or the value. */
export const tag = (err: Error | null, v?: unknown): string => (err === null ? String(v) : String((err as SystemError).code));

export type StringMessage = [err: Error | null, s: string];
