import { toExecutor, type AsyncResult, type CompletionToken, type DeferredOperation, type ExecutionContext, type Executor, type ExecutorOrContext, type Handler } from '@asio-ts/core';
import { launch } from '../detail/launch.js';
import { TcpAcceptorImpl } from '../detail/tcp-acceptor-impl.js';
import type { InternetProtocol } from '../ip/protocol.js';
import { v4, type Endpoint } from './endpoint.js';
import type { AcceptorOptions, AcceptSignature } from './acceptor-options.js';

export type { AcceptSignature, AcceptorOptions } from './acceptor-options.js';

/**
 * A TCP acceptor (Asio's `ip::tcp::acceptor`, `basic_socket_acceptor<tcp>`) on Node's
 * `net.Server`.
 *
 * - `new tcp.Acceptor(ctx, endpoint)` opens, binds and listens at once, as Asio's constructor;
 *   `new tcp.Acceptor(ctx)` is closed, for `open()`, `bind()`, `listen()`.
 * - `asyncAccept(token)` completes with `(err, socket)`: a connected `tcp.Socket` on the
 *   acceptor's executor. Several accepts may be pending; connections go to them in order.
 * - Connections that arrive while no accept is pending wait in a queue, as in the kernel's
 *   backlog (Node accepts them from the kernel at once): paused, so nothing is read from them,
 *   and handed to the next accepts in arrival order. A connection reset while it waited is
 *   still accepted; its first read reports the reset.
 * - An accept Node reports failed (`ENOBUFS`, `ENOMEM`, ...) completes the next accept with
 *   that SystemError, in line behind the connections queued before it. Out of file descriptors
 *   libuv reports nothing while it can keep a spare one: it closes the connections it cannot
 *   accept at once (when it cannot, the failure is `errors.noDescriptors`, as any other).
 * - A pending accept holds work on the acceptor's executor.
 *
 * @example
 * ```ts
 * // Not run by the tests: it serves port 5555 until closed.
 * import { coSpawn, detached, IoContext, useAwaitable } from '@asio-ts/core';
 * import { asyncWrite, buffer } from '@asio-ts/io';
 * import { tcp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const acceptor = new tcp.Acceptor(ctx, new tcp.Endpoint('127.0.0.1', 5555));
 * coSpawn(ctx, async () => {
 *   for (;;) {
 *     const socket = await acceptor.asyncAccept(useAwaitable); // a hello to each client
 *     await asyncWrite(socket, buffer(new TextEncoder().encode('hello\n')), useAwaitable);
 *     socket.close();
 *   }
 * }, detached);
 * await ctx.run(); // until acceptor.close()
 * ```
 */
export class Acceptor implements ExecutionContext {
  readonly #impl: TcpAcceptorImpl;

  static readonly #initiateAccept = (handler: Handler<AcceptSignature>, acceptor: Acceptor): void => acceptor.#impl.startAccept(handler);

  /** `new Acceptor(ctx)`: closed. `new Acceptor(ctx, endpoint, options?)`: opened for the
   * endpoint's protocol, bound to it and listening (Asio's `acceptor(ctx, endpoint,
   * reuse_addr = true)`); a bind failure (`netErrors.addressInUse`, ...) throws a SystemError.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const acceptor = new tcp.Acceptor(new IoContext(), new tcp.Endpoint('127.0.0.1', 0));
   * console.log(acceptor.localEndpoint().port > 0); // true: listening on a free port
   * acceptor.close();
   * ``` */
  constructor(executorOrContext: ExecutorOrContext, endpoint?: Endpoint, options?: AcceptorOptions) {
    this.#impl = new TcpAcceptorImpl(toExecutor('executorOrContext', executorOrContext), endpoint, options);
  }

  /** The executor accepts complete on by default, and accepted sockets use.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * console.log(new tcp.Acceptor(ctx).getExecutor() === ctx.getExecutor()); // true
   * ``` */
  getExecutor(): Executor {
    return this.#impl.getExecutor();
  }

  /** Open for `protocol` (default `tcp.v4()`). Throws a SystemError (`alreadyOpen`) when open.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const acceptor = new tcp.Acceptor(new IoContext());
   * acceptor.open(tcp.v6());
   * acceptor.bind(new tcp.Endpoint('::1', 0));
   * acceptor.listen();
   * acceptor.close();
   * ``` */
  open(protocol: InternetProtocol<'tcp'> = v4()): void {
    this.#impl.open(protocol);
  }

  /** True from `open()` (or the binding constructor) until `close()`.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const acceptor = new tcp.Acceptor(new IoContext());
   * console.log(acceptor.isOpen()); // false
   * ``` */
  isOpen(): boolean {
    return this.#impl.isOpen();
  }

  /** Record the address to listen on (Asio's `bind`). Node binds and listens in one step, so the
   * socket is bound by `listen()`: a port of 0 is chosen then. Throws a SystemError when closed
   * (`badDescriptor`), already listening (`invalidArgument`, as a second bind), or for an
   * endpoint of the other IP version (as Linux answers: `invalidArgument` for a v6 acceptor,
   * `netErrors.addressFamilyNotSupported` for a v4 one).
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const acceptor = new tcp.Acceptor(new IoContext());
   * acceptor.open(tcp.v4());
   * acceptor.bind(new tcp.Endpoint('127.0.0.1', 0)); // port 0: one the kernel chooses
   * acceptor.listen(128); // binds now: a port already taken throws a SystemError (addressInUse)
   * acceptor.close();
   * ``` */
  bind(endpoint: Endpoint): void {
    this.#impl.bind(endpoint);
  }

  /** Bind (to the `bind()` endpoint, else the protocol's unspecified address and a free port) and
   * listen, with `backlog` the kernel's queue length (default 511, Node's; 0, the smallest, is
   * passed as 1, since Node reads 0 as its default). Synchronous where
   * Node allows it, as Asio's: `localEndpoint()` gives the real port right away, and a bind
   * failure (`netErrors.addressInUse`, `errors.accessDenied`, ...) throws a SystemError. Where
   * Node only reports the outcome a tick later, a failure reaches every accept instead.
   * Listening twice does nothing.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const acceptor = new tcp.Acceptor(new IoContext());
   * acceptor.open(tcp.v4());
   * acceptor.listen(); // every interface, a free port
   * console.log(`${acceptor.localEndpoint()}`); // 0.0.0.0:40761
   * acceptor.close();
   * ``` */
  listen(backlog?: number): void {
    this.#impl.listen(backlog);
  }

  /** Accept a connection: `(err, socket)` with a connected `tcp.Socket`. Completes at once (never
   * inside this call) when one is queued. Fails with `errors.badDescriptor` when closed,
   * `errors.invalidArgument` when not listening, with the error a failed listen reported, or
   * with an accept failure Node reported (see the class notes). `cancel()`, `close()` and the handler's slot (terminal, partial, total) complete it with
   * `operationAborted`; no connection is lost: it waits for the next accept.
   * @example
   * ```ts
   * import { cancelAfter, IoContext, type SystemError } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const acceptor = new tcp.Acceptor(ctx, new tcp.Endpoint('127.0.0.1', 0));
   * // operationAborted if no client comes within 1 s (no connection is lost).
   * acceptor.asyncAccept(cancelAfter(1000, (err: SystemError | null, socket: tcp.Socket) => {
   *   console.log(err?.message ?? `from ${socket.remoteEndpoint()}`); // Operation canceled
   *   acceptor.close();
   * }));
   * await ctx.run();
   * ``` */
  asyncAccept(): DeferredOperation<AcceptSignature>;
  asyncAccept<T extends CompletionToken<AcceptSignature>>(token: T): AsyncResult<T, AcceptSignature>;
  asyncAccept(token?: unknown): unknown {
    return launch(Acceptor.#initiateAccept, token, this);
  }

  /** Complete every pending accept with `operationAborted` (queued connections stay). Throws a SystemError when closed.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const acceptor = new tcp.Acceptor(ctx, new tcp.Endpoint('127.0.0.1', 0));
   * acceptor.asyncAccept((err) => console.log(err?.message)); // Operation canceled
   * acceptor.cancel(); // still listening: connections wait for the next accept
   * acceptor.close();
   * await ctx.run();
   * ``` */
  cancel(): void {
    this.#impl.cancel();
  }

  /** Stop listening (Asio's `close`): pending accepts complete with `operationAborted`;
   * connections still queued are destroyed, as the kernel resets those in a closed listener's
   * backlog. Closing a closed acceptor does nothing.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const ctx = new IoContext();
   * const acceptor = new tcp.Acceptor(ctx, new tcp.Endpoint('127.0.0.1', 0));
   * acceptor.asyncAccept((err) => console.log(err?.message)); // Operation canceled
   * acceptor.close();
   * await ctx.run();
   * ``` */
  close(): void {
    this.#impl.close();
  }

  /** The endpoint the acceptor listens on, with the real port when it asked for 0; before
   * `listen()`, the `bind()` endpoint (or the unspecified address, port 0). Throws a SystemError
   * (`badDescriptor`) when closed.
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const acceptor = new tcp.Acceptor(new IoContext(), new tcp.Endpoint('::1', 0));
   * console.log(`${acceptor.localEndpoint()}`); // [::1]:37517 (the port the kernel chose)
   * acceptor.close();
   * ``` */
  localEndpoint(): Endpoint {
    return this.#impl.localEndpoint();
  }

  /** The `reuseAddress` option as set (see `AcceptorOptions`).
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   * const acceptor = new tcp.Acceptor(new IoContext(), new tcp.Endpoint('127.0.0.1', 0), { reuseAddress: false });
   * console.log(acceptor.reuseAddress()); // false
   * acceptor.close();
   * ``` */
  reuseAddress(): boolean {
    return this.#impl.reuseAddress();
  }
}
