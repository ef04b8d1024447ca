import { createServer, type Server, type Socket as NetSocket } from 'node:net';
import {
  CancellationType,
  errors,
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
import { checkBoolean, checkOptions, describe } from '../detail/check.js';
import { AcceptQueue } from '../detail/accept-queue.js';
import { launch } from '../detail/launch.js';
import { ignore, listenNow } from '../detail/listen.js';
import { PendingOp, removeFrom } from '../detail/pending-op.js';
import { checkTcpEndpoint, checkTcpProtocol, localEndpointOf, remoteEndpointOf } from '../detail/tcp-endpoints.js';
import { fromNetError } from '../errors.js';
import { anyAddress } from '../ip/address.js';
import { InternetProtocol } from '../ip/protocol.js';
import { Endpoint, v4 } from './endpoint.js';
import { acceptedSocket, Socket } from './socket.js';

/** The handler signature of `asyncAccept`: `(err, socket)`, a closed socket on failure (as Asio's move-accept). */
export type AcceptSignature = [err: SystemError | null, socket: Socket];

export interface AcceptorOptions {
  /**
   * Asio's `reuse_address` option, which its constructor sets by default: `true` (default).
   * libuv sets `SO_REUSEADDR` on every listening TCP socket on Unix, so `false` cannot be
   * honoured there; it is accepted and recorded, and changes nothing.
   */
  reuseAddress?: boolean;
}

// A pending accept has taken no connection: removing it has no side effect.
const acceptCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/** Node's default backlog; the kernel rounds it up (511 gives 512 entries on Linux). */
const defaultBacklog = 511;

const closed = 0;
const open = 1;
const listening = 2;

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
 * - A pending accept holds work on the acceptor's executor.
 */
export class Acceptor implements ExecutionContext {
  readonly #executor: Executor;
  #state = closed;
  #protocol: InternetProtocol<'tcp'> = v4();
  #bound: Endpoint | null = null;
  // Listening on one address: every connection's local endpoint, known without asking the kernel.
  #connectionLocal: Endpoint | null = null;
  #reuseAddress = true;
  #server: Server | null = null;
  #accepts: PendingOp<AcceptSignature>[] = [];
  readonly #queue = new AcceptQueue();
  // A listen that failed after returning (Node reports it a tick later): every accept gets it.
  #failure: SystemError | null = null;
  // An accept error Node reported with no accept pending: the next accept gets it.
  #acceptError: SystemError | null = null;

  readonly #onConnection = (ns: NetSocket): void => this.#arrived(ns);
  readonly #onError = (e: unknown): void => this.#serverError(fromNetError(e));

  static readonly #initiateAccept = (handler: Handler<AcceptSignature>, acceptor: Acceptor): void => acceptor.#startAccept(handler);

  /**
   * `new Acceptor(ctx)`: closed. `new Acceptor(ctx, endpoint, options?)`: opened for the
   * endpoint's protocol, bound to it and listening (Asio's `acceptor(ctx, endpoint,
   * reuse_addr = true)`); a bind failure (`netErrors.addressInUse`, ...) throws a SystemError.
   */
  constructor(executorOrContext: ExecutorOrContext, endpoint?: Endpoint, options?: AcceptorOptions) {
    this.#executor = toExecutor('executorOrContext', executorOrContext);
    if (endpoint !== undefined) checkTcpEndpoint('endpoint', endpoint);
    const opts = checkOptions<AcceptorOptions>('options', options);
    if (opts.reuseAddress !== undefined) checkBoolean('options.reuseAddress', opts.reuseAddress);
    if (endpoint === undefined) return;
    this.open(endpoint.protocol());
    this.#reuseAddress = opts.reuseAddress ?? true;
    this.bind(endpoint);
    this.listen();
  }

  /** The executor accepts complete on by default, and accepted sockets use. */
  getExecutor(): Executor {
    return this.#executor;
  }

  /** Open for `protocol` (default `tcp.v4()`). Throws a SystemError (`alreadyOpen`) when open. */
  open(protocol: InternetProtocol<'tcp'> = v4()): void {
    checkTcpProtocol('protocol', protocol);
    if (this.#state !== closed) throw makeError(errors.alreadyOpen);
    this.#protocol = protocol;
    this.#state = open;
  }

  /** True from `open()` (or the binding constructor) until `close()`. */
  isOpen(): boolean {
    return this.#state !== closed;
  }

  /**
   * Record the address to listen on (Asio's `bind`). Node binds and listens in one step, so the
   * socket is bound by `listen()`: a port of 0 is chosen then. Throws a SystemError when closed
   * (`badDescriptor`), already listening (`invalidArgument`, as a second bind), or for an
   * endpoint of the other IP version (`invalidArgument`).
   */
  bind(endpoint: Endpoint): void {
    checkTcpEndpoint('endpoint', endpoint);
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    if (this.#state === listening || this.#bound !== null) throw makeError(errors.invalidArgument, 'the acceptor is already bound');
    if (endpoint.family !== this.#protocol.family) throw makeError(errors.invalidArgument, `the acceptor is open for ${this.#protocol}, the endpoint is ${endpoint.protocol()}`);
    this.#bound = endpoint;
  }

  /**
   * Bind (to the `bind()` endpoint, else the protocol's unspecified address and a free port) and
   * listen, with `backlog` the kernel's queue length (default 511, Node's). Synchronous where
   * Node allows it, as Asio's: `localEndpoint()` gives the real port right away, and a bind
   * failure (`netErrors.addressInUse`, `errors.accessDenied`, ...) throws a SystemError. Where
   * Node only reports the outcome a tick later, a failure reaches every accept instead.
   * Listening twice does nothing.
   */
  listen(backlog: number = defaultBacklog): void {
    if (typeof backlog !== 'number') throw new TypeError(`backlog must be a number, got ${describe(backlog)}`);
    if (!Number.isInteger(backlog) || backlog < 1) throw new RangeError(`backlog must be a positive integer, got ${String(backlog)}`);
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    if (this.#state === listening) return;
    const at = this.#bound ?? new Endpoint(anyAddress(this.#protocol.family), 0);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
    server.on('connection', this.#onConnection);
    this.#failure = null;
    listenNow(server, at, backlog, this.#onError);
    this.#server = server;
    this.#state = listening;
    const address = server.address();
    if (at.address !== anyAddress(at.family) && typeof address === 'object' && address !== null) this.#connectionLocal = new Endpoint(address.address, address.port);
  }

  /**
   * Accept a connection: `(err, socket)` with a connected `tcp.Socket`. Completes at once (never
   * inside this call) when one is queued. Fails with `errors.badDescriptor` when closed,
   * `errors.invalidArgument` when not listening, or with the error a failed listen reported.
   * `cancel()`, `close()` and the handler's slot (terminal, partial, total) complete it with
   * `operationAborted`; no connection is lost: it waits for the next accept.
   */
  asyncAccept(): DeferredOperation<AcceptSignature>;
  asyncAccept<T extends CompletionToken<AcceptSignature>>(token: T): AsyncResult<T, AcceptSignature>;
  asyncAccept(token?: unknown): unknown {
    return launch(Acceptor.#initiateAccept, token, this);
  }

  /** Complete every pending accept with `operationAborted` (queued connections stay). Throws a SystemError when closed. */
  cancel(): void {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    const accepts = this.#accepts;
    this.#accepts = [];
    for (const op of accepts) op.completePosted(makeError(errors.operationAborted), new Socket(this.#executor));
  }

  /**
   * Stop listening (Asio's `close`): pending accepts complete with `operationAborted`;
   * connections still queued are destroyed, as the kernel resets those in a closed listener's
   * backlog. Closing a closed acceptor does nothing.
   */
  close(): void {
    if (this.#state === closed) return;
    this.#state = closed;
    this.#bound = null;
    this.#connectionLocal = null;
    this.#failure = null;
    this.#acceptError = null;
    const server = this.#server;
    this.#server = null;
    if (server !== null) {
      server.removeListener('connection', this.#onConnection);
      server.removeListener('error', this.#onError);
      server.on('error', ignore);
      server.close();
    }
    this.#queue.destroyAll();
    const accepts = this.#accepts;
    this.#accepts = [];
    for (const op of accepts) op.completePosted(makeError(errors.operationAborted), new Socket(this.#executor));
  }

  /**
   * The endpoint the acceptor listens on, with the real port when it asked for 0; before
   * `listen()`, the `bind()` endpoint (or the unspecified address, port 0). Throws a SystemError
   * (`badDescriptor`) when closed.
   */
  localEndpoint(): Endpoint {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    const address = this.#server?.address();
    if (typeof address === 'object' && address !== null) return new Endpoint(address.address, address.port);
    return this.#bound ?? new Endpoint(anyAddress(this.#protocol.family), 0);
  }

  /** The `reuseAddress` option as set (see `AcceptorOptions`). */
  reuseAddress(): boolean {
    return this.#reuseAddress;
  }

  #startAccept(handler: Handler<AcceptSignature>): void {
    const op = new PendingOp<AcceptSignature>(handler, this.#executor);
    const failure = this.#acceptRefusal();
    if (failure !== null) {
      op.complete(failure, new Socket(this.#executor));
    } else if (this.#queue.length > 0) {
      const q = this.#queue.shift()!;
      op.complete(null, acceptedSocket(this.#executor, q.ns, q.error, q.local, q.remote));
    } else {
      this.#accepts.push(op);
      op.listen(acceptCancellation, () => {
        if (removeFrom(this.#accepts, op)) op.complete(makeError(errors.operationAborted), new Socket(this.#executor));
      });
    }
    op.work.started();
  }

  /** Why an accept fails at once, or null. */
  #acceptRefusal(): SystemError | null {
    if (this.#state === closed) return makeError(errors.badDescriptor);
    if (this.#failure !== null) return this.#failure;
    if (this.#state !== listening) return makeError(errors.invalidArgument, 'the acceptor is not listening');
    const err = this.#acceptError;
    this.#acceptError = null;
    return err;
  }

  #arrived(ns: NetSocket): void {
    // Taken now, while Node still knows both ends.
    const local = this.#connectionLocal ?? localEndpointOf(ns);
    const remote = remoteEndpointOf(ns);
    const op = this.#accepts.shift();
    if (op !== undefined) {
      op.complete(null, acceptedSocket(this.#executor, ns, null, local, remote));
      return;
    }
    this.#queue.push(ns, local, remote);
  }

  #serverError(err: SystemError): void {
    if (this.#server?.listening === true) {
      // An accept failed (too many open files, ...): Asio hands it to an accept, so does this.
      const op = this.#accepts.shift();
      if (op !== undefined) op.complete(err, new Socket(this.#executor));
      else this.#acceptError = err;
      return;
    }
    // The listen failed after listen() returned: no connection will come.
    this.#failure = err;
    const accepts = this.#accepts;
    this.#accepts = [];
    for (const op of accepts) op.complete(err, new Socket(this.#executor));
  }
}
