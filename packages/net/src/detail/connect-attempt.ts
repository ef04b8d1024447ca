/**
 * One `tcp.Socket#asyncConnect` in flight: the net.Socket being connected and the operation.
 * The socket keeps its open/connecting/connected state; the attempt tells it how it ended, once.
 */
import { Socket as NetSocket } from 'node:net';
import { CancellationType, errors, makeError, type Executor, type Handler, type SystemError } from '@asio-ts/core';
import { fromNetError, netErrors } from '../errors.js';
import type { InternetProtocol } from '../ip/protocol.js';
import { connectHost, nodeAddress } from '../ip/scope-id.js';
import type { Endpoint } from '../tcp/endpoint.js';
import { familyMismatch } from './family-mismatch.js';
import { PendingOp } from './pending-op.js';

/** The handler signature of `asyncConnect`: `(err)`. */
export type ConnectSignature = [err: SystemError | null];

// A connect in progress is abandoned by destroying its net.Socket: nothing of it is left, so
// every kind of cancellation is clean. The socket stays open, as Asio's does.
const connectCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

// The states of a tcp.Socket.
export const closed = 0;
export const open = 1;
export const connecting = 2;
export const connected = 3;

/** Why a socket in `state`, open for `protocol`, cannot start a connect to `endpoint` now, or null. */
export function connectRefusal(state: number, protocol: InternetProtocol<'tcp'>, endpoint: Endpoint): SystemError | null {
  if (state === connecting) return makeError(errors.alreadyStarted);
  if (state === connected) return makeError(netErrors.alreadyConnected);
  if (state === open && protocol.family !== endpoint.family) return familyMismatch('socket', protocol, endpoint);
  return null;
}

/** What the owning socket does when an attempt ends: `ns` is the connected net.Socket, or null. */
export type AttemptEnded = (attempt: ConnectAttempt, ns: NetSocket | null) => void;

export class ConnectAttempt {
  readonly op: PendingOp<ConnectSignature>;
  readonly #ended: AttemptEnded;
  #ns: NetSocket | null = null;

  constructor(handler: Handler<ConnectSignature>, executor: Executor, ended: AttemptEnded) {
    this.op = new PendingOp<ConnectSignature>(handler, executor);
    this.#ended = ended;
  }

  /** Start connecting to `endpoint` (the caller calls `op.work.started()` afterwards). */
  start(endpoint: Endpoint): void {
    // Paused before it connects: Node starts no read until one is in flight.
    const ns = new NetSocket({ allowHalfOpen: true });
    ns.pause();
    this.#ns = ns;
    ns.once('connect', () => {
      if (this.#ns !== ns) return;
      this.#ns = null;
      this.#ended(this, ns);
      this.op.complete(null);
    });
    // Stays after the attempt: an error Node reports later on this net.Socket is no one's.
    ns.on('error', (e: unknown) => this.#fail(ns, fromNetError(e)));
    this.op.listen(connectCancellation, () => this.abort(false));
    if (endpoint.port === 0) {
      // Node refuses to connect to port 0; the kernel would refuse the connection (Linux does).
      this.#fail(ns, makeError(errors.connectionRefused, 'port 0'));
      return;
    }
    const host = connectHost(endpoint.address);
    if (host === undefined) {
      this.#fail(ns, makeError(errors.operationNotSupported, `Node's net cannot connect through the zone of ${nodeAddress(endpoint.address)} (net.isIP refuses its name)`));
      return;
    }
    try {
      ns.connect({ host, port: endpoint.port, family: endpoint.family });
    } catch (e) {
      this.#fail(ns, fromNetError(e));
    }
  }

  /** Abandon the attempt: `operationAborted`, posted when a user call (`cancel()`, `close()`) caused it. */
  abort(posted: boolean): void {
    const ns = this.#ns;
    if (ns === null) return;
    this.#ns = null;
    ns.destroy();
    this.#ended(this, null);
    const err = makeError(errors.operationAborted);
    if (posted) this.op.completePosted(err);
    else this.op.complete(err);
  }

  #fail(ns: NetSocket, err: SystemError): void {
    if (this.#ns !== ns) return;
    this.#ns = null;
    ns.destroy();
    this.#ended(this, null);
    this.op.complete(err);
  }
}
