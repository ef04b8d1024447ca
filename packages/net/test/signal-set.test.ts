/**
 * SignalSet with real signals, in child processes (fixtures/signal-child.mjs, on the built dist):
 * a jest worker must not get real signal handlers. Each child raises signals at itself (or the
 * parent signals it) and reports what it saw; the parent also checks how it ended.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { IoContext } from '@asio-ts/core';
import { SignalSet } from '@asio-ts/net';

const script = join(__dirname, 'fixtures', 'signal-child.mjs');
const { SIGUSR2, SIGHUP } = constants.signals;

interface Ended {
  readonly lines: Record<string, unknown>[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Run a scenario; `onLine` may act on each line (signal the child). Killed after `limitMs`. */
function run(scenario: string, onLine?: (line: Record<string, unknown>, kill: (s: NodeJS.Signals) => void) => void, limitMs = 10_000): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, scenario], { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (l) => {
      const line = JSON.parse(l) as Record<string, unknown>;
      lines.push(line);
      onLine?.(line, (s) => child.kill(s));
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${limitMs} ms)`;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ lines, code, signal, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(join(__dirname, '..', 'dist', 'index.mjs'))) throw new Error('packages/net/dist is not built: run `npm run build`');
});

test('a wait completes with the signal the process got; only the wait kept the child alive, and run() lasted until it', async () => {
  const ended = await run('wait', (line, kill) => {
    if (line.ready === true) setTimeout(() => kill('SIGUSR2'), 200);
  });
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  const result = ended.lines[1]!;
  expect(result).toEqual({ err: null, signal: SIGUSR2, handlers: 1, expected: SIGUSR2 });
});

test('signals with no wait pending are queued per signal; waits take the lowest number first, never inside asyncWait', async () => {
  const ended = await run('queued');
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  const { got, inside, expected } = ended.lines[0] as { got: unknown; inside: boolean[]; expected: unknown };
  expect(got).toEqual(expected);
  expect(got).toEqual([[null, SIGHUP], [null, SIGUSR2], [null, SIGUSR2]]);
  expect(inside).toEqual([false, false, false]);
});

test("while a set holds SIGTERM and SIGINT, Node's default action (ending the process) does not happen", async () => {
  const ended = await run('suppressed');
  expect(ended.stderr).toBe('');
  expect(ended.signal).toBeNull();
  expect(ended.code).toBe(0);
  const { got, expected } = ended.lines[0] as { got: unknown; expected: unknown };
  expect(got).toEqual(expected);
});

test("the process's own listeners still run, are as they were when the set lets go, and the default action comes back", async () => {
  const ended = await run('restore');
  expect(ended.stderr).toBe('');
  expect(ended.lines[0]).toEqual({ own: 1, waited: [null, SIGUSR2], during: 2, restored: true, empty: true });
  // The last raise, with no listener left, ended the child by SIGUSR2.
  expect(ended.signal).toBe('SIGUSR2');
  expect(ended.lines.length).toBe(1);
});

test('SIGPIPE, which Node ignores, stays ignored once a set let it go (one no-op listener stays: Node has no way back)', async () => {
  const ended = await run('sigpipe');
  expect(ended.stderr).toBe('');
  expect(ended.signal).toBeNull();
  expect(ended.code).toBe(0);
  expect(ended.lines).toEqual([{ survived: true, listeners: 1 }]);
});

test('two sets with one signal: each gets it, every pending wait on a set completes with it; the last set out removes the listener', async () => {
  const ended = await run('sets');
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  expect(ended.lines[0]).toEqual({
    got: [
      ['a1', null, SIGUSR2],
      ['a2', null, SIGUSR2],
      ['b1', null, SIGUSR2],
      ['b2', null, SIGUSR2],
    ],
    listeners: 1,
    left: 0,
  });
});

test('remove() drops the queued notifications of its signal; cancel() aborts waits and keeps the others', async () => {
  const ended = await run('discard');
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  const { got } = ended.lines[0] as { got: unknown };
  expect(got).toEqual([
    ['ECANCELED', 0],
    [null, SIGHUP],
  ]);
});

test('cancel() and slot cancellation (terminal, partial, total) end waits with operationAborted; the child then exits by itself', async () => {
  const ended = await run('cancel');
  expect(ended.stderr).toBe('');
  expect(ended.code).toBe(0);
  expect(ended.lines[0]).toEqual({
    got: [
      ['cancel', 'ECANCELED', 0],
      [1, 'ECANCELED', 0],
      [2, 'ECANCELED', 0],
      [4, 'ECANCELED', 0],
    ],
  });
});

// In this process: only what installs no signal handler.
test('argument errors are thrown before anything is registered', () => {
  const ioc = new IoContext();
  const before = process.listenerCount('SIGKILL') + process.listenerCount('SIGUSR2');
  expect(() => new SignalSet(ioc, 'SIGKILL')).toThrow(RangeError);
  expect(() => new SignalSet(ioc, 'SIGUSR2', 'SIGNOPE')).toThrow(/^signals\[1\] must be a signal of os.constants.signals/);
  expect(() => new SignalSet(ioc).add(9)).toThrow(/^signal must be a signal a process can catch, got SIGKILL/);
  expect(() => new SignalSet(ioc).remove(-1)).toThrow(RangeError);
  expect(() => new SignalSet(ioc).add({} as never)).toThrow(TypeError);
  expect(process.listenerCount('SIGKILL') + process.listenerCount('SIGUSR2')).toBe(before);
});
