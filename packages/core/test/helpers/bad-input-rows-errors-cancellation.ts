// Rows of the bad-input table (see bad-input.test.ts): errors, cancellation signals and state,
// abort signals, cancelAfter/cancelAt.

import {
  AbortSignalSlot,
  bindAbortSignal,
  cancelAfter,
  CancelAfter,
  cancelAt,
  CancellationSignal,
  CancellationSlot,
  CancellationState,
  errorIs,
  checkFunction,
  makeError,
  SystemError,
  toAbortSignal,
} from '@asio-ts/core';
import { bad, bothThrow, handler, thrown, type Row } from './bad-input-table';

export const errorsCancellationRows: Row[] = [
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
];
