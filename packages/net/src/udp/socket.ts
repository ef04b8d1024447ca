import type { ExecutionContext, Executor, ExecutorOrContext, Handler, AsyncResult, CompletionToken, DeferredOperation } from '@asio-ts/core';
import { toExecutor } from '@asio-ts/core';
import type { ConstBufferSequence, MutableBufferSequence } from '@asio-ts/io';
import { checkBufferSequence } from '@asio-ts/io';
import type { BufferList } from '../detail/check.js';
import { launch } from '../detail/launch.js';
import { checkUdpEndpoint, UdpSocketImpl } from '../detail/udp-socket-impl.js';
import type { InternetProtocol } from '../ip/protocol.js';
import { v4, type Endpoint } from './endpoint.js';
import type { ReceiveFromSignature, SendToSignature } from './datagram-signatures.js';

export type { ReceiveFromSignature, SendToSignature } from './datagram-signatures.js';

/**
 * A UDP socket (Asio's `ip::udp::socket`, a `basic_datagram_socket<udp>`) on Node's
 * `dgram.Socket`.
 *
 * - `new udp.Socket(ctx)` is closed; `new udp.Socket(ctx, udp.v4())` opened;
 *   `new udp.Socket(ctx, endpoint)` opened and bound, as Asio's constructors. `bind` is
 *   synchronous and throws a SystemError on failure (`netErrors.addressInUse`, ...).
 * - `asyncSendTo(buffers, endpoint, token)` sends one datagram of all the buffers' bytes:
 *   `(err, n)`. Any number may be in flight. A send on an unbound socket binds it to the
 *   unspecified address and a free port, as the kernel does (a failed bind is the send's error).
 * - `asyncReceiveFrom(buffers, token)` receives one datagram: `(err, n, sender)`. A datagram
 *   larger than the buffers is truncated to them, the rest discarded (Asio on POSIX: `n` is what
 *   was copied, no error). Several receives may be pending; datagrams go to them in order.
 *   Datagrams that arrive while no receive is pending are queued for the next ones, up to the
 *   socket's receive buffer size in bytes (`SO_RCVBUF`); beyond that they are dropped, as the
 *   kernel drops them.
 * - A pending operation holds work on the socket's executor.
 *
 * @example
 * ```ts
 * // Not run by the tests: it echoes on port 5353 until closed.
 * import { coSpawn, detached, IoContext, useAwaitable } from '@asio-ts/core';
 * import { buffer } from '@asio-ts/io';
 * import { udp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const socket = new udp.Socket(ctx, new udp.Endpoint('127.0.0.1', 5353));
 * coSpawn(ctx, async () => {
 *   const data = new Uint8Array(1500);
 *   for (;;) { // echo each datagram to its sender
 *     const [n, sender] = await socket.asyncReceiveFrom(buffer(data), useAwaitable);
 *     await socket.asyncSendTo(buffer(data, n), sender, useAwaitable);
 *   }
 * }, detached);
 * await ctx.run(); // until socket.close()
 * ```
 */
export class Socket implements ExecutionContext {
  readonly #impl: UdpSocketImpl;

  static readonly #initiateSend = (handler: Handler<SendToSignature>, socket: Socket, buffers: BufferList, endpoint: Endpoint): void =>
    socket.#impl.startSend(handler, buffers, endpoint);
  static readonly #initiateReceive = (handler: Handler<ReceiveFromSignature>, socket: Socket, buffers: BufferList): void => socket.#impl.startReceive(handler, buffers);

  /** A closed socket on `executorOrContext`; with a protocol, opened for it; with an endpoint,
   * opened for its protocol and bound to it.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { udp } from '@asio-ts/net';
   * const socket = new udp.Socket(new IoContext(), new udp.Endpoint('127.0.0.1', 0)); // open and bound
   * console.log(socket.localEndpoint().port > 0); // true
   * socket.close();
   * ``` */
  constructor(executorOrContext: ExecutorOrContext, protocolOrEndpoint?: InternetProtocol<'udp'> | Endpoint) {
    this.#impl = new UdpSocketImpl(toExecutor('executorOrContext', executorOrContext), protocolOrEndpoint);
  }

  /** The executor the socket's operations complete on by default.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { udp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * console.log(new udp.Socket(ctx).getExecutor() === ctx.getExecutor()); // true
   * ``` */
  getExecutor(): Executor {
    return this.#impl.getExecutor();
  }

  /** Open for `protocol` (default `udp.v4()`). Throws a SystemError (`alreadyOpen`) when open.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { udp } from '@asio-ts/net';
   * const socket = new udp.Socket(new IoContext());
   * socket.open(udp.v6());
   * console.log(`${socket.localEndpoint()}`); // [::]:0
   * socket.close();
   * ``` */
  open(protocol: InternetProtocol<'udp'> = v4()): void {
    this.#impl.open(protocol);
  }

  /** True from `open()` until `close()`.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { udp } from '@asio-ts/net';
   * console.log(new udp.Socket(new IoContext()).isOpen()); // false
   * ``` */
  isOpen(): boolean {
    return this.#impl.isOpen();
  }

  /** Bind to `endpoint` (port 0: a free port, see `localEndpoint()`). Throws a SystemError: when
   * closed (`badDescriptor`), already bound (`invalidArgument`), for an endpoint of the other IP
   * version (as Linux answers: `invalidArgument` for a v6 socket,
   * `netErrors.addressFamilyNotSupported` for a v4 one), or the bind's failure
   * (`netErrors.addressInUse`, ...).
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { udp } from '@asio-ts/net';
   * const socket = new udp.Socket(new IoContext(), udp.v4());
   * socket.bind(new udp.Endpoint('127.0.0.1', 0)); // a free port
   * socket.close();
   * ``` */
  bind(endpoint: Endpoint): void {
    this.#impl.bind(endpoint);
  }

  /** The bound endpoint; the unspecified address and port 0 while unbound. Throws a SystemError (`badDescriptor`) when closed.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { udp } from '@asio-ts/net';
   * const socket = new udp.Socket(new IoContext(), new udp.Endpoint('::1', 0));
   * console.log(`${socket.localEndpoint()}`); // [::1]:51732 (the port the kernel chose)
   * socket.close();
   * ``` */
  localEndpoint(): Endpoint {
    return this.#impl.localEndpoint();
  }

  /** Send the bytes of `buffers` as one datagram to `endpoint`: `(err, n)`. Completes once Node
   * reports the datagram sent (or its error: `errors.messageSize` for one too large, ...), at
   * once in practice. A datagram handed to Node cannot be recalled: `cancel()` leaves sends
   * alone; terminal cancellation through the handler's slot closes the socket. A send pending at
   * `close()` reports what became of its datagram: its bytes when the kernel took it,
   * `operationAborted` when it was still in libuv's queue.
   * @example
   * ```ts
   * import { IoContext, useFuture } from '@asio-ts/core';
   * import { buffer } from '@asio-ts/io';
   * import { udp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const socket = new udp.Socket(ctx, udp.v4());
   * const sent = socket.asyncSendTo(buffer(new TextEncoder().encode('ping')), new udp.Endpoint('127.0.0.1', 9999), useFuture);
   * await ctx.run();
   * console.log(await sent); // 4
   * socket.close();
   * ``` */
  asyncSendTo(buffers: ConstBufferSequence, endpoint: Endpoint): DeferredOperation<SendToSignature>;
  asyncSendTo<T extends CompletionToken<SendToSignature>>(buffers: ConstBufferSequence, endpoint: Endpoint, token: T): AsyncResult<T, SendToSignature>;
  asyncSendTo(buffers: ConstBufferSequence, endpoint: Endpoint, token?: unknown): unknown {
    const list = checkBufferSequence('buffers', buffers, true);
    checkUdpEndpoint('endpoint', endpoint);
    return launch(Socket.#initiateSend, token, this, list, endpoint);
  }

  /** Receive one datagram into `buffers`: `(err, n, sender)`. Completes at once (never inside this
   * call) when one is queued. `cancel()`, `close()` and the handler's slot (terminal, partial,
   * total) complete it with `operationAborted`; no datagram is lost to a cancelled receive.
   * @example
   * ```ts
   * import { cancelAfter, IoContext, type SystemError } from '@asio-ts/core';
   * import { buffer } from '@asio-ts/io';
   * import { udp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const socket = new udp.Socket(ctx, new udp.Endpoint('127.0.0.1', 9999));
   * const data = new Uint8Array(1500);
   * // operationAborted if nothing comes within 1 s.
   * socket.asyncReceiveFrom(buffer(data), cancelAfter(1000, (err: SystemError | null, n: number, sender: udp.Endpoint) => {
   *   console.log(err?.message ?? `${n} bytes from ${sender}`); // 4 bytes from 127.0.0.1:40000
   *   socket.close();
   * }));
   * await ctx.run();
   * ``` */
  asyncReceiveFrom(buffers: MutableBufferSequence): DeferredOperation<ReceiveFromSignature>;
  asyncReceiveFrom<T extends CompletionToken<ReceiveFromSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReceiveFromSignature>;
  asyncReceiveFrom(buffers: MutableBufferSequence, token?: unknown): unknown {
    return launch(Socket.#initiateReceive, token, this, checkBufferSequence('buffers', buffers, true));
  }

  /** Complete every pending receive with `operationAborted` (sends run to their end). Throws a SystemError when closed.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { buffer } from '@asio-ts/io';
   * import { udp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const socket = new udp.Socket(ctx, new udp.Endpoint('127.0.0.1', 0));
   * socket.asyncReceiveFrom(buffer(new Uint8Array(512)), (err) => console.log(err?.message)); // Operation canceled
   * socket.cancel(); // still bound: datagrams wait for the next receive
   * socket.close();
   * await ctx.run();
   * ``` */
  cancel(): void {
    this.#impl.cancel();
  }

  /** Close the socket: pending receives complete with `operationAborted`, queued datagrams are
   * dropped; a pending send reports its bytes when the kernel took its datagram, else
   * `operationAborted` (see `asyncSendTo`). Closing a closed socket does nothing.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { buffer } from '@asio-ts/io';
   * import { udp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const socket = new udp.Socket(ctx, new udp.Endpoint('127.0.0.1', 0));
   * socket.asyncReceiveFrom(buffer(new Uint8Array(512)), (err) => console.log(err?.message)); // Operation canceled
   * socket.close();
   * await ctx.run();
   * ``` */
  close(): void {
    this.#impl.close();
  }
}
