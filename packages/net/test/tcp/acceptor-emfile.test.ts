/**
 * An acceptor in a process with no file descriptor left: a real acceptor in a child process
 * under `ulimit -n` (fixtures/acceptor-emfile-child.mjs, on the built dist), real clients from
 * this process. Asio's accept would fail with `error::no_descriptors` and leave the connection in
 * the backlog; libuv instead closes the connections it cannot accept, at once, and reports
 * nothing (its reserve descriptor, `uv__emfile_trick`). So no accept fails: the pending one stays
 * pending, every connection is either accepted or closed by the server side, and the acceptor
 * accepts again once descriptors are free (docs/porting.md lists the difference). A connect
 * meanwhile fails with `errors.noDescriptors`, as Asio's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type Socket as NetSocket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const script = join(__dirname, '..', 'fixtures', 'acceptor-emfile-child.mjs');
// Node itself holds about 20 descriptors; the rest go to connections.
const descriptorLimit = 48;

type Line = Record<string, unknown>;

interface Child {
  /** The next line the child prints. */
  next(): Promise<Line>;
  send(command: string): void;
  kill(): void;
  readonly ended: Promise<{ code: number | null; stderr: string }>;
}

const children: Child[] = [];

function startChild(scenario: string): Child {
  const child = spawn('sh', ['-c', `ulimit -n ${descriptorLimit} && exec "$0" "$@"`, process.execPath, script, scenario], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const ended = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    }),
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    next: async () => {
      const r = await lines.next();
      if (r.done === true) throw new Error(`the child ended: ${(await ended).stderr}`);
      return JSON.parse(r.value) as Line;
    },
    send: (command) => child.stdin.write(`${command}\n`),
    kill: () => child.kill('SIGKILL'),
    ended,
  };
}

/** A client connection; `closedByPeer` resolves when the server side closes it. */
function client(port: number): Promise<{ socket: NetSocket; closedByPeer: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined); // a dropped connection may be reset
    const closedByPeer = new Promise<void>((r) => socket.on('close', () => r()));
    socket.once('connect', () => resolve({ socket, closedByPeer }));
    socket.once('error', reject);
  });
}

const clients: NetSocket[] = [];
afterEach(() => {
  for (const s of clients.splice(0)) s.destroy();
  for (const c of children.splice(0)) c.kill();
});

beforeAll(() => {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'index.mjs'))) throw new Error('packages/net/dist is not built: run `npm run build`');
});

/** Once the child freed its connections, the next accept takes a new client: this one. */
async function recovers(child: Child): Promise<void> {
  expect(await child.next()).toEqual({ freed: true });
  const { socket } = await client(port(child));
  clients.push(socket);
  expect(await child.next()).toEqual({ recovered: true, remotePort: socket.localPort });
  expect(await child.ended).toEqual({ code: 0, stderr: '' });
}

const ports = new WeakMap<Child, number>();
const port = (child: Child): number => ports.get(child)!;

async function started(scenario: string): Promise<Child> {
  const child = startChild(scenario);
  children.push(child);
  const first = await child.next();
  ports.set(child, first.port as number);
  return child;
}

/** Connect `n` clients one after another; resolves with how many the server side closed. */
async function connectMany(child: Child, n: number): Promise<number> {
  let dropped = 0;
  const closes: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const c = await client(port(child));
    clients.push(c.socket);
    closes.push(c.closedByPeer.then(() => void dropped++));
    await new Promise((r) => setTimeout(r, 10));
  }
  // The child holds fewer descriptors than `n`: the last connection is one it could not
  // accept, closed at once, as are the others it dropped; the rest stay open.
  await closes.at(-1);
  await new Promise((r) => setTimeout(r, 200));
  return dropped;
}

test('out of descriptors, a pending accept stays pending while the connections it cannot take are closed, a connect fails with noDescriptors; it accepts again once some are free', async () => {
  const child = await started('pending');
  const dropped = await connectMany(child, descriptorLimit);
  child.send('free');
  // A connect from the child meanwhile: the one error the host does report here.
  expect(await child.next()).toEqual({ connect: 'EMFILE', noDescriptors: true });
  const seen = await child.next();
  // Every connection was accepted or dropped, none failed an accept.
  expect(seen).toEqual({ accepted: descriptorLimit - dropped, errors: [] });
  expect(dropped).toBeGreaterThan(0);
  expect(seen.accepted).toBeGreaterThan(5);
  await recovers(child);
}, 30_000);

test('with no accept pending, what Node accepted waits in the queue and the accepts take it; the rest were closed', async () => {
  const child = await started('queued');
  const dropped = await connectMany(child, descriptorLimit);
  expect(dropped).toBeGreaterThan(0);
  // Exactly the connections not dropped waited: K accepts take them (one fewer would leave one
  // for the accept `recovers` checks, one more would wait for ever).
  child.send(`free ${descriptorLimit - dropped}`);
  expect(await child.next()).toEqual({ accepted: descriptorLimit - dropped, errors: [] });
  await recovers(child);
}, 30_000);
