// The timeouts client against Python 3 peers on 127.0.0.1: a listener that never accepts (the
// connect deadline), and a server that counts the heartbeats it receives.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { IoContext } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { Client, type Timeouts } from './timeouts-client';

// Listens with a backlog of 0 and fills its accept queue with connections of its own, then never
// accepts: Linux drops every further SYN, so a connect to it neither succeeds nor fails.
const neverAccepts = `
import socket, sys
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(0)
port = s.getsockname()[1]
fillers = []
for _ in range(2):
    f = socket.socket()
    f.setblocking(False)
    try:
        f.connect(('127.0.0.1', port))
    except BlockingIOError:
        pass
    fillers.append(f)
print(port, flush=True)
sys.stdin.read()
`;

// Sends a line, reads until it counted 3 heartbeats, says so, shuts down its sending side and
// reads on until the client closes; prints every byte count it received.
const countsHeartbeats = `
import socket
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
c.sendall(b'hello\\n')
got = b''
while got.count(b'\\n') < 3:
    got += c.recv(100)
c.sendall(b'got 3 heartbeats or more\\n')
c.shutdown(socket.SHUT_WR)
while True:
    d = c.recv(100)
    if not d:
        break
    got += d
print('received', len(got), 'bytes, all newlines:', got == b'\\n' * len(got), flush=True)
`;

type Python = ChildProcessByStdio<Writable, Readable, null>;

/** Start a Python peer; resolves with it and the port it printed first. */
async function python(script: string): Promise<{ py: Python; port: number; lines: string[] }> {
  const py = spawn('python3', ['-u', '-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let rest = '';
  const port = await new Promise<number>((resolve, reject) => {
    py.on('error', reject);
    py.stdout.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
      if (lines.length > 0) resolve(Number(lines[0]));
    });
  });
  return { py, port, lines };
}

function startClient(endpoints: tcp.Endpoint[], timeouts: Timeouts) {
  const ioc = new IoContext();
  const out: string[] = [];
  const at: number[] = [];
  const client = new Client(ioc, (l) => out.push(l) + at.push(performance.now()), timeouts);
  client.start(endpoints);
  return { client, out, at, done: ioc.run() };
}

test('a listener that never accepts: the connect deadline closes the socket, and the next endpoint is tried', async () => {
  const { py, port } = await python(neverAccepts);
  const server = createServer((s) => s.end('bye\n'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const stuck = new tcp.Endpoint('127.0.0.1', port);
    const good = new tcp.Endpoint('127.0.0.1', (server.address() as AddressInfo).port);
    const { out, at, done } = startClient([stuck, good], { connect: 200, read: 5_000 });
    await done;
    expect(out).toEqual([
      `Trying ${stuck}...`,
      'Connect timed out',
      `Trying ${good}...`,
      `Connected to ${good}`,
      'Received: bye',
      'Error on receive: End of file',
    ]);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(195);
  } finally {
    py.stdin.end();
    server.close();
  }
}, 15_000);

test('a Python peer counts the heartbeats, then closes: the client reads its lines to eof and stops', async () => {
  const { py, port, lines } = await python(countsHeartbeats);
  const exited = once(py, 'exit');
  const endpoint = new tcp.Endpoint('127.0.0.1', port);
  const { out, done } = startClient([endpoint], { read: 5_000, heartbeat: 20 });
  await done;
  await exited;
  expect(out).toEqual([`Trying ${endpoint}...`, `Connected to ${endpoint}`, 'Received: hello', 'Received: got 3 heartbeats or more', 'Error on receive: End of file']);
  expect(lines[1]).toMatch(/^received [3-9]\d* bytes, all newlines: True$/);
}, 15_000);
