/**
 * Asio's completion-token framework: errors, executors, cancellation, associators and binders,
 * the token protocol (`asyncInitiate`) and every completion token.
 *
 * @packageDocumentation
 * @module @asio-ts/core
 */
export * from './errors.js';
export * from './argument-checks.js';
export * from './cancellation-type.js';
export { CancellationSignal, CancellationSlot, unconnectedSlot, type CancellationHandler } from './cancellation-signal.js';
export * from './cancellation-state.js';
export { AbortSignalSlot } from './abort-signal-slot.js';
export * from './bind-abort-signal.js';
export * from './to-abort-signal.js';
export * from './cancel-after.js';
export * from './executor.js';
export * from './system-executor.js';
export * from './inline-executor.js';
export * from './io-context.js';
export * from './strand.js';
export * from './work-guard.js';
export * from './associations.js';
export * from './bind-executor.js';
export * from './bind-cancellation-slot.js';
export * from './bind-immediate-executor.js';
export * from './async-result.js';
export * from './use-future.js';
export * from './detached.js';
export * from './deferred.js';
export type { LazyPromise } from './lazy-promise.js';
export * from './as-tuple.js';
export * from './redirect-error.js';
export * from './append.js';
export * from './prepend.js';
export * from './consign.js';
export * from './post.js';
export * from './dispatch.js';
export * from './defer.js';
export * from './async-immediate.js';
export * from './compose.js';
// Helpers for writing initiating functions and composed operations by hand.
export { HandlerWork } from './handler-work.js';
export { Awaitable, useAwaitable, type AwaitableResult, type UseAwaitable } from './use-awaitable.js';
export * from './co-spawn.js';
export { YieldContext, type YieldOperation, type YieldRequest, type YieldResult } from './yield-context.js';
export * from './spawn.js';
export * from './co-composed.js';
export * from './wait-condition.js';
export * from './parallel-group.js';
export * from './steady-timer.js';
export * from './channel.js';
export * from './concurrent-channel.js';
export * from './await-operators.js';
