import { createSocket, type RemoteInfo, type Socket as DgramSocket } from 'node:dgram';
import { CancellationType, errors, makeError, type Executor, type Handler, type SystemError } from '@asio-ts/core';
import { describe, fill, isUint8Array, type BufferList } from './check.js';
import { DatagramQueue, defaultReceiveBuffer } from './datagram-queue.js';
import { familyMismatch } from './family-mismatch.js';
import { literalLookup } from './literal-lookup.js';
import { PendingOp, removeFrom } from './pending-op.js';
import type { ReceiveFromSignature, SendToSignature } from '../udp/datagram-signatures.js';
import { fromNetError, netErrors } from '../errors.js';
import { anyAddress } from '../ip/address.js';
import { nodeAddress } from '../ip/scope-id.js';
import { InternetProtocol } from '../ip/protocol.js';
import { Endpoint, v4 } from '../udp/endpoint.js';


// A pending receive has taken no datagram: removing it has no side effect.
const receiveCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;
// A datagram handed to Node cannot be recalled: terminal cancellation closes the socket (what
// Asio's terminal cancellation allows); partial and total are not supported.
const sendCancellation = CancellationType.Terminal;

interface Receive {
  readonly op: PendingOp<ReceiveFromSignature>;
  readonly buffers: BufferList;
}

const alreadyBound = (e: unknown): boolean => (e as { code?: unknown }).code === 'ERR_SOCKET_ALREADY_BOUND';

export function checkUdpEndpoint(name: string, value: unknown): asserts value is Endpoint {
  if (!(value instanceof Endpoint)) throw new TypeError(`${name} must be a udp.Endpoint, got ${describe(value)}`);
}

/** The state and operations of a `udp.Socket` (the class itself is its documented surface). */
export class UdpSocketImpl {
  readonly #executor: Executor;
  #socket: DgramSocket | null = null;
  #protocol: InternetProtocol<'udp'> = v4();
  #receives: Receive[] = [];
  // The dgram socket is bound: a send goes to libuv within `socket.send`.
  #bound = false;
  readonly #datagrams = new DatagramQueue();
  // An error Node reported with no receive pending: the next receive gets it.
  #error: SystemError | null = null;
  // While `bind` is on the stack, an 'error' is the bind's failure.
  #bindFailure: unknown = undefined;
  #binding = false;

  // Each dgram socket's events are checked against the current one: after close() and open(), a
  // late event of the old socket must not reach the new one's operations.
  #onMessage(socket: DgramSocket, msg: Uint8Array, rinfo: RemoteInfo): void {
    if (socket === this.#socket) this.#arrived(msg, rinfo);
  }

  #onError(socket: DgramSocket, e: unknown): void {
    if (socket !== this.#socket) return;
    if (this.#binding) {
      this.#bindFailure ??= e;
      return;
    }
    const err = fromNetError(e);
    const receive = this.#receives.shift();
    if (receive !== undefined) receive.op.complete(err, 0, new Endpoint());
    else this.#error = err;
  }

  #onListening(socket: DgramSocket): void {
    if (socket !== this.#socket) return;
    this.#bound = true;
    try {
      this.#datagrams.limit = socket.getRecvBufferSize();
    } catch {
      this.#datagrams.limit = defaultReceiveBuffer;
    }
  }


  constructor(executor: Executor, protocolOrEndpoint?: InternetProtocol<'udp'> | Endpoint) {
    this.#executor = executor;
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

  getExecutor(): Executor {
    return this.#executor;
  }

  open(protocol: InternetProtocol<'udp'> = v4()): void {
    if (!(protocol instanceof InternetProtocol) || protocol.name !== 'udp') throw new TypeError(`protocol must be udp.v4() or udp.v6(), got ${describe(protocol)}`);
    if (this.#socket !== null) throw makeError(errors.alreadyOpen);
    const socket = createSocket({ type: protocol.family === 4 ? 'udp4' : 'udp6', lookup: literalLookup });
    socket.on('message', (msg, rinfo) => this.#onMessage(socket, msg, rinfo));
    // Stays after close(): an 'error' with no listener would be thrown.
    socket.on('error', (e) => this.#onError(socket, e));
    socket.on('listening', () => this.#onListening(socket));
    this.#socket = socket;
    this.#protocol = protocol;
    this.#bound = false;
  }

  isOpen(): boolean {
    return this.#socket !== null;
  }

  bind(endpoint: Endpoint): void {
    checkUdpEndpoint('endpoint', endpoint);
    const socket = this.#socket;
    if (socket === null) throw makeError(errors.badDescriptor);
    if (endpoint.family !== this.#protocol.family) throw familyMismatch('socket', this.#protocol, endpoint);
    const failure = this.#bindSocket(socket, nodeAddress(endpoint.address), endpoint.port);
    if (failure === undefined) return;
    if (alreadyBound(failure)) throw makeError(errors.invalidArgument, 'the socket is already bound');
    throw fromNetError(failure);
  }

  /** Node's bind, its failure (thrown or emitted within the call) returned. */
  #bindSocket(socket: DgramSocket, address: string, port: number): unknown {
    this.#binding = true;
    this.#bindFailure = undefined;
    try {
      socket.bind({ address, port, exclusive: true });
    } catch (e) {
      this.#bindFailure ??= e;
    } finally {
      this.#binding = false;
    }
    const failure = this.#bindFailure;
    this.#bindFailure = undefined;
    return failure;
  }

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

  cancel(): void {
    if (this.#socket === null) throw makeError(errors.badDescriptor);
    this.#abortReceives();
  }

  close(): void {
    const socket = this.#socket;
    if (socket === null) return;
    this.#socket = null;
    this.#datagrams.clear();
    this.#error = null;
    socket.close();
    this.#abortReceives();
    // Pending sends complete through their callbacks, on a later turn: sent (their bytes) or,
    // still in libuv's queue, ECANCELED (operationAborted).
  }

  #abortReceives(): void {
    const receives = this.#receives;
    this.#receives = [];
    for (const r of receives) r.op.completePosted(makeError(errors.operationAborted), 0, new Endpoint());
  }

  startSend(handler: Handler<SendToSignature>, buffers: BufferList, endpoint: Endpoint): void {
    const op = new PendingOp<SendToSignature>(handler, this.#executor);
    const socket = this.#socket;
    if (socket === null) {
      op.complete(makeError(errors.badDescriptor), 0);
      return op.work.started();
    }
    // As the kernel: a v4 socket cannot reach a v6 address; a (dual-stack) v6 one reaches a v4
    // address as its mapped form, which Node's udp6 wants spelled out.
    let address = nodeAddress(endpoint.address);
    if (endpoint.family !== this.#protocol.family) {
      if (this.#protocol.family === 4) {
        op.complete(makeError(netErrors.addressFamilyNotSupported, `the socket is open for ${this.#protocol}, the endpoint is ${endpoint.protocol()}`), 0);
        return op.work.started();
      }
      address = `::ffff:${address}`;
    }
    // The kernel's implicit bind, done here so that its failure is the send's. Bound within the
    // call (literalLookup answers at once), so Node never holds the datagram in its own queue.
    const failure = this.#bound ? undefined : this.#bindSocket(socket, anyAddress(this.#protocol.family), 0);
    if (failure !== undefined && !alreadyBound(failure)) {
      op.complete(fromNetError(failure), 0);
      return op.work.started();
    }
    op.listen(sendCancellation, () => this.close());
    const sent = (err: Error | null, bytes?: number): void => {
      if (err !== null && err !== undefined) op.complete(fromNetError(err), 0);
      else op.complete(null, bytes ?? 0);
    };
    try {
      socket.send(isUint8Array(buffers) ? buffers : (buffers as Uint8Array[]), endpoint.port, address, sent);
    } catch (e) {
      sent(e as Error); // still initiating: HandlerWork posts it
    }
    op.work.started();
  }

  startReceive(handler: Handler<ReceiveFromSignature>, buffers: BufferList): void {
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
