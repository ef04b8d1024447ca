/**
 * IPv6 zones (`fe80::1%eth0`) as numeric scope ids, the form Asio's `address_v6` keeps: a zone
 * naming an interface is written as that interface's index, so that `%eth0` and `%2` (eth0 being
 * interface 2) are one address. Node names interfaces through `os.networkInterfaces()`, whose
 * IPv6 entries carry the index as `scopeid` (0 for addresses with no scope, which say nothing).
 */
import { networkInterfaces } from 'node:os';

const digits = /^\d+$/;

/** Interface name to index, read at each call: interfaces come and go. */
function interfaceIndex(name: string): number | undefined {
  for (const entry of networkInterfaces()[name] ?? []) if (entry.family === 'IPv6' && entry.scopeid !== undefined && entry.scopeid > 0) return entry.scopeid;
  return undefined;
}

function interfaceName(index: number): string | undefined {
  for (const [name, entries] of Object.entries(networkInterfaces())) {
    if ((entries ?? []).some((e) => e.family === 'IPv6' && e.scopeid === index)) return name;
  }
  return undefined;
}

/** The canonical zone: a number without leading zeros, an interface's index; a name no interface has stays as written. */
export function canonicalZone(zone: string): string {
  if (digits.test(zone)) return String(Number(zone));
  const index = interfaceIndex(zone);
  return index === undefined ? zone : String(index);
}

/**
 * An address as Node takes it: on POSIX libuv reads a zone with `if_nametoindex`, so a numeric
 * zone goes back to its interface's name (Windows reads the number).
 */
export function nodeAddress(address: string): string {
  const at = address.indexOf('%');
  if (at === -1 || process.platform === 'win32') return address;
  const zone = address.slice(at + 1);
  const name = digits.test(zone) ? interfaceName(Number(zone)) : undefined;
  return name === undefined ? address : address.slice(0, at + 1) + name;
}
