import type { SystemError } from '@asio-ts/core';
import type { Endpoint } from './endpoint.js';

/** The handler signature of `asyncSendTo`: `(err, bytesTransferred)`. */
export type SendToSignature = [err: SystemError | null, bytesTransferred: number];
/** The handler signature of `asyncReceiveFrom`: `(err, bytesTransferred, sender)`; `0.0.0.0:0` as the sender on failure. */
export type ReceiveFromSignature = [err: SystemError | null, bytesTransferred: number, sender: Endpoint];
