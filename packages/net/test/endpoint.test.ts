/**
 * Endpoints (their IPv6 zones with os.networkInterfaces stubbed), protocols and the net error
 * constants: values with no I/O.
 */
import { errorIs, errors, SystemError } from '@asio-ts/core';
import { BasicEndpoint, InternetProtocol, addrinfoCategory, netdbCategory, netErrors, tcp, udp } from '@asio-ts/net';
import type * as os from 'node:os';
import { constants as osConstants } from 'node:os';
import { fromNetError } from '../src/errors.js';
import { forgetInterfaces, interfaceName, nodeAddress } from '../src/ip/scope-id.js';

describe('endpoints', () => {
  test('address, port, family, toString (Asio prints v6 in brackets)', () => {
    const v4 = new tcp.Endpoint('127.0.0.1', 8080);
    expect([v4.address, v4.port, v4.family, v4.toString()]).toEqual(['127.0.0.1', 8080, 4, '127.0.0.1:8080']);
    const v6 = new tcp.Endpoint('::1', 443);
    expect([v6.address, v6.port, v6.family, v6.toString()]).toEqual(['::1', 443, 6, '[::1]:443']);
    expect(String(new udp.Endpoint('10.0.0.1', 53))).toBe('10.0.0.1:53');
  });

  test('IPv6 is kept in canonical form, with its zone', () => {
    expect(new tcp.Endpoint('0:0:0:0:0:0:0:1', 1).address).toBe('::1');
    expect(new tcp.Endpoint('2001:DB8:0:0:0:0:0:1', 1).address).toBe('2001:db8::1');
    expect(new tcp.Endpoint('fe80:0::1%no-such-if0', 1).address).toBe('fe80::1%no-such-if0');
    expect(new tcp.Endpoint('::ffff:127.0.0.1', 1).family).toBe(6);
  });

  test('the protocol form is the unspecified address; the default endpoint is 0.0.0.0:0', () => {
    expect(new tcp.Endpoint(tcp.v4(), 80).toString()).toBe('0.0.0.0:80');
    expect(new tcp.Endpoint(tcp.v6(), 80).toString()).toBe('[::]:80');
    expect(new udp.Endpoint(udp.v6(), 0).protocol()).toBe(udp.v6());
    expect(new tcp.Endpoint().toString()).toBe('0.0.0.0:0');
    expect(new udp.Endpoint().protocol()).toBe(udp.v4());
  });

  test('equality: kind, address and port; canonical forms compare equal', () => {
    expect(new tcp.Endpoint('::1', 5).equals(new tcp.Endpoint('0::1', 5))).toBe(true);
    expect(new tcp.Endpoint('::1', 5).equals(new tcp.Endpoint('::1', 6))).toBe(false);
    expect(new tcp.Endpoint('127.0.0.1', 5).equals(new udp.Endpoint('127.0.0.1', 5))).toBe(false);
    expect(new tcp.Endpoint('127.0.0.1', 5).equals({ address: '127.0.0.1', port: 5 })).toBe(false);
  });

  describe('IPv6 zones are scope ids (inet_pton): a link-local interface name is its index', () => {
    // The module object itself (the `import * as` namespace is read-only).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeOs = require('node:os') as typeof os;
    const entry = (address: string, scopeid: number): os.NetworkInterfaceInfoIPv6 =>
      ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: `${address}/64`, scopeid });
    let stub: jest.SpiedFunction<typeof os.networkInterfaces>;
    beforeEach(() => {
      forgetInterfaces();
      stub = jest.spyOn(nodeOs, 'networkInterfaces').mockReturnValue({ lo: [entry('fe80::1', 1)], eth0: [entry('fd00::2', 0), entry('fe80::fc', 4)], wlan0: [entry('fd00::3', 0)] });
    });
    afterEach(() => {
      jest.useRealTimers();
      jest.restoreAllMocks();
      forgetInterfaces();
    });

    test('a name and its number are one address, written as the number', () => {
      const named = new udp.Endpoint('fe80::1%lo', 5);
      expect(named.address).toBe('fe80::1%1');
      expect(named.equals(new udp.Endpoint('fe80::1%1', 5))).toBe(true);
      expect(new tcp.Endpoint('fe80::1%eth0', 5).equals(new tcp.Endpoint('FE80:0::1%04', 5))).toBe(true);
      expect(String(new tcp.Endpoint('fe80::1%eth0', 5))).toBe('[fe80::1%4]:5');
      expect(named.equals(new udp.Endpoint('fe80::1%4', 5))).toBe(false);
      expect(named.equals(new udp.Endpoint('fe80::1', 5))).toBe(false);
    });

    test('on a link-local address, a name with no index (no interface, or one without a scoped address) stays as written', () => {
      expect(new tcp.Endpoint('fe80::1%wlan0', 1).address).toBe('fe80::1%wlan0');
      expect(new tcp.Endpoint('fe80::1%nope', 1).equals(new tcp.Endpoint('fe80::1%1', 1))).toBe(false);
    });

    test('a zone is any text, as Asio reads it: an interface name net.isIP refuses (with _) is still mapped', () => {
      stub.mockReturnValue({ docker_gwbridge: [entry('fe80::42', 6)] });
      expect(new udp.Endpoint('fe80::1%docker_gwbridge', 1).address).toBe('fe80::1%6');
      expect(new udp.Endpoint('fe80::1%no_such_if', 1).address).toBe('fe80::1%no_such_if');
      // No text after `%`: no interface and atoi's 0, so no scope (Asio's inet_pton).
      expect(new udp.Endpoint('fe80::1%', 1).address).toBe('fe80::1');
      expect(new tcp.Endpoint('::1%', 1).address).toBe('::1');
      expect(() => new udp.Endpoint('%', 1)).toThrow(RangeError);
      expect(() => new udp.Endpoint('10.0.0.1%eth_0', 1)).toThrow(RangeError);
      expect(() => new udp.Endpoint('not_an_ip%eth0', 1)).toThrow(RangeError);
    });

    test('scope 0 is no scope: %0 is dropped', () => {
      expect(new tcp.Endpoint('fe80::1%0', 1).address).toBe('fe80::1');
      expect(new tcp.Endpoint('fe80::1%000', 1).equals(new tcp.Endpoint('fe80::1', 1))).toBe(true);
      expect(new tcp.Endpoint('2001:db8::1%0', 1).address).toBe('2001:db8::1');
    });

    test('off link-local, a zone is atoi: a name is no zone, digits are kept', () => {
      expect(new tcp.Endpoint('2001:db8::1%eth0', 1).address).toBe('2001:db8::1');
      expect(new tcp.Endpoint('::1%lo', 1).address).toBe('::1');
      expect(new tcp.Endpoint('2001:db8::1%7', 1).address).toBe('2001:db8::1%7');
      expect(new tcp.Endpoint('fd00::2%07x', 1).address).toBe('fd00::2%7');
      expect(new tcp.Endpoint('ff05::1%eth0', 1).address).toBe('ff05::1');
    });

    test('a multicast link-local address maps a name as a link-local one', () => {
      expect(new udp.Endpoint('ff02::1%eth0', 1).address).toBe('ff02::1%4');
      expect(new udp.Endpoint('ff12::fb%lo', 1).address).toBe('ff12::fb%1');
      expect(new udp.Endpoint('febf::1%lo', 1).address).toBe('febf::1%1');
    });

    test('a zone past a 32-bit scope id is a RangeError naming the argument', () => {
      expect(new tcp.Endpoint('fe80::1%4294967295', 1).address).toBe('fe80::1%4294967295');
      expect(() => new tcp.Endpoint('fe80::1%4294967296', 1)).toThrow(/^address must have a zone of at most 4294967295, got "4294967296"/);
      expect(() => new udp.Endpoint('2001:db8::1%99999999999999999999', 1)).toThrow(RangeError);
    });

    test('the interface table is read once a second, and again on a miss once it is 100 ms old', () => {
      jest.useFakeTimers();
      forgetInterfaces();
      expect(new tcp.Endpoint('fe80::1%lo', 1).address).toBe('fe80::1%1');
      expect(new tcp.Endpoint('fe80::1%eth0', 1).address).toBe('fe80::1%4');
      expect(stub).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(1000);
      expect(new tcp.Endpoint('fe80::1%eth0', 1).address).toBe('fe80::1%4');
      expect(stub).toHaveBeenCalledTimes(2);
      stub.mockReturnValue({ eth1: [entry('fe80::9', 9)] });
      // A name no interface had 99 ms ago: not read again for each use.
      jest.advanceTimersByTime(99);
      for (let i = 0; i < 3; i++) expect(new tcp.Endpoint('fe80::1%eth1', 1).address).toBe('fe80::1%eth1');
      expect(nodeAddress('fe80::1%9')).toBe('fe80::1%9');
      expect(stub).toHaveBeenCalledTimes(2);
      jest.advanceTimersByTime(1);
      expect(new tcp.Endpoint('fe80::1%eth1', 1).address).toBe('fe80::1%9');
      expect(stub).toHaveBeenCalledTimes(3);
      expect(new tcp.Endpoint('fe80::1%nope', 1).address).toBe('fe80::1%nope');
      expect(interfaceName(42)).toBeUndefined();
      expect(stub).toHaveBeenCalledTimes(3);
    });

    test('interfaceName: undefined for an index <= 0', () => {
      expect(interfaceName(1)).toBe('lo');
      expect([interfaceName(0), interfaceName(-1), interfaceName(Number.NaN)]).toEqual([undefined, undefined, undefined]);
      expect(nodeAddress('fe80::1%0')).toBe('fe80::1%0');
    });

    test('Node is given the interface name back (libuv reads a zone with if_nametoindex on POSIX)', () => {
      expect(nodeAddress('fe80::1%4')).toBe(process.platform === 'win32' ? 'fe80::1%4' : 'fe80::1%eth0');
      expect(nodeAddress('fe80::1%9')).toBe('fe80::1%9');
      expect(nodeAddress('fe80::1%nope')).toBe('fe80::1%nope');
      expect(nodeAddress('::1')).toBe('::1');
    });
  });

  test('immutable; both kinds are BasicEndpoints', () => {
    const e = new tcp.Endpoint('127.0.0.1', 1);
    expect(Object.isFrozen(e)).toBe(true);
    expect(() => {
      (e as { port: number }).port = 2;
    }).toThrow(TypeError);
    expect(e).toBeInstanceOf(BasicEndpoint);
    expect(new udp.Endpoint()).toBeInstanceOf(BasicEndpoint);
  });

  test('host names, bad literals and bad ports are refused, naming the argument', () => {
    expect(() => new tcp.Endpoint('localhost', 1)).toThrow(/^address must be an IPv4 or IPv6 address, got "localhost"/);
    expect(() => new tcp.Endpoint('256.0.0.1', 1)).toThrow(RangeError);
    expect(() => new tcp.Endpoint('127.0.0.1', 65536)).toThrow(/^port must be an integer from 0 to 65535, got 65536/);
    expect(() => new tcp.Endpoint('127.0.0.1', 1.5)).toThrow(RangeError);
    // @ts-expect-error the port is missing
    expect(() => new tcp.Endpoint('127.0.0.1')).toThrow(/^port must be a number, got undefined/);
    expect(() => new tcp.Endpoint(udp.v4() as never, 1)).toThrow(/^address must be an IP address string or a tcp protocol, got a udp protocol/);
  });
});

describe('protocols', () => {
  test('four objects, with name and family', () => {
    expect(tcp.v4()).toBe(tcp.v4());
    expect([tcp.v4().name, tcp.v4().family, tcp.v6().family, udp.v4().name]).toEqual(['tcp', 4, 6, 'udp']);
    expect(tcp.v4().equals(tcp.v4())).toBe(true);
    expect(tcp.v4().equals(udp.v4())).toBe(false);
    expect(String(udp.v6())).toBe('udp/IPv6');
    expect(tcp.v6()).toBeInstanceOf(InternetProtocol);
    expect(Object.isFrozen(tcp.v4())).toBe(true);
  });
});

describe('net error constants', () => {
  test('comparable with errorIs, also against the Node errors they stand for', () => {
    const nodeError = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(errorIs(nodeError, netErrors.addressInUse)).toBe(true);
    const mapped = fromNetError(nodeError);
    expect(mapped).toBeInstanceOf(SystemError);
    expect(errorIs(mapped, netErrors.addressInUse)).toBe(true);
    expect(mapped.cause).toBe(nodeError);
    expect(mapped.value).toBe(98);
  });

  test("a dns ENOTFOUND is hostNotFound (netdb), not core's notFound; others fall through to core's mapping", () => {
    const notFound = fromNetError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }));
    expect(errorIs(notFound, netErrors.hostNotFound)).toBe(true);
    expect(errorIs(notFound, errors.notFound)).toBe(false);
    expect(notFound.category).toBe(netdbCategory);
    expect(netErrors.serviceNotFound.category).toBe(addrinfoCategory);
    expect(errorIs(fromNetError(Object.assign(new Error('x'), { code: 'ECONNRESET' })), errors.connectionReset)).toBe(true);
    expect(errorIs(fromNetError(Object.assign(new Error('x'), { code: 'EAI_NONAME' })), netErrors.hostNotFound)).toBe(true);
    expect(Object.isFrozen(netErrors) && Object.isFrozen(netErrors.addressInUse)).toBe(true);
  });

  // Asio's basic_errors take their values from the host's errno.h; asio-ts carries Linux's.
  (process.platform === 'linux' ? test : test.skip)('the system ones carry the errno value the host gives their code, and no two are one', () => {
    const system = Object.values(netErrors).filter((c) => c.category.name === 'system');
    for (const c of system) expect([c.code, c.value]).toEqual([c.code, (osConstants.errno as Record<string, number>)[c.code]]);
    const withCore = [...system, ...Object.values(errors).filter((c) => c.category.name === 'system')];
    expect(new Set(withCore.map((c) => c.value)).size).toBe(withCore.length);
    expect(errorIs(fromNetError(Object.assign(new Error('x'), { code: 'ENOTSOCK' })), netErrors.notSocket)).toBe(true);
  });
});
