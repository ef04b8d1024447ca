// Asio's timeouts example (src/examples/cpp11/timeouts/async_tcp_client.cpp), ported member by
// member. Deadlines are enforced by one actor, check_deadline, waiting on the `deadline`
// SteadyTimer for the client's whole life: when the deadline has passed it closes the socket,
// which cancels whatever operation is outstanding.
//
// - The connect actor (startConnect/handleConnect) tries each endpoint in turn, each with a
//   deadline; a connect the deadline closed shows as a closed socket, and the next endpoint is
//   tried.
// - Once connected it forks into an input actor (startRead/handleRead), reading '\n'-delimited
//   lines each within a deadline, and a heartbeat actor (startWrite/handleWrite), writing "\n"
//   every interval on a second timer, with no deadline.
// - stop() ends every actor: the socket is closed and both timers cancelled.
//
// Asio fixes the times at 60 s (connect), 30 s (read) and 10 s (heartbeat); they are options
// here, with those defaults, so tests and the tour can run the same code in milliseconds.
//
// Run it: node examples/dist/timeouts-client.js <host> <port>
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { IoContext, SteadyTimer, type SystemError } from '@asio-ts/core';
import { asyncReadUntil, asyncWrite, dynamicStringBuffer, type StringRef } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';

/** The client's deadlines and heartbeat interval, in milliseconds. */
export interface Timeouts {
  readonly connect?: number;
  readonly read?: number;
  readonly heartbeat?: number;
}

const heartbeatMessage = new Uint8Array([0x0a]); // a single '\n'

/** Asio's `client` class of async_tcp_client.cpp; `print` stands for std::cout, one line a call. */
export class Client {
  #stopped = false;
  #endpoints: readonly tcp.Endpoint[] = [];
  readonly #socket: tcp.Socket;
  readonly #inputBuffer: StringRef = { value: '' }; // bytes, one char each (a std::string)
  readonly #deadline: SteadyTimer;
  readonly #heartbeatTimer: SteadyTimer;
  readonly #print: (line: string) => void;
  readonly #connectTimeout: number;
  readonly #readTimeout: number;
  readonly #heartbeatInterval: number;

  constructor(ioContext: IoContext, print: (line: string) => void = console.log, timeouts: Timeouts = {}) {
    this.#socket = new tcp.Socket(ioContext);
    this.#deadline = new SteadyTimer(ioContext);
    this.#heartbeatTimer = new SteadyTimer(ioContext);
    this.#print = print;
    this.#connectTimeout = timeouts.connect ?? 60_000;
    this.#readTimeout = timeouts.read ?? 30_000;
    this.#heartbeatInterval = timeouts.heartbeat ?? 10_000;
  }

  /** Start connecting to `endpoints` (a tcp.Resolver's results) and start the deadline actor. */
  start(endpoints: readonly tcp.Endpoint[]): void {
    this.#endpoints = endpoints;
    this.#startConnect(0);

    // No deadline is set here: the connect and input actors set one before each operation.
    this.#deadline.asyncWait(() => this.#checkDeadline());
  }

  /** End every actor: called by the user, or by the client on the end of its endpoints or an error. */
  stop(): void {
    this.#stopped = true;
    this.#socket.close(); // never throws: Asio's close(ignored_error)
    this.#deadline.cancel();
    this.#heartbeatTimer.cancel();
  }

  #startConnect(endpointIter: number): void {
    const endpoint = this.#endpoints[endpointIter];
    if (endpoint !== undefined) {
      this.#print(`Trying ${endpoint}...`);

      this.#deadline.expiresAfter(this.#connectTimeout);

      this.#socket.asyncConnect(endpoint, (error) => this.#handleConnect(error, endpointIter));
    } else {
      // No endpoint left.
      this.stop();
    }
  }

  #handleConnect(error: SystemError | null, endpointIter: number): void {
    if (this.#stopped) return;

    // asyncConnect opens the socket when it starts: closed now means the deadline actor ran.
    if (!this.#socket.isOpen()) {
      this.#print('Connect timed out');
      this.#startConnect(endpointIter + 1);
    } else if (error) {
      // Failed before the deadline.
      this.#print(`Connect error: ${error.message}`);
      // The next attempt needs a fresh socket.
      this.#socket.close();
      this.#startConnect(endpointIter + 1);
    } else {
      this.#print(`Connected to ${this.#endpoints[endpointIter]}`);
      this.#startRead();
      this.#startWrite();
    }
  }

  #startRead(): void {
    this.#deadline.expiresAfter(this.#readTimeout);

    asyncReadUntil(this.#socket, dynamicStringBuffer(this.#inputBuffer), '\n', (error, n) => this.#handleRead(error, n));
  }

  #handleRead(error: SystemError | null, n: number): void {
    if (this.#stopped) return;

    if (!error) {
      // The line without its '\n'; bytes after it stay for the next read.
      const line = Buffer.from(this.#inputBuffer.value.slice(0, n - 1), 'latin1').toString('utf8');
      this.#inputBuffer.value = this.#inputBuffer.value.slice(n);

      // Empty lines are the server's heartbeats.
      if (line !== '') this.#print(`Received: ${line}`);

      this.#startRead();
    } else {
      this.#print(`Error on receive: ${error.message}`);
      this.stop();
    }
  }

  #startWrite(): void {
    if (this.#stopped) return;

    asyncWrite(this.#socket, heartbeatMessage, (error) => this.#handleWrite(error));
  }

  #handleWrite(error: SystemError | null): void {
    if (this.#stopped) return;

    if (!error) {
      this.#heartbeatTimer.expiresAfter(this.#heartbeatInterval);
      this.#heartbeatTimer.asyncWait(() => this.#startWrite());
    } else {
      this.#print(`Error on heartbeat: ${error.message}`);
      this.stop();
    }
  }

  #checkDeadline(): void {
    if (this.#stopped) return;

    // Compared with now: a new operation may have moved the deadline since this wait began.
    if (this.#deadline.expiry() <= SteadyTimer.now()) {
      // Closing the socket cancels whatever is outstanding on it.
      this.#socket.close();

      // No active deadline until an actor sets a new one.
      this.#deadline.expiresAt(Infinity);
    }

    this.#deadline.asyncWait(() => this.#checkDeadline());
  }
}

/**
 * Asio's `main`: resolve `host` and `port`, start a client on the endpoints, run the IoContext
 * until the client stopped. Asio resolves synchronously before `start`; here `start` runs in the
 * resolve's handler. Resolves with the client, stopped.
 */
export async function run(host: string, port: number | string, print: (line: string) => void = console.log, timeouts: Timeouts = {}): Promise<Client> {
  const ioContext = new IoContext();
  const r = new tcp.Resolver(ioContext);
  const c = new Client(ioContext, print, timeouts);
  r.asyncResolve(host, port, (err, endpoints) => {
    if (err) print(`Exception: ${err.message}`);
    else c.start(endpoints);
  });
  await ioContext.run();
  return c;
}

/**
 * The tour's short run: a local server (port 0) sends two lines and goes silent; the client, with
 * a 100 ms read deadline and a heartbeat every 20 ms, reads them, times out and stops.
 */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  let heartbeats = 0;
  const server = createServer((s) => {
    s.on('data', (d: Buffer) => (heartbeats += d.length));
    s.on('error', () => {});
    s.write('first line\nsecond line\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  await run('127.0.0.1', (server.address() as AddressInfo).port, (line) => log(`  ${line}`), { read: 100, heartbeat: 20 });
  log(`the server received ${heartbeats} heartbeats ("\\n" every 20 ms)`);
  server.close();
  await once(server, 'close');
}

if (require.main === module) {
  const [host, port] = process.argv.slice(2);
  if (host === undefined || port === undefined) {
    console.error('Usage: timeouts-client <host> <port>');
    process.exitCode = 1;
  } else {
    void run(host, port);
  }
}
