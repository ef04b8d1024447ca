import { asyncWrite, Streambuf } from '@asio-ts/io';
import { freshChains, kib, MemoryStream } from './lib/fixtures.mjs';
const [a,b] = [freshChains(), freshChains()];
const buf = kib();
const streams = Array.from({length: 100}, () => new MemoryStream());
const bufs = Array.from({ length: 100 }, () => new Streambuf());
const plains = Array.from({ length: 100 }, () => new Uint8Array(1024));
export const variants = {
  plain: () => a(100, 20, (next, i) => { plains[i].set(buf); asyncWrite(streams[i], plains[i], next); }),
  sb: () => b(100, 20, (next, i) => { bufs[i].sputn(buf); asyncWrite(streams[i], bufs[i], next); }),
};
