// The port of Asio's timeouts async_tcp_client against Node `net` servers on 127.0.0.1: lines
// read within a deadline, a peer gone silent (the deadline closes the socket and the client
// stops), a deadline moved by every line, refused connects, and stop() from outside.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { IoContext } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { Client, main, run, type Timeouts } from './timeouts-client';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface LineServer {
  readonly server: Server;
  readonly endpoint: tcp.Endpoint;
  /** Every byte the clients sent (their heartbeats). */
  received(): string;
  /** Resolves when the first connection closed. */
  readonly closed: Promise<void>;
  close(): void;
}

/** A server on 127.0.0.1 that runs `session` for each connection. */
async function lineServer(session: (s: Socket) => void): Promise<LineServer> {
  let got = '';
  const sockets = new Set<Socket>();
  let closedResolve!: () => void;
  const closed = new Promise<void>((r) => (closedResolve = r));
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', closedResolve);
    session(s);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    endpoint: new tcp.Endpoint('127.0.0.1', (server.address() as AddressInfo).port),
    received: () => got,
    closed,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** A port on 127.0.0.1 nothing listens on. */
async function closedEndpoint(): Promise<tcp.Endpoint> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  server.close();
  await once(server, 'close');
  return new tcp.Endpoint('127.0.0.1', port);
}

/**
 * A client on its own IoContext, started on `endpoints`: what it printed, when (`at`), and `done`,
 * which resolves with the time run() returned (the client stopped).
 */
function startClient(endpoints: tcp.Endpoint[], timeouts: Timeouts) {
  const ioc = new IoContext();
  const out: string[] = [];
  const at: number[] = [];
  const client = new Client(ioc, (l) => out.push(l) + at.push(performance.now()), timeouts);
  client.start(endpoints);
  return { client, out, at, done: ioc.run().then(() => performance.now()) };
}

test('lines are received; a peer gone silent: the read deadline closes the socket and the client stops', async () => {
  const peer = await lineServer((s) => {
    s.write('one\n\ntwo\nthr'); // an empty line is a heartbeat: ignored
    setTimeout(() => s.write('ee\n'), 20); // a line in two pieces
  });
  try {
    const { out, at, done } = startClient([peer.endpoint], { read: 250, heartbeat: 60_000 });
    const ended = await done;
    expect(ended - at[4]!).toBeGreaterThanOrEqual(245); // the deadline, set as the last line's handler read on
    expect(out).toEqual([
      `Trying ${peer.endpoint}...`,
      `Connected to ${peer.endpoint}`,
      'Received: one',
      'Received: two',
      'Received: three',
      'Error on receive: Operation canceled',
    ]);
    await peer.closed; // stop() closed the connection
    expect(peer.received()).toBe('\n'); // the first heartbeat, written once connected
  } finally {
    peer.close();
  }
});

test('every line moves the deadline: a peer that talks faster than the deadline is never cut off', async () => {
  const peer = await lineServer((s) => {
    let i = 0;
    const t = setInterval(() => s.write(`line ${++i}\n`), 10);
    s.on('close', () => clearInterval(t));
  });
  try {
    const { client, out, done } = startClient([peer.endpoint], { read: 300, heartbeat: 60_000 });
    // Long past the 300 ms deadline of the first read.
    while (out.filter((l) => l.startsWith('Received')).length < 50) await sleep(10);
    client.stop();
    await done;
    const received = out.slice(2);
    expect(received.length).toBeGreaterThanOrEqual(50);
    received.forEach((l, i) => expect(l).toBe(`Received: line ${i + 1}`)); // in order, none lost, no error
    await peer.closed;
  } finally {
    peer.close();
  }
});

test('heartbeats: "\\n" written every interval, on the heartbeat timer', async () => {
  const peer = await lineServer(() => {});
  try {
    const { client, out, done } = startClient([peer.endpoint], { read: 10_000, heartbeat: 20 });
    // The first right after the connect, then one every 20 ms: the fifth comes 80 ms after it.
    while (peer.received().length < 1) await sleep(1);
    const first = performance.now();
    while (peer.received().length < 5) await sleep(1);
    expect(performance.now() - first).toBeGreaterThanOrEqual(75);
    client.stop();
    await done;
    expect(out).toEqual([`Trying ${peer.endpoint}...`, `Connected to ${peer.endpoint}`]); // stop() prints nothing
    await peer.closed;
    expect(peer.received()).toMatch(/^\n{5,}$/);
  } finally {
    peer.close();
  }
});

test('a refused connect: the error, then the next endpoint', async () => {
  const refused = await closedEndpoint();
  const peer = await lineServer((s) => s.end('bye\n'));
  try {
    const { out, done } = startClient([refused, peer.endpoint], { connect: 5_000 });
    await done;
    expect(out).toEqual([
      `Trying ${refused}...`,
      'Connect error: Connection refused',
      `Trying ${peer.endpoint}...`,
      `Connected to ${peer.endpoint}`,
      'Received: bye',
      'Error on receive: End of file',
    ]);
  } finally {
    peer.close();
  }
});

test('no endpoint left: the client stops', async () => {
  const a = await closedEndpoint();
  const { out, done } = startClient([a, a], {});
  await done;
  expect(out).toEqual([`Trying ${a}...`, 'Connect error: Connection refused', `Trying ${a}...`, 'Connect error: Connection refused']);
  const none = startClient([], {});
  await none.done;
  expect(none.out).toEqual([]);
});

test('stop() while connecting: the connect handler returns and nothing more happens', async () => {
  const peer = await lineServer(() => {});
  try {
    const { client, out, done } = startClient([peer.endpoint], {});
    client.stop(); // before the connect completed: the socket is closed, the timers cancelled
    await done;
    expect(out).toEqual([`Trying ${peer.endpoint}...`]);
  } finally {
    peer.close();
  }
});

test("run(): Asio's main, resolving the host first", async () => {
  const peer = await lineServer((s) => s.end('résumé\n')); // UTF-8 bytes, printed as the text they encode
  try {
    const out: string[] = [];
    await run('127.0.0.1', String(peer.endpoint.port), (l) => out.push(l), { read: 5_000 });
    expect(out.slice(1)).toEqual([`Connected to ${peer.endpoint}`, 'Received: résumé', 'Error on receive: End of file']);
  } finally {
    peer.close();
  }
});

test("the tour's run: two lines, the read deadline, heartbeats seen by the server", async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines.slice(1, 5)).toEqual(['  Connected to ' + lines[0]!.slice('  Trying '.length, -3), '  Received: first line', '  Received: second line', '  Error on receive: Operation canceled']);
  expect(lines[5]).toMatch(/^the server received [1-9]\d* heartbeats/);
});
