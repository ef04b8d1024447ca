// cancellation: asyncWrite of 1 KiB (in-memory stream, callback token) with a cancellation hook
// that never fires. The binding is made per operation, as it is written in an application; each
// chain has its own signal (a slot holds one handler at a time).
//
// - bindCancellationSlot(slot, cb) against the same asyncWrite unbound.
// - bindAbortSignal(signal, cb) against the same asyncWrite with the AbortSignal wired by hand
//   around it, the way a Node developer does it: check `signal.aborted`,
//   `addEventListener('abort', onAbort, { once: true })` before, `removeEventListener` in the
//   callback; an abort settles the callback at once with the signal's reason (the write itself
//   cannot be stopped by hand) and the late completion is dropped.
import { getEventListeners } from 'node:events';
import { bindAbortSignal, bindCancellationSlot, CancellationSignal } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { freshChains, kib, MemoryStream } from '../lib/fixtures.mjs';

/** asyncWrite with an AbortSignal wired by hand (see the header). */
function writeWithSignal(stream, buf, signal, cb) {
  if (signal.aborted) {
    queueMicrotask(() => cb(signal.reason, 0));
    return;
  }
  let settled = false;
  const onAbort = () => {
    if (settled) return;
    settled = true;
    cb(signal.reason, 0);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  asyncWrite(stream, buf, (err, n) => {
    signal.removeEventListener('abort', onAbort);
    if (settled) return;
    settled = true;
    cb(err, n);
  });
}

export default {
  id: 'cancellation',
  title: 'cancellation',
  kind: 'micro',
  unit: 'ops/s',
  target: 0.9,
  setup({ width, depth }) {
    const ops = width * depth;
    const buf = kib();
    const streams = Array.from({ length: width }, () => new MemoryStream());
    const signals = Array.from({ length: width }, () => new CancellationSignal());
    const controllers = Array.from({ length: width }, () => new AbortController());
    const [slotOurs, slotBase, abortOurs, abortBase] = [freshChains(), freshChains(), freshChains(), freshChains()];
    return {
      variants: [
        {
          name: 'bindCancellationSlot(slot, cb)',
          baselineLabel: 'asyncWrite(s, b, cb), unbound',
          ops,
          ours: () => slotOurs(width, depth, (next, i) => asyncWrite(streams[i], buf, bindCancellationSlot(signals[i].slot(), next))),
          baseline: () => slotBase(width, depth, (next, i) => asyncWrite(streams[i], buf, next)),
        },
        {
          name: 'bindAbortSignal(signal, cb)',
          baselineLabel: "asyncWrite + addEventListener('abort', { once }) / removeEventListener by hand",
          ops,
          ours: () => abortOurs(width, depth, (next, i) => asyncWrite(streams[i], buf, bindAbortSignal(controllers[i].signal, next))),
          baseline: () => abortBase(width, depth, (next, i) => writeWithSignal(streams[i], buf, controllers[i].signal, next)),
        },
      ],
      check() {
        // No listener left on any signal by either side (the library removes its own a
        // microtask after the last operation; the run's awaits are past that).
        return controllers.every((c) => getEventListeners(c.signal, 'abort').length === 0);
      },
    };
  },
};
