// The read adapters against real files and WHATWG streams: asyncReadSomeAt/asyncReadAt at random
// offsets, a BYOB byte stream and a default stream, with reads cancelled at random, none lost.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fsp, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { errorIs, errors, type SystemError } from '@asio-ts/core';
import { asyncReadAt, fromFileHandle, fromWebReadable } from '@asio-ts/io';
import { reportFigures, seed } from '../../../core/test/reliability/fc-config.js';
import { MiB, figures, rng, drain } from './real-source-drain.js';

afterAll(() => reportFigures('real-sources-files', figures));

describe('files and WHATWG streams', () => {
  let dir = '';
  let path = '';
  let content = Buffer.alloc(0);
  let contentHash = '';
  beforeAll(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), 'asio-ts-real-sources-'));
    path = join(dir, 'data.bin');
    content = randomBytes(3 * MiB + 12_345);
    await fsp.writeFile(path, content);
    contentHash = createHash('sha256').update(content).digest('hex');
  });
  afterAll(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  test('asyncReadSomeAt and asyncReadAt at random offsets, 8 in flight at a time, agree with fs.readFileSync', async () => {
    const expected = readFileSync(path);
    const fh = await fsp.open(path, 'r');
    try {
      const file = fromFileHandle(fh);
      const next = rng(seed + 5);
      for (let round = 0; round < 40; round++) {
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            const offset = next(0, expected.length + 1000);
            const buf = new Uint8Array(next(1, 200_000));
            const composed = next(0, 1) === 1;
            const [err, n] = await new Promise<[SystemError | null, number]>((resolve) =>
              composed ? asyncReadAt(file, offset, buf, (e, k) => resolve([e, k])) : file.asyncReadSomeAt(offset, buf, (e, k) => resolve([e, k])),
            );
            const there = Math.max(0, Math.min(buf.length, expected.length - offset));
            if (there === 0) {
              expect(errorIs(err, errors.eof)).toBe(true);
              expect(n).toBe(0);
            } else if (composed && there < buf.length) {
              // The composed read runs into the end: eof with every byte that was there.
              expect(errorIs(err, errors.eof)).toBe(true);
              expect(n).toBe(there);
            } else {
              expect(err).toBeNull();
              // One pread returns all that was asked of a regular file (or what is left).
              expect(n).toBe(there);
            }
            expect(Buffer.from(buf.subarray(0, n)).equals(expected.subarray(offset, offset + n))).toBe(true);
            figures.fileReads++;
          }),
        );
      }
    } finally {
      await fh.close();
    }
  }, 60_000);

  test('a byte stream through BYOB: FileHandle.readableWebStream({ type: "bytes" }) and Blob.stream(), with cancellations', async () => {
    const fh = await fsp.open(path, 'r');
    try {
      const web = fh.readableWebStream({ type: 'bytes' }) as unknown as ReadableStream<Uint8Array>;
      const s = fromWebReadable(web);
      expect(s.byob).toBe(true);
      const r = await drain(s, rng(seed + 6), 100_000, 5);
      expect(errorIs(r.err, errors.eof)).toBe(true);
      expect(r.hash).toBe(contentHash);
      figures.webBytes += r.bytes;
      figures.cancelledReads += r.cancelled;
    } finally {
      await fh.close();
    }
    const blob = fromWebReadable(new Blob([content]).stream());
    expect(blob.byob).toBe(true);
    const b = await drain(blob, rng(seed + 7), 50_000, 5);
    expect(errorIs(b.err, errors.eof)).toBe(true);
    expect(b.hash).toBe(contentHash);
    figures.webBytes += b.bytes;
    figures.cancelledReads += b.cancelled;
  }, 60_000);

  test('a default stream, Readable.toWeb(fs.createReadStream): chunks larger than the reads are kept, with cancellations', async () => {
    const web = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
    const s = fromWebReadable(web);
    expect(s.byob).toBe(false);
    const r = await drain(s, rng(seed + 8), 10_000, 5);
    expect(errorIs(r.err, errors.eof)).toBe(true);
    expect(r.hash).toBe(contentHash);
    expect(r.cancelled).toBeGreaterThan(0);
    figures.webBytes += r.bytes;
    figures.cancelledReads += r.cancelled;
  }, 60_000);
});
