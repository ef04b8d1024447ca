// cancellation: asyncWrite of 1 KiB (in-memory stream, callback token) with a bound
// CancellationSlot / AbortSignal that never fires, against the same op unbound. The binding is
// made per operation, as `asyncWrite(s, b, bindAbortSignal(signal, cb))` is written; each chain
// has its own signal (a slot holds one handler at a time).
import { bindAbortSignal, bindCancellationSlot, CancellationSignal } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { freshChains, kib, MemoryStream } from '../lib/fixtures.mjs';

export default {
  id: 'cancellation',
  title: 'cancellation',
  kind: 'micro',
  unit: 'ops/s',
  target: 0.9,
  baselineLabel: 'asyncWrite(s, b, cb), unbound',
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
          ops,
          ours: () => slotOurs(width, depth, (next, i) => asyncWrite(streams[i], buf, bindCancellationSlot(signals[i].slot(), next))),
          baseline: () => slotBase(width, depth, (next, i) => asyncWrite(streams[i], buf, next)),
        },
        {
          name: 'bindAbortSignal(signal, cb)',
          ops,
          ours: () => abortOurs(width, depth, (next, i) => asyncWrite(streams[i], buf, bindAbortSignal(controllers[i].signal, next))),
          baseline: () => abortBase(width, depth, (next, i) => asyncWrite(streams[i], buf, next)),
        },
      ],
    };
  },
};
