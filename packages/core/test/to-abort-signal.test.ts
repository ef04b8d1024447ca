// toAbortSignal: cancellation → AbortSignal (moved from abort-signal.test.ts with to-abort-signal.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  SystemError,
  toAbortSignal,
  useFuture,
} from '@asio-ts/core';
import { asyncWaitForever } from './helpers/ops';

describe('toAbortSignal: cancellation → AbortSignal', () => {
  test('aborts, with a SystemError operationAborted as reason, when the signal emits', () => {
    const sig = new CancellationSignal();
    const abortSignal = toAbortSignal(sig);
    expect(abortSignal.aborted).toBe(false);
    sig.emit(CancellationType.Partial);
    expect(abortSignal.aborted).toBe(true);
    expect(abortSignal.reason).toBeInstanceOf(SystemError);
    expect(errorIs(abortSignal.reason, errors.operationAborted)).toBe(true);
  });

  test('is the same AbortSignal for the same signal', () => {
    const sig = new CancellationSignal();
    expect(toAbortSignal(sig)).toBe(toAbortSignal(sig));
  });

  test('a mask selects which types abort', () => {
    const sig = new CancellationSignal();
    const terminalOnly = toAbortSignal(sig, CancellationType.Terminal);
    sig.emit(CancellationType.Partial);
    expect(terminalOnly.aborted).toBe(false);
    sig.emit(CancellationType.Terminal);
    expect(terminalOnly.aborted).toBe(true);
  });

  test('the slot handler still receives the emit (the bridge does not take the slot)', async () => {
    const sig = new CancellationSignal();
    const abortSignal = toAbortSignal(sig);
    const p = asyncWaitForever(bindCancellationSlot(sig.slot(), useFuture));
    sig.emit();
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
    expect(abortSignal.aborted).toBe(true);
  });

  test('hands cancellation to Node APIs that take an AbortSignal', async () => {
    const sig = new CancellationSignal();
    const p = sleep(60_000, 'late', { signal: toAbortSignal(sig) });
    sig.emit();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('round trip: a CancellationSignal through toAbortSignal and bindAbortSignal', async () => {
    const sig = new CancellationSignal();
    const p = asyncWaitForever(bindAbortSignal(toAbortSignal(sig), useFuture));
    sig.emit();
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
  });

  test('programmer errors', () => {
    expect(() => toAbortSignal({} as never)).toThrow(TypeError);
    expect(() => toAbortSignal(new AbortController().signal as never)).toThrow(/signal/);
    expect(() => toAbortSignal(new CancellationSignal(), 0.5)).toThrow(RangeError);
  });
});

describe('toAbortSignal with a mask', () => {
  test('the same signal and mask give the same AbortSignal (no observer per call)', () => {
    const sig = new CancellationSignal();
    const a = toAbortSignal(sig, CancellationType.Partial);
    expect(toAbortSignal(sig, CancellationType.Partial)).toBe(a);
    expect(toAbortSignal(sig, CancellationType.Terminal)).not.toBe(a);
    sig.emit(CancellationType.Terminal);
    expect(a.aborted).toBe(false);
    sig.emit(CancellationType.Partial);
    expect(a.aborted).toBe(true);
  });
});
