/**
 * The argument kinds of the net bad-input table: what a valid value of each is, a valid sample of
 * each, and the generator of wrong values (fast-check's anything plus near misses).
 */
import { constants } from 'node:os';
import fc from 'fast-check';
import { IoContext, isExecutionContext, isExecutor, isTokenObject } from '@asio-ts/core';
import { tcp, udp } from '@asio-ts/net';

export type Kind =
  | 'executor'
  | 'token'
  | 'tcpEndpoint'
  | 'udpEndpoint'
  | 'tcpProtocol'
  | 'udpProtocol'
  | 'addressOrTcpProtocol'
  | 'addressOrUdpProtocol'
  | 'port'
  | 'bufferSeq'
  | 'tcpSocket'
  | 'endpoints'
  | 'function'
  | 'signal'
  | 'string'
  | 'service'
  | 'options'
  | 'boolean'
  | 'shutdownType'
  | 'backlog'
  | 'udpProtocolOrEndpoint';

const isObject = (x: unknown): x is Record<PropertyKey, unknown> => typeof x === 'object' && x !== null;
const catchable = (n: number): boolean => n !== constants.signals.SIGKILL && n !== constants.signals.SIGSTOP;
const signalNumbers = new Set(Object.values(constants.signals as unknown as Record<string, number>));

function isIterableOf(x: unknown, element: (e: unknown) => boolean): boolean {
  if (!isObject(x) || typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') return false;
  for (const e of x as unknown as Iterable<unknown>) if (!element(e)) return false;
  return true;
}

const isBytes = (x: unknown): boolean => ArrayBuffer.isView(x) || x instanceof ArrayBuffer || x instanceof SharedArrayBuffer;

export function valid(kind: Kind, x: unknown): boolean {
  switch (kind) {
    case 'executor':
      return isExecutor(x) || isExecutionContext(x);
    case 'token':
      return typeof x === 'function' || isTokenObject(x);
    case 'tcpEndpoint':
      return x instanceof tcp.Endpoint;
    case 'udpEndpoint':
      return x instanceof udp.Endpoint;
    case 'tcpProtocol':
      return x === tcp.v4() || x === tcp.v6();
    case 'udpProtocol':
      return x === udp.v4() || x === udp.v6();
    case 'addressOrTcpProtocol':
      return (typeof x === 'string' && /^[\d.]+$|:/.test(x) && isAddress(x)) || valid('tcpProtocol', x);
    case 'addressOrUdpProtocol':
      return (typeof x === 'string' && isAddress(x)) || valid('udpProtocol', x);
    case 'port':
      return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 65535;
    case 'bufferSeq':
      // As io takes them: any view or ArrayBuffer is its bytes.
      return isBytes(x) || isIterableOf(x, isBytes);
    case 'tcpSocket':
      return x instanceof tcp.Socket;
    case 'endpoints':
      return isIterableOf(x, (e) => e instanceof tcp.Endpoint);
    case 'function':
      return typeof x === 'function';
    case 'signal':
      if (typeof x === 'number') return signalNumbers.has(x) && catchable(x);
      return typeof x === 'string' && Object.prototype.hasOwnProperty.call(constants.signals, x) && catchable((constants.signals as unknown as Record<string, number>)[x]!);
    case 'string':
      return typeof x === 'string';
    case 'service':
      return typeof x === 'string' || valid('port', x);
    case 'options':
      return x === undefined || (isObject(x) && ((x as { reuseAddress?: unknown }).reuseAddress === undefined || typeof (x as { reuseAddress?: unknown }).reuseAddress === 'boolean'));
    case 'boolean':
      return typeof x === 'boolean';
    case 'shutdownType':
      return x === 'send' || x === 'receive' || x === 'both';
    case 'backlog':
      return typeof x === 'number' && Number.isInteger(x) && x >= 0;
    case 'udpProtocolOrEndpoint':
      return valid('udpProtocol', x) || x instanceof udp.Endpoint;
  }
}

function isAddress(s: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:net') as typeof import('node:net')).isIP(s) !== 0;
}

/** The context every sample and idle object of the table runs on. */
export const ioc = new IoContext();

export function sample(kind: Kind): unknown {
  switch (kind) {
    case 'executor':
      return ioc;
    case 'token':
      return () => {};
    case 'tcpEndpoint':
      return new tcp.Endpoint('127.0.0.1', 1);
    case 'udpEndpoint':
      return new udp.Endpoint('127.0.0.1', 9);
    case 'tcpProtocol':
      return tcp.v4();
    case 'udpProtocol':
      return udp.v4();
    case 'addressOrTcpProtocol':
    case 'addressOrUdpProtocol':
      return '127.0.0.1';
    case 'port':
      return 1;
    case 'bufferSeq':
      return new Uint8Array(4);
    case 'tcpSocket':
      return new tcp.Socket(ioc);
    case 'endpoints':
      return [new tcp.Endpoint('127.0.0.1', 1)];
    case 'function':
      return () => true;
    case 'signal':
      return 'SIGUSR2';
    case 'string':
      return 'localhost';
    case 'service':
      return 80;
    case 'options':
      return {};
    case 'boolean':
      return true;
    case 'shutdownType':
      return 'both';
    case 'backlog':
      return 16;
    case 'udpProtocolOrEndpoint':
      return udp.v4();
  }
}

const anything = fc.anything({ maxDepth: 2, withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withDate: true });
const specials: Array<() => unknown> = [
  () => NaN, () => -1, () => 1.5, () => 65536, () => Infinity, () => -0.5, () => 2 ** 53, () => '', () => 'localhost',
  () => '127.0.0.256', () => '::g', () => '1.2.3', () => 'SIGKILL', () => 'SIGSTOP', () => 9, () => 19, () => 0, () => 'sigint',
  () => 'SEND', () => [new Uint8Array(1), 'x'], () => [1], () => new ArrayBuffer(2), () => new Uint16Array(2), () => Symbol('s'),
  () => null, () => undefined, () => true, () => 10n, () => ({}), () => [], () => udp.v4(), () => tcp.v6(),
  () => new udp.Endpoint('127.0.0.1', 1), () => new tcp.Endpoint('::1', 1), () => ({ address: '127.0.0.1', port: 1 }),
  () => ({ reuseAddress: 'yes' }), () => [{ address: '127.0.0.1', port: 1 }], () => new Set([1]), () => Object.create(null) as unknown,
];
/** Wrong values to try: anything fast-check makes, and near misses of each kind. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anything },
  { weight: 3, arbitrary: fc.nat(specials.length - 1).map((i) => specials[i]!()) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 70 }) },
);
