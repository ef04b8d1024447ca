/**
 * tcp.Resolver and udp.Resolver: real lookups of loopback names and literals (the hosts file, no
 * network), service numbers and names; failures and cancellation with Node's dns.lookup stubbed
 * (a name that does not exist would ask the system's DNS servers, which these tests do not
 * contact).
 */
import type * as dnsTypes from 'node:dns';
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { netErrors, tcp, udp } from '@asio-ts/net';
import { parseServices } from '../src/ip/services.js';
import { withContext } from './helpers/node-peer.js';

// The module object itself, so that its lookup can be stubbed (the resolver reads it per call).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns = require('node:dns') as typeof dnsTypes;

afterEach(() => jest.restoreAllMocks());

const isLoopback = (a: string): boolean => a === '::1' || a.startsWith('127.');

test('localhost: loopback endpoints with the service port, as a number, a numeric string or a name', () =>
  withContext(async (ioc) => {
    const resolver = new tcp.Resolver(ioc);
    for (const service of [80, '80', 'http']) {
      const endpoints = await resolver.asyncResolve('localhost', service, useFuture);
      expect(endpoints.length).toBeGreaterThan(0);
      for (const e of endpoints) {
        expect(e).toBeInstanceOf(tcp.Endpoint);
        expect(isLoopback(e.address)).toBe(true);
        expect(e.port).toBe(80);
      }
      expect(Object.isFrozen(endpoints)).toBe(true);
    }
  }));

test('an address literal resolves to itself; the protocol form keeps one IP version; "" is port 0', () =>
  withContext(async (ioc) => {
    const resolver = new tcp.Resolver(ioc);
    expect((await resolver.asyncResolve('127.0.0.1', '', useFuture)).map(String)).toEqual(['127.0.0.1:0']);
    expect((await resolver.asyncResolve('0:0::1', 443, useFuture)).map(String)).toEqual(['[::1]:443']);
    const v4 = await resolver.asyncResolve(tcp.v4(), 'localhost', 'https', useFuture);
    expect(v4.length).toBeGreaterThan(0);
    expect(v4.every((e) => e.family === 4 && e.port === 443)).toBe(true);
    // A v4 literal has no v6 address.
    const [err, none] = await resolver.asyncResolve(tcp.v6(), '127.0.0.1', 1, asTuple(useFuture));
    expect(errorIs(err, netErrors.hostNotFound)).toBe(true);
    expect(none).toEqual([]);
  }));

test('an empty host: the loopback addresses', () =>
  withContext(async (ioc) => {
    const endpoints = await new tcp.Resolver(ioc).asyncResolve('', 7, useFuture);
    expect(endpoints.map(String)).toEqual(['[::1]:7', '127.0.0.1:7']);
    const v4 = await new tcp.Resolver(ioc).asyncResolve(tcp.v4(), '', 7, useFuture);
    expect(v4.map(String)).toEqual(['127.0.0.1:7']);
  }));

test('no host and no service: hostNotFound, as getaddrinfo(NULL, NULL) gives EAI_NONAME', () =>
  withContext(async (ioc) => {
    type Outcome = [err: SystemError | null, endpoints: readonly unknown[], ranInside: boolean];
    const outcome = (start: (handler: (err: SystemError | null, endpoints: readonly unknown[]) => void) => void): Promise<Outcome> =>
      new Promise((resolve) => {
        let inside = true;
        start((err, endpoints) => resolve([err, endpoints, inside]));
        inside = false;
      });
    const tcpOutcome = await outcome((h) => new tcp.Resolver(ioc).asyncResolve('', '', h));
    const udpOutcome = await outcome((h) => new udp.Resolver(ioc).asyncResolve('', '', h));
    for (const [err, endpoints, ranInside] of [tcpOutcome, udpOutcome]) {
      expect(ranInside).toBe(false);
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, netErrors.hostNotFound)).toBe(true);
      expect(endpoints).toEqual([]);
    }
    const [v6err] = await new tcp.Resolver(ioc).asyncResolve(tcp.v6(), '', '', asTuple(useFuture));
    expect(errorIs(v6err, netErrors.hostNotFound)).toBe(true);
  }));

test('udp.Resolver gives udp.Endpoints, with the udp service table', () =>
  withContext(async (ioc) => {
    const endpoints = await new udp.Resolver(ioc).asyncResolve('localhost', 'domain', useFuture);
    expect(endpoints.length).toBeGreaterThan(0);
    expect(endpoints.every((e) => e instanceof udp.Endpoint && e.port === 53)).toBe(true);
  }));

test('an unknown service name or a port beyond 65535: serviceNotFound, no endpoint', () =>
  withContext(async (ioc) => {
    const resolver = new tcp.Resolver(ioc);
    for (const service of ['no-such-service-here', '70000']) {
      const [err, endpoints] = await resolver.asyncResolve('localhost', service, asTuple(useFuture));
      expect(errorIs(err, netErrors.serviceNotFound)).toBe(true);
      expect(endpoints).toEqual([]);
    }
  }));

test.each([
  ['ENOTFOUND', netErrors.hostNotFound],
  ['EAI_AGAIN', netErrors.hostNotFoundTryAgain],
  ['EAI_FAIL', netErrors.noRecovery],
  ['ENODATA', netErrors.noData],
])('dns.lookup failing with %s: that error constant (not core\'s notFound)', (code, constant) =>
  withContext(async (ioc) => {
    jest.spyOn(dns, 'lookup').mockImplementation(((host: string, _options: unknown, callback: (err: Error) => void) => {
      setImmediate(() => callback(Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code })));
    }) as unknown as typeof dns.lookup);
    const [err, endpoints] = await new tcp.Resolver(ioc).asyncResolve('example.test', 80, asTuple(useFuture));
    expect(errorIs(err, constant)).toBe(true);
    expect(errorIs(err, errors.notFound)).toBe(false);
    expect(endpoints).toEqual([]);
  }));

test('cancel(): a pending resolve completes with operationAborted; the late answer is dropped', () =>
  withContext(async (ioc) => {
    let answer: ((err: null, addresses: dnsTypes.LookupAddress[]) => void) | null = null;
    jest.spyOn(dns, 'lookup').mockImplementation(((_h: string, _o: unknown, callback: typeof answer) => {
      answer = callback;
    }) as unknown as typeof dns.lookup);
    const resolver = new tcp.Resolver(ioc);
    const calls: unknown[][] = [];
    const done = new Promise<void>((resolve) =>
      resolver.asyncResolve('example.test', 80, (...args) => {
        calls.push(args);
        resolve();
      }),
    );
    await new Promise((r) => setImmediate(r));
    resolver.cancel();
    await done;
    answer!(null, [{ address: '127.0.0.1', family: 4 }]);
    await new Promise((r) => setImmediate(r));
    expect(calls.length).toBe(1);
    expect(errorIs(calls[0]![0], errors.operationAborted)).toBe(true);
  }));

test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])('slot cancellation (%i) of a resolve', (type) =>
  withContext(async (ioc) => {
    jest.spyOn(dns, 'lookup').mockImplementation((() => {}) as unknown as typeof dns.lookup);
    const signal = new CancellationSignal();
    const done = new tcp.Resolver(ioc).asyncResolve('example.test', 80, bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    await new Promise((r) => setImmediate(r));
    signal.emit(type);
    const [err, endpoints] = await done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(endpoints).toEqual([]);
    expect(signal.slot().hasHandler()).toBe(false);
  }));

test('a pending resolve holds work: run() lasts until it answers', async () => {
  const ioc = new IoContext();
  let got: readonly tcp.Endpoint[] | null = null;
  new tcp.Resolver(ioc).asyncResolve('localhost', 22, (err, endpoints) => {
    expect(err).toBeNull();
    got = endpoints;
  });
  await ioc.run();
  expect(got).not.toBeNull();
});

test('services(5) parsing: names, aliases, per protocol, comments', () => {
  const tables = parseServices('# comment\nhttp\t\t80/tcp\t\twww\t# WWW\nhttp 80/udp\ndomain 53/udp\nbad line\nbig 99999/tcp\n');
  expect(tables.tcp.get('http')).toBe(80);
  expect(tables.tcp.get('www')).toBe(80);
  expect(tables.udp.get('domain')).toBe(53);
  expect(tables.tcp.get('domain')).toBeUndefined();
  expect(tables.tcp.get('big')).toBeUndefined();
});
