import { isIP, SocketAddress } from 'node:net';
import { describe } from '../detail/check.js';
import type { IpFamily } from './protocol.js';
import { zoneSuffix } from './scope-id.js';

/** The unspecified ("any") address of each IP version: `0.0.0.0` and `::`. */
export const anyAddress = (family: IpFamily): string => (family === 4 ? '0.0.0.0' : '::');

/**
 * The IP version of an address literal, 0 for none: `net.isIP`, except that an IPv6 address may
 * carry any zone text, an empty one too, as Asio's inet_pton reads it (net.isIP refuses some
 * interface names, e.g. with `_`, which Node itself reports as a datagram's sender).
 */
export function literalFamily(value: string): 0 | IpFamily {
  const zone = value.indexOf('%');
  if (zone > 0 && isIP(value.slice(0, zone)) === 6) return 6;
  return isIP(value) as 0 | IpFamily;
}

/**
 * Check an IP address literal and return it in its canonical form with its family: IPv6 written
 * the shortest way (`0:0::1` becomes `::1`), a zone as its scope id (see scope-id.ts: `%eth0`
 * becomes `%2` on a link-local address, `%0` is no zone). Host names are not addresses (resolve
 * them with a resolver): a TypeError for a non-string, a RangeError for anything `net.isIP`
 * refuses (the zone aside: any text) or a zone past 32 bits, naming `name`.
 */
export function checkAddress(name: string, value: unknown): { address: string; family: IpFamily } {
  if (typeof value !== 'string') throw new TypeError(`${name} must be an IP address string, got ${describe(value)}`);
  const family = literalFamily(value);
  if (family === 0) throw new RangeError(`${name} must be an IPv4 or IPv6 address, got ${describe(value)}`);
  if (family === 4) return { address: value, family };
  const zone = value.indexOf('%');
  const bare = zone === -1 ? value : value.slice(0, zone);
  const canonical = new SocketAddress({ address: bare, family: 'ipv6' }).address;
  return { address: zone === -1 ? canonical : canonical + zoneSuffix(name, canonical, value.slice(zone + 1)), family };
}
