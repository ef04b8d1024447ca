import {
  asyncCompose,
  CancellationType,
  checkToken,
  enablePartialCancellation,
  errors,
  makeError,
  type AsyncResult,
  type CompletionToken,
  type ComposedOperation,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { checkFunction, describe } from './detail/check.js';
import { Endpoint } from './tcp/endpoint.js';
import { Socket } from './tcp/socket.js';

/** The handler signature of the range `asyncConnect`: `(err, endpoint)`, the endpoint that connected (`0.0.0.0:0` on failure). */
export type RangeConnectSignature = [err: SystemError | null, endpoint: Endpoint];

/**
 * Asio's connect condition: called before each attempt with the previous attempt's error (`null`
 * before the first) and the next endpoint; `false` skips that endpoint.
 */
export type ConnectCondition = (err: SystemError | null, next: Endpoint) => boolean;

/**
 * Connect `socket` to the first of `endpoints` that accepts (Asio's range `async_connect`, as a
 * resolver's results are meant to be used): each endpoint in turn, the socket closed before each
 * attempt, until one connects. `(err, endpoint)`: `null` and the endpoint that connected; the last
 * attempt's error when every one failed; `errors.notFound` for no endpoint at all (or none the
 * condition let through).
 *
 * - `condition` (the four-argument form only; with three arguments the third is the token) skips
 *   endpoints, as Asio's connect condition.
 * - Cancellation through the handler's slot, terminal and partial (as Asio's): forwarded to the
 *   attempt in flight, and no further endpoint is tried; `operationAborted`. `socket.close()`
 *   stops it too. `socket.cancel()` fails only the attempt in flight, and the next endpoint is
 *   tried, as in Asio.
 * - Work is held on the socket's executor until the handler ran.
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a server on port 8080.
 * import { coSpawn, IoContext, useAwaitable, useFuture } from '@asio-ts/core';
 * import { asyncConnect, tcp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const done = coSpawn(ctx, async () => {
 *   const endpoints = await new tcp.Resolver(ctx).asyncResolve('localhost', 8080, useAwaitable);
 *   const socket = new tcp.Socket(ctx);
 *   // Each address of localhost in getaddrinfo's order ([::1]:8080, 127.0.0.1:8080) until one accepts.
 *   const connected = await asyncConnect(socket, endpoints, useAwaitable);
 *   socket.close();
 *   return `connected to ${connected}`;
 * }, useFuture);
 * await ctx.run();
 * console.log(await done); // connected to 127.0.0.1:8080 (a server on 127.0.0.1 only)
 * ```
 */
export function asyncConnect(socket: Socket, endpoints: Iterable<Endpoint>): DeferredOperation<RangeConnectSignature>;
export function asyncConnect<T extends CompletionToken<RangeConnectSignature>>(socket: Socket, endpoints: Iterable<Endpoint>, token: T): AsyncResult<T, RangeConnectSignature>;
export function asyncConnect<T extends CompletionToken<RangeConnectSignature>>(
  socket: Socket,
  endpoints: Iterable<Endpoint>,
  condition: ConnectCondition,
  token: T,
): AsyncResult<T, RangeConnectSignature>;
export function asyncConnect(socket: unknown, endpoints: unknown, ...rest: unknown[]): unknown {
  if (!(socket instanceof Socket)) throw new TypeError(`socket must be a tcp.Socket, got ${describe(socket)}`);
  const list = checkEndpoints(endpoints);
  let condition: ConnectCondition | undefined;
  let token: unknown;
  if (rest.length >= 2) {
    checkFunction('condition', rest[0]);
    condition = rest[0] as ConnectCondition;
    token = rest[1];
  } else {
    token = rest[0];
  }
  if (token !== undefined) checkToken('token', token);
  return asyncCompose<RangeConnectSignature, unknown>(rangeConnect(socket, list, condition), token, socket);
}

function checkEndpoints(endpoints: unknown): Endpoint[] {
  if (typeof endpoints !== 'object' || endpoints === null || typeof (endpoints as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TypeError(`endpoints must be an iterable of tcp.Endpoint, got ${describe(endpoints)}`);
  }
  const list: Endpoint[] = [];
  for (const e of endpoints as Iterable<unknown>) {
    if (!(e instanceof Endpoint)) throw new TypeError(`endpoints[${list.length}] must be a tcp.Endpoint, got ${describe(e)}`);
    list.push(e);
  }
  return list;
}

/** Asio's `range_connect_op`, as the steps of an `asyncCompose` implementation. */
function rangeConnect(socket: Socket, endpoints: readonly Endpoint[], condition: ConnectCondition | undefined) {
  let started = false;
  let index = 0;
  // The first index from `from` the condition lets through (given the last error), or -1.
  const next = (from: number, err: SystemError | null): number => {
    for (let i = from; i < endpoints.length; i++) if (condition === undefined || condition(err, endpoints[i]!)) return i;
    return -1;
  };
  const attempt = (self: ComposedOperation<RangeConnectSignature>): void => {
    socket.close();
    socket.asyncConnect(endpoints[index]!, self);
  };
  return (self: ComposedOperation<RangeConnectSignature>, ...args: unknown[]): void => {
    if (!started) {
      started = true;
      // Started: terminal and partial cancellation pass to each attempt, as in Asio.
      self.resetCancellationState(enablePartialCancellation);
      index = next(0, null);
      if (index === -1) return self.complete(makeError(errors.notFound, 'no endpoint to connect to'), new Endpoint());
      return attempt(self);
    }
    const err = args[0] as SystemError | null;
    if (!socket.isOpen()) return self.complete(makeError(errors.operationAborted), new Endpoint());
    if (err === null) return self.complete(null, endpoints[index]!);
    if (self.cancelled() !== CancellationType.None) return self.complete(makeError(errors.operationAborted), new Endpoint());
    index = next(index + 1, err);
    if (index === -1) return self.complete(err, new Endpoint());
    attempt(self);
  };
}
