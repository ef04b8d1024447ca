import type { Socket as NetSocket } from 'node:net';
import { toExecutor, type AsyncResult, type CompletionToken, type DeferredOperation, type ExecutionContext, type Executor, type ExecutorOrContext, type Handler, type SystemError } from '@asio-ts/core';
import type { AsyncReadStream, AsyncWriteStream, ConstBufferSequence, MutableBufferSequence, ReadSignature, WriteSignature } from '@asio-ts/io';
import { checkBufferSequence } from '@asio-ts/io';
import { checkBoolean, checkShutdownType, isPlainHandler, type BufferList } from '../detail/check.js';
import type { ConnectSignature } from '../detail/connect-attempt.js';
import { launch } from '../detail/launch.js';
import { checkTcpEndpoint, checkTcpProtocol } from '../detail/tcp-endpoints.js';
import { TcpSocketImpl } from '../detail/tcp-socket-impl.js';
import type { InternetProtocol } from '../ip/protocol.js';
import { v4, type Endpoint } from './endpoint.js';

/** What `shutdown` shuts down (Asio's `shutdown_type`: `shutdown_send`, `shutdown_receive`, `shutdown_both`). */
export type ShutdownType = 'send' | 'receive' | 'both';
export type { ConnectSignature };

let adopt: (socket: Socket, ns: NetSocket, error: SystemError | null, local: Endpoint | null, remote: Endpoint | null) => void;

/**
 * A TCP socket (Asio's `ip::tcp::socket`, a `basic_stream_socket<tcp>`) on Node's `net.Socket`.
 * It is an AsyncReadStream and an AsyncWriteStream: io's `asyncWrite` and composed reads work on it.
 *
 * - `new tcp.Socket(ctx)` is closed; `open(protocol)` or `asyncConnect` opens it, `close()` closes
 *   it. Operations of a closed socket fail with `errors.badDescriptor`, of an unconnected one
 *   with `errors.notConnected`; on an open socket a read or write of empty buffers completes
 *   with `(null, 0)`, whatever its state (Asio's no-op). One read and one write may be in flight,
 *   independently; a second one fails with `errors.alreadyStarted` and leaves the first alone.
 * - Reads pull: the net.Socket flows only while a read is asked for, so TCP's flow control holds
 *   the peer back; bytes beyond what a read asked for stay for the next, across a cancelled read.
 * - Peer close is `errors.eof` on read, a reset `errors.connectionReset`, a refused connect
 *   `errors.connectionRefused`. Pending operations hold work on the socket's executor and
 *   complete through `HandlerWork` (the handler's executor, never inside the initiating call).
 * @example
 * ```ts
 * // Not run by the tests: it needs an echo server on port 7.
 * import { coSpawn, IoContext, useAwaitable, useFuture } from '@asio-ts/core';
 * import { asyncWrite, buffer } from '@asio-ts/io';
 * import { tcp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const reply = coSpawn(ctx, async () => {
 *   const socket = new tcp.Socket(ctx);
 *   await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', 7), useAwaitable); // an echo server
 *   await asyncWrite(socket, buffer(new TextEncoder().encode('hello')), useAwaitable);
 *   const data = new Uint8Array(64);
 *   const n = await socket.asyncReadSome(buffer(data), useAwaitable);
 *   socket.close();
 *   return new TextDecoder().decode(data.subarray(0, n)); // what the server echoed
 * }, useFuture);
 * await ctx.run();
 * console.log(await reply); // hello
 * ```
 */
export class Socket implements AsyncReadStream, AsyncWriteStream, ExecutionContext {
  readonly #impl: TcpSocketImpl;

  static readonly #initiateConnect = (handler: Handler<ConnectSignature>, socket: Socket, endpoint: Endpoint): void => socket.#impl.startConnect(handler, endpoint);
  static readonly #initiateRead = (handler: Handler<ReadSignature>, socket: Socket, buffers: BufferList): void => socket.#impl.startRead(handler, buffers);
  static readonly #initiateWrite = (handler: Handler<WriteSignature>, socket: Socket, buffers: BufferList): void => socket.#impl.startWrite(handler, buffers);

  static {
    adopt = (socket, ns, error, local, remote) => socket.#impl.adopt(ns, error, local, remote);
  }

  /** A closed socket whose operations complete on `executorOrContext` (an `IoContext`, an
   * executor, or another I/O object); with `protocol`, opened for it (Asio's `socket(ctx,
   * protocol)`).
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * console.log(new tcp.Socket(ctx).isOpen(), new tcp.Socket(ctx, tcp.v6()).isOpen()); // false true
   * ``` */
  constructor(executorOrContext: ExecutorOrContext, protocol?: InternetProtocol<'tcp'>) {
    this.#impl = new TcpSocketImpl(toExecutor('executorOrContext', executorOrContext));
    if (protocol !== undefined) this.open(protocol);
  }

  /** The executor the socket's operations complete on by default.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * console.log(new tcp.Socket(ctx).getExecutor() === ctx.getExecutor()); // true
   * ``` */
  getExecutor(): Executor {
    return this.#impl.executor;
  }

  /** Open the socket for `protocol` (default `tcp.v4()`). Throws a SystemError
   * (`errors.alreadyOpen`) when it is open. Node creates its socket when connecting; opening
   * records the protocol, so that `asyncConnect` to an endpoint of the other IP version fails
   * as Asio's does on Linux (`errors.invalidArgument` for a v6 socket,
   * `netErrors.addressFamilyNotSupported` for a v4 one).
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const socket = new tcp.Socket(new IoContext());
   * socket.open(tcp.v6()); // a later asyncConnect to an IPv4 endpoint fails
   * console.log(`${socket.localEndpoint()}`); // [::]:0
   * ``` */
  open(protocol: InternetProtocol<'tcp'> = v4()): void {
    checkTcpProtocol('protocol', protocol);
    this.#impl.open(protocol);
  }

  /** True from `open()` or `asyncConnect` until `close()`.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const socket = new tcp.Socket(new IoContext(), tcp.v4());
   * console.log(socket.isOpen()); // true
   * ``` */
  isOpen(): boolean {
    return this.#impl.isOpen();
  }

  /** Connect to `endpoint`: `(err)`, `null` once connected. A closed socket is opened for the
   * endpoint's protocol first, as Asio's. Fails with `errors.connectionRefused` when nothing
   * listens there, `errors.alreadyStarted` while a connect is in flight,
   * `netErrors.alreadyConnected` when connected. Cancellation (`cancel()`, `close()`, or the
   * handler's slot, any type) abandons the attempt: `operationAborted`, the socket still open.
   * @example
   * ```ts
   * import { cancelAfter, IoContext, type SystemError } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const socket = new tcp.Socket(ctx);
   * // Aborted (and the socket left open) if the connection takes more than 2 s.
   * socket.asyncConnect(new tcp.Endpoint('127.0.0.1', 1), cancelAfter(2000, (err: SystemError | null) => {
   *   console.log(err?.message ?? `connected to ${socket.remoteEndpoint()}`); // Connection refused
   * }));
   * await ctx.run();
   * ``` */
  asyncConnect(endpoint: Endpoint): DeferredOperation<ConnectSignature>;
  asyncConnect<T extends CompletionToken<ConnectSignature>>(endpoint: Endpoint, token: T): AsyncResult<T, ConnectSignature>;
  asyncConnect(endpoint: Endpoint, token?: unknown): unknown {
    checkTcpEndpoint('endpoint', endpoint);
    return launch(Socket.#initiateConnect, token, this, endpoint);
  }

  /** Read at least one byte into `buffers` (Asio's `async_read_some`): `(err, n)`. Completes with
   * the bytes already there, at most the buffers' size; `errors.eof` once the peer closed (only
   * when no byte was read); `(null, 0)` at once for empty buffers. Cancellation (`cancel()` or
   * the slot: terminal, partial, total) completes it with `operationAborted`, taking nothing.
   * @example
   * ```ts
   * import { buffer } from '@asio-ts/io';
   * import { tcp } from '@asio-ts/net';
   * declare const socket: tcp.Socket; // connected
   * const data = new Uint8Array(1024);
   * socket.asyncReadSome(buffer(data), (err, n) => console.log(err?.message ?? data.subarray(0, n))); // End of file once the peer closed
   * ``` */
  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSome(buffers: MutableBufferSequence, token?: unknown): unknown {
    // The buffers are filled later: the array is always copied.
    const list = checkBufferSequence('buffers', buffers, true);
    if (isPlainHandler(token)) return this.#impl.startRead(token as unknown as Handler<ReadSignature>, list);
    return launch(Socket.#initiateRead, token, this, list);
  }

  /** Write `buffers` (Asio's `async_write_some`): `(err, n)`. Up to 64 KiB of them are handed to
   * Node at once (several buffers in one writev) and the write completes once Node confirmed
   * them, so one write's bytes at most are queued (the backpressure); `(null, 0)` at once for
   * empty buffers. Bytes handed to Node cannot be recalled: `cancel()` and partial cancellation
   * complete the write at once with `operationAborted`, counting them (they go out, before
   * anything written later, which waits for them); total cancellation only while none were
   * handed; terminal cancellation closes the socket (completing at once). A write of bytes after
   * `shutdown('send')` gets `errors.brokenPipe`.
   * @example
   * ```ts
   * import { useFuture } from '@asio-ts/core';
   * import { buffer } from '@asio-ts/io';
   * import { tcp } from '@asio-ts/net';
   * declare const socket: tcp.Socket; // connected, its context running
   * // May write fewer bytes than given: io's asyncWrite loops until every byte is written.
   * console.log(await socket.asyncWriteSome(buffer(new TextEncoder().encode('ping\n')), useFuture)); // 5
   * ``` */
  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWriteSome(buffers: ConstBufferSequence, token?: unknown): unknown {
    if (isPlainHandler(token)) {
      // Handed to the socket before this returns: the caller's array needs no copy.
      return this.#impl.startWrite(token as unknown as Handler<WriteSignature>, checkBufferSequence('buffers', buffers, false));
    }
    return launch(Socket.#initiateWrite, token, this, checkBufferSequence('buffers', buffers, true));
  }

  /** Shut down part of a full-duplex connection (Asio's `shutdown`). `'send'`: the peer reads eof
   * once it has what was written (Node's `end()`); later writes get `errors.brokenPipe`; reads go
   * on. `'receive'`: reads complete with `errors.eof` from now on (Node has no `SHUT_RD`: the
   * socket just reads no more). Throws a SystemError when closed (`badDescriptor`) or not
   * connected (`notConnected`).
   * @example
   * ```ts
   * import { asyncWrite, buffer } from '@asio-ts/io';
   * import { tcp } from '@asio-ts/net';
   * declare const socket: tcp.Socket; // connected
   * asyncWrite(socket, buffer(new TextEncoder().encode('last request')), (err) => {
   *   if (err === null) socket.shutdown('send'); // the peer reads eof after the request; replies still come
   * });
   * ``` */
  shutdown(what: ShutdownType): void {
    checkShutdownType('what', what);
    this.#impl.shutdown(what !== 'receive', what !== 'send');
  }

  /** Cancel every operation in flight (Asio's `cancel`); the connection stays usable. A pending
   * connect and read complete with `operationAborted` at once (a read takes nothing: bytes that
   * arrive stay for the next read); a write too, counting the bytes it had handed to Node (they
   * go out before the next write's). Throws a SystemError (`badDescriptor`) when closed.
   * @example
   * ```ts
   * import { buffer } from '@asio-ts/io';
   * import { tcp } from '@asio-ts/net';
   * declare const socket: tcp.Socket; // connected, the peer silent
   * socket.asyncReadSome(buffer(new Uint8Array(512)), (err, n) => {
   *   console.log(err?.message, n); // Operation canceled 0
   * });
   * setTimeout(() => socket.cancel(), 1000); // give up the read; the connection stays usable
   * ``` */
  cancel(): void {
    this.#impl.cancel();
  }

  /** Close the socket (Asio's `close`): the connection is destroyed; a pending connect and read
   * complete with `operationAborted` at once, a write once Node reports it (with the bytes it
   * confirmed). Closing a closed socket does nothing.
   * @example
   * ```ts
   * import { buffer } from '@asio-ts/io';
   * import { tcp } from '@asio-ts/net';
   * declare const socket: tcp.Socket; // connected, a read pending
   * socket.asyncReadSome(buffer(new Uint8Array(512)), (err) => console.log(err?.message)); // Operation canceled
   * socket.close();
   * ``` */
  close(): void {
    this.#impl.close();
  }

  /** The local endpoint: the connection's, or the unspecified address with port 0 while open and
   * not connected (Asio's unbound socket). Throws a SystemError (`badDescriptor`) when closed.
   * @example
   * ```ts
   * import { tcp } from '@asio-ts/net';
   * declare const socket: tcp.Socket; // connected to 127.0.0.1:8080
   * console.log(`${socket.localEndpoint()} -> ${socket.remoteEndpoint()}`); // 127.0.0.1:50312 -> 127.0.0.1:8080
   * ``` */
  localEndpoint(): Endpoint {
    return this.#impl.localEndpoint();
  }

  /** The peer's endpoint. Throws a SystemError: `badDescriptor` when closed, `notConnected` when not connected.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * try { new tcp.Socket(new IoContext(), tcp.v4()).remoteEndpoint(); } catch (e) { console.log((e as Error).message); } // Transport endpoint is not connected
   * ``` */
  remoteEndpoint(): Endpoint {
    return this.#impl.remoteEndpoint();
  }

  /** Disable (`true`) or enable Nagle's algorithm (Asio's `tcp::no_delay` option). Throws a SystemError when closed.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * new tcp.Socket(new IoContext(), tcp.v4()).setNoDelay(true); // kept for the connection asyncConnect makes: small writes go out at once
   * ``` */
  setNoDelay(enable: boolean): void {
    checkBoolean('enable', enable);
    this.#impl.setNoDelay(enable);
  }

  /** Turn TCP keep-alive on or off (Asio's `socket_base::keep_alive`). Throws a SystemError when closed.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * new tcp.Socket(new IoContext(), tcp.v4()).setKeepAlive(true); // probes an idle connection, so a vanished peer fails the next read
   * ``` */
  setKeepAlive(enable: boolean): void {
    checkBoolean('enable', enable);
    this.#impl.setKeepAlive(enable);
  }
}

/** A connected Socket on `executor` over an accepted net.Socket (paused, from `pauseOnConnect`). */
export function acceptedSocket(executor: Executor, ns: NetSocket, error: SystemError | null, local: Endpoint | null, remote: Endpoint | null): Socket {
  const socket = new Socket(executor);
  adopt(socket, ns, error, local, remote);
  return socket;
}

