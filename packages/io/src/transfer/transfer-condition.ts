import type { SystemError } from '@asio-ts/core';
import type { completionConditionTag } from './completion-condition.js';

/**
 * A completion condition as a composed transfer (asyncWrite, asyncRead, the *At forms) calls it:
 * the error it sees is the operation's `SystemError`. Any `CompletionCondition` is one. Typing
 * the overloads' condition this way means an arrow function is contextually typed
 * `(err: SystemError | null, n: number)` by every overload, condition and handler positions
 * alike.
 */
export type TransferCondition = (err: SystemError | null, bytesTransferred: number) => number | boolean;
export type TaggedTransferCondition = TransferCondition & { readonly [completionConditionTag]: true };
/** A token position value that is not a tagged completion condition. */
export type NotACondition = { readonly [completionConditionTag]?: never };
