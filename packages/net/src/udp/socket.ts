import { createSocket, type RemoteInfo, type Socket as DgramSocket } from 'node:dgram';
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
import type { ConstBufferSequence, MutableBufferSequence } from '@asio-ts/io';
import { checkBuffers, describe, fill, isUint8Array, type BufferList } from '../detail/check.js';
import { DatagramQueue, defaultReceiveBuffer } from '../detail/datagram-queue.js';
import { launch } from '../detail/launch.js';
import { literalLookup } from '../detail/literal-lookup.js';
import { PendingOp, removeFrom } from '../detail/pending-op.js';
import { fromNetError } from '../errors.js';
import { anyAddress } from '../ip/address.js';
import { InternetProtocol } from '../ip/protocol.js';
import { Endpoint, v4 } from './endpoint.js';

/** The handler signature of `asyncSendTo`: `(err, bytesTransferred)`. */
export type SendToSignature = [err: SystemError | null, bytesTransferred: number];
/** The handler signature of `asyncReceiveFrom`: `(err, bytesTransferred, sender)`; `0.0.0.0:0` as the sender on failure. */
export type ReceiveFromSignature = [err: SystemError | null, bytesTransferred: number, sender: Endpoint];

// A pending receive has taken no datagram: removing it has no side effect.
const receiveCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;
// A datagram handed to Node cannot be recalled: terminal cancellation closes the socket (what
// Asio's terminal cancellation allows); partial and total are not supported.
const sendCancellation = CancellationType.Terminal;

interface Receive {
  readonly op: PendingOp<ReceiveFromSignature>;
  readonly buffers: BufferList;
}

function checkUdpEndpoint(name: string, value: unknown): asserts value is Endpoint {
  if (!(value instanceof Endpoint)) throw new TypeError(`${name} must be a udp.Endpoint, got ${describe(value)}`);
}

/**
 * A UDP socket (Asio's `ip::udp::socket`, a `basic_datagram_socket<udp>`) on Node's
 * `dgram.Socket`.
 *
 * - `new udp.Socket(ctx)` is closed; `new udp.Socket(ctx, udp.v4())` opened;
 *   `new udp.Socket(ctx, endpoint)` opened and bound, as Asio's constructors. `bind` is
 *   synchronous and throws a SystemError on failure (`netErrors.addressInUse`, ...).
 * - `asyncSendTo(buffers, endpoint, token)` sends one datagram of all the buffers' bytes:
 *   `(err, n)`. Any number may be in flight. A send on an unbound socket binds it to the
 *   unspecified address and a free port, as the kernel does.
 * - `asyncReceiveFrom(buffers, token)` receives one datagram: `(err, n, sender)`. A datagram
 *   larger than the buffers is truncated to them, the rest discarded (Asio on POSIX: `n` is what
 *   was copied, no error). Several receives may be pending; datagrams go to them in order.
 *   Datagrams that arrive while no receive is pending are queued for the next ones, up to the
 *   socket's receive buffer size in bytes (`SO_RCVBUF`); beyond that they are dropped, as the
 *   kernel drops them.
 * - A pending operation holds work on the socket's executor.
 */
export class Socket implements ExecutionContext {
  readonly #executor: Executor;
  #socket: DgramSocket | null = null;
  #protocol: InternetProtocol<'udp'> = v4();
  #receives: Receive[] = [];
  #sends = new Set<PendingOp<SendToSignature>>();
  readonly #datagrams = new DatagramQueue();
  // An error Node reported with no receive pending: the next receive gets it.
  #error: SystemError | null = null;
  // While `bind` is on the stack, an 'error' is the bind's failure.
  #bindFailure: unknown = undefined;
  #binding = false;

  readonly #onMessage = (msg: Uint8Array, rinfo: RemoteInfo): void => this.#arrived(msg, rinfo);
  readonly #onError = (e: unknown): void => {
    if (this.#binding) {
      this.#bindFailure ??= e;
      return;
    }
    const err = fromNetError(e);
    const receive = this.#receives.shift();
    if (receive !== undefined) receive.op.complete(err, 0, new Endpoint());
    else this.#error = err;
  };
  readonly #onListening = (): void => {
    try {
      this.#datagrams.limit = this.#socket?.getRecvBufferSize() ?? defaultReceiveBuffer;
    } catch {
      this.#datagrams.limit = defaultReceiveBuffer;
    }
  };

  static readonly #initiateSend = (handler: Handler<SendToSignature>, socket: Socket, buffers: BufferList, endpoint: Endpoint): void =>
    socket.#startSend(handler, buffers, endpoint);
  static readonly #initiateReceive = (handler: Handler<ReceiveFromSignature>, socket: Socket, buffers: BufferList): void => socket.#startReceive(handler, buffers);

  /**
   * A closed socket on `executorOrContext`; with a protocol, opened for it; with an endpoint,
   * opened for its protocol and bound to it.
   */
  constructor(executorOrContext: ExecutorOrContext, protocolOrEndpoint?: InternetProtocol<'udp'> | Endpoint) {
    this.#executor = toExecutor('executorOrContext', executorOrContext);
    if (protocolOrEndpoint === undefined) return;
    if (protocolOrEndpoint instanceof Endpoint) {
      this.open(protocolOrEndpoint.protocol());
      this.bind(protocolOrEndpoint);
    } else if (protocolOrEndpoint instanceof InternetProtocol && protocolOrEndpoint.name === 'udp') {
      this.open(protocolOrEndpoint);
    } else {
      throw new TypeError(`protocolOrEndpoint must be udp.v4(), udp.v6() or a udp.Endpoint, got ${describe(protocolOrEndpoint)}`);
    }
  }

  /** The executor the socket's operations complete on by default. */
  getExecutor(): Executor {
    return this.#executor;
  }

  /** Open for `protocol` (default `udp.v4()`). Throws a SystemError (`alreadyOpen`) when open. */
  open(protocol: InternetProtocol<'udp'> = v4()): void {
    if (!(protocol instanceof InternetProtocol) || protocol.name !== 'udp') throw new TypeError(`protocol must be udp.v4() or udp.v6(), got ${describe(protocol)}`);
    if (this.#socket !== null) throw makeError(errors.alreadyOpen);
    const socket = createSocket({ type: protocol.family === 4 ? 'udp4' : 'udp6', lookup: literalLookup });
    socket.on('message', this.#onMessage);
    socket.on('error', this.#onError);
    socket.on('listening', this.#onListening);
    this.#socket = socket;
    this.#protocol = protocol;
  }

  /** True from `open()` until `close()`. */
  isOpen(): boolean {
    return this.#socket !== null;
  }

  /**
   * Bind to `endpoint` (port 0: a free port, see `localEndpoint()`). Throws a SystemError: when
   * closed (`badDescriptor`), already bound or for an endpoint of the other IP version
   * (`invalidArgument`), or the bind's failure (`netErrors.addressInUse`, ...).
   */
  bind(endpoint: Endpoint): void {
    checkUdpEndpoint('endpoint', endpoint);
    const socket = this.#socket;
    if (socket === null) throw makeError(errors.badDescriptor);
    if (endpoint.family !== this.#protocol.family) throw makeError(errors.invalidArgument, `the socket is open for ${this.#protocol}, the endpoint is ${endpoint.protocol()}`);
    this.#binding = true;
    this.#bindFailure = undefined;
    try {
      socket.bind({ address: endpoint.address, port: endpoint.port, exclusive: true });
    } catch (e) {
      this.#bindFailure ??= e;
    } finally {
      this.#binding = false;
    }
    const failure = this.#bindFailure;
    this.#bindFailure = undefined;
    if (failure === undefined) return;
    if ((failure as { code?: unknown }).code === 'ERR_SOCKET_ALREADY_BOUND') throw makeError(errors.invalidArgument, 'the socket is already bound');
    throw fromNetError(failure);
  }

  /** The bound endpoint; the unspecified address and port 0 while unbound. Throws a SystemError (`badDescriptor`) when closed. */
  localEndpoint(): Endpoint {
    const socket = this.#socket;
    if (socket === null) throw makeError(errors.badDescriptor);
    try {
      const a = socket.address();
      return new Endpoint(a.address, a.port);
    } catch {
      return new Endpoint(anyAddress(this.#protocol.family), 0);
    }
  }

  /**
   * Send the bytes of `buffers` as one datagram to `endpoint`: `(err, n)`. Completes once Node
   * reports the datagram sent (or its error: `errors.messageSize` for one too large, ...), at
   * once in practice. A datagram handed to Node cannot be recalled: `cancel()` leaves sends
   * alone; terminal cancellation through the handler's slot closes the socket, and `close()`
   * completes pending sends with `operationAborted` (the datagram may have gone).
   */
  asyncSendTo(buffers: ConstBufferSequence, endpoint: Endpoint): DeferredOperation<SendToSignature>;
  asyncSendTo<T extends CompletionToken<SendToSignature>>(buffers: ConstBufferSequence, endpoint: Endpoint, token: T): AsyncResult<T, SendToSignature>;
  asyncSendTo(buffers: ConstBufferSequence, endpoint: Endpoint, token?: unknown): unknown {
    const list = checkBuffers('buffers', buffers, true);
    checkUdpEndpoint('endpoint', endpoint);
    return launch(Socket.#initiateSend, token, this, list, endpoint);
  }

  /**
   * Receive one datagram into `buffers`: `(err, n, sender)`. Completes at once (never inside this
   * call) when one is queued. `cancel()`, `close()` and the handler's slot (terminal, partial,
   * total) complete it with `operationAborted`; no datagram is lost to a cancelled receive.
   */
  asyncReceiveFrom(buffers: MutableBufferSequence): DeferredOperation<ReceiveFromSignature>;
  asyncReceiveFrom<T extends CompletionToken<ReceiveFromSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReceiveFromSignature>;
  asyncReceiveFrom(buffers: MutableBufferSequence, token?: unknown): unknown {
    return launch(Socket.#initiateReceive, token, this, checkBuffers('buffers', buffers, true));
  }

  /** Complete every pending receive with `operationAborted` (sends run to their end). Throws a SystemError when closed. */
  cancel(): void {
    if (this.#socket === null) throw makeError(errors.badDescriptor);
    this.#abortReceives();
  }

  /**
   * Close the socket: pending receives and sends complete with `operationAborted`, queued
   * datagrams are dropped. Closing a closed socket does nothing.
   */
  close(): void {
    const socket = this.#socket;
    if (socket === null) return;
    this.#socket = null;
    this.#datagrams.clear();
    this.#error = null;
    socket.removeListener('message', this.#onMessage);
    socket.close();
    this.#abortReceives();
    const sends = this.#sends;
    this.#sends = new Set();
    for (const op of sends) op.completePosted(makeError(errors.operationAborted), 0);
  }

  #abortReceives(): void {
    const receives = this.#receives;
    this.#receives = [];
    for (const r of receives) r.op.completePosted(makeError(errors.operationAborted), 0, new Endpoint());
  }

  #startSend(handler: Handler<SendToSignature>, buffers: BufferList, endpoint: Endpoint): void {
    const op = new PendingOp<SendToSignature>(handler, this.#executor);
    const socket = this.#socket;
    if (socket === null) {
      op.complete(makeError(errors.badDescriptor), 0);
      return op.work.started();
    }
    this.#sends.add(op);
    op.listen(sendCancellation, () => this.close());
    const sent = (err: Error | null, bytes?: number): void => {
      if (!this.#sends.delete(op)) return; // completed by close()
      if (err !== null && err !== undefined) op.complete(fromNetError(err), 0);
      else op.complete(null, bytes ?? 0);
    };
    try {
      socket.send(isUint8Array(buffers) ? buffers : (buffers as Uint8Array[]), endpoint.port, endpoint.address, sent);
    } catch (e) {
      sent(e as Error);
    }
    op.work.started();
  }

  #startReceive(handler: Handler<ReceiveFromSignature>, buffers: BufferList): void {
    const op = new PendingOp<ReceiveFromSignature>(handler, this.#executor);
    if (this.#socket === null) {
      op.complete(makeError(errors.badDescriptor), 0, new Endpoint());
    } else if (this.#error !== null) {
      const err = this.#error;
      this.#error = null;
      op.complete(err, 0, new Endpoint());
    } else if (this.#datagrams.length > 0) {
      const d = this.#datagrams.shift()!;
      op.complete(null, fill(buffers, d.data), d.sender);
    } else {
      const receive: Receive = { op, buffers };
      this.#receives.push(receive);
      op.listen(receiveCancellation, () => {
        if (removeFrom(this.#receives, receive)) op.complete(makeError(errors.operationAborted), 0, new Endpoint());
      });
    }
    op.work.started();
  }

  #arrived(data: Uint8Array, rinfo: RemoteInfo): void {
    const sender = new Endpoint(rinfo.address, rinfo.port);
    const receive = this.#receives.shift();
    if (receive !== undefined) {
      receive.op.complete(null, fill(receive.buffers, data), sender);
      return;
    }
    this.#datagrams.push(data, sender);
  }
}
