import type { SystemError } from '@asio-ts/core';
import type { Socket } from './socket.js';

/** The handler signature of `asyncAccept`: `(err, socket)`, a closed socket on failure (as Asio's move-accept). */
export type AcceptSignature = [err: SystemError | null, socket: Socket];

/** The options of the binding `tcp.Acceptor` constructor. */
export interface AcceptorOptions {
  /**
   * Asio's `reuse_address` option, which its constructor sets by default: `true` (default).
   * libuv sets `SO_REUSEADDR` on every listening TCP socket on Unix, so `false` cannot be
   * honoured there; it is accepted and recorded, and changes nothing.
   */
  reuseAddress?: boolean;
}
