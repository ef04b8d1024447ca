import { createServer, type Server, type Socket as NetSocket } from 'node:net';
import { CancellationType, errors, makeError, SystemError, type Executor, type Handler } from '@asio-ts/core';
import { checkBoolean, checkOptions, describe } from './check.js';
import { AcceptQueue } from './accept-queue.js';
import { familyMismatch } from './family-mismatch.js';
import { ignore, listenNow } from './listen.js';
import { PendingOp, removeFrom } from './pending-op.js';
import { checkTcpEndpoint, checkTcpProtocol, localEndpointOf, remoteEndpointOf } from './tcp-endpoints.js';
import { fromNetError } from '../errors.js';
import { anyAddress } from '../ip/address.js';
import { InternetProtocol } from '../ip/protocol.js';
import { Endpoint, v4 } from '../tcp/endpoint.js';
import type { AcceptorOptions, AcceptSignature } from '../tcp/acceptor-options.js';
import { acceptedSocket, Socket } from '../tcp/socket.js';

// A pending accept has taken no connection: removing it has no side effect.
const acceptCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/** Node's default backlog; the kernel rounds it up (511 gives 512 entries on Linux). */
const defaultBacklog = 511;

const closed = 0;
const open = 1;
const listening = 2;

/** The state and operations of a `tcp.Acceptor` (the class itself is its documented surface). */
export class TcpAcceptorImpl {
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

  readonly #onConnection = (ns: NetSocket): void => this.#arrived(ns);
  readonly #onError = (e: unknown): void => this.#serverError(fromNetError(e));


  constructor(executor: Executor, endpoint?: Endpoint, options?: AcceptorOptions) {
    this.#executor = executor;
    if (endpoint !== undefined) checkTcpEndpoint('endpoint', endpoint);
    const opts = checkOptions<AcceptorOptions>('options', options);
    if (opts.reuseAddress !== undefined) checkBoolean('options.reuseAddress', opts.reuseAddress);
    if (endpoint === undefined) return;
    this.open(endpoint.protocol());
    this.#reuseAddress = opts.reuseAddress ?? true;
    this.bind(endpoint);
    this.listen();
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  open(protocol: InternetProtocol<'tcp'> = v4()): void {
    checkTcpProtocol('protocol', protocol);
    if (this.#state !== closed) throw makeError(errors.alreadyOpen);
    this.#protocol = protocol;
    this.#state = open;
  }

  isOpen(): boolean {
    return this.#state !== closed;
  }

  bind(endpoint: Endpoint): void {
    checkTcpEndpoint('endpoint', endpoint);
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    if (this.#state === listening || this.#bound !== null) throw makeError(errors.invalidArgument, 'the acceptor is already bound');
    if (endpoint.family !== this.#protocol.family) throw familyMismatch('acceptor', this.#protocol, endpoint);
    this.#bound = endpoint;
  }

  listen(backlog: number = defaultBacklog): void {
    if (typeof backlog !== 'number') throw new TypeError(`backlog must be a number, got ${describe(backlog)}`);
    if (!Number.isInteger(backlog) || backlog < 0) throw new RangeError(`backlog must be a non-negative integer, got ${String(backlog)}`);
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    if (this.#state === listening) return;
    const at = this.#bound ?? new Endpoint(anyAddress(this.#protocol.family), 0);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
    server.on('connection', this.#onConnection);
    this.#failure = null;
    // Node reads a backlog of 0 as its default: the kernel's smallest queue is asked for as 1.
    listenNow(server, at, Math.max(1, backlog), this.#onError);
    this.#server = server;
    this.#state = listening;
    const address = server.address();
    if (at.address !== anyAddress(at.family) && typeof address === 'object' && address !== null) this.#connectionLocal = new Endpoint(address.address, address.port);
  }

  cancel(): void {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    const accepts = this.#accepts;
    this.#accepts = [];
    for (const op of accepts) op.completePosted(makeError(errors.operationAborted), new Socket(this.#executor));
  }

  close(): void {
    if (this.#state === closed) return;
    this.#state = closed;
    this.#bound = null;
    this.#connectionLocal = null;
    this.#failure = null;
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

  localEndpoint(): Endpoint {
    if (this.#state === closed) throw makeError(errors.badDescriptor);
    const address = this.#server?.address();
    if (typeof address === 'object' && address !== null) return new Endpoint(address.address, address.port);
    return this.#bound ?? new Endpoint(anyAddress(this.#protocol.family), 0);
  }

  reuseAddress(): boolean {
    return this.#reuseAddress;
  }

  startAccept(handler: Handler<AcceptSignature>): void {
    const op = new PendingOp<AcceptSignature>(handler, this.#executor);
    const failure = this.#acceptRefusal();
    if (failure !== null) {
      op.complete(failure, new Socket(this.#executor));
    } else if (this.#queue.length > 0) {
      const q = this.#queue.shift()!;
      if (q instanceof SystemError) op.complete(q, new Socket(this.#executor));
      else op.complete(null, acceptedSocket(this.#executor, q.ns, q.error, q.local, q.remote));
    } else {
      this.#accepts.push(op);
      op.listen(acceptCancellation, () => {
        if (removeFrom(this.#accepts, op)) op.complete(makeError(errors.operationAborted), new Socket(this.#executor));
      });
    }
    op.work.started();
  }

  #acceptRefusal(): SystemError | null {
    if (this.#state === closed) return makeError(errors.badDescriptor);
    if (this.#failure !== null) return this.#failure;
    if (this.#state !== listening) return makeError(errors.invalidArgument, 'the acceptor is not listening');
    return null;
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
      // An accept failed (ENOBUFS, ENOMEM, ...): Asio hands it to an accept, so does this,
      // to the one pending or to the one that reaches it in the queue.
      const op = this.#accepts.shift();
      if (op !== undefined) op.complete(err, new Socket(this.#executor));
      else this.#queue.pushFailure(err);
      return;
    }
    // The listen failed after listen() returned: no connection will come.
    this.#failure = err;
    const accepts = this.#accepts;
    this.#accepts = [];
    for (const op of accepts) op.complete(err, new Socket(this.#executor));
  }
}
