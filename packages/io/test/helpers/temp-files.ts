// A temporary directory for a test file's real files, and the data the fromFileHandle tests write.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir = '';
let fileCount = 0;

/** Creates the directory before the calling test file's tests and removes it after them. */
export function useTempDir(prefix: string): void {
  beforeAll(async () => {
    dir = await fsp.mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });
}

/** A fresh path in the directory: `stem`, a number, `ext`. */
export function tempPath(stem: string, ext = ''): string {
  return join(dir, `${stem}${fileCount++}${ext}`);
}

export async function openTemp(flags = 'w', content?: Uint8Array): Promise<{ fh: FileHandle; path: string }> {
  const path = tempPath('f', '.bin');
  if (content !== undefined) await fsp.writeFile(path, content);
  return { fh: await fsp.open(path, flags), path };
}

export const data = randomBytes(2 * 1024 * 1024 + 77);
