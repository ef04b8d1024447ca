// Asio's HTTP client example (src/examples/cpp11/http/client/async_client.cpp), ported handler
// by handler: resolve, connect to the first endpoint that accepts, write a GET request, read the
// status line and the headers with asyncReadUntil, then the body with asyncRead and
// transferAtLeast(1) until eof. Each step starts the next from its completion handler, as the
// C++ binds member functions. `print` stands for std::cout and gets the same bytes.
//
// Run it: node examples/dist/http-async-client.js <server> <port> <path>
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorIs, errors, IoContext, type SystemError } from '@asio-ts/core';
import { asyncRead, asyncReadUntil, asyncWrite, Streambuf, transferAtLeast } from '@asio-ts/io';
import { asyncConnect, tcp } from '@asio-ts/net';

/** Where the client's output goes (the C++ writes to std::cout): text, or body bytes as read. */
export type Print = (chunk: string | Uint8Array) => void;

/** `std::getline` on the streambuf: the bytes up to the next '\n' as latin1 text (one char per byte), consumed with it; null when there is none. */
function getline(sb: Streambuf): string | null {
  const data = sb.data();
  const end = data.indexOf(0x0a);
  if (end === -1) return null;
  const line = Buffer.from(data.buffer, data.byteOffset, end).toString('latin1');
  sb.consume(end + 1);
  return line;
}

/**
 * `std::istream response_stream(&response_)` over what the streambuf holds: `>>` skips
 * whitespace (newlines too) and reads a word, or an `unsigned int` (a sign allowed, a negative one
 * wrapping, an overflow failing the stream, as `num_get` does); `getline` takes the rest of the
 * line. Reaching the end of the data sets eof, after which every extraction fails, as the
 * stream's sentry does. What is read is consumed.
 */
class ResponseStream {
  readonly #sb: Streambuf;
  #eof = false;
  /** `!response_stream`: an extraction failed. */
  failed = false;

  constructor(sb: Streambuf) {
    this.#sb = sb;
  }

  #text(): string {
    const data = this.#sb.data();
    return Buffer.from(data.buffer, data.byteOffset, data.length).toString('latin1');
  }

  /** Skip the C locale's whitespace; false (the stream failed) at the end of the data. */
  #sentry(text: string): number | null {
    if (this.#eof || this.failed) {
      this.failed = true;
      return null;
    }
    const at = /^[ \t\n\v\f\r]*/.exec(text)![0].length;
    if (at === text.length) {
      this.#eof = this.failed = true;
      this.#sb.consume(at);
      return null;
    }
    return at;
  }

  /** `>> std::string`. */
  word(): string {
    const text = this.#text();
    const at = this.#sentry(text);
    if (at === null) return '';
    const w = /^[^ \t\n\v\f\r]*/.exec(text.slice(at))![0];
    if (at + w.length === text.length) this.#eof = true;
    this.#sb.consume(at + w.length);
    return w;
  }

  /** `>> unsigned int`: the value, or null once the stream failed. */
  unsigned(): number | null {
    const text = this.#text();
    const at = this.#sentry(text);
    if (at === null) return null;
    const m = /^([+-]?)(\d*)/.exec(text.slice(at))!;
    if (at + m[0].length === text.length) this.#eof = true;
    this.#sb.consume(at + m[0].length);
    const n = Number(m[2]);
    if (m[2] === '' || n > 0xffffffff) {
      this.failed = true;
      return null;
    }
    return m[1] === '-' ? (0x100000000 - n) % 0x100000000 : n;
  }

  /** `std::getline`: up to and including the next '\n', or to the end of the data (eof). */
  getline(): void {
    if (this.#eof || this.failed) {
      this.failed = true;
      return;
    }
    const data = this.#sb.data();
    const end = data.indexOf(0x0a);
    if (end !== -1) return this.#sb.consume(end + 1);
    this.#eof = true;
    if (data.length === 0) this.failed = true;
    this.#sb.consume(data.length);
  }
}

/** `std::cout << &streambuf`: print every byte in it, and consume them. */
function printAll(print: Print, sb: Streambuf): void {
  print(sb.data().slice()); // a copy: the sink may keep it after the buffer moved on
  sb.consume(sb.size());
}

/** `std::cout << err` for an error_code: its category and value. */
const code = (err: SystemError): string => `${err.category.name}:${err.value}`;

/** Asio's `client` class of async_client.cpp. */
export class Client {
  readonly #resolver: tcp.Resolver;
  readonly #socket: tcp.Socket;
  readonly #request = new Streambuf();
  readonly #response = new Streambuf();
  readonly #print: Print;

  constructor(ioContext: IoContext, server: string, port: number | string, path: string, print: Print) {
    this.#resolver = new tcp.Resolver(ioContext);
    this.#socket = new tcp.Socket(ioContext);
    this.#print = print;
    // "Connection: close": the server closes the socket after the response, so all data up to
    // eof is the content.
    this.#request.sputn(`GET ${path} HTTP/1.0\r\n`);
    this.#request.sputn(`Host: ${server}\r\n`);
    this.#request.sputn('Accept: */*\r\n');
    this.#request.sputn('Connection: close\r\n\r\n');

    // Asio resolves the service "http"; the port is a parameter here so that tests and the tour
    // can use a local server.
    this.#resolver.asyncResolve(server, port, (err, endpoints) => this.#handleResolve(err, endpoints));
  }

  #handleResolve(err: SystemError | null, endpoints: readonly tcp.Endpoint[]): void {
    if (!err) {
      // Try each endpoint in turn until one accepts.
      asyncConnect(this.#socket, endpoints, (e) => this.#handleConnect(e));
    } else {
      this.#print(`Error: ${err.message}\n`);
    }
  }

  #handleConnect(err: SystemError | null): void {
    if (!err) {
      // Connected: send the request (the bytes written are consumed from the streambuf).
      asyncWrite(this.#socket, this.#request, (e) => this.#handleWriteRequest(e));
    } else {
      this.#print(`Error: ${err.message}\n`);
    }
  }

  #handleWriteRequest(err: SystemError | null): void {
    if (!err) {
      // The status line. The streambuf grows to hold the whole line (a maxSize would bound it).
      asyncReadUntil(this.#socket, this.#response, '\r\n', (e) => this.#handleReadStatusLine(e));
    } else {
      this.#print(`Error: ${err.message}\n`);
    }
  }

  #handleReadStatusLine(err: SystemError | null): void {
    if (!err) {
      // `response_stream >> http_version >> status_code; getline(status_message)`.
      const stream = new ResponseStream(this.#response);
      const httpVersion = stream.word();
      const statusCode = stream.unsigned();
      stream.getline();
      if (stream.failed || statusCode === null || httpVersion.slice(0, 5) !== 'HTTP/') {
        this.#print('Invalid response\n');
        return;
      }
      if (statusCode !== 200) {
        this.#print('Response returned with status code ');
        this.#print(`${statusCode}\n`);
        return;
      }
      // The headers end with a blank line.
      asyncReadUntil(this.#socket, this.#response, '\r\n\r\n', (e) => this.#handleReadHeaders(e));
    } else {
      this.#print(`Error: ${code(err)}\n`);
    }
  }

  #handleReadHeaders(err: SystemError | null): void {
    if (!err) {
      // Print the headers (each still ends with its '\r', as getline leaves it).
      let header: string | null;
      while ((header = getline(this.#response)) !== null && header !== '\r') this.#print(`${header}\n`);
      this.#print('\n');

      // Whatever content came with the headers.
      if (this.#response.size() > 0) printAll(this.#print, this.#response);

      // The rest of the content, until eof.
      asyncRead(this.#socket, this.#response, transferAtLeast(1), (e) => this.#handleReadContent(e));
    } else {
      this.#print(`Error: ${code(err)}\n`);
    }
  }

  #handleReadContent(err: SystemError | null): void {
    if (!err) {
      printAll(this.#print, this.#response);
      asyncRead(this.#socket, this.#response, transferAtLeast(1), (e) => this.#handleReadContent(e));
    } else if (!errorIs(err, errors.eof)) {
      this.#print(`Error: ${code(err)}\n`);
    }
  }
}

/**
 * Asio's `main`: one client on one IoContext, run until every handler ran. Resolves with all
 * the client printed, as bytes; `print` also gets each piece as it comes.
 */
export async function asyncClient(server: string, port: number | string, path: string, print?: (bytes: Uint8Array) => void): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  const ioContext = new IoContext();
  new Client(ioContext, server, port, path, (chunk) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    out.push(bytes);
    print?.(bytes);
  });
  await ioContext.run();
  return Buffer.concat(out);
}

/** The tour's short run: the client against a local Node http server (port 0), a 200 and a 404. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const page = 'Hello from a local server.\n'.repeat(3);
  const server: Server = createServer((req, res) => {
    res.sendDate = false; // the tour's output stays the same from run to run
    res.writeHead(req.url === '/page' ? 200 : 404, { 'Content-Type': 'text/plain' });
    res.end(req.url === '/page' ? page : 'no');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  for (const path of ['/page', '/elsewhere']) {
    const out = Buffer.from(await asyncClient('127.0.0.1', port, path)).toString('latin1');
    log(`GET ${path}:`);
    for (const line of out.replace(/\r/g, '').trimEnd().split('\n')) log(`  ${line}`);
  }
  server.close();
  await once(server, 'close');
}

if (require.main === module) {
  const [server, port, path] = process.argv.slice(2);
  if (server === undefined || port === undefined || path === undefined) {
    console.log('Usage: http-async-client <server> <port> <path>');
    console.log('Example:');
    console.log('  http-async-client www.boost.org 80 /LICENSE_1_0.txt');
    process.exitCode = 1;
  } else {
    asyncClient(server, port, path, (chunk) => process.stdout.write(chunk)).catch((e: unknown) => console.log(`Exception: ${e instanceof Error ? e.message : String(e)}`));
  }
}
