// The tests both chat servers pass (chat-server.test.ts, chat-fanout.test.ts): they differ only
// in how a session writes, so the room must behave the same through either.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatServer, ChatServerOptions } from '../chat-host';
import { lineClient, pythonChatClient, type LineClient } from './chat-clients';
import { connect, receiveAll, runScript } from './peers';

type Start = (ports?: readonly number[], options?: ChatServerOptions) => ChatServer;

const linesOf = (who: string, n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `${who} line ${from + i}`);
const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');
const ofSender = (lines: readonly string[], who: string): string[] => lines.filter((l) => l.startsWith(`${who} `));

async function withServer(start: Start, body: (server: ChatServer) => Promise<void>, ports: readonly number[] = [0]): Promise<void> {
  const server = start(ports);
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

export function chatServerTests(start: Start, main: (log: (line: string) => void) => Promise<void>, script: string): void {
  jest.setTimeout(30_000);

  test("the tour's form (npm start): one line reaches both clients, then the server stops", async () => {
    const lines: string[] = [];
    await main((l) => lines.push(l));
    expect(lines).toEqual([expect.stringMatching(/^chat-\w+: both clients got "hello, room\\n" and "hello, room\\n", then the server stopped$/)]);
  });

  test('3 Node clients and a Python client: every line from each reaches all of them (its sender too), in the same order, each sender in its own order', async () => {
    await withServer(start, async ({ ports: [port] }) => {
      const clients = await Promise.all(['a', 'b', 'c'].map(() => lineClient(port!)));
      const sent: Record<string, string[]> = { a: linesOf('a', 20), b: linesOf('b', 20), c: linesOf('c', 20), py: linesOf('py', 20) };
      const total = 80; // under the room's 100 recent messages: a late joiner still sees all
      const fromPython = pythonChatClient(port!, total, sent.py!);
      clients.forEach((c, i) => c.send(text(sent['abc'[i]!]!)));
      const seen = [...(await Promise.all(clients.map((c) => c.received(total)))), await fromPython];
      for (const lines of seen) {
        expect(lines).toEqual(seen[0]);
        for (const who of Object.keys(sent)) expect(ofSender(lines, who)).toEqual(sent[who]);
      }
      for (const c of clients) c.socket.destroy();
    });
  });

  test('clients leaving (a clean close, a reset, an over-long line) do not break the room', async () => {
    await withServer(start, async ({ ports: [port] }) => {
      const [a, b, quits, resets, rambles] = await Promise.all([0, 1, 2, 3, 4].map(() => lineClient(port!)));
      a!.send(text(linesOf('a', 5)));
      await Promise.all([a, b, quits, resets, rambles].map((c) => c!.received(5)));
      quits!.socket.end();
      resets!.socket.resetAndDestroy();
      // asyncReadUntil's limit is 1024 bytes: the session ends and closes the connection.
      rambles!.send('x'.repeat(2000));
      await rambles!.closed;
      await quits!.closed;
      // The room goes on: lines from both sides, while the others are gone.
      b!.send(text(linesOf('b', 5)));
      a!.send(text(linesOf('a', 5, 5)));
      for (const c of [a!, b!]) {
        const lines = await c.received(15);
        expect(ofSender(lines, 'a')).toEqual(linesOf('a', 10));
        expect(ofSender(lines, 'b')).toEqual(linesOf('b', 5));
      }
      expect(rambles!.lines).toEqual(linesOf('a', 5));
      for (const c of [a!, b!]) c.socket.destroy();
    });
  });

  test('a client joining late gets the room’s 100 recent messages first, then the new ones', async () => {
    await withServer(start, async ({ ports: [port] }) => {
      const a = await lineClient(port!);
      a.send(text(linesOf('a', 105)));
      await a.received(105); // the room has delivered all of them
      const late = await lineClient(port!);
      expect(await late.received(100)).toEqual(linesOf('a', 100, 5));
      a.send('after\n');
      expect((await late.received(101))[100]).toBe('after');
      for (const c of [a, late]) c.socket.destroy();
    });
  });

  test('each port has a room of its own, as each of Asio’s listeners does', async () => {
    await withServer(
      start,
      async ({ ports }) => {
        expect(ports).toHaveLength(2);
        const [one, two] = await Promise.all(ports.map((p) => lineClient(p)));
        one!.send('to room one\n');
        two!.send('to room two\n');
        expect(await one!.received(1)).toEqual(['to room one']);
        expect(await two!.received(1)).toEqual(['to room two']);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect([one!.lines, two!.lines]).toEqual([['to room one'], ['to room two']]);
        for (const c of [one!, two!]) c.socket.destroy();
      },
      [0, 0],
    );
  });

  test('stop() closes every connection and the acceptor', async () => {
    const server = start([0]);
    const clients: LineClient[] = await Promise.all([0, 1].map(() => lineClient(server.ports[0]!)));
    clients[0]!.send('hello\n');
    await clients[1]!.received(1);
    await server.stop();
    await Promise.all(clients.map((c) => c.closed));
    await expect(connect(server.ports[0]!)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  describe('as a script, in a child process', () => {
    beforeAll(() => {
      if (!existsSync(script)) throw new Error(`${script} is not built: run \`npm run build\``);
    });

    test('SIGTERM stops the context: the process ends by itself (exit code 0), closing a connected client', async () => {
      const child = runScript(script, ['0', '0']);
      const [, first] = await child.line(/listening on port (\d+), port (\d+)/);
      const client = await connect(Number(first));
      const closed = receiveAll(client);
      client.write('hello\n');
      await new Promise((resolve) => client.once('data', resolve));
      process.kill(child.child.pid!, 'SIGTERM');
      const end = await child.ended;
      expect([end.code, end.signal, end.stderr]).toEqual([0, null, '']);
      expect(end.stdout).toMatch(/stopped\n$/);
      expect((await closed).toString()).toBe('hello\n');
    });

    test('without a port it prints the usage and fails', async () => {
      const end = await runScript(script, []).ended;
      expect(end.code).toBe(1);
      expect(end.stderr).toMatch(/^Usage: chat_\w+ <port> \[<port> \.\.\.\]\n$/);
    });
  });
}

export const distScript = (name: string): string => join(__dirname, '..', 'dist', `${name}.js`);

/** Socket writes the server made while `lines` lines sent at once by one of `clients` clients reached them all. */
export async function socketWritesFor(start: Start, clients: number, lines: number): Promise<{ writes: number; delivered: number }> {
  const { tcp } = await import('@asio-ts/net');
  const spy = jest.spyOn(tcp.Socket.prototype, 'asyncWriteSome');
  let writes = 0;
  try {
    await withServer(start, async ({ ports: [port] }) => {
      const all = await Promise.all(Array.from({ length: clients }, () => lineClient(port!)));
      // Every session has joined once each has the first line; the rest is sent at once.
      all[0]!.send('first\n');
      await Promise.all(all.map((c) => c.received(1)));
      spy.mockClear();
      all[0]!.socket.write(text(linesOf('a', lines)));
      await Promise.all(all.map((c) => c.received(1 + lines)));
      writes = spy.mock.calls.length;
      for (const c of all) c.socket.destroy();
    });
  } finally {
    spy.mockRestore();
  }
  return { writes, delivered: clients * lines };
}
