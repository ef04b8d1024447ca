// Real peers for the example servers' tests: Node net clients, a Python 3 child (`python3 -c`),
// and a child process running a built example. Everything on 127.0.0.1, everything killed or
// destroyed when its time is up.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { createInterface } from 'node:readline';

/** A connected Node client whose 'error' events are kept, not thrown. */
export async function connect(port: number): Promise<Socket> {
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

/** Everything `socket` receives until the server ends or closes the connection. */
export function receiveAll(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks))));
}

export interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A child process's output and how it ended; it is killed after `limitMs`. */
export function ended(child: ChildProcess, limitMs: number): Promise<Ended> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => {
    stderr += `\n(killed after ${limitMs} ms)`;
    child.kill('SIGKILL');
  }, limitMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Run `python3 -c script args...`; resolves with its output parsed as one JSON value. */
export async function python<T>(script: string, args: readonly string[], limitMs = 20_000): Promise<T> {
  const child = spawn('python3', ['-c', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const end = await ended(child, limitMs);
  if (end.code !== 0) throw new Error(`python3 exited with ${end.code ?? end.signal}: ${end.stderr}`);
  return JSON.parse(end.stdout) as T;
}

/** A node child running a built example script, its stdout read line by line. */
export interface ScriptChild {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line matching `pattern` (its match). */
  line(pattern: RegExp): Promise<RegExpExecArray>;
  readonly ended: Promise<Ended>;
}

export function runScript(path: string, args: readonly string[], limitMs = 15_000): ScriptChild {
  const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const end = ended(child, limitMs);
  const lines = createInterface({ input: child.stdout! });
  return {
    child,
    ended: end,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const onLine = (l: string): void => {
          const m = pattern.exec(l);
          if (m === null) return;
          lines.off('line', onLine);
          resolve(m);
        };
        lines.on('line', onLine);
        void end.then((e) => reject(new Error(`the script ended first (${e.code ?? e.signal}): ${e.stdout}${e.stderr}`)));
      }),
  };
}
