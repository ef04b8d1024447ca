import { bindAbortSignal, bindCancellationSlot, CancellationSignal } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { freshChains, kib, MemoryStream } from './lib/fixtures.mjs';
const [a,b,c] = [freshChains(), freshChains(), freshChains()];
const buf = kib();
const streams = Array.from({length: 100}, () => new MemoryStream());
const signals = Array.from({ length: 100 }, () => new CancellationSignal());
const controllers = Array.from({ length: 100 }, () => new AbortController());
export const variants = {
  plain: () => a(100, 20, (next, i) => asyncWrite(streams[i], buf, next)),
  slot: () => b(100, 20, (next, i) => asyncWrite(streams[i], buf, bindCancellationSlot(signals[i].slot(), next))),
  abort: () => c(100, 20, (next, i) => asyncWrite(streams[i], buf, bindAbortSignal(controllers[i].signal, next))),
};
