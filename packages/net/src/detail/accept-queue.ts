/**
 * Connections Node accepted while no `asyncAccept` was pending (Asio's kernel backlog): paused,
 * in arrival order, each with the error Node reported on it while it waited (a reset), which its
 * first read will report; and, in line with them, the accepts Node failed meanwhile (`ENOBUFS`,
 * `ENOMEM`, ...), each for the accept that reaches it.
 */
import type { Socket as NetSocket } from 'node:net';
import { SystemError } from '@asio-ts/core';
import { fromNetError } from '../errors.js';
import type { Endpoint } from '../tcp/endpoint.js';

/** A queued connection, as taken out of the queue. */
export interface QueuedConnection {
  readonly ns: NetSocket;
  readonly local: Endpoint | null;
  readonly remote: Endpoint | null;
  error: SystemError | null;
}

interface Entry extends QueuedConnection {
  readonly onError: (e: unknown) => void;
}

export class AcceptQueue {
  #entries: (Entry | SystemError)[] = [];

  get length(): number {
    return this.#entries.length;
  }

  push(ns: NetSocket, local: Endpoint | null, remote: Endpoint | null): void {
    const entry: Entry = {
      ns,
      local,
      remote,
      error: null,
      onError: (e: unknown) => {
        entry.error ??= fromNetError(e);
      },
    };
    ns.on('error', entry.onError);
    this.#entries.push(entry);
  }

  /**
   * A failed accept, after the connections that came before it. Failures in a row are one, so
   * at most one sits between two connections.
   */
  pushFailure(err: SystemError): void {
    if (!(this.#entries.at(-1) instanceof SystemError)) this.#entries.push(err);
  }

  /**
   * The oldest connection, its error listener removed (the socket that takes it listens from now
   * on), or the failure of an accept that came after those taken before.
   */
  shift(): QueuedConnection | SystemError | undefined {
    const entry = this.#entries.shift();
    if (entry !== undefined && !(entry instanceof SystemError)) entry.ns.removeListener('error', entry.onError);
    return entry;
  }

  /** Destroy every queued connection, as the kernel resets those in a closed listener's backlog. */
  destroyAll(): void {
    const entries = this.#entries;
    this.#entries = [];
    for (const e of entries) if (!(e instanceof SystemError)) e.ns.destroy();
  }
}
