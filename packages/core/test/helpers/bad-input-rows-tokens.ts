// Rows of the bad-input table (see bad-input.test.ts): async results, detached, deferred, the token
// adapters, post/dispatch/defer, asyncImmediate.

import {
  append,
  Append,
  asTuple,
  AsTuple,
  asyncImmediate,
  asyncInitiate,
  checkToken,
  consign,
  Consign,
  defer,
  deferred,
  DeferredFunction,
  dispatch,
  IoContext,
  makeDeferredOperation,
  post,
  prepend,
  Prepend,
  redirectError,
  RedirectError,
  setDetachedErrorReporter,
  useFuture,
} from '@asio-ts/core';
import { bad, bothThrow, handler, loose, thrown, type Row } from './bad-input-table';

export const tokenRows: Row[] = [
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
];
