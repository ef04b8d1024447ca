// A bench peer (a TCP source or sink) in a process of its own: a Python script where python3
// runs (its socket loop is C), else the same peer as Node code in a child process. Never a worker
// thread: a worker shares the measured process's V8 platform threads, its GC helpers among them
// (docs/performance.md, "Sixth recorded run"). Both forms print or send their port first and
// leave when told to.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The Python peer, or null where python3 cannot be started. It leaves when its stdin closes. */
async function startPython(script) {
  const child = spawn('python3', [fileURLToPath(new URL(script, import.meta.url))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await Promise.race([once(child.stdout, 'data').then(([d]) => String(d)), once(child, 'error').then(() => null)]);
  if (first === null) return null;
  return {
    port: Number(first.trim()),
    async close() {
      const exited = child.exitCode === null ? once(child, 'exit') : null;
      child.stdin.end();
      await exited;
    },
  };
}

/** The Node peer: `source` sends its port with process.send and exits on the message 'close'. */
async function startNode(source) {
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [port] = await once(child, 'message');
  return {
    port,
    async close() {
      const exited = once(child, 'exit');
      child.send('close');
      await exited;
    },
  };
}

/** Start a peer: `script` (next to this file) under python3, else `nodeSource`. Returns `{ port, close() }`. */
export async function startPeer(script, nodeSource) {
  return (await startPython(script)) ?? (await startNode(nodeSource));
}
