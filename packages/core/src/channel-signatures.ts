import type { SystemError } from './errors.js';

/**
 * What a channel carries: the argument list of one message. Either empty (a signal, Asio's
 * `channel<void()>`) or led by an error slot that is part of the message (Asio's
 * `channel<void(error_code, T...)>`): `trySend(null, 'x')`, `trySend(err, '')`. The receiver's
 * handler gets the same slot, filled by the channel's own `channelClosed` / `channelCancelled`
 * when there is no message for it.
 */
export type ChannelSignature = readonly [] | readonly [err: Error | null | undefined, ...values: unknown[]];

/** The completion signature of `asyncSend`: `null` once the channel took the message. */
export type ChannelSendSignature = [err: SystemError | null];

/**
 * The completion signature of `asyncReceive`: the message itself (`S`), whose error slot holds
 * the channel's error when there is no message; for an empty `S`, just `(err)`.
 */
export type ChannelReceiveSignature<S extends ChannelSignature> = S extends readonly [] ? [err: SystemError | null] : S;
