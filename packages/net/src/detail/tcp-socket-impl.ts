import type { Socket as NetSocket } from 'node:net';
import { errors, HandlerWork, makeError, type Executor, type Handler, type SystemError } from '@asio-ts/core';
import type { ReadSignature, WriteSignature } from '@asio-ts/io';
import type { InternetProtocol } from '../ip/protocol.js';
import { anyAddress } from '../ip/address.js';
import { Connection } from '../tcp/connection.js';
import { Endpoint, v4 } from '../tcp/endpoint.js';
import { sizeOf, type BufferList } from './check.js';
import { closed, connected, connecting, ConnectAttempt, connectRefusal, open } from './connect-attempt.js';
import type { ConnectSignature } from './connect-attempt.js';
import { localEndpointOf, remoteEndpointOf } from './tcp-endpoints.js';

/** The state and operations of a `tcp.Socket` (the class itself is its documented surface). */
export class TcpSocketImpl {
  readonly executor: Executor;
  #state = closed;
  #protocol: InternetProtocol<'tcp'> = v4();
  #attempt: ConnectAttempt | null = null;
  #conn: Connection | null = null;
  #noDelay: boolean | null = null;
  #keepAlive: boolean | null = null;
  readonly #closeThis = (): void => this.close();
  readonly #attemptEnded = (attempt: ConnectAttempt, ns: NetSocket | null): void => this.#connectEnded(attempt, ns);

  constructor(executor: Executor) {
    this.executor = executor;
  }

  open(protocol: InternetProtocol<'tcp'>): void {
    if (this.#state !== closed) throw makeError(errors.alreadyOpen);
    this.#protocol = protocol;
    this.#state = open;
  }

  isOpen(): boolean {
    return this.#state !== closed;
  }

  shutdown(send: boolean, receive: boolean): void {
    const conn = this.#connection();
    if (send) conn.shutdownSend();
    if (receive) conn.shutdownReceive();
  }

  cancel(): void {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    this.#attempt?.abort(true);
    this.#conn?.cancel();
  }

  close(): void {
    if (this.#state === closed) return;
    this.#state = closed;
    this.#attempt?.abort(true);
    const conn = this.#conn;
    this.#conn = null;
    conn?.close();
  }

  localEndpoint(): Endpoint {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    return this.#conn?.local ?? new Endpoint(anyAddress(this.#protocol.family), 0);
  }

  remoteEndpoint(): Endpoint {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    const remote = this.#conn?.remote ?? null;
    if (remote === null) throw makeError(errors.notConnected);
    return remote;
  }

  setNoDelay(enable: boolean): void {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    this.#noDelay = enable;
    this.#conn?.ns.setNoDelay(enable);
  }

  setKeepAlive(enable: boolean): void {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    this.#keepAlive = enable;
    this.#conn?.ns.setKeepAlive(enable);
  }

  startConnect(handler: Handler<ConnectSignature>, endpoint: Endpoint): void {
    const attempt = new ConnectAttempt(handler, this.executor, this.#attemptEnded);
    const refusal = connectRefusal(this.#state, this.#protocol, endpoint);
    if (refusal !== null) {
      attempt.op.complete(refusal);
      return attempt.op.work.started();
    }
    this.#protocol = endpoint.protocol();
    this.#state = connecting;
    this.#attempt = attempt;
    attempt.start(endpoint);
    attempt.op.work.started();
  }

  /** The attempt connected (`ns`), failed or was abandoned (null): before its handler is delivered. */
  #connectEnded(attempt: ConnectAttempt, ns: NetSocket | null): void {
    if (this.#attempt !== attempt) return;
    this.#attempt = null;
    if (ns === null) {
      if (this.#state === connecting) this.#state = open;
      return;
    }
    this.adopt(ns, null, localEndpointOf(ns), remoteEndpointOf(ns));
  }

  /** Take over a connected net.Socket (one this socket connected, or one an acceptor accepted). */
  adopt(ns: NetSocket, error: SystemError | null, local: Endpoint | null, remote: Endpoint | null): void {
    this.#state = connected;
    if (local !== null) this.#protocol = local.protocol();
    this.#conn = new Connection(ns, this.#closeThis, error, local, remote);
    if (this.#noDelay !== null) ns.setNoDelay(this.#noDelay);
    if (this.#keepAlive !== null) ns.setKeepAlive(this.#keepAlive);
  }

  startRead(handler: Handler<ReadSignature>, buffers: BufferList): void {
    const work = new HandlerWork<ReadSignature>(handler, this.executor);
    const size = sizeOf(buffers);
    const conn = this.#conn;
    if (this.#state === closed) work.complete2(makeError(errors.badDescriptor), 0);
    // A zero-size operation on an open stream socket does nothing, whatever its state (Asio's noop).
    else if (size === 0) work.complete2(null, 0);
    else if (conn === null) work.complete2(makeError(errors.notConnected), 0);
    else conn.read(work, buffers);
    work.started();
  }

  startWrite(handler: Handler<WriteSignature>, buffers: BufferList): void {
    const work = new HandlerWork<WriteSignature>(handler, this.executor);
    const size = sizeOf(buffers);
    const conn = this.#conn;
    if (this.#state === closed) work.complete2(makeError(errors.badDescriptor), 0);
    else if (size === 0) work.complete2(null, 0);
    else if (conn === null) work.complete2(makeError(errors.notConnected), 0);
    else conn.write(work, buffers);
    work.started();
  }

  #connection(): Connection {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    if (this.#conn === null) throw makeError(errors.notConnected);
    return this.#conn;
  }
}
