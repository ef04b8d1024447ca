import { CancellationSignal, observeSignal } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { checkNonNegativeInteger, describe } from './detail/check.js';
import { errors, makeError } from './errors.js';

const bridged = new WeakMap<CancellationSignal, Map<CancellationType, AbortSignal>>();

/**
 * An AbortSignal that aborts (with a `SystemError` operationAborted as its reason) the first time
 * `signal` emits a type in `mask` (all types by default), for handing asio-ts cancellation to
 * APIs that take an AbortSignal (fetch, fs, timers/promises, ...). The same AbortSignal is
 * returned for the same signal and mask.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { CancellationSignal, toAbortSignal } from '@asio-ts/core';
 *
 * const cancel = new CancellationSignal();
 * const reading = readFile(process.execPath, { signal: toAbortSignal(cancel) }); // a file that exists
 * cancel.emit();
 * await reading.catch((e: unknown) => console.log((e as Error).name)); // AbortError
 * ```
 */
export function toAbortSignal(signal: CancellationSignal, mask: CancellationType = CancellationType.All): AbortSignal {
  if (!(signal instanceof CancellationSignal)) throw new TypeError(`signal must be a CancellationSignal, got ${describe(signal)}`);
  checkNonNegativeInteger('mask', mask);
  // One AbortSignal (and one observer) per signal and mask, however often this is called.
  let byMask = bridged.get(signal);
  if (byMask === undefined) {
    byMask = new Map();
    bridged.set(signal, byMask);
  }
  const known = byMask.get(mask);
  if (known !== undefined) return known;
  const controller = new AbortController();
  observeSignal(signal, (type) => {
    if ((type & mask) !== 0 && !controller.signal.aborted) {
      controller.abort(makeError(errors.operationAborted, `cancellation signal emitted (type ${type})`));
    }
  });
  byMask.set(mask, controller.signal);
  return controller.signal;
}
