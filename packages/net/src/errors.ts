import { errors, fromNodeError, SystemError, systemCategory, type ErrorCategory, type ErrorCode } from '@asio-ts/core';

/** Asio's `netdb_errors` category: what the host database (a resolver) reports. */
export const netdbCategory: ErrorCategory = Object.freeze({ name: 'netdb' });
/** Asio's `addrinfo_errors` category: `getaddrinfo`'s own failures. */
export const addrinfoCategory: ErrorCategory = Object.freeze({ name: 'addrinfo' });

function define(category: ErrorCategory, code: string, value: number, message: string): ErrorCode {
  return Object.freeze({ code, value, category, message });
}

/**
 * The error constants of networking that core's `errors` does not have (Asio's `asio::error`
 * enumerators of the socket, netdb and addrinfo families). Compare with `errorIs`, as any error
 * constant: `errorIs(err, netErrors.addressInUse)`. The system ones carry Linux's errno values and
 * Node's codes, so a Node error with that code is the constant too. `connectionRefused`,
 * `connectionReset`, `timedOut`, `notConnected`, `badDescriptor`, ... are in core's `errors`.
 *
 * @example
 * ```ts
 * import { errorIs, IoContext } from '@asio-ts/core';
 * import { netErrors, tcp } from '@asio-ts/net';
 *
 * const ctx = new IoContext();
 * const first = new tcp.Acceptor(ctx, new tcp.Endpoint('127.0.0.1', 0));
 * try {
 *   new tcp.Acceptor(ctx, first.localEndpoint()); // the same port again
 * } catch (err) {
 *   console.log(errorIs(err, netErrors.addressInUse)); // true
 * }
 * first.close();
 * ```
 */
export const netErrors = Object.freeze({
  addressInUse: define(systemCategory, 'EADDRINUSE', 98, 'Address already in use'),
  addressNotAvailable: define(systemCategory, 'EADDRNOTAVAIL', 99, 'Cannot assign requested address'),
  addressFamilyNotSupported: define(systemCategory, 'EAFNOSUPPORT', 97, 'Address family not supported by protocol'),
  alreadyConnected: define(systemCategory, 'EISCONN', 106, 'Transport endpoint is already connected'),
  hostUnreachable: define(systemCategory, 'EHOSTUNREACH', 113, 'No route to host'),
  networkUnreachable: define(systemCategory, 'ENETUNREACH', 101, 'Network is unreachable'),
  networkDown: define(systemCategory, 'ENETDOWN', 100, 'Network is down'),
  networkReset: define(systemCategory, 'ENETRESET', 102, 'Network dropped connection on reset'),
  inProgress: define(systemCategory, 'EINPROGRESS', 115, 'Operation now in progress'),
  noProtocolOption: define(systemCategory, 'ENOPROTOOPT', 92, 'Protocol not available'),
  notSocket: define(systemCategory, 'ENOTSOCK', 88, 'Socket operation on non-socket'),
  hostNotFound: define(netdbCategory, 'ENOTFOUND', 1, 'Host not found (authoritative)'),
  hostNotFoundTryAgain: define(netdbCategory, 'EAI_AGAIN', 2, 'Host not found (non-authoritative), try again later'),
  noRecovery: define(netdbCategory, 'EAI_FAIL', 3, 'A non-recoverable error occurred during database lookup'),
  noData: define(netdbCategory, 'ENODATA', 4, 'The query is valid, but it does not have associated data'),
  serviceNotFound: define(addrinfoCategory, 'EAI_SERVICE', -8, 'Service not found'),
  socketTypeNotSupported: define(addrinfoCategory, 'EAI_SOCKTYPE', -7, 'Socket type not supported'),
});

/** The name of a `netErrors` constant: `'addressInUse'`, `'hostNotFound'`, ... */
export type NetErrorName = keyof typeof netErrors;

const byNodeCode: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ...Object.values(netErrors).map((c): [string, ErrorCode] => [c.code, c]),
  ['EAI_NONAME', netErrors.hostNotFound],
  ['EAI_NODATA', netErrors.noData],
  // dgram refuses port 0 before sending; Linux's sendto gives EINVAL there.
  ['ERR_SOCKET_BAD_PORT', errors.invalidArgument],
]);

/**
 * A Node error from net, dgram or dns as a SystemError: the codes above first (a dns
 * `ENOTFOUND` is `hostNotFound`, not core's `notFound`), then core's `fromNodeError`. The
 * original is kept as `cause`.
 */
export function fromNetError(e: unknown): SystemError {
  if (e instanceof SystemError) return e;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const known = typeof code === 'string' ? byNodeCode.get(code) : undefined;
  return known === undefined ? fromNodeError(e) : new SystemError(known, undefined, { cause: e });
}
