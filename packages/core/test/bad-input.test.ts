// Programmer errors throw synchronously, naming the argument (ARCHITECTURE.md, completion rule
// 4): every public function of @asio-ts/core, given a wrong type, a negative or non-integer
// number, or something that is not a completion token, throws a TypeError or RangeError whose
// message starts with (or names) the argument. Asio refuses such calls at compile time; this is
// the run-time equivalent for JavaScript callers.
//
// The table is checked against the package's exports: a new export needs a row here (or an
// entry in `exempt` saying why it takes no checkable input).
//
// Rows marked `knownBug` document a missing check in a file this suite's author could not
// change; they run as `test.failing` (green while the bug is there, red once fixed, as a prompt
// to drop the mark).

import * as core from '@asio-ts/core';
import {
  append,
  Append,
  AbortSignalSlot,
  asTuple,
  AsTuple,
  asyncCompose,
  asyncImmediate,
  asyncInitiate,
  awaitAll,
  awaitAny,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  cancelAfter,
  CancelAfter,
  cancelAt,
  CancellationSignal,
  CancellationSlot,
  CancellationState,
  Channel,
  checkToken,
  coComposed,
  ConcurrentChannel,
  consign,
  Consign,
  coSpawn,
  defer,
  deferred,
  DeferredFunction,
  dispatch,
  errorIs,
  checkFunction,
  errors,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  getAssociatedImmediateExecutor,
  HandlerWork,
  inlineExecutor,
  IoContext,
  IoContextExecutor,
  makeDeferredOperation,
  makeError,
  makeParallelGroup,
  makeStrand,
  makeWorkGuard,
  ParallelGroup,
  post,
  postingExecutor,
  prepend,
  Prepend,
  RangedParallelGroup,
  redirectError,
  RedirectError,
  setDetachedErrorReporter,
  spawn,
  SteadyTimer,
  Strand,
  SystemError,
  systemExecutor,
  toAbortSignal,
  toExecutor,
  useFuture,
  waitForAll,
  waitForOne,
  waitForOneError,
  waitForOneSuccess,
  withAssociationsOf,
  withAssociation,
  associatedExecutor,
  WorkGuard,
  type ComposedOperation,
} from '@asio-ts/core';

type ErrorClass = typeof TypeError | typeof RangeError;

interface Row {
  /** The call, as a reader would write it. */
  call: string;
  /** The exports this row exercises. */
  covers: string[];
  /** Makes the bad call and returns what it threw (undefined if nothing). */
  run: () => unknown;
  error: ErrorClass;
  /** The argument the message must name. */
  arg: string;
  /** Where the missing check belongs, for rows documenting a bug outside this suite's files. */
  knownBug?: string;
}

/** What `fn` throws synchronously (undefined when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Both calls must throw the same kind of error; returns the first one's, or a marker if they differ. */
function bothThrow(a: () => unknown, b: () => unknown): unknown {
  const ea = thrown(a);
  const eb = thrown(b);
  if (ea === undefined || eb === undefined) return undefined;
  return (ea as object).constructor === (eb as object).constructor ? ea : new Error('the two calls threw different errors');
}

// Values that are wrong for their slot. `as never` lets them through the type checker.
const bad = <T = never>(v: unknown): T => v as T;
/** `f` typed to accept anything, for calls that overloads or generics would refuse to type. */
const loose = (f: unknown): ((...args: unknown[]) => unknown) => f as (...args: unknown[]) => unknown;
const handler = (): void => undefined;
const impl = (self: ComposedOperation<[]>): void => self.complete();

const rows: Row[] = [
  // errors.ts
  { call: 'new SystemError(null)', covers: ['SystemError'], run: () => thrown(() => new SystemError(bad(null))), error: TypeError, arg: 'code' },
  { call: 'makeError(42)', covers: ['makeError'], run: () => thrown(() => makeError(bad(42))), error: TypeError, arg: 'code' },
  { call: 'checkFunction(name, 42)', covers: ['checkFunction'], run: () => thrown(() => checkFunction('timeout', bad(42))), error: TypeError, arg: 'timeout' },
  { call: 'errorIs(err, null)', covers: ['errorIs'], run: () => thrown(() => errorIs(new Error('x'), bad(null))), error: TypeError, arg: 'code' },

  // cancellation-signal.ts
  { call: "signal.emit('1')", covers: ['CancellationSignal'], run: () => thrown(() => new CancellationSignal().emit(bad('1'))), error: TypeError, arg: 'type' },
  { call: 'signal.emit(-1)', covers: ['CancellationSignal'], run: () => thrown(() => new CancellationSignal().emit(-1)), error: RangeError, arg: 'type' },
  { call: 'signal.emit(1.5)', covers: ['CancellationSignal'], run: () => thrown(() => new CancellationSignal().emit(1.5)), error: RangeError, arg: 'type' },
  { call: 'slot.assign(42)', covers: ['CancellationSlot'], run: () => thrown(() => new CancellationSignal().slot().assign(bad(42))), error: TypeError, arg: 'handler' },
  { call: 'new CancellationSlot(42)', covers: ['CancellationSlot'], run: () => thrown(() => new CancellationSlot(bad(42))), error: TypeError, arg: 'signal' },

  // cancellation-state.ts
  { call: 'new CancellationState(42)', covers: ['CancellationState'], run: () => thrown(() => new CancellationState(bad(42))), error: TypeError, arg: 'parent' },
  { call: 'new CancellationState(slot, 42)', covers: ['CancellationState'], run: () => thrown(() => new CancellationState(new CancellationSignal().slot(), bad(42))), error: TypeError, arg: 'inFilter' },
  { call: "state.clear('x')", covers: ['CancellationState'], run: () => thrown(() => new CancellationState().clear(bad('x'))), error: TypeError, arg: 'mask' },

  // abort-signal-slot.ts, bind-abort-signal.ts, to-abort-signal.ts
  { call: 'new AbortSignalSlot(42)', covers: ['AbortSignalSlot'], run: () => thrown(() => new AbortSignalSlot(bad(42))), error: TypeError, arg: 'signal' },
  { call: 'abortSignalSlot.assign(42)', covers: ['AbortSignalSlot'], run: () => thrown(() => new AbortSignalSlot(new AbortController().signal).assign(bad(42))), error: TypeError, arg: 'handler' },
  { call: 'bindAbortSignal(42, h)', covers: ['bindAbortSignal'], run: () => thrown(() => bindAbortSignal(bad(42), handler)), error: TypeError, arg: 'signal' },
  { call: 'bindAbortSignal(signal, 42)', covers: ['bindAbortSignal'], run: () => thrown(() => bindAbortSignal(new AbortController().signal, 42)), error: TypeError, arg: 'token' },
  { call: 'bindAbortSignal(signal, h, -1)', covers: ['bindAbortSignal'], run: () => thrown(() => bindAbortSignal(new AbortController().signal, handler, -1)), error: RangeError, arg: 'type' },
  { call: 'toAbortSignal(42)', covers: ['toAbortSignal'], run: () => thrown(() => toAbortSignal(bad(42))), error: TypeError, arg: 'signal' },
  { call: 'toAbortSignal(signal, 0.5)', covers: ['toAbortSignal'], run: () => thrown(() => toAbortSignal(new CancellationSignal(), 0.5)), error: RangeError, arg: 'mask' },

  // cancel-after.ts
  { call: "cancelAfter('10')", covers: ['cancelAfter'], run: () => thrown(() => cancelAfter(bad('10'))), error: TypeError, arg: 'ms' },
  { call: 'cancelAfter(-1)', covers: ['cancelAfter'], run: () => thrown(() => cancelAfter(-1)), error: RangeError, arg: 'ms' },
  { call: 'cancelAfter(NaN)', covers: ['cancelAfter'], run: () => thrown(() => cancelAfter(Number.NaN)), error: RangeError, arg: 'ms' },
  { call: 'cancelAfter(10, h, 1.5)', covers: ['cancelAfter'], run: () => thrown(() => cancelAfter(10, handler, 1.5)), error: RangeError, arg: 'type' },
  { call: 'cancelAfter(10, 42) / new CancelAfter(42, 10, 1)', covers: ['cancelAfter', 'CancelAfter'], run: () => bothThrow(() => cancelAfter(10, 42), () => new CancelAfter(42, 10, 1)), error: TypeError, arg: 'token' },
  { call: 'new CancelAfter(h, -1, 1)', covers: ['CancelAfter'], run: () => thrown(() => new CancelAfter(handler, -1, 1)), error: RangeError, arg: 'ms' },
  { call: "cancelAt('tomorrow')", covers: ['cancelAt'], run: () => thrown(() => cancelAt(bad('tomorrow'))), error: TypeError, arg: 'time' },
  { call: 'cancelAt(new Date(NaN))', covers: ['cancelAt'], run: () => thrown(() => cancelAt(new Date(Number.NaN))), error: TypeError, arg: 'time' },
  { call: 'cancelAt(Date.now(), 42)', covers: ['cancelAt'], run: () => thrown(() => cancelAt(Date.now(), 42)), error: TypeError, arg: 'token' },

  // executor.ts
  { call: "toExecutor('ex', 42)", covers: ['toExecutor'], run: () => thrown(() => toExecutor('ex', 42)), error: TypeError, arg: 'ex' },
  { call: "toExecutor('ex', { getExecutor: () => 42 })", covers: ['toExecutor'], run: () => thrown(() => toExecutor('ex', { getExecutor: () => 42 })), error: TypeError, arg: 'ex' },

  // system-executor.ts, inline-executor.ts
  ...(['post', 'defer', 'dispatch'] as const).flatMap((m): Row[] => [
    { call: `systemExecutor.${m}(42)`, covers: ['systemExecutor'], run: () => thrown(() => systemExecutor[m](bad(42))), error: TypeError, arg: 'fn' },
    { call: `inlineExecutor.${m}(42)`, covers: ['inlineExecutor'], run: () => thrown(() => inlineExecutor[m](bad(42))), error: TypeError, arg: 'fn' },
    { call: `ioc.getExecutor().${m}(42)`, covers: ['IoContext', 'IoContextExecutor'], run: () => thrown(() => new IoContext().getExecutor()[m](bad(42))), error: TypeError, arg: 'fn' },
    { call: `strand.${m}(42)`, covers: ['Strand'], run: () => thrown(() => makeStrand(new IoContext())[m](bad(42))), error: TypeError, arg: 'fn' },
  ]),

  // io-context.ts, strand.ts, work-guard.ts
  { call: 'new IoContextExecutor(42)', covers: ['IoContextExecutor'], run: () => thrown(() => new IoContextExecutor(bad(42))), error: TypeError, arg: 'context' },
  { call: 'makeStrand(42)', covers: ['makeStrand'], run: () => thrown(() => makeStrand(bad(42))), error: TypeError, arg: 'executor' },
  { call: 'makeStrand({})', covers: ['makeStrand'], run: () => thrown(() => makeStrand(bad({}))), error: TypeError, arg: 'executor' },
  { call: 'new Strand(42)', covers: ['Strand'], run: () => thrown(() => new Strand(bad(42))), error: TypeError, arg: 'inner' },
  { call: 'makeWorkGuard(42)', covers: ['makeWorkGuard'], run: () => thrown(() => makeWorkGuard(bad(42))), error: TypeError, arg: 'executor' },
  { call: 'new WorkGuard(42)', covers: ['WorkGuard'], run: () => thrown(() => new WorkGuard(bad(42))), error: TypeError, arg: 'executor' },

  // associations.ts
  { call: 'getAssociatedExecutor(h, 42)', covers: ['getAssociatedExecutor'], run: () => thrown(() => getAssociatedExecutor(handler, bad(42))), error: TypeError, arg: 'defaultExecutor' },
  { call: 'getAssociatedCancellationSlot(h, 42)', covers: ['getAssociatedCancellationSlot'], run: () => thrown(() => getAssociatedCancellationSlot(handler, bad(42))), error: TypeError, arg: 'defaultSlot' },
  { call: 'getAssociatedImmediateExecutor(h, 42)', covers: ['getAssociatedImmediateExecutor'], run: () => thrown(() => getAssociatedImmediateExecutor(handler, bad(42))), error: TypeError, arg: 'ioExecutor' },
  { call: 'postingExecutor(42)', covers: ['postingExecutor'], run: () => thrown(() => postingExecutor(bad(42))), error: TypeError, arg: 'ex' },

  // bind-*.ts
  { call: 'bindExecutor(42, h)', covers: ['bindExecutor'], run: () => thrown(() => bindExecutor(bad(42), handler)), error: TypeError, arg: 'executor' },
  { call: 'bindExecutor(ioc, 42)', covers: ['bindExecutor'], run: () => thrown(() => bindExecutor(new IoContext(), 42)), error: TypeError, arg: 'token' },
  { call: 'bindExecutor(ioc, null)', covers: ['bindExecutor'], run: () => thrown(() => bindExecutor(new IoContext(), null)), error: TypeError, arg: 'token' },
  { call: 'bindCancellationSlot(42, h)', covers: ['bindCancellationSlot'], run: () => thrown(() => bindCancellationSlot(bad(42), handler)), error: TypeError, arg: 'slot' },
  { call: 'bindCancellationSlot(slot, 42)', covers: ['bindCancellationSlot'], run: () => thrown(() => bindCancellationSlot(new CancellationSignal().slot(), 42)), error: TypeError, arg: 'token' },
  { call: 'bindImmediateExecutor(42, h)', covers: ['bindImmediateExecutor'], run: () => thrown(() => bindImmediateExecutor(bad(42), handler)), error: TypeError, arg: 'executor' },
  { call: "bindImmediateExecutor(inlineExecutor, 'x')", covers: ['bindImmediateExecutor'], run: () => thrown(() => bindImmediateExecutor(inlineExecutor, 'x')), error: TypeError, arg: 'token' },

  // async-result.ts
  { call: "checkToken('tok', 42)", covers: ['checkToken'], run: () => thrown(() => checkToken('tok', 42)), error: TypeError, arg: 'tok' },
  { call: 'asyncInitiate(fn, 42)', covers: ['asyncInitiate'], run: () => thrown(() => loose(asyncInitiate)(handler, 42)), error: TypeError, arg: 'token' },
  { call: 'asyncInitiate(42, h)', covers: ['asyncInitiate'], run: () => thrown(() => loose(asyncInitiate)(42, handler)), error: TypeError, arg: 'initiation' },
  { call: 'asyncInitiate(42, useFuture)', covers: ['asyncInitiate'], run: () => thrown(() => loose(asyncInitiate)(42, useFuture)), error: TypeError, arg: 'initiation' },
  { call: 'asyncInitiate(42, deferred)', covers: ['asyncInitiate'], run: () => thrown(() => loose(asyncInitiate)(42, deferred)), error: TypeError, arg: 'initiation' },

  // detached.ts
  { call: 'setDetachedErrorReporter(42)', covers: ['setDetachedErrorReporter'], run: () => thrown(() => setDetachedErrorReporter(bad(42))), error: TypeError, arg: 'reporter' },

  // deferred.ts
  { call: 'deferred(42)', covers: ['deferred'], run: () => thrown(() => deferred(bad(42))), error: TypeError, arg: 'fn' },
  { call: 'deferred.when(true).then(42).otherwise(op)', covers: ['deferred'], run: () => thrown(() => deferred.when(true).then(bad(42)).otherwise(deferred.values(1))), error: TypeError, arg: 'onTrue' },
  { call: 'deferred.when(true).then(op).otherwise(42)', covers: ['deferred'], run: () => thrown(() => deferred.when(true).then(deferred.values(1)).otherwise(bad(42))), error: TypeError, arg: 'onFalse' },
  { call: "deferred.when('yes')", covers: ['deferred'], run: () => thrown(() => deferred.when(bad('yes'))), error: TypeError, arg: 'condition' },
  { call: 'makeDeferredOperation(42)', covers: ['makeDeferredOperation'], run: () => thrown(() => makeDeferredOperation(bad(42))), error: TypeError, arg: 'initiation' },
  { call: 'new DeferredFunction(42)', covers: ['DeferredFunction'], run: () => thrown(() => new DeferredFunction(bad(42))), error: TypeError, arg: 'fn' },
  { call: 'post(ioc)(42)', covers: ['deferred'], run: () => thrown(() => post(new IoContext())(bad(42))), error: TypeError, arg: 'token' },
  // as-tuple.ts, redirect-error.ts, append.ts, prepend.ts, consign.ts
  { call: 'asTuple(42) / new AsTuple(42)', covers: ['asTuple', 'AsTuple'], run: () => bothThrow(() => asTuple(42), () => new AsTuple(42)), error: TypeError, arg: 'token' },
  { call: 'redirectError(h, 42)', covers: ['redirectError'], run: () => thrown(() => redirectError(handler, bad(42))), error: TypeError, arg: 'ref' },
  { call: 'redirectError(42, ref) / new RedirectError(42, ref)', covers: ['redirectError', 'RedirectError'], run: () => bothThrow(() => redirectError(42, { error: null }), () => new RedirectError(42, { error: null })), error: TypeError, arg: 'token' },
  { call: 'new RedirectError(h, 42)', covers: ['RedirectError'], run: () => thrown(() => new RedirectError(handler, bad(42))), error: TypeError, arg: 'ref' },
  { call: 'append(42, 1) / new Append(42, [1])', covers: ['append', 'Append'], run: () => bothThrow(() => append(42, 1), () => new Append(42, [1])), error: TypeError, arg: 'token' },
  { call: 'prepend(42, 1) / new Prepend(42, [1])', covers: ['prepend', 'Prepend'], run: () => bothThrow(() => prepend(42, 1), () => new Prepend(42, [1])), error: TypeError, arg: 'token' },
  { call: 'consign(42, x) / new Consign(42, [x])', covers: ['consign', 'Consign'], run: () => bothThrow(() => consign(42, {}), () => new Consign(42, [{}])), error: TypeError, arg: 'token' },

  // post.ts, dispatch.ts, defer.ts
  ...([
    ['post', post],
    ['dispatch', dispatch],
    ['defer', defer],
  ] as const).flatMap(([name, fn]): Row[] => [
    { call: `${name}(42, h)`, covers: [name], run: () => thrown(() => fn(bad(42), handler)), error: TypeError, arg: 'executor' },
    { call: `${name}({ getExecutor: () => 42 }, h)`, covers: [name], run: () => thrown(() => fn(bad({ getExecutor: () => 42 }), handler)), error: TypeError, arg: 'executor' },
    { call: `${name}(ioc, 42)`, covers: [name], run: () => thrown(() => fn(new IoContext(), bad(42))), error: TypeError, arg: 'token' },
    { call: `${name}(ioc, null)`, covers: [name], run: () => thrown(() => fn(new IoContext(), bad(null))), error: TypeError, arg: 'token' },
    { call: `${name}(42)`, covers: [name], run: () => thrown(() => fn(bad(42))), error: TypeError, arg: 'token' },
    { call: `${name}('text')`, covers: [name], run: () => thrown(() => fn(bad('text'))), error: TypeError, arg: 'token' },
  ]),

  // async-immediate.ts
  { call: 'asyncImmediate(42, h)', covers: ['asyncImmediate'], run: () => thrown(() => asyncImmediate(bad(42), handler)), error: TypeError, arg: 'executor' },
  { call: 'asyncImmediate(ioc, 42)', covers: ['asyncImmediate'], run: () => thrown(() => asyncImmediate(new IoContext(), bad(42))), error: TypeError, arg: 'token' },

  // compose.ts
  { call: 'asyncCompose(42, h)', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(bad(42), handler)), error: TypeError, arg: 'implementation' },
  { call: 'asyncCompose(impl, 42)', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(impl, bad(42))), error: TypeError, arg: 'token' },
  { call: 'asyncCompose(impl, h, 42)', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(impl, handler, bad(42))), error: TypeError, arg: 'ioObjectsOrExecutors[0]' },
  { call: 'asyncCompose(impl, h, ioc, {})', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(impl, handler, new IoContext(), bad({}))), error: TypeError, arg: 'ioObjectsOrExecutors[1]' },
  {
    call: 'self.resetCancellationState(42)',
    covers: ['asyncCompose'],
    run: () => {
      let e: unknown;
      asyncCompose((self: ComposedOperation<[]>) => {
        e = thrown(() => self.resetCancellationState(bad(42)));
        self.complete();
      }, handler);
      return e;
    },
    error: TypeError,
    arg: 'inFilter',
  },
  {
    call: 'self.resetCancellationState(filter, 42)',
    covers: ['asyncCompose'],
    run: () => {
      let e: unknown;
      asyncCompose((self: ComposedOperation<[]>) => {
        e = thrown(() => self.resetCancellationState(core.enableTerminalCancellation, bad(42)));
        self.complete();
      }, handler);
      return e;
    },
    error: TypeError,
    arg: 'outFilter',
  },

  // detail/handler-work.ts, detail/associate.ts (exported helpers)
  { call: 'new HandlerWork(h, 42)', covers: ['HandlerWork'], run: () => thrown(() => new HandlerWork(handler, bad(42))), error: TypeError, arg: 'ioExecutor' },
  { call: 'new HandlerWork(42, ex)', covers: ['HandlerWork'], run: () => thrown(() => new HandlerWork(bad(42), inlineExecutor)), error: TypeError, arg: 'handler' },
  {
    call: 'withAssociationsOf(42, boundHandler)',
    covers: ['withAssociationsOf'],
    run: () => thrown(() => withAssociationsOf(bad(42), bindExecutor(inlineExecutor, handler))),
    error: TypeError,
    arg: 'wrapper',
  },
  {
    call: 'withAssociation(42, h, key, ex)',
    covers: ['withAssociation'],
    run: () => thrown(() => withAssociation(bad(42), handler, associatedExecutor, inlineExecutor)),
    error: TypeError,
    arg: 'wrapper',
  },

  // co-spawn.ts
  { call: 'coSpawn(42, fn)', covers: ['coSpawn'], run: () => thrown(() => coSpawn(bad(42), async () => 1)), error: TypeError, arg: 'executor' },
  { call: 'coSpawn(ioc, 42)', covers: ['coSpawn'], run: () => thrown(() => coSpawn(new IoContext(), bad(42))), error: TypeError, arg: 'coroutine' },
  { call: 'coSpawn(ioc, fn, 42)', covers: ['coSpawn'], run: () => thrown(() => coSpawn(new IoContext(), async () => 1, bad(42))), error: TypeError, arg: 'token' },

  // spawn.ts
  { call: 'spawn(42, gen)', covers: ['spawn'], run: () => thrown(() => spawn(bad(42), function* () {})), error: TypeError, arg: 'executor' },
  { call: 'spawn(ioc, 42)', covers: ['spawn'], run: () => thrown(() => spawn(new IoContext(), bad(42))), error: TypeError, arg: 'fn' },
  { call: 'spawn(ioc, gen, 42)', covers: ['spawn'], run: () => thrown(() => spawn(new IoContext(), function* () {}, bad(42))), error: TypeError, arg: 'token' },

  // co-composed.ts
  { call: 'coComposed(42)', covers: ['coComposed'], run: () => thrown(() => coComposed(bad(42))), error: TypeError, arg: 'body' },
  { call: 'coComposed(body, 42)', covers: ['coComposed'], run: () => thrown(() => loose(coComposed)(function* () {}, 42)), error: TypeError, arg: 'token' },
  { call: 'coComposed(body, h, 42)', covers: ['coComposed'], run: () => thrown(() => loose(coComposed)(function* () {}, handler, 42)), error: TypeError, arg: 'ioObjectsOrExecutors[0]' },

  // parallel-group.ts
  { call: 'waitForOne(-1)', covers: ['waitForOne'], run: () => thrown(() => waitForOne(-1)), error: RangeError, arg: 'type' },
  { call: "waitForOneSuccess('x')", covers: ['waitForOneSuccess'], run: () => thrown(() => waitForOneSuccess(bad('x'))), error: TypeError, arg: 'type' },
  { call: 'waitForOneError(0.5)', covers: ['waitForOneError'], run: () => thrown(() => waitForOneError(0.5)), error: RangeError, arg: 'type' },
  { call: 'makeParallelGroup(42)', covers: ['makeParallelGroup'], run: () => thrown(() => makeParallelGroup(bad(42))), error: TypeError, arg: 'ops[0]' },
  { call: 'makeParallelGroup([op, 42])', covers: ['makeParallelGroup'], run: () => thrown(() => makeParallelGroup([post(new IoContext()), bad(42)])), error: TypeError, arg: 'ops[1]' },
  { call: 'group.asyncWait(42)', covers: ['makeParallelGroup', 'ParallelGroup', 'waitForAll'], run: () => thrown(() => makeParallelGroup(post(new IoContext())).asyncWait(bad(42))), error: TypeError, arg: 'condition' },
  { call: 'group.asyncWait(waitForAll(), 42)', covers: ['ParallelGroup', 'waitForAll'], run: () => thrown(() => makeParallelGroup(post(new IoContext())).asyncWait(waitForAll(), bad(42))), error: TypeError, arg: 'token' },
  { call: 'rangedGroup.asyncWait(42)', covers: ['RangedParallelGroup'], run: () => thrown(() => makeParallelGroup([post(new IoContext())]).asyncWait(bad(42))), error: TypeError, arg: 'condition' },
  {
    call: 'new ParallelGroup([42]) / new RangedParallelGroup([42])',
    covers: ['ParallelGroup', 'RangedParallelGroup'],
    run: () => bothThrow(() => new ParallelGroup(bad([42])), () => new RangedParallelGroup(bad([42]))),
    error: TypeError,
    arg: 'ops[0]',
    knownBug: 'parallel-group.ts: the group constructors do not check `ops` (makeParallelGroup does)',
  },

  // steady-timer.ts
  { call: 'new SteadyTimer(42)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(bad(42))), error: TypeError, arg: 'executorOrContext' },
  { call: "new SteadyTimer(ioc, '10')", covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext(), bad('10'))), error: TypeError, arg: 'expiry' },
  { call: 'new SteadyTimer(ioc, NaN)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext(), Number.NaN)), error: RangeError, arg: 'expiry' },
  { call: "new SteadyTimer(ioc, { at: 'x' })", covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext(), bad({ at: 'x' }))), error: TypeError, arg: 'expiry.at' },
  { call: "timer.expiresAfter('1')", covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).expiresAfter(bad('1'))), error: TypeError, arg: 'ms' },
  { call: 'timer.expiresAfter(NaN)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).expiresAfter(Number.NaN)), error: RangeError, arg: 'ms' },
  { call: 'timer.expiresAt(null)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).expiresAt(bad(null))), error: TypeError, arg: 't' },
  { call: 'timer.asyncWait(42)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).asyncWait(bad(42))), error: TypeError, arg: 'token' },
  // await-operators.ts
  { call: 'awaitAll(42)', covers: ['awaitAll'], run: () => thrown(() => awaitAll(bad(42))), error: TypeError, arg: 'ops[0]' },
  { call: 'awaitAny(op, Promise.resolve())', covers: ['awaitAny'], run: () => thrown(() => awaitAny(post(new IoContext()), bad(Promise.resolve()))), error: TypeError, arg: 'ops[1]' },
  { call: 'awaitAll(op)(42)', covers: ['awaitAll'], run: () => thrown(() => awaitAll(post(new IoContext()))(bad(42))), error: TypeError, arg: 'token' },
  // channel.ts
  { call: 'new Channel(42)', covers: ['Channel'], run: () => thrown(() => new Channel(bad(42))), error: TypeError, arg: 'executorOrContext' },
  { call: "new Channel(ioc, '1')", covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext(), bad('1'))), error: TypeError, arg: 'capacity' },
  { call: 'new Channel(ioc, -1)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext(), -1)), error: RangeError, arg: 'capacity' },
  { call: 'new Channel(ioc, 2 ** 53)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext(), 2 ** 53)), error: RangeError, arg: 'capacity' },
  { call: 'new ConcurrentChannel(ioc, 0.5)', covers: ['ConcurrentChannel'], run: () => thrown(() => new ConcurrentChannel(new IoContext(), 0.5)), error: RangeError, arg: 'capacity' },
  { call: 'channel.asyncSend(42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).asyncSend(bad(42))), error: TypeError, arg: 'values' },
  {
    call: "channel.asyncSend(['x'])",
    covers: ['Channel'],
    run: () => thrown(() => new Channel<[Error | null]>(new IoContext()).asyncSend(bad(['x']))),
    error: TypeError,
    arg: 'values[0]',
  },
  { call: 'channel.asyncSend([], 42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).asyncSend([], bad(42))), error: TypeError, arg: 'token' },
  { call: 'channel.asyncReceive(42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).asyncReceive(bad(42))), error: TypeError, arg: 'token' },
  { call: "channel.trySend('x')", covers: ['Channel'], run: () => thrown(() => new Channel<[Error | null]>(new IoContext()).trySend(bad('x'))), error: TypeError, arg: 'values[0]' },
  { call: 'channel.trySendN(-1)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).trySendN(-1)), error: RangeError, arg: 'count' },
  { call: "channel.trySendNViaDispatch('1')", covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).trySendNViaDispatch(bad('1'))), error: TypeError, arg: 'count' },
  { call: 'channel.tryReceive(42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).tryReceive(bad(42))), error: TypeError, arg: 'handler' },
];

/**
 * Exports that take no argument a caller could get wrong, or that the library alone calls.
 * Each entry says why.
 */
const exempt: Record<string, string> = {
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

describe('bad input throws synchronously, naming the argument', () => {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  for (const row of rows) {
    const title = `${row.call} → ${row.error.name} naming ${row.arg}`;
    const body = (): void => {
      const e = row.run();
      expect(e).toBeInstanceOf(row.error);
      const message = (e as Error).message;
      // The argument's name is the message's first word, or at least a word in it.
      expect(message).toMatch(new RegExp(`(^|[^\\w.])${escape(row.arg)}($|[^\\w])`));
    };
    if (row.knownBug === undefined) test(title, body);
    else test.failing(`${title} [known bug: ${row.knownBug}]`, body);
  }
});

describe('bad input: a rejected token', () => {
  test('does not use up a deferred operation: after op(42) threw, op(h) still launches it', async () => {
    const ioc = new IoContext();
    const op = post(ioc);
    expect(() => op(bad(42))).toThrow(TypeError);
    let ran = false;
    op(() => {
      ran = true;
    });
    await ioc.run();
    expect(ran).toBe(true);
  });
});

describe('bad input: coroutine contexts', () => {
  test("CoroutineContext.throwIfCancelled('yes') throws a TypeError naming value", async () => {
    let e: unknown;
    await coSpawn(
      systemExecutor,
      async (ctx) => {
        e = thrown(() => ctx.throwIfCancelled(bad('yes')));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^value\b/);
  });

  test('CoroutineContext.resetCancellationState(42) throws a TypeError naming inFilter', async () => {
    let e: unknown;
    await coSpawn(
      systemExecutor,
      async (ctx) => {
        e = thrown(() => ctx.resetCancellationState(bad(42)));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/\binFilter\b/);
  });

  test('YieldContext.withError(42) throws a TypeError naming ref', async () => {
    let e: unknown;
    await spawn(
      systemExecutor,
      function* (y) {
        e = thrown(() => y.withError(bad(42)));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^ref\b/);
  });

  test("YieldContext.throwIfCancelled('yes') throws a TypeError naming value", async () => {
    let e: unknown;
    await spawn(
      systemExecutor,
      function* (y) {
        e = thrown(() => y.throwIfCancelled(bad('yes')));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^value\b/);
  });

  test('YieldContext.resetCancellationState(42) throws a TypeError naming inFilter', async () => {
    let e: unknown;
    await spawn(
      systemExecutor,
      function* (y) {
        e = thrown(() => y.resetCancellationState(bad(42)));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/\binFilter\b/);
  });
});

describe('the table covers the whole public surface', () => {
  test('every export of @asio-ts/core has a row, or an exemption saying why not', () => {
    const covered = new Set(rows.flatMap((r) => r.covers));
    const missing = Object.keys(core).filter((k) => !covered.has(k) && !(k in exempt));
    expect(missing).toEqual([]);
  });

  test('no row or exemption names something that is not exported', () => {
    const exported = new Set(Object.keys(core));
    const stale = [...rows.flatMap((r) => r.covers), ...Object.keys(exempt)].filter((k) => !exported.has(k));
    expect([...new Set(stale)]).toEqual([]);
  });

  test('a bad call leaves nothing behind: no handler ran, no work is held', async () => {
    const ioc = new IoContext();
    let ran = false;
    const mark = (): void => {
      ran = true;
    };
    thrown(() => post(ioc, bad(42)));
    thrown(() => asyncImmediate(ioc, bad('x')));
    thrown(() => asyncCompose(impl, mark, ioc, bad(42)));
    thrown(() => bindExecutor(ioc, bad(7)));
    await expect(ioc.run()).resolves.toBe(0);
    expect(ran).toBe(false);
  });
});

// The errors module's constants stay usable in the rows above.
void errors;
