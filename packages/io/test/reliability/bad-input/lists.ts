/**
 * The exports the bad-input table does not call with wrong values: those that accept anything
 * (checked never to throw) and those left out, each with the reason.
 */
/** Functions that legitimately accept anything: checked never to throw, whatever they get. */
export const acceptsAnything: Readonly<Record<string, string>> = {
  'core.checkFunction(name)': 'the label of the argument the caller checks',
  'core.describeValue': 'describes any value: nothing to refuse',
  'core.errorIs(err)': 'a comparison: any value may be tested (the code argument is in the table)',
  'core.fromNodeError': 'maps whatever a Node API threw (a value of any type) onto a SystemError',
  'core.isExecutor': 'a type predicate',
  'core.isExecutionContext': 'a type predicate',
  'core.isTokenObject': 'a type predicate',
  'core.isCompletionToken': 'a type predicate',
  'core.disableCancellation': 'a cancellation filter that ignores its argument',
  'core.waitForAll': 'takes no parameters (extra arguments are ignored, as in any JavaScript function)',
  'core.CancellationSignal': 'takes no parameters',
  'core.IoContext': 'takes no parameters',
  'core.getAssociatedExecutor(handler)': 'any value may carry (or not) associations; the default argument is in the table',
  'core.getAssociatedCancellationSlot(handler)': 'as getAssociatedExecutor',
  'core.getAssociatedImmediateExecutor(handler)': 'as getAssociatedExecutor',
  'core.makeError(cause)': 'a cause may be any value (Error.cause is unrestricted)',
  'core.append(values)': 'the appended values are the caller\'s data',
  'core.prepend(values)': 'the prepended values are the caller\'s data',
  'core.consign(values)': 'values kept alive with the handler: the caller\'s data',
  'core.toExecutor(name)': 'a label for the error message',
  'core.checkToken(name)': 'a label for the error message',
  'io.isConstBufferSequence': 'a type predicate',
  'io.isMutableBufferSequence': 'a type predicate',
  'io.isCompletionCondition': 'a type predicate',
  'io.isDynamicBufferV1': 'a type predicate',
  'io.isDynamicBufferV2': 'a type predicate',
  'io.isAsyncWriteStream': 'a type predicate',
  'io.isSyncWriteStream': 'a type predicate',
  'io.isAsyncReadStream': 'a type predicate',
  'io.isAsyncRandomAccessReadDevice': 'a type predicate',
  'io.isAsyncRandomAccessWriteDevice': 'a type predicate',
  'io.isSyncRandomAccessReadDevice': 'a type predicate',
  'io.isSyncRandomAccessWriteDevice': 'a type predicate',
  'io.isSyncReadStream': 'a type predicate',
  'io.transferAll': 'takes no parameters',
};

/** Exports not called here, and why. */
export const excluded: Readonly<Record<string, string>> = {
  'core.enableTerminalCancellation':
    "a cancellation filter, called by the library with a CancellationType on its hot path; it masks bits as Asio's cancellation_filter does and checks nothing (a Symbol, a BigInt or an object without a primitive value gets JavaScript's own TypeError)",
  'core.enablePartialCancellation': 'a cancellation filter (see enableTerminalCancellation)',
  'core.enableTotalCancellation': 'a cancellation filter (see enableTerminalCancellation)',
  'core.CancelAfter': 'a token class made by cancelAfter/cancelAt (in the table); exported for typing and instanceof',
  'core.DeferredFunction': 'a token class made by deferred(fn) (in the table); exported for typing and instanceof',
  'core.AsTuple': 'a token class made by asTuple (in the table); exported for typing and instanceof',
  'core.RedirectError': 'a token class made by redirectError (in the table); exported for typing and instanceof',
  'core.Append': 'a token class made by append (in the table); exported for typing and instanceof',
  'core.Prepend': 'a token class made by prepend (in the table); exported for typing and instanceof',
  'core.Consign': 'a token class made by consign (in the table); exported for typing and instanceof',
  'core.Awaitable': 'made by the useAwaitable token; its constructor is @internal',
  'core.CoroutineContext': 'made by coSpawn for the coroutine; its constructor is @internal',
  'core.YieldContext': 'made by spawn for the coroutine; its constructor is @internal',
  'core.ParallelGroup': 'made by makeParallelGroup (in the table)',
  'core.RangedParallelGroup': 'made by makeParallelGroup (in the table)',
};

// ---------------------------------------------------------------------------------------------
// Running an entry.
