/**
 * The scripted Python peer (`fixtures/script-peer.py`): a server on 127.0.0.1 that plays a list
 * of steps (send text, sleep, wait for the test's go-ahead, close) on the one connection it
 * accepts. Killed when its deadline passes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export type Step = { send: string } | { sleep: number } | { wait: true } | { close: true };

export interface ScriptPeer {
  readonly port: number;
  /** Let a `{ wait: true }` step go on. */
  go(): void;
  /** Resolves once the peer played every step (or died). */
  readonly done: Promise<void>;
  kill(): void;
}

export async function startScriptPeer(steps: readonly Step[], deadlineSeconds = 20): Promise<ScriptPeer> {
  const script = join(__dirname, '..', 'fixtures', 'script-peer.py');
  const child = spawn('python3', [script, JSON.stringify(steps), String(deadlineSeconds)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), deadlineSeconds * 1000 + 2000);
  const done = new Promise<void>((resolve) => child.on('exit', () => resolve())).finally(() => clearTimeout(killer));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) throw new Error('script-peer.py printed no port');
  const { port } = JSON.parse(first.value) as { port: number };
  return {
    port,
    go: () => child.stdin.write('go\n'),
    done,
    kill: () => child.kill('SIGKILL'),
  };
}
