import { useFuture } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { freshChains, freshWorkers, handWrite, kib, MemoryStream } from './lib/fixtures.mjs';
const [a,b] = [freshChains(), freshChains()];
const buf = kib();
const streams = Array.from({length: 100}, () => new MemoryStream());
export const variants = {
  hand: () => a(100, 20, (next, i) => handWrite(streams[i], buf, next)),
  ours: () => b(100, 20, (next, i) => asyncWrite(streams[i], buf, next)),
};
