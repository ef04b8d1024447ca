import { lookup, type LookupAddress } from 'node:dns';
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
import { checkPort, describe } from '../detail/check.js';
import { launch } from '../detail/launch.js';
import { PendingOp, removeFrom } from '../detail/pending-op.js';
import { fromNetError, netErrors } from '../errors.js';
import type { BasicEndpoint } from './endpoint.js';
import { InternetProtocol, type ProtocolName, type ProtocolPair } from './protocol.js';
import { lookupService } from './services.js';

/** The handler signature of `asyncResolve`: `(err, endpoints)`, none on failure. */
export type ResolveSignature<E> = [err: SystemError | null, endpoints: readonly E[]];

/** A service: a port number, or a port or a service name (`'80'`, `'http'`) as a string. */
export type Service = string | number;

// Nothing is done with a lookup's late answer: abandoning it has no side effect.
const resolveCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/**
 * A resolver (Asio's `ip::basic_resolver<Protocol>`: `tcp.Resolver`, `udp.Resolver`) on Node's
 * `dns.lookup` (the system's `getaddrinfo`, all addresses, in the order it gives them).
 *
 * `asyncResolve(host, service, token)` → `(err, endpoints)`: one endpoint per address of `host`
 * (a name or an address literal; `''` means the loopback addresses) with the port of `service`
 * (`''` means port 0; both empty fail with `netErrors.hostNotFound`, as getaddrinfo's `EAI_NONAME`).
 * `asyncResolve(protocol, host, service, token)` keeps the addresses of that IP version. A host
 * that does not exist fails with `netErrors.hostNotFound`, an unknown service name with
 * `netErrors.serviceNotFound`. A pending resolve holds work; `cancel()` and the handler's slot
 * (terminal, partial, total) complete it with `operationAborted` (the system lookup itself runs
 * to its end; its answer is dropped).
 *
 * @example
 * ```ts
 * import { IoContext, useFuture } from '@asio-ts/core';
 * import { tcp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const resolver = new tcp.Resolver(ctx);
 * const endpoints = resolver.asyncResolve(tcp.v4(), 'localhost', 'http', useFuture);
 * await ctx.run();
 * console.log((await endpoints).map(String)); // [ '127.0.0.1:80' ]
 * ```
 */
export class BasicResolver<P extends ProtocolName, E extends BasicEndpoint<P>> implements ExecutionContext {
  readonly #executor: Executor;
  readonly #protocols: ProtocolPair<P>;
  readonly #make: (address: string, port: number) => E;
  #pending: PendingOp<ResolveSignature<E>>[] = [];

  static readonly #initiate = (
    handler: Handler<ResolveSignature<never>>,
    resolver: BasicResolver<ProtocolName, never>,
    family: 0 | 4 | 6,
    host: string,
    service: Service,
  ): void => resolver.#start(handler, family, host, service);

  protected constructor(executorOrContext: ExecutorOrContext, protocols: ProtocolPair<P>, make: (address: string, port: number) => E) {
    this.#executor = toExecutor('executorOrContext', executorOrContext);
    this.#protocols = protocols;
    this.#make = make;
  }

  /**
   * The executor resolves complete on by default.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { udp } from '@asio-ts/net';
   *
   * const ctx = new IoContext();
   * console.log(new udp.Resolver(ctx).getExecutor() === ctx.getExecutor()); // true
   * ```
   */
  getExecutor(): Executor {
    return this.#executor;
  }

  /**
   * Resolve `host` and `service` (Asio's `async_resolve`): `(err, endpoints)`, one endpoint per
   * address, in getaddrinfo's order, none on failure. With `protocol` first, only the addresses
   * of its IP version. `netErrors.hostNotFound`, `netErrors.serviceNotFound` as the lookup says.
   * Cancellation (`cancel()` or the slot: terminal, partial, total) completes it with
   * `operationAborted` at once; the system lookup runs on, its answer dropped.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   *
   * const ctx = new IoContext();
   * new tcp.Resolver(ctx).asyncResolve('127.0.0.1', 'https', (err, endpoints) => {
   *   console.log(err, endpoints.map(String)); // null [ '127.0.0.1:443' ]
   * });
   * await ctx.run();
   * ```
   */
  asyncResolve(host: string, service: Service): DeferredOperation<ResolveSignature<E>>;
  asyncResolve<T extends CompletionToken<ResolveSignature<E>>>(host: string, service: Service, token: T): AsyncResult<T, ResolveSignature<E>>;
  asyncResolve(protocol: InternetProtocol<P>, host: string, service: Service): DeferredOperation<ResolveSignature<E>>;
  asyncResolve<T extends CompletionToken<ResolveSignature<E>>>(
    protocol: InternetProtocol<P>,
    host: string,
    service: Service,
    token: T,
  ): AsyncResult<T, ResolveSignature<E>>;
  asyncResolve(...args: unknown[]): unknown {
    let family: 0 | 4 | 6 = 0;
    if (args[0] instanceof InternetProtocol) {
      const protocol = args.shift() as InternetProtocol;
      if (protocol.name !== this.#protocols[0].name) throw new TypeError(`protocol must be ${this.#protocols[0].name}.v4() or ${this.#protocols[0].name}.v6(), got a ${protocol.name} protocol`);
      family = protocol.family;
    }
    const [host, service, token] = args;
    if (typeof host !== 'string') throw new TypeError(`host must be a string, got ${describe(host)}`);
    if (typeof service === 'number') checkPort('service', service);
    else if (typeof service !== 'string') throw new TypeError(`service must be a port number or a string, got ${describe(service)}`);
    return launch(BasicResolver.#initiate as never, token, this, family, host, service);
  }

  /**
   * Complete every pending resolve with `operationAborted` (Asio's `cancel`).
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { tcp } from '@asio-ts/net';
   *
   * const ctx = new IoContext();
   * const resolver = new tcp.Resolver(ctx);
   * resolver.asyncResolve('example.com', 80, (err, endpoints) => {
   *   console.log(err?.message, endpoints.length); // Operation canceled 0
   * });
   * resolver.cancel();
   * await ctx.run();
   * ```
   */
  cancel(): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const op of pending) op.completePosted(makeError(errors.operationAborted), []);
  }

  #start(handler: Handler<ResolveSignature<E>>, family: 0 | 4 | 6, host: string, service: Service): void {
    const op = new PendingOp<ResolveSignature<E>>(handler, this.#executor);
    this.#pending.push(op);
    op.listen(resolveCancellation, () => {
      if (removeFrom(this.#pending, op)) op.complete(makeError(errors.operationAborted), []);
    });
    this.#port(service, (port) => {
      if (!this.#pending.includes(op)) return;
      if (port === null) {
        removeFrom(this.#pending, op);
        op.complete(makeError(netErrors.serviceNotFound, `service ${describe(service)}`), []);
        return;
      }
      if (host === '' && service === '') {
        // getaddrinfo(NULL, NULL) fails with EAI_NONAME, which Asio reports as host_not_found.
        removeFrom(this.#pending, op);
        op.complete(makeError(netErrors.hostNotFound, 'no host and no service'), []);
        return;
      }
      this.#lookup(op, family, host, port);
    });
    op.work.started();
  }

  #port(service: Service, done: (port: number | null) => void): void {
    if (typeof service === 'number') return done(service);
    if (service === '') return done(0);
    if (/^\d+$/.test(service)) {
      const n = Number(service);
      return done(n <= 65535 ? n : null);
    }
    lookupService(service, this.#protocols[0].name, done);
  }

  #lookup(op: PendingOp<ResolveSignature<E>>, family: 0 | 4 | 6, host: string, port: number): void {
    const answer = (err: unknown, addresses: readonly LookupAddress[]): void => {
      if (!removeFrom(this.#pending, op)) return;
      if (err !== null && err !== undefined) return op.complete(fromNetError(err), []);
      // Node answers an address literal as it is, whatever the family asked for.
      const kept = family === 0 ? addresses : addresses.filter((a) => a.family === family);
      if (kept.length === 0) return op.complete(makeError(netErrors.hostNotFound, `no IPv${family} address for ${describe(host)}`), []);
      op.complete(null, Object.freeze(kept.map((a) => this.#make(a.address, port))));
    };
    if (host === '') {
      // getaddrinfo(NULL, service) without AI_PASSIVE: the loopback addresses.
      const loopback: LookupAddress[] = [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ];
      queueMicrotask(() => answer(null, loopback.filter((a) => family === 0 || a.family === family)));
      return;
    }
    try {
      lookup(host, { all: true, family }, answer);
    } catch (e) {
      answer(e, []);
    }
  }
}
