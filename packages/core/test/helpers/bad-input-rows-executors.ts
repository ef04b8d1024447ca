// Rows of the bad-input table (see bad-input.test.ts): executors, contexts, strands, work guards,
// associations and binders.

import {
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  getAssociatedImmediateExecutor,
  inlineExecutor,
  IoContext,
  IoContextExecutor,
  makeStrand,
  makeWorkGuard,
  postingExecutor,
  Strand,
  systemExecutor,
  toExecutor,
  WorkGuard,
} from '@asio-ts/core';
import { bad, handler, thrown, type Row } from './bad-input-table';

export const executorRows: Row[] = [
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
];
