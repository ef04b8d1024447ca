// The main() of Asio's src/examples/cpp20/coroutines/chat_server.cpp, shared by chat-server.ts
// and chat-fanout.ts (they differ only in their sessions): one acceptor and one coSpawned
// listener per port, SIGINT or SIGTERM stops the context.
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { coSpawn, detached, IoContext } from '@asio-ts/core';
import { SignalSet, tcp } from '@asio-ts/net';
import { OpenObjects } from './open-objects';

/** A listener coroutine: accepts on `acceptor`, keeping what it opens in `open`. */
export type ChatListener = (acceptor: tcp.Acceptor, open: OpenObjects) => Promise<void>;

export interface ChatServerOptions {
  /** The address to listen on: '127.0.0.1' by default (Asio's example takes every IPv4 interface, '0.0.0.0'). */
  readonly address?: string | undefined;
  /** Wait for SIGINT and SIGTERM as Asio's main does (for a process of its own: not in a Jest worker). */
  readonly signals?: boolean;
}

export interface ChatServer {
  /** The port of each acceptor, in the order given (the ones chosen for 0). */
  readonly ports: readonly number[];
  /** Do what the signal handler does (`ioContext.stop()`); resolves as `stopped` does. */
  stop(): Promise<void>;
  /** Resolves once run() returned and every socket and acceptor is closed. */
  readonly stopped: Promise<void>;
}

/**
 * Asio's main() without blocking: listening on every port (each with a room of its own) once it
 * returns. A bind failure throws, as the acceptor's constructor does in Asio.
 */
export function startChat(listener: ChatListener, ports: readonly number[], options: ChatServerOptions = {}): ChatServer {
  const open = new OpenObjects();
  const ioContext = new IoContext();

  const bound: number[] = [];
  try {
    for (const port of ports) {
      const acceptor = open.add(new tcp.Acceptor(ioContext, new tcp.Endpoint(options.address ?? '127.0.0.1', port)));
      bound.push(acceptor.localEndpoint().port);
      coSpawn(ioContext, () => listener(acceptor, open), detached);
    }
  } catch (e) {
    open.closeAll(); // what the C++ destructors do as the exception leaves main()
    throw e;
  }

  let signals: SignalSet | null = null;
  if (options.signals === true) {
    signals = new SignalSet(ioContext, 'SIGINT', 'SIGTERM');
    signals.asyncWait(() => ioContext.stop());
  }

  const stopped = ioContext.run().then(() => {
    // What destroying the io_context does in Asio (see open-objects.ts).
    signals?.cancel();
    signals?.clear();
    open.closeAll();
  });
  return {
    ports: bound,
    stop: () => {
      ioContext.stop();
      return stopped;
    },
    stopped,
  };
}

/** Run as a script: `node <name>.js <port> [<port> ...]`, listening on `CHAT_ADDRESS` or 127.0.0.1. */
export function runChatScript(name: string, start: (ports: readonly number[], options: ChatServerOptions) => ChatServer): void {
  const ports = process.argv.slice(2).map(Number);
  if (ports.length === 0) {
    console.error(`Usage: ${name} <port> [<port> ...]`);
    process.exitCode = 1;
    return;
  }
  try {
    const server = start(ports, { address: process.env.CHAT_ADDRESS, signals: true });
    console.log(`${name} listening on port ${server.ports.join(', port ')}`);
    void server.stopped.then(() => console.log(`${name} stopped`));
  } catch (e) {
    console.error(`Exception: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** For the `npm start` tour: start on port 0, two clients, one line from one reaching both, stop. */
export async function tourChat(name: string, start: (ports: readonly number[]) => ChatServer, log: (line: string) => void): Promise<void> {
  const server = start([0]);
  const clients = [0, 1].map(() => createConnection({ host: '127.0.0.1', port: server.ports[0]! }).setEncoding('latin1'));
  const heard = clients.map((c) => once(c, 'data') as Promise<[string]>);
  await Promise.all(clients.map((c) => once(c, 'connect')));
  clients[0]!.write('hello, room\n');
  const lines = await Promise.all(heard);
  await server.stop();
  log(`${name}: both clients got ${lines.map(([l]) => JSON.stringify(l)).join(' and ')}, then the server stopped`);
}
