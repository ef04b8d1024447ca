// The port of Asio's cpp20 echo_server.cpp against real peers: Node net clients and a Python 3
// client in process; SIGTERM and SIGINT on the built example in a child process (a Jest worker
// must not get real signal handlers).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorIs } from '@asio-ts/core';
import { netErrors } from '@asio-ts/net';
import { main, start } from './echo-server';
import { connect, python, receiveAll, runScript } from './test-helpers/peers';

jest.setTimeout(30_000);

/** Send `payload` in random chunks, then end: resolves with everything echoed until the server closed. */
async function echoThrough(port: number, payload: Buffer): Promise<Buffer> {
  const socket = await connect(port);
  const received = receiveAll(socket);
  for (let at = 0; at < payload.length; ) {
    const n = 1 + Math.floor(Math.random() * 20_000);
    socket.write(payload.subarray(at, at + n));
    at += n;
  }
  socket.end();
  return received;
}

test('several concurrent Node clients with random payloads each get their bytes back exactly, and the server says why each session ended', async () => {
  const lines: string[] = [];
  const server = await start(0, { log: (l) => lines.push(l) });
  try {
    const payloads = Array.from({ length: 8 }, (_, i) => randomBytes(i === 0 ? 1 : 1 + Math.floor(Math.random() * 300_000)));
    const echoed = await Promise.all(payloads.map((p) => echoThrough(server.port, p)));
    echoed.forEach((e, i) => expect(e.equals(payloads[i]!)).toBe(true));
    // Each echo coroutine ended on the client's close, as Asio's prints it.
    expect(lines).toEqual(Array(8).fill('echo Exception: End of file'));
  } finally {
    await server.stop();
  }
});

// Each thread sends os.urandom(n) from a thread of its own (so neither side waits on the other's
// buffers), reads until it has n bytes, half-closes and expects the server to close.
const pythonClients = `
import hashlib, json, os, socket, sys, threading
port, sizes = int(sys.argv[1]), [int(s) for s in sys.argv[2:]]
results = [None] * len(sizes)
def client(i):
    data = os.urandom(sizes[i])
    s = socket.create_connection(('127.0.0.1', port), timeout=15)
    sender = threading.Thread(target=s.sendall, args=(data,))
    sender.start()
    got = bytearray()
    while len(got) < len(data):
        chunk = s.recv(65536)
        if not chunk: break
        got += chunk
    sender.join()
    s.shutdown(socket.SHUT_WR)
    closed = s.recv(1) == b''
    s.close()
    results[i] = {'same': hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest(), 'n': len(got), 'closed': closed}
threads = [threading.Thread(target=client, args=(i,)) for i in range(len(sizes))]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(results))
`;

test('Python clients (CPython sockets, concurrent threads) get their bytes back exactly and see the server close after their half-close', async () => {
  const server = await start(0, { log: () => {} });
  try {
    const sizes = [1, 1024, 1025, 200_000, 1_000_000];
    const results = await python<{ same: boolean; n: number; closed: boolean }[]>(pythonClients, [String(server.port), ...sizes.map(String)]);
    expect(results).toEqual(sizes.map((n) => ({ same: true, n, closed: true })));
  } finally {
    await server.stop();
  }
});

test('stop() ends run() and closes the acceptor and the connections still open', async () => {
  const lines: string[] = [];
  const server = await start(0, { log: (l) => lines.push(l) });
  const client = await connect(server.port);
  const closed = receiveAll(client);
  client.write('ping');
  await new Promise((resolve) => client.once('data', resolve));
  await server.stop();
  await closed; // the server's end of the connection was closed
  const refused = await new Promise<string | undefined>((resolve) => {
    const late = connect(server.port).then(() => undefined);
    late.catch((e: NodeJS.ErrnoException) => resolve(e.code));
  });
  expect(refused).toBe('ECONNREFUSED');
  // The coroutines were abandoned with the context, as when Asio's io_context is destroyed.
  expect(lines).toEqual([]);
});

test("a listener that cannot bind prints Asio's \"Exception: ...\", stops the context, and start() rejects with the error", async () => {
  const first = await start(0, { log: () => {} });
  const lines: string[] = [];
  try {
    const e = await start(first.port, { log: (l) => lines.push(l) }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(errorIs(e, netErrors.addressInUse)).toBe(true);
    expect(lines).toEqual(['Exception: Address already in use']);
  } finally {
    await first.stop();
  }
});

test("the tour's form (npm start) starts, exchanges one line, stops", async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines[0]).toBe('echo-server: echo Exception: End of file');
  expect(lines[1]).toMatch(/^echo-server: port \d+ echoed "hello, echo_server.cpp\\n", then stopped$/);
});

describe('as a script, in a child process', () => {
  const script = join(__dirname, 'dist', 'echo-server.js');
  beforeAll(() => {
    if (!existsSync(script)) throw new Error('examples/dist/echo-server.js is not built: run `npm run build`');
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('%s stops the context: the process ends by itself (exit code 0) with a client still connected, whose connection closes', async (signal) => {
    const child = runScript(script, ['0']);
    const port = Number((await child.line(/listening on port (\d+)/))[1]);
    const client = await connect(port);
    const closed = receiveAll(client);
    client.write('before the signal');
    await new Promise((resolve) => client.once('data', resolve));
    process.kill(child.child.pid!, signal);
    const end = await child.ended;
    expect(end.stderr).toBe('');
    expect(end.signal).toBeNull();
    expect(end.code).toBe(0);
    expect(end.stdout).toMatch(/echo server stopped\n$/);
    expect((await closed).toString()).toBe('before the signal');
  });
});
