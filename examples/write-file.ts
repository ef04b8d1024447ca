// Write a file with each token kind through `fromFileHandle` (true partial writes).
import { open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coSpawn, spawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
import { asyncWrite, fromFileHandle } from '@asio-ts/io';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const path = join(tmpdir(), `asio-ts-example-${process.pid}.txt`);
  const handle = await open(path, 'w');
  const file = fromFileHandle(handle);
  const line = (s: string) => new TextEncoder().encode(`${s}\n`);
  try {
    await new Promise<void>((resolve, reject) =>
      asyncWrite(file, line('written with a callback'), (err) => (err ? reject(err) : resolve())),
    );
    await asyncWrite(file, line('written with useFuture'), useFuture);
    await asyncWrite(file, line('written with deferred, awaited'));
    await coSpawn(systemExecutor, async () => asyncWrite(file, line('written with useAwaitable in coSpawn'), useAwaitable), useFuture);
    await spawn(
      systemExecutor,
      function* (y) {
        return yield* asyncWrite(file, [line('written with a yield context,'), line('as a buffer sequence')], y);
      },
      useFuture,
    );
  } finally {
    await handle.close();
  }
  const text = await readFile(path, 'utf8');
  log(`${path}:\n${text.trimEnd()}`);
  await rm(path);
}

if (require.main === module) void main();
