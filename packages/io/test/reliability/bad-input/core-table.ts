/**
 * The bad-input rows for the exports of `@asio-ts/core`.
 */
import { opt, p, type Entry } from './entry.js';

/** Checked with wrong-typed arguments. */
export const coreTable: readonly Entry[] = [
  // core: errors
  { pkg: 'core', name: 'SystemError', construct: true, params: [p('code', 'errorCode'), opt('detail', 'string'), opt('options', 'options')] },
  { pkg: 'core', name: 'makeError', params: [p('code', 'errorCode'), opt('detail', 'string'), opt('cause', 'any')] },
  // An object `err`, so that `code` is actually read.
  { pkg: 'core', name: 'checkFunction', params: [p('name', 'any', { sample: () => 'fn' }), p('value', 'function', { names: ['fn'] })] },
  { pkg: 'core', name: 'errorIs', params: [p('err', 'any', { sample: () => new Error('x') }), p('code', 'errorCode')] },
  // core: cancellation
  { pkg: 'core', name: 'CancellationSlot', construct: true, params: [opt('signal', 'cancellationSignal', { alsoValid: (x) => x === null })] },
  {
    pkg: 'core',
    name: 'CancellationState',
    construct: true,
    params: [opt('parent', 'cancellationSlot'), opt('inFilter', 'function'), opt('outFilter', 'function')],
  },
  { pkg: 'core', name: 'AbortSignalSlot', construct: true, params: [p('signal', 'abortSignal'), opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'bindAbortSignal', params: [p('signal', 'abortSignal'), opt('token', 'token'), opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'toAbortSignal', params: [p('signal', 'cancellationSignal'), opt('mask', 'cancellationType')] },
  { pkg: 'core', name: 'cancelAfter', params: [p('ms', 'ms', { alsoValid: (x) => x === Infinity }), opt('token', 'token'), opt('type', 'cancellationType')] },
  // A timestamp Infinity is never, -Infinity already past (Asio's time_point::max/min).
  { pkg: 'core', name: 'cancelAt', params: [p('time', 'time', { alsoValid: (x) => x === Infinity || x === -Infinity }), opt('token', 'token'), opt('type', 'cancellationType')] },
  // core: executors and work
  { pkg: 'core', name: 'toExecutor', params: [p('name', 'any', { sample: () => 'executor' }), p('x', 'executor', { names: ['executor'] })] },
  { pkg: 'core', name: 'IoContextExecutor', construct: true, params: [p('context', 'ioContext')] },
  { pkg: 'core', name: 'Strand', construct: true, params: [p('inner', 'executor')] },
  { pkg: 'core', name: 'makeStrand', params: [p('executor', 'executor')] },
  { pkg: 'core', name: 'WorkGuard', construct: true, params: [p('executor', 'executorStrict')] },
  { pkg: 'core', name: 'makeWorkGuard', params: [p('executor', 'executor')] },
  { pkg: 'core', name: 'HandlerWork', construct: true, params: [p('handler', 'function'), p('ioExecutor', 'executorStrict')] },
  // core: associators and binders
  { pkg: 'core', name: 'getAssociatedExecutor', params: [p('handler', 'any'), opt('defaultExecutor', 'executorStrict')] },
  { pkg: 'core', name: 'getAssociatedCancellationSlot', params: [p('handler', 'any'), opt('defaultSlot', 'cancellationSlot')] },
  { pkg: 'core', name: 'getAssociatedImmediateExecutor', params: [p('handler', 'any'), p('ioExecutor', 'executorStrict')] },
  { pkg: 'core', name: 'postingExecutor', params: [p('ex', 'executorStrict', { names: ['executor'] })] },
  { pkg: 'core', name: 'withAssociationsOf', params: [p('wrapper', 'objectOrFunction'), p('from', 'any')] },
  { pkg: 'core', name: 'withAssociation', params: [p('wrapper', 'objectOrFunction'), p('from', 'any'), p('key', 'any'), p('value', 'any')] },
  { pkg: 'core', name: 'bindExecutor', params: [p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'bindCancellationSlot', params: [p('slot', 'cancellationSlot'), opt('token', 'token')] },
  { pkg: 'core', name: 'bindImmediateExecutor', params: [p('executor', 'executor'), opt('token', 'token')] },
  // core: the token protocol and tokens
  { pkg: 'core', name: 'checkToken', params: [p('name', 'any', { sample: () => 'token' }), p('token', 'token')] },
  { pkg: 'core', name: 'asyncInitiate', params: [p('initiation', 'function'), p('token', 'token')] },
  { pkg: 'core', name: 'setDetachedErrorReporter', params: [p('next', 'function', { names: ['reporter'] })] },
  { pkg: 'core', name: 'deferred', params: [p('fn', 'function')] },
  { pkg: 'core', name: 'makeDeferredOperation', params: [p('initiation', 'function')] },
  { pkg: 'core', name: 'asTuple', params: [opt('token', 'token')] },
  { pkg: 'core', name: 'redirectError', params: [p('token', 'token'), p('ref', 'object')] },
  // The partial form: redirectError(ref).
  { pkg: 'core', name: 'redirectError', params: [p('ref', 'object')] },
  { pkg: 'core', name: 'append', params: [p('token', 'token'), p('values', 'any')] },
  { pkg: 'core', name: 'prepend', params: [p('token', 'token'), p('values', 'any')] },
  { pkg: 'core', name: 'consign', params: [p('token', 'token'), p('values', 'any')] },
  // core: initiating functions
  // (executor, token?) or (token): a wrong first argument with a handler second names the executor.
  { pkg: 'core', name: 'post', params: [p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'dispatch', params: [p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'defer', params: [p('executor', 'executor'), opt('token', 'token')] },
  // Asio 1.37's function form: (fn, executor, token?).
  { pkg: 'core', name: 'post', params: [p('fn', 'function'), p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'dispatch', params: [p('fn', 'function'), p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'defer', params: [p('fn', 'function'), p('executor', 'executor'), opt('token', 'token')] },
  { pkg: 'core', name: 'asyncImmediate', params: [p('executor', 'executor'), opt('token', 'token')] },
  {
    pkg: 'core',
    name: 'asyncCompose',
    params: [p('implementation', 'function'), opt('token', 'token'), p('ioObjectsOrExecutors', 'executor', { names: [/^ioObjectsOrExecutors\[\d+\]/] })],
  },
  { pkg: 'core', name: 'coSpawn', params: [p('executor', 'executor'), p('coroutine', 'coroutine'), opt('token', 'token')] },
  { pkg: 'core', name: 'spawn', params: [p('executor', 'executor'), p('fn', 'generatorFunction'), opt('token', 'token')] },
  {
    pkg: 'core',
    name: 'coComposed',
    params: [p('body', 'function'), opt('token', 'token'), p('ioObjectsOrExecutors', 'executor', { names: [/^ioObjectsOrExecutors\[\d+\]/] })],
  },
  { pkg: 'core', name: 'waitForOne', params: [opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'waitForOneSuccess', params: [opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'waitForOneError', params: [opt('type', 'cancellationType')] },
  { pkg: 'core', name: 'makeParallelGroup', params: [p('ops', 'deferredOps', { names: [/^ops\[\d+\]/] })] },
  // core: timers (the expiry: any number but NaN, a duration; or { at }, an absolute time)
  {
    pkg: 'core',
    name: 'SteadyTimer',
    construct: true,
    params: [
      p('executorOrContext', 'executor'),
      opt('expiry', 'ms', {
        alsoValid: (x) =>
          (typeof x === 'number' && !Number.isNaN(x)) ||
          (typeof x === 'object' && x !== null && typeof (x as { at?: unknown }).at === 'number' && !Number.isNaN((x as { at: number }).at)),
      }),
    ],
  },
  // core: awaitable operators (each operation is ops[i])
  { pkg: 'core', name: 'awaitAll', params: [p('ops', 'launchable', { names: [/^ops\[\d+\]/] })] },
  { pkg: 'core', name: 'awaitAny', params: [p('ops', 'launchable', { names: [/^ops\[\d+\]/] })] },
  // core: channels
  { pkg: 'core', name: 'Channel', construct: true, params: [p('executorOrContext', 'executor'), opt('capacity', 'limit')] },
  { pkg: 'core', name: 'ConcurrentChannel', construct: true, params: [p('executorOrContext', 'executor'), opt('capacity', 'limit')] },
];
