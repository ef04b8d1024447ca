/**
 * IPv6 zones (`fe80::1%eth0`) as numeric scope ids, the form Asio's `address_v6` keeps, read by
 * the rule of Asio's `socket_ops::inet_pton`: on a link-local (`fe80::/10`) or multicast
 * link-local (`ffx2::`) address a zone naming an interface is that interface's index; otherwise,
 * or for a name no interface has, the zone is `atoi`'s number. Scope 0 is no scope.
 *
 * One deliberate difference: a name our table does not know stays as written on a link-local
 * address. The table is `os.networkInterfaces()`, which lists only interfaces with an IPv6
 * address (its `scopeid` is the index), where `if_nametoindex` knows every interface; a name kept
 * reaches libuv, which reads it with `if_nametoindex`.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe } from '../detail/check.js';

type Table = ReturnType<typeof networkInterfaces>;

/** Kept this long: reading it is a getifaddrs call, and received datagrams' addresses are checked. */
const tableLifetime = 1000;
// A miss re-reads a table at least this old: an interface just added is found, and a name or
// index no interface has costs one read per interval, not one per datagram.
const missInterval = 100;
let table: Table | undefined;
let readAt = 0;

/** `find` against the cached table, re-read once when it is stale or misses (interfaces come and go). */
function lookUp<T>(find: (t: Table) => T | undefined): T | undefined {
  const now = performance.now();
  if (table !== undefined && now - readAt < tableLifetime) {
    const found = find(table);
    if (found !== undefined || now - readAt < missInterval) return found;
  }
  table = networkInterfaces();
  readAt = now;
  return find(table);
}

/** Drop the cached table (tests stub `os.networkInterfaces`). */
export function forgetInterfaces(): void {
  table = undefined;
}

function interfaceIndex(name: string): number | undefined {
  return lookUp((t) => {
    for (const e of t[name] ?? []) if (e.family === 'IPv6' && e.scopeid !== undefined && e.scopeid > 0) return e.scopeid;
    return undefined;
  });
}

/** The name of interface `index`, if it has an IPv6 address; undefined for index <= 0. */
export function interfaceName(index: number): string | undefined {
  if (!(index > 0)) return undefined;
  return lookUp((t) => {
    for (const [name, entries] of Object.entries(t)) if ((entries ?? []).some((e) => e.family === 'IPv6' && e.scopeid === index)) return name;
    return undefined;
  });
}

const leadingDigits = /^\d*/;
const maxScopeId = 4294967295;

/**
 * The zone suffix of `address` (canonical, without its zone) for `zone` as written: `''` for
 * scope 0, else `%` and the scope id (or the unknown link-local name). A number past a 32-bit
 * scope id is a RangeError naming `name`.
 */
export function zoneSuffix(name: string, address: string, zone: string): string {
  // No text after `%`: no interface and the number 0, so scope 0 (Asio's inet_pton).
  if (zone === '') return '';
  const first = address.startsWith('::') ? 0 : Number.parseInt(address, 16);
  const linkLocal = (first & 0xffc0) === 0xfe80 || (first & 0xff0f) === 0xff02;
  // An all-digits zone is read as the number without a lookup, which would miss and re-read the table.
  if (linkLocal && !/^\d+$/.test(zone)) {
    const index = interfaceIndex(zone);
    return index === undefined ? `%${zone}` : `%${index}`;
  }
  const scope = Number(leadingDigits.exec(zone)![0] || '0');
  if (scope > maxScopeId) throw new RangeError(`${name} must have a zone of at most ${maxScopeId}, got ${describe(zone)}`);
  return scope === 0 ? '' : `%${scope}`;
}

/**
 * An address as Node takes it: on POSIX libuv reads a zone with `if_nametoindex`, so a numeric
 * zone goes back to its interface's name (Windows reads the number).
 */
export function nodeAddress(address: string): string {
  const at = address.indexOf('%');
  if (at === -1 || process.platform === 'win32') return address;
  const zone = address.slice(at + 1);
  const name = /^\d+$/.test(zone) ? interfaceName(Number(zone)) : undefined;
  return name === undefined ? address : address.slice(0, at + 1) + name;
}

/**
 * The host to give `net.connect` for `address`: nodeAddress's, except where Node's net refuses
 * the zone (a name with a character `net.isIP` refuses, such as `_`; it would send the address
 * to DNS, whose answer drops the zone): a name no interface has is Asio's scope 0, the address
 * without a zone; undefined for an interface of ours, which Node's net cannot connect through.
 */
export function connectHost(address: string): string | undefined {
  const host = nodeAddress(address);
  if (isIP(host) !== 0) return host;
  const at = address.indexOf('%');
  return /^\d+$/.test(address.slice(at + 1)) ? undefined : address.slice(0, at);
}
