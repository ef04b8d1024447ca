// The port of Asio's async_client against real peers on 127.0.0.1: Node's `http` server, a raw
// `net` server for the malformed and cut-short responses, and Python's http.server.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncClient, main } from './http-async-client';

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** A server listening on 127.0.0.1 at a free port, closed after `body` ran. */
async function withServer<S extends Server | HttpServer>(server: S, body: (port: number) => Promise<void>): Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => sockets.add(s).size);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    await body((server.address() as AddressInfo).port);
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
}

/** Split the client's output where Asio's prints the blank line after the headers. */
function splitOutput(out: Uint8Array): { headers: string[]; body: Buffer } {
  const b = Buffer.from(out);
  const end = b.indexOf('\r\n\n');
  expect(end).toBeGreaterThan(0);
  return { headers: b.subarray(0, end).toString('latin1').split('\r\n'), body: b.subarray(end + 3) };
}

test('a 200 response: the headers, then the body byte for byte (several hundred KB, read until eof)', async () => {
  const body = randomBytes(300 * 1024 + 17);
  let request: IncomingMessage | undefined;
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    request = req;
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'X-Test': 'yes' });
    res.end(body);
  });
  await withServer(server, async (port) => {
    const out = await asyncClient('127.0.0.1', port, '/blob');
    const { headers, body: printed } = splitOutput(out);
    expect(headers).toContain('Content-Type: application/octet-stream');
    expect(headers).toContain('X-Test: yes');
    expect(headers.some((h) => h.startsWith('HTTP/'))).toBe(false); // the status line is not printed
    expect(printed.equals(body)).toBe(true);
  });
  // The request the C++ forms, byte for byte in its headers.
  expect(request?.method).toBe('GET');
  expect(request?.url).toBe('/blob');
  expect(request?.httpVersion).toBe('1.0');
  expect(request?.rawHeaders).toEqual(['Host', '127.0.0.1', 'Accept', '*/*', 'Connection', 'close']);
});

test('a 404 is reported with its status code, and nothing else is printed', async () => {
  const server = createHttpServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not here');
  });
  await withServer(server, async (port) => {
    expect(text(await asyncClient('127.0.0.1', port, '/missing'))).toBe('Response returned with status code 404\n');
  });
});

test('Connection: close: a body Node writes in pieces without a length comes unchunked, delimited by the close', async () => {
  const pieces = ['first piece\n', 'x'.repeat(70_000), '\nlast piece\n'];
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    let i = 0;
    const next = (): void => {
      if (i === pieces.length) return void res.end();
      res.write(pieces[i++], () => setTimeout(next, 5));
    };
    next();
  });
  await withServer(server, async (port) => {
    const { headers, body } = splitOutput(await asyncClient('127.0.0.1', port, '/stream'));
    expect(headers.some((h) => /^transfer-encoding/i.test(h))).toBe(false); // HTTP/1.0: no chunked framing
    expect(headers).toContain('Connection: close');
    expect(body.toString('latin1')).toBe(pieces.join(''));
  });
});

test('a chunked body the server forces on HTTP/1.0 is printed with its framing: the C++ decodes no chunks', async () => {
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
    res.write('abc');
    res.end('defg');
  });
  await withServer(server, async (port) => {
    const { headers, body } = splitOutput(await asyncClient('127.0.0.1', port, '/chunked'));
    expect(headers).toContain('Transfer-Encoding: chunked');
    expect(body.toString('latin1')).toBe('3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n');
  });
});

/** A raw TCP server that answers any request with `reply` and closes. */
const rawServer = (reply: string): Server =>
  createNetServer((s) => {
    s.once('data', () => s.end(reply));
    s.on('error', () => {});
  });

test('a status line that is not HTTP is an invalid response', async () => {
  await withServer(rawServer('ICY 200 OK\r\n\r\nsome bytes'), async (port) => {
    expect(text(await asyncClient('127.0.0.1', port, '/'))).toBe('Invalid response\n');
  });
  await withServer(rawServer('HTTP/1.0 OK\r\n\r\n'), async (port) => {
    expect(text(await asyncClient('127.0.0.1', port, '/'))).toBe('Invalid response\n'); // no status code
  });
});

test("the status line is read as C++'s istream >> reads it: whitespace and newlines skipped, a sign taken, an overflow failing", async () => {
  const cases: Array<[reply: string, printed: string]> = [
    ['\r\nHTTP/1.0 200 OK\r\nA: 1\r\n\r\n', 'A: 1\r\n\n'], // a blank line first: >> skips it
    ['HTTP/1.0 +200 OK\r\nB: 2\r\n\r\n', 'B: 2\r\n\n'],
    ['HTTP/1.0 -1 No\r\n\r\n', 'Response returned with status code 4294967295\n'], // unsigned wraps
    ['HTTP/1.0 99999999999 No\r\n\r\n', 'Invalid response\n'], // past unsigned int: the stream fails
  ];
  for (const [reply, printed] of cases) {
    await withServer(rawServer(reply), async (port) => {
      expect(text(await asyncClient('127.0.0.1', port, '/'))).toBe(printed);
    });
  }
});

/** A server that sends `first`, then, 50 ms later (a second TCP segment: Nagle is off), `rest`. */
const splitServer = (first: string, rest: string): Server =>
  createNetServer((s) => {
    s.setNoDelay(true);
    s.once('data', () => {
      s.write(first);
      setTimeout(() => s.end(rest), 50);
    });
    s.on('error', () => {});
  });

test('a status line split over two reads: the stream reaches the end of what was read, as the C++ istream does', async () => {
  const cases: Array<[first: string, rest: string, printed: string]> = [
    // A blank line first: read_until's '\r\n' is there at once, the rest of the first read with it.
    ['\r\nHTTP/1.0 2', '00 OK\r\nA: 1\r\n\r\n', 'Invalid response\n'], // >> hit the end: eof, getline fails
    ['\r\nHTTP/1.0 200', ' OK\r\nA: 1\r\n\r\n', 'Invalid response\n'],
    // getline took " OK" to the end (eof only, the stream good); the header lines then start with
    // the rest's "\r\n", an empty header that ends them: "\n", then what follows, as content.
    ['\r\nHTTP/1.0 200 OK', '\r\nA: 1\r\n\r\n', '\nA: 1\r\n\r\n'],
  ];
  for (const [first, rest, printed] of cases) {
    await withServer(splitServer(first, rest), async (port) => {
      expect(text(await asyncClient('127.0.0.1', port, '/'))).toBe(printed);
    });
  }
});

test('the content that came with the headers is printed before the body is read on', async () => {
  await withServer(rawServer('HTTP/1.0 200 OK\r\nA: 1\r\n\r\nbody with the headers'), async (port) => {
    const pieces: string[] = [];
    const out = await asyncClient('127.0.0.1', port, '/', (c) => pieces.push(text(c)));
    expect(text(out)).toBe('A: 1\r\n\nbody with the headers');
    expect(pieces).toEqual(['A: 1\r\n', '\n', 'body with the headers']);
  });
});

test('a peer that closes before the headers end: the error is printed as Asio prints an error_code', async () => {
  await withServer(rawServer('HTTP/1.0 200 OK\r\nA: 1\r\n'), async (port) => {
    expect(text(await asyncClient('127.0.0.1', port, '/'))).toBe('Error: misc:2\n'); // eof, asio.misc:2 in C++
  });
  await withServer(rawServer(''), async (port) => {
    expect(text(await asyncClient('127.0.0.1', port, '/'))).toBe('Error: misc:2\n'); // no status line
  });
});

test('nothing listening: the connect error message', async () => {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  server.close();
  await once(server, 'close');
  expect(text(await asyncClient('127.0.0.1', port, '/'))).toBe('Error: Connection refused\n');
});

test("Python's http.server as the peer: a file served byte for byte", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'asio-http-'));
  const license = Buffer.concat([Buffer.from('Boost Software License - Version 1.0\n'), randomBytes(200 * 1024)]);
  writeFileSync(join(dir, 'LICENSE_1_0.txt'), license);
  const py = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let said = '';
    const port = await new Promise<number>((resolve, reject) => {
      py.on('error', reject);
      py.stdout.on('data', (d: Buffer) => {
        said += d.toString();
        const m = / port (\d+)/.exec(said);
        if (m) resolve(Number(m[1]));
      });
    });
    const { headers, body } = splitOutput(await asyncClient('127.0.0.1', port, '/LICENSE_1_0.txt'));
    expect(headers).toContain(`Content-Length: ${license.length}`);
    expect(body.equals(license)).toBe(true);
    expect(text(await asyncClient('127.0.0.1', port, '/nope'))).toBe('Response returned with status code 404\n');
  } finally {
    py.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}, 20_000);

test("the tour's run: a page and a 404 from a local server", async () => {
  const lines: string[] = [];
  await main((l) => lines.push(l));
  expect(lines).toEqual([
    'GET /page:',
    '  Content-Type: text/plain',
    '  Connection: close',
    '  ',
    ...Array(3).fill('  Hello from a local server.'),
    'GET /elsewhere:',
    '  Response returned with status code 404',
  ]);
});
