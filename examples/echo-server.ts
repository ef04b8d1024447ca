// Asio's src/examples/cpp20/coroutines/echo_server.cpp, ported line by line onto tcp.Acceptor,
// tcp.Socket and SignalSet: a coSpawned listener accepts, one coSpawned echo coroutine per
// connection, SIGINT or SIGTERM stops the context. docs/porting.md ("Asio's examples, side by
// side") lists what differs and why.
//
//   node examples/dist/echo-server.js [port] [address]   (default 55557 on 127.0.0.1)
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { coSpawn, detached, IoContext, thisCoro, useAwaitable } from '@asio-ts/core';
import { asyncWrite, buffer } from '@asio-ts/io';
import { SignalSet, tcp } from '@asio-ts/net';
import { OpenObjects } from './open-objects';

type Log = (line: string) => void;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function echo(socket: tcp.Socket, log: Log): Promise<void> {
  try {
    const data = new Uint8Array(1024);
    for (;;) {
      const n = await socket.asyncReadSome(buffer(data), useAwaitable);
      await asyncWrite(socket, buffer(data, n), useAwaitable);
    }
  } catch (e) {
    log(`echo Exception: ${messageOf(e)}`); // "End of file" when the client is done, as in Asio
  } finally {
    socket.close(); // Asio: the socket's destructor, as the coroutine returns
  }
}

/** The listener's additions: where it listens, whom it tells the port, what it leaves open. */
interface ListenerSetup {
  readonly endpoint: tcp.Endpoint;
  readonly listening: (port: number) => void;
  readonly failed: (e: unknown) => void;
  readonly open: OpenObjects;
  readonly log: Log;
}

async function listener(ioContext: IoContext, setup: ListenerSetup): Promise<void> {
  try {
    const executor = thisCoro.executor;
    const acceptor = setup.open.add(new tcp.Acceptor(executor, setup.endpoint));
    setup.listening(acceptor.localEndpoint().port);
    for (;;) {
      const socket = setup.open.add(await acceptor.asyncAccept(useAwaitable));
      coSpawn(executor, () => echo(socket, setup.log), detached);
    }
  } catch (e) {
    setup.log(`Exception: ${messageOf(e)}`);
    setup.failed(e);
    ioContext.stop();
  }
}

export interface EchoServerOptions {
  /** The address to listen on: '127.0.0.1' by default (Asio's example takes every IPv4 interface, '0.0.0.0'). */
  readonly address?: string | undefined;
  /** Wait for SIGINT and SIGTERM as Asio's main does (for a process of its own: not in a Jest worker). */
  readonly signals?: boolean;
  /** Where the coroutines' messages go (Asio's printf): console.log by default. */
  readonly log?: Log;
}

export interface EchoServer {
  /** The port the acceptor listens on (the one chosen when started with 0). */
  readonly port: number;
  /** Do what the signal handler does (`ioContext.stop()`); resolves as `stopped` does. */
  stop(): Promise<void>;
  /** Resolves once run() returned and every socket and the acceptor are closed. */
  readonly stopped: Promise<void>;
}

/** Asio's main(), without blocking: resolves once the acceptor listens. */
export async function start(port = 0, options: EchoServerOptions = {}): Promise<EchoServer> {
  const log = options.log ?? console.log;
  const open = new OpenObjects();
  const ioContext = new IoContext();

  let signals: SignalSet | null = null;
  if (options.signals === true) {
    signals = new SignalSet(ioContext, 'SIGINT', 'SIGTERM');
    signals.asyncWait(() => ioContext.stop());
  }

  const bound = new Promise<number>((listening, failed) => {
    const endpoint = new tcp.Endpoint(options.address ?? '127.0.0.1', port);
    coSpawn(ioContext, () => listener(ioContext, { endpoint, listening, failed, open, log }), detached);
  });

  const stopped = ioContext.run().then(() => {
    // What destroying the io_context does in Asio (see open-objects.ts).
    signals?.cancel();
    signals?.clear();
    open.closeAll();
  });
  return {
    port: await bound,
    stop: () => {
      ioContext.stop();
      return stopped;
    },
    stopped,
  };
}

/** For the `npm start` tour: start on port 0, one client's exchange, stop. */
export async function main(log: Log = console.log): Promise<void> {
  const server = await start(0, { log: (line) => log(`echo-server: ${line}`) });
  const client = createConnection({ host: '127.0.0.1', port: server.port });
  let echoed = '';
  client.setEncoding('latin1').on('data', (d: string) => (echoed += d));
  client.end('hello, echo_server.cpp\n');
  await once(client, 'close'); // the server closed its end after the client's
  await server.stop();
  log(`echo-server: port ${server.port} echoed ${JSON.stringify(echoed)}, then stopped`);
}

if (require.main === module) {
  const port = process.argv[2] !== undefined ? Number(process.argv[2]) : 55557;
  start(port, { address: process.argv[3], signals: true }).then(
    async (server) => {
      console.log(`echo server listening on port ${server.port}`);
      await server.stopped;
      console.log('echo server stopped');
    },
    () => {
      // The listener printed the exception, as Asio's does; the exit status says it failed.
      process.exitCode = 1;
    },
  );
}
