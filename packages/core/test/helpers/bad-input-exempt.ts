// Exports the bad-input table has no row for, each with the reason (see bad-input.test.ts).

/**
 * Exports that take no argument a caller could get wrong, or that the library alone calls.
 * Each entry says why.
 */
export const exempt: Record<string, string> = {
  // Values, not functions.
  CancellationType: 'a frozen table of flags',
  errors: 'a frozen table of error constants',
  systemCategory: 'an error category value',
  miscCategory: 'an error category value',
  channelCategory: 'an error category value',
  unconnectedSlot: 'a slot value',
  associatedExecutor: 'a symbol',
  associatedCancellationSlot: 'a symbol',
  associatedImmediateExecutor: 'a symbol',
  asyncResult: 'a symbol',
  tokenKind: 'a symbol',
  useFuture: 'a token value (exercised as a token in the rows above)',
  detached: 'a token value',
  useAwaitable: 'a token value',
  thisCoro: 'an accessor object; its methods are CoroutineContext methods',
  // Predicates and total functions: every input is acceptable.
  isExecutor: 'a predicate: any value is a valid question',
  isExecutionContext: 'a predicate',
  isTokenObject: 'a predicate',
  isCompletionToken: 'a predicate',
  fromNodeError: 'maps any thrown value to a SystemError by design',
  describeValue: 'describes any value for a message: nothing to refuse',
  enableTerminalCancellation: 'a cancellation filter: a bit mask the library applies to CancellationType values',
  enablePartialCancellation: 'a cancellation filter',
  enableTotalCancellation: 'a cancellation filter',
  disableCancellation: 'a cancellation filter',
  waitForAll: 'takes no arguments (its condition is exercised with asyncWait above)',
  // Constructed by the library only (marked @internal), exported for instanceof and types.
  CoroutineContext: '@internal constructor; coSpawn builds it',
  YieldContext: '@internal constructor; spawn builds it',
  Awaitable: '@internal constructor; useAwaitable builds it',
};
