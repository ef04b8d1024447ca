/**
 * Real peers for the net tests: the Python script `fixtures/peer.py` (a different TCP stack
 * user: CPython's socket module), run as a child process that reports in JSON lines, and a few
 * byte helpers. Every child is killed when its test's time is up.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const peerScript = join(__dirname, '..', 'fixtures', 'peer.py');

export interface Peer {
  readonly child: ChildProcessWithoutNullStreams;
  /** The next JSON line the peer prints. */
  next<T = Record<string, unknown>>(): Promise<T>;
  /** Ends the peer (closes its stdin, then kills it if it is still there after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/** Start `peer.py mode args...`; it is killed after `deadlineMs` whatever happens. */
export function startPeer(mode: string, args: Record<string, number>, deadlineMs = 60_000): Peer {
  const argv = [peerScript, mode, '--deadline', String(Math.ceil(deadlineMs / 1000))];
  for (const [k, v] of Object.entries(args)) argv.push(`--${k}`, String(v));
  const child = spawn('python3', argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let stderr = '';
  let exited: string | null = null;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiters.shift();
    if (w !== undefined) w(line);
    else lines.push(line);
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  const gone = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      exited = `peer.py ${mode} exited (${code ?? signal}) ${stderr}`;
      for (const w of waiters.splice(0)) w('');
      resolve();
    });
  });
  return {
    child,
    next<T>(): Promise<T> {
      const line = lines.shift();
      const got = line !== undefined ? Promise.resolve(line) : new Promise<string>((resolve) => waiters.push(resolve));
      return got.then((l) => {
        if (l === '') throw new Error(exited ?? `peer.py ${mode}: no output`);
        return JSON.parse(l) as T;
      });
    },
    async stop(graceMs = 2000): Promise<void> {
      child.stdin.end();
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(t);
    },
  };
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
export { createHash, randomBytes };

/** A deterministic generator of chunk sizes in [1, max] (a linear congruential one, seeded). */
export function chunkSizes(seed: number, max: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return 1 + (x % max);
  };
}
