import type { ErrorCode } from '@asio-ts/core';

/** The options of `new TestStream(executor, options)`. */
export interface TestStreamOptions {
  /** Most bytes one `asyncWriteSome`/`writeSome` accepts (Asio's test stream `next_write_length`). Default: unlimited. */
  maxWriteSize?: number;
  /**
   * Most bytes one `asyncReadSome`/`readSome` returns (Asio's read test stream
   * `next_read_length`; `nextReadLength(n)` changes it). Default: unlimited.
   */
  maxReadSize?: number;
  /** Fail once this many bytes in total have been accepted (the write that reaches it is cut short there). */
  failAt?: number;
  /** The error the failure reports. Default: `errors.brokenPipe`. */
  failWith?: ErrorCode;
  /**
   * `'post'` (default): each read and write completes at once, delivered through the handler's
   * immediate executor. `'manual'`: they stay pending until `completePending()`, and can be
   * cancelled through the handler's slot (terminal, partial or total: completes with
   * operationAborted and 0 bytes; a cancelled read takes nothing from the data).
   */
  mode?: 'post' | 'manual';
}
