import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { literalFamily } from '../ip/address.js';

/**
 * A `lookup` for dgram sockets. Endpoints hold address literals: answering their "lookup" at
 * once keeps Node's bind (and the implicit bind of a first send) synchronous, as Asio's are.
 * Names still go to `dns.lookup`. An IPv6 literal with a zone `net.isIP` refuses (an interface
 * name with `_`, given back by nodeAddress) is a literal too (`literalFamily`): libuv reads the zone.
 */
export function literalLookup(hostname: string, options: number | LookupOneOptions, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const family = literalFamily(hostname);
  if (family !== 0) callback(null, hostname, family);
  else dnsLookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}
