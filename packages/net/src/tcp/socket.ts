import type { Socket as NetSocket } from 'node:net';
import {
  errors,
  HandlerWork,
  makeError,
  toExecutor,
  type AsyncResult,
  type CompletionToken,
  type DeferredOperation,
  type ExecutionContext,
  type Executor,
  type ExecutorOrContext,
  type Handler,
  type SystemError,
} from '@asio-ts/core';
import type { AsyncReadStream, AsyncWriteStream, ConstBufferSequence, MutableBufferSequence, ReadSignature, WriteSignature } from '@asio-ts/io';
import { checkBoolean, checkBuffers, checkShutdownType, isPlainHandler, sizeOf, type BufferList } from '../detail/check.js';
import { closed, connected, connecting, ConnectAttempt, connectRefusal, open, type ConnectSignature } from '../detail/connect-attempt.js';
import { launch } from '../detail/launch.js';
import { checkTcpEndpoint, checkTcpProtocol, localEndpointOf, remoteEndpointOf } from '../detail/tcp-endpoints.js';
import { anyAddress } from '../ip/address.js';
import type { InternetProtocol } from '../ip/protocol.js';
import { Connection } from './connection.js';
import { Endpoint, v4 } from './endpoint.js';

/** What `shutdown` shuts down (Asio's `shutdown_type`: `shutdown_send`, `shutdown_receive`, `shutdown_both`). */
export type ShutdownType = 'send' | 'receive' | 'both';
export type { ConnectSignature };

let adopt: (socket: Socket, ns: NetSocket, error: SystemError | null, local: Endpoint | null, remote: Endpoint | null) => void;

/**
 * A TCP socket (Asio's `ip::tcp::socket`, a `basic_stream_socket<tcp>`) on Node's `net.Socket`.
 * It is an AsyncReadStream and an AsyncWriteStream, so io's `asyncWrite` (and the composed
 * reads) work on it directly.
 *
 * - Open or closed, as Asio's: `new tcp.Socket(ctx)` is closed; `open(protocol)` or
 *   `asyncConnect` opens it; `close()` closes it. A closed socket's operations complete with
 *   `errors.badDescriptor`; an open one not connected gets `errors.notConnected`.
 * - One read and one write may be in flight at a time, independently; a second read (or write)
 *   while one is pending completes with `errors.alreadyStarted` and leaves the first alone.
 * - Reads pull: the net.Socket flows only while reads are being asked for (it is paused once
 *   bytes arrive with no read in flight), so Node reads ahead at most its stream buffer and
 *   TCP's flow control holds the peer back. Bytes that arrived beyond what
 *   a read asked for stay for the next read, also across a cancelled read.
 * - Peer close is `errors.eof` on read; a reset is `errors.connectionReset`; a refused connect is
 *   `errors.connectionRefused`.
 * - Every operation holds work on the socket's executor while pending and completes through its
 *   handler's associated executor, never inside the initiating call (`HandlerWork`).
 */
export class Socket implements AsyncReadStream, AsyncWriteStream, ExecutionContext {
  readonly #executor: Executor;
  #state = closed;
  #protocol: InternetProtocol<'tcp'> = v4();
  #attempt: ConnectAttempt | null = null;
  #conn: Connection | null = null;
  #noDelay: boolean | null = null;
  #keepAlive: boolean | null = null;
  readonly #closeThis = (): void => this.close();
  readonly #attemptEnded = (attempt: ConnectAttempt, ns: NetSocket | null): void => this.#connectEnded(attempt, ns);

  static readonly #initiateConnect = (handler: Handler<ConnectSignature>, socket: Socket, endpoint: Endpoint): void => socket.#startConnect(handler, endpoint);
  static readonly #initiateRead = (handler: Handler<ReadSignature>, socket: Socket, buffers: BufferList): void => socket.#startRead(handler, buffers);
  static readonly #initiateWrite = (handler: Handler<WriteSignature>, socket: Socket, buffers: BufferList): void => socket.#startWrite(handler, buffers);

  static {
    adopt = (socket, ns, error, local, remote) => socket.#adopt(ns, error, local, remote);
  }

  /**
   * A closed socket whose operations complete on `executorOrContext` (an `IoContext`, an
   * executor, or another I/O object); with `protocol`, opened for it (Asio's `socket(ctx,
   * protocol)`).
   */
  constructor(executorOrContext: ExecutorOrContext, protocol?: InternetProtocol<'tcp'>) {
    this.#executor = toExecutor('executorOrContext', executorOrContext);
    if (protocol !== undefined) this.open(protocol);
  }

  /** The executor the socket's operations complete on by default. */
  getExecutor(): Executor {
    return this.#executor;
  }

  /**
   * Open the socket for `protocol` (default `tcp.v4()`). Throws a SystemError
   * (`errors.alreadyOpen`) when it is open. Node creates its socket when connecting; opening
   * records the protocol, so that `asyncConnect` to an endpoint of the other IP version fails
   * as Asio's would (`netErrors.addressFamilyNotSupported`).
   */
  open(protocol: InternetProtocol<'tcp'> = v4()): void {
    checkTcpProtocol('protocol', protocol);
    if (this.#state !== closed) throw makeError(errors.alreadyOpen);
    this.#protocol = protocol;
    this.#state = open;
  }

  /** True from `open()` or `asyncConnect` until `close()`. */
  isOpen(): boolean {
    return this.#state !== closed;
  }

  /**
   * Connect to `endpoint`: `(err)`, `null` once connected. A closed socket is opened for the
   * endpoint's protocol first, as Asio's. Fails with `errors.connectionRefused` when nothing
   * listens there, `errors.alreadyStarted` while a connect is in flight,
   * `netErrors.alreadyConnected` when connected. Cancellation (`cancel()`, `close()`, or the
   * handler's slot, any type) abandons the attempt: `operationAborted`, the socket still open.
   */
  asyncConnect(endpoint: Endpoint): DeferredOperation<ConnectSignature>;
  asyncConnect<T extends CompletionToken<ConnectSignature>>(endpoint: Endpoint, token: T): AsyncResult<T, ConnectSignature>;
  asyncConnect(endpoint: Endpoint, token?: unknown): unknown {
    checkTcpEndpoint('endpoint', endpoint);
    return launch(Socket.#initiateConnect, token, this, endpoint);
  }

  /**
   * Read at least one byte into `buffers` (Asio's `async_read_some`): `(err, n)`. Completes with
   * the bytes already there, at most the buffers' size; `errors.eof` once the peer closed (only
   * when no byte was read); `(null, 0)` at once for empty buffers. Cancellation (`cancel()` or
   * the slot: terminal, partial, total) completes it with `operationAborted`, taking nothing.
   */
  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSome(buffers: MutableBufferSequence, token?: unknown): unknown {
    // The buffers are filled later: the array is always copied.
    const list = checkBuffers('buffers', buffers, true);
    if (isPlainHandler(token)) return this.#startRead(token as unknown as Handler<ReadSignature>, list);
    return launch(Socket.#initiateRead, token, this, list);
  }

  /**
   * Write `buffers` (Asio's `async_write_some`): `(err, n)`. Every byte is handed to Node at once
   * (several buffers in one writev) and the write completes once Node confirmed them, so one
   * write's bytes at most are queued (the backpressure); `(null, 0)` at once for empty buffers.
   * Bytes handed to Node cannot be recalled: `cancel()` and partial cancellation complete the
   * write with `operationAborted` and the exact count once Node confirmed them; terminal
   * cancellation closes the socket (completing at once). A write after `shutdown('send')` gets
   * `errors.brokenPipe`.
   */
  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWriteSome(buffers: ConstBufferSequence, token?: unknown): unknown {
    if (isPlainHandler(token)) {
      // Handed to the socket before this returns: the caller's array needs no copy.
      return this.#startWrite(token as unknown as Handler<WriteSignature>, checkBuffers('buffers', buffers, false));
    }
    return launch(Socket.#initiateWrite, token, this, checkBuffers('buffers', buffers, true));
  }

  /**
   * Shut down part of a full-duplex connection (Asio's `shutdown`). `'send'`: the peer reads eof
   * once it has what was written (Node's `end()`); later writes get `errors.brokenPipe`; reads go
   * on. `'receive'`: reads complete with `errors.eof` from now on (Node has no `SHUT_RD`: the
   * socket just reads no more). Throws a SystemError when closed (`badDescriptor`) or not
   * connected (`notConnected`).
   */
  shutdown(what: ShutdownType): void {
    checkShutdownType('what', what);
    const conn = this.#connection();
    if (what !== 'receive') conn.shutdownSend();
    if (what !== 'send') conn.shutdownReceive();
  }

  /**
   * Cancel every operation in flight (Asio's `cancel`); the connection stays usable. A pending
   * connect and read complete with `operationAborted` at once (a read takes nothing: bytes that
   * arrive stay for the next read); a write completes with `operationAborted` once Node confirmed
   * its bytes, reporting how many. Throws a SystemError (`badDescriptor`) when closed.
   */
  cancel(): void {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    this.#attempt?.abort(true);
    this.#conn?.cancel();
  }

  /**
   * Close the socket (Asio's `close`): the connection is destroyed; a pending connect and read
   * complete with `operationAborted` at once, a write once Node reports it (with the bytes it
   * confirmed). Closing a closed socket does nothing.
   */
  close(): void {
    if (this.#state === closed) return;
    this.#state = closed;
    this.#attempt?.abort(true);
    const conn = this.#conn;
    this.#conn = null;
    conn?.close();
  }

  /**
   * The local endpoint: the connection's, or the unspecified address with port 0 while open and
   * not connected (Asio's unbound socket). Throws a SystemError (`badDescriptor`) when closed.
   */
  localEndpoint(): Endpoint {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    return this.#conn?.local ?? new Endpoint(anyAddress(this.#protocol.family), 0);
  }

  /** The peer's endpoint. Throws a SystemError: `badDescriptor` when closed, `notConnected` when not connected. */
  remoteEndpoint(): Endpoint {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    const remote = this.#conn?.remote ?? null;
    if (remote === null) throw makeError(errors.notConnected);
    return remote;
  }

  /** Disable (`true`) or enable Nagle's algorithm (Asio's `tcp::no_delay` option). Throws a SystemError when closed. */
  setNoDelay(enable: boolean): void {
    checkBoolean('enable', enable);
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    this.#noDelay = enable;
    this.#conn?.ns.setNoDelay(enable);
  }

  /** Turn TCP keep-alive on or off (Asio's `socket_base::keep_alive`). Throws a SystemError when closed. */
  setKeepAlive(enable: boolean): void {
    checkBoolean('enable', enable);
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    this.#keepAlive = enable;
    this.#conn?.ns.setKeepAlive(enable);
  }

  // ---- connect ----------------------------------------------------------------------------

  #startConnect(handler: Handler<ConnectSignature>, endpoint: Endpoint): void {
    const attempt = new ConnectAttempt(handler, this.#executor, this.#attemptEnded);
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
    this.#adopt(ns, null, localEndpointOf(ns), remoteEndpointOf(ns));
  }

  /** Take over a connected net.Socket (one this socket connected, or one an acceptor accepted). */
  #adopt(ns: NetSocket, error: SystemError | null, local: Endpoint | null, remote: Endpoint | null): void {
    this.#state = connected;
    if (local !== null) this.#protocol = local.protocol();
    this.#conn = new Connection(ns, this.#closeThis, error, local, remote);
    if (this.#noDelay !== null) ns.setNoDelay(this.#noDelay);
    if (this.#keepAlive !== null) ns.setKeepAlive(this.#keepAlive);
  }

  // ---- read and write ---------------------------------------------------------------------

  #startRead(handler: Handler<ReadSignature>, buffers: BufferList): void {
    const work = new HandlerWork<ReadSignature>(handler, this.#executor);
    const conn = this.#conn;
    if (conn === null) work.complete(this.#notConnectedError(), 0);
    else conn.read(work, buffers, sizeOf(buffers));
    work.started();
  }

  #startWrite(handler: Handler<WriteSignature>, buffers: BufferList): void {
    const work = new HandlerWork<WriteSignature>(handler, this.#executor);
    const conn = this.#conn;
    if (conn === null) work.complete(this.#notConnectedError(), 0);
    else conn.write(work, buffers, sizeOf(buffers));
    work.started();
  }

  #notConnectedError(): SystemError {
    return makeError(this.#state === closed ? errors.badDescriptor : errors.notConnected);
  }

  #connection(): Connection {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    if (this.#conn === null) throw makeError(errors.notConnected);
    return this.#conn;
  }
}

/** A connected Socket on `executor` over an accepted net.Socket (paused, from `pauseOnConnect`). */
export function acceptedSocket(executor: Executor, ns: NetSocket, error: SystemError | null, local: Endpoint | null, remote: Endpoint | null): Socket {
  const socket = new Socket(executor);
  adopt(socket, ns, error, local, remote);
  return socket;
}

