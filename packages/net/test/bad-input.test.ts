/**
 * The bad-input table of '@asio-ts/net': every function export, every member of the `tcp` and
 * `udp` namespaces, and every public method of their classes, called with generated wrong
 * arguments, one argument at a time (the others valid). Architecture rule 4: a programmer error
 * throws synchronously a TypeError or RangeError whose message starts with the argument's name
 * (or a path into it, `options.reuseAddress`, `signals[1]`) — never a SystemError, never
 * nothing. The enumeration is checked too: an export or a method that is in no list fails the
 * suite, so the table cannot fall behind the public surface.
 *
 * The objects methods are called on are real and idle (closed sockets, an acceptor listening on
 * 127.0.0.1); a valid call is never made, so no operation starts and no signal handler is
 * installed in this process.
 */
import fc from 'fast-check';
import * as net from '@asio-ts/net';
import { fcParams } from '../../core/test/reliability/fc-config.js';
import { ioc, junk, sample, valid, type Kind } from './helpers/bad-input-kinds.js';

const { tcp, udp } = net;

interface Param {
  readonly name: string;
  readonly kind: Kind;
  readonly optional?: boolean;
  /** Other names the message may start with. */
  readonly names?: readonly (string | RegExp)[];
}
interface Entry {
  /** `export`, `tcp.Socket`, `tcp.Socket#asyncReadSome`, ... */
  readonly label: string;
  readonly call: (args: unknown[]) => unknown;
  readonly params: readonly Param[];
}
const p = (name: string, kind: Kind, extra: Partial<Param> = {}): Param => ({ name, kind, ...extra });
const opt = (name: string, kind: Kind, extra: Partial<Param> = {}): Param => ({ name, kind, optional: true, ...extra });

type AnyFn = (...a: unknown[]) => unknown;
const construct = (C: unknown) => (args: unknown[]) => new (C as new (...a: unknown[]) => unknown)(...args);
const method = (target: () => object, name: string) => (args: unknown[]) => ((target() as Record<string, AnyFn>)[name] as AnyFn).apply(target(), args);

// Idle objects whose methods are called (never with a valid argument list).
const closedTcp = new tcp.Socket(ioc);
const acceptor = new tcp.Acceptor(ioc);
const listening = new tcp.Acceptor(ioc, new tcp.Endpoint('127.0.0.1', 0));
const tcpResolver = new tcp.Resolver(ioc);
const udpResolver = new udp.Resolver(ioc);
const closedUdp = new udp.Socket(ioc);
const set = new net.SignalSet(ioc);
const endpoint = new tcp.Endpoint('127.0.0.1', 1);
afterAll(() => listening.close());

const table: readonly Entry[] = [
  // Endpoints and protocols
  { label: 'tcp.Endpoint', call: construct(tcp.Endpoint), params: [p('address', 'addressOrTcpProtocol'), p('port', 'port')] },
  { label: 'udp.Endpoint', call: construct(udp.Endpoint), params: [p('address', 'addressOrUdpProtocol'), p('port', 'port')] },
  // tcp.Socket
  { label: 'tcp.Socket', call: construct(tcp.Socket), params: [p('executorOrContext', 'executor'), opt('protocol', 'tcpProtocol')] },
  { label: 'tcp.Socket#open', call: method(() => new tcp.Socket(ioc), 'open'), params: [opt('protocol', 'tcpProtocol')] },
  { label: 'tcp.Socket#asyncConnect', call: method(() => closedTcp, 'asyncConnect'), params: [p('endpoint', 'tcpEndpoint'), opt('token', 'token')] },
  { label: 'tcp.Socket#asyncReadSome', call: method(() => closedTcp, 'asyncReadSome'), params: [p('buffers', 'bufferSeq'), opt('token', 'token')] },
  { label: 'tcp.Socket#asyncWriteSome', call: method(() => closedTcp, 'asyncWriteSome'), params: [p('buffers', 'bufferSeq'), opt('token', 'token')] },
  { label: 'tcp.Socket#shutdown', call: method(() => closedTcp, 'shutdown'), params: [p('what', 'shutdownType')] },
  { label: 'tcp.Socket#setNoDelay', call: method(() => closedTcp, 'setNoDelay'), params: [p('enable', 'boolean')] },
  { label: 'tcp.Socket#setKeepAlive', call: method(() => closedTcp, 'setKeepAlive'), params: [p('enable', 'boolean')] },
  // tcp.Acceptor
  { label: 'tcp.Acceptor', call: construct(tcp.Acceptor), params: [p('executorOrContext', 'executor'), opt('endpoint', 'tcpEndpoint'), opt('options', 'options', { names: ['options.reuseAddress'] })] },
  { label: 'tcp.Acceptor#open', call: method(() => new tcp.Acceptor(ioc), 'open'), params: [opt('protocol', 'tcpProtocol')] },
  { label: 'tcp.Acceptor#bind', call: method(() => acceptor, 'bind'), params: [p('endpoint', 'tcpEndpoint')] },
  { label: 'tcp.Acceptor#listen', call: method(() => acceptor, 'listen'), params: [opt('backlog', 'backlog')] },
  { label: 'tcp.Acceptor#asyncAccept', call: method(() => listening, 'asyncAccept'), params: [opt('token', 'token')] },
  // Resolvers (both forms) and the range connect (both forms)
  { label: 'tcp.Resolver', call: construct(tcp.Resolver), params: [p('executorOrContext', 'executor')] },
  { label: 'udp.Resolver', call: construct(udp.Resolver), params: [p('executorOrContext', 'executor')] },
  // A protocol in first place is the protocol form: a wrong one names `protocol`.
  { label: 'tcp.Resolver#asyncResolve', call: method(() => tcpResolver, 'asyncResolve'), params: [p('host', 'string', { names: ['protocol'] }), p('service', 'service'), opt('token', 'token')] },
  {
    label: 'tcp.Resolver#asyncResolve(protocol, ...)',
    call: (args) => tcpResolver.asyncResolve(tcp.v4(), ...(args as [string, number, () => void])),
    params: [p('host', 'string'), p('service', 'service'), opt('token', 'token')],
  },
  { label: 'udp.Resolver#asyncResolve', call: method(() => udpResolver, 'asyncResolve'), params: [p('host', 'string', { names: ['protocol'] }), p('service', 'service'), opt('token', 'token')] },
  { label: 'asyncConnect', call: (args) => (net.asyncConnect as unknown as AnyFn)(...args), params: [p('socket', 'tcpSocket'), p('endpoints', 'endpoints', { names: [/^endpoints\[\d+\]/] }), opt('token', 'token')] },
  {
    label: 'asyncConnect(socket, endpoints, condition, token)',
    call: (args) => (net.asyncConnect as unknown as AnyFn)(...args),
    params: [p('socket', 'tcpSocket'), p('endpoints', 'endpoints', { names: [/^endpoints\[\d+\]/] }), p('condition', 'function'), opt('token', 'token')],
  },
  // udp.Socket
  { label: 'udp.Socket', call: construct(udp.Socket), params: [p('executorOrContext', 'executor'), opt('protocolOrEndpoint', 'udpProtocolOrEndpoint')] },
  { label: 'udp.Socket#open', call: method(() => new udp.Socket(ioc), 'open'), params: [opt('protocol', 'udpProtocol')] },
  { label: 'udp.Socket#bind', call: method(() => closedUdp, 'bind'), params: [p('endpoint', 'udpEndpoint')] },
  { label: 'udp.Socket#asyncSendTo', call: method(() => closedUdp, 'asyncSendTo'), params: [p('buffers', 'bufferSeq'), p('endpoint', 'udpEndpoint'), opt('token', 'token')] },
  { label: 'udp.Socket#asyncReceiveFrom', call: method(() => closedUdp, 'asyncReceiveFrom'), params: [p('buffers', 'bufferSeq'), opt('token', 'token')] },
  // SignalSet (a signal is never valid-and-given: nothing is registered in this process)
  { label: 'SignalSet', call: construct(net.SignalSet), params: [p('executorOrContext', 'executor')] },
  { label: 'SignalSet(ctx, ...signals)', call: (args) => new net.SignalSet(ioc, ...(args as string[])), params: [p('signals[0]', 'signal')] },
  { label: 'SignalSet#add', call: method(() => set, 'add'), params: [p('signal', 'signal')] },
  { label: 'SignalSet#remove', call: method(() => set, 'remove'), params: [p('signal', 'signal')] },
  { label: 'SignalSet#asyncWait', call: method(() => set, 'asyncWait'), params: [opt('token', 'token')] },
];

/** Methods that take no argument, or any value (`equals`), and the reason. */
const noArguments: Readonly<Record<string, string>> = {
  'tcp.Socket': 'getExecutor, isOpen, cancel, close, localEndpoint, remoteEndpoint: no argument',
  'tcp.Acceptor': 'getExecutor, isOpen, cancel, close, localEndpoint, reuseAddress: no argument',
  'udp.Socket': 'getExecutor, isOpen, cancel, close, localEndpoint: no argument',
  'tcp.Resolver': 'getExecutor, cancel: no argument',
  'udp.Resolver': 'getExecutor, cancel: no argument',
  SignalSet: 'getExecutor, clear, cancel: no argument',
  'tcp.Endpoint': 'protocol, toString: no argument; equals(other): any value may be compared',
  'udp.Endpoint': 'as tcp.Endpoint',
};
const noArgumentMethods = new Set(['constructor', 'getExecutor', 'isOpen', 'cancel', 'close', 'localEndpoint', 'remoteEndpoint', 'reuseAddress', 'clear', 'protocol', 'toString', 'equals']);

/** Exports not called here, and why. */
const excluded: Readonly<Record<string, string>> = {
  'tcp.v4': 'takes no argument',
  'tcp.v6': 'takes no argument',
  'udp.v4': 'takes no argument',
  'udp.v6': 'takes no argument',
  BasicEndpoint: 'the base of tcp.Endpoint and udp.Endpoint (in the table); its constructor is protected',
  BasicResolver: 'the base of tcp.Resolver and udp.Resolver (in the table); its constructor is protected',
  InternetProtocol: 'the four protocols are made by the package (tcp.v4(), ...); its constructor is @internal; equals(other) compares any value',
  netErrors: 'error constants, not callable',
  netdbCategory: 'an error category, not callable',
  addrinfoCategory: 'an error category, not callable',
};

function startsWithName(message: string, names: readonly (string | RegExp)[]): boolean {
  return names.some((n) => {
    if (n instanceof RegExp) return n.test(message);
    if (!message.startsWith(n)) return false;
    const next = message.charAt(n.length);
    return next === ' ' || next === '.' || next === '[';
  });
}

function show(x: unknown): string {
  try {
    if (typeof x === 'symbol') return x.toString();
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x === 'function') return 'a function';
    return fc.stringify(x).slice(0, 80);
  } catch {
    return Object.prototype.toString.call(x);
  }
}

describe('the table covers the public surface', () => {
  test('every export and namespace member is in the table or excluded', () => {
    const labels = new Set(table.map((e) => e.label.replace(/[#(].*$/, '')));
    const named = [
      ...Object.keys(net).filter((k) => k !== 'tcp' && k !== 'udp'),
      ...Object.keys(tcp).map((k) => `tcp.${k}`),
      ...Object.keys(udp).map((k) => `udp.${k}`),
    ];
    expect(named.filter((k) => !labels.has(k) && !(k in excluded))).toEqual([]);
  });

  test.each([
    ['tcp.Socket', tcp.Socket],
    ['tcp.Acceptor', tcp.Acceptor],
    ['tcp.Resolver', tcp.Resolver],
    ['udp.Socket', udp.Socket],
    ['udp.Resolver', udp.Resolver],
    ['SignalSet', net.SignalSet],
    ['tcp.Endpoint', tcp.Endpoint],
    ['udp.Endpoint', udp.Endpoint],
  ] as const)('every public method of %s is in the table or takes no argument', (name, C) => {
    expect(noArguments[name]).toBeDefined();
    const methods = new Set<string>();
    for (let proto = C.prototype as object; proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object) {
      for (const m of Object.getOwnPropertyNames(proto)) methods.add(m);
    }
    const inTable = new Set(table.filter((e) => e.label.startsWith(`${name}#`)).map((e) => e.label.split('#')[1]!.replace(/\(.*$/, '')));
    const missing = [...methods].filter((m) => !inTable.has(m) && !noArgumentMethods.has(m));
    expect(missing).toEqual([]);
  });
});

describe.each(table.map((e) => [e.label, e] as const))('%s', (_label, entry) => {
  test.each(entry.params.map((param, i) => [param.name, i] as const))('a wrong %s throws a TypeError or RangeError naming it', (_name, index) => {
    const param = entry.params[index]!;
    const names = [param.name, ...(param.names ?? [])];
    const wrong = junk.filter((v) => !valid(param.kind, v) && !(param.optional === true && v === undefined));
    fc.assert(
      fc.property(wrong, (value) => {
        const args = entry.params.map((q, j) => (j === index ? value : sample(q.kind)));
        let thrown: unknown = undefined;
        let threw = false;
        try {
          entry.call(args);
        } catch (e) {
          threw = true;
          thrown = e;
        }
        const where = `${entry.label}: ${param.name} = ${show(value)}`;
        if (!threw) throw new Error(`${where} was accepted`);
        if (!(thrown instanceof TypeError) && !(thrown instanceof RangeError)) throw new Error(`${where} threw ${show(thrown)}, not a TypeError or RangeError`);
        if (!startsWithName(thrown.message, names)) throw new Error(`${where} threw "${thrown.message}", which does not name ${param.name}`);
      }),
      fcParams({ numRuns: 200 }),
    );
  });
});

test('nothing was started: no signal handler installed here, the idle objects are idle', () => {
  expect(process.listenerCount('SIGUSR2')).toBe(0);
  expect(closedTcp.isOpen()).toBe(false);
  expect(closedUdp.isOpen()).toBe(false);
  expect(endpoint.toString()).toBe('127.0.0.1:1');
});
