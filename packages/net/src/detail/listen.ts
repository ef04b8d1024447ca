/**
 * Listening on a `net.Server` synchronously, as Asio's `listen` is: a bind failure throws at
 * once and the real port is known when the call returns.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Server } from 'node:net';
import type { SystemError } from '@asio-ts/core';
import { fromNetError } from '../errors.js';
import { nodeAddress } from '../ip/scope-id.js';
import type { Endpoint } from '../tcp/endpoint.js';

/** The synchronous step under `net.Server#listen` (binds and listens at once): Node keeps it under this name. */
interface ListenHandleSetup {
  _listen2?: (address: string, port: number, addressType: number, backlog: number) => void;
}

// Node publishes a listen failure here while the listen call is still on the stack (the
// 'error' event follows a tick later), on versions that have this tracing channel.
const listenErrorChannel = 'tracing:net.server.listen:error';

/**
 * Bind `server` to `at` and listen with `backlog`. Throws the failure as a SystemError where Node
 * reports it synchronously (its 'error' event, which still follows, then goes to a listener that
 * ignores it instead of `onError`); elsewhere the failure reaches `onError` a tick later.
 */
export function listenNow(server: Server, at: Endpoint, backlog: number, onError: (e: unknown) => void): void {
  server.on('error', onError);
  const setup = (server as unknown as ListenHandleSetup)._listen2;
  if (typeof setup !== 'function') {
    server.listen({ host: nodeAddress(at.address), port: at.port, backlog, exclusive: true });
    return;
  }
  let failure: SystemError | null = null;
  const onListenError = (message: unknown): void => {
    const m = message as { server?: unknown; error?: unknown };
    if (m.server === server) failure = fromNetError(m.error);
  };
  subscribe(listenErrorChannel, onListenError);
  try {
    setup.call(server, nodeAddress(at.address), at.port, at.family, backlog);
  } finally {
    unsubscribe(listenErrorChannel, onListenError);
  }
  if (failure !== null) {
    server.removeListener('error', onError);
    server.on('error', ignore);
    throw failure;
  }
}

/** Listens to a server's or socket's 'error' events that no one needs any more. */
export function ignore(): void {}
