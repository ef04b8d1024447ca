/**
 * Service names to ports, for resolvers (what `getaddrinfo` reads from the services database).
 * Node has no `getservbyname`: `/etc/services` is read once, when a name is first looked up, and
 * a small table of well-known services stands in where the file cannot be read.
 */
import { readFile } from 'node:fs';
import type { ProtocolName } from './protocol.js';

type Table = ReadonlyMap<string, number>;

// IANA's assignments, the same for TCP and UDP (where both are assigned).
const wellKnown: ReadonlyArray<readonly [string, number]> = [
  ['echo', 7], ['discard', 9], ['daytime', 13], ['ftp-data', 20], ['ftp', 21], ['ssh', 22], ['telnet', 23],
  ['smtp', 25], ['time', 37], ['domain', 53], ['tftp', 69], ['gopher', 70], ['finger', 79], ['http', 80], ['www', 80],
  ['kerberos', 88], ['pop3', 110], ['sunrpc', 111], ['auth', 113], ['nntp', 119], ['ntp', 123], ['imap', 143],
  ['snmp', 161], ['snmp-trap', 162], ['ldap', 389], ['https', 443], ['syslog', 514], ['submission', 587],
  ['ldaps', 636], ['imaps', 993], ['pop3s', 995], ['mysql', 3306], ['postgresql', 5432], ['http-alt', 8080],
];

const builtIn = (): Record<ProtocolName, Table> => {
  const table = new Map(wellKnown);
  return { tcp: table, udp: table };
};

let tables: Record<ProtocolName, Table> | null = null;
let waiting: Array<() => void> | null = null;

/** Parse a services(5) file: `name port/protocol [aliases...] [# comment]`. */
export function parseServices(text: string): Record<ProtocolName, Table> {
  const tcp = new Map<string, number>();
  const udp = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const m = /^(\d+)\/(tcp|udp)$/.exec(portProto ?? '');
    if (name === undefined || m === null) continue;
    const port = Number(m[1]);
    if (port > 65535) continue;
    const table = m[2] === 'tcp' ? tcp : udp;
    for (const n of [name, ...aliases]) if (!table.has(n)) table.set(n, port);
  }
  return { tcp, udp };
}

/**
 * The port of service `name` for `protocol`, or null when unknown; `done` is called once the
 * services database was read (at once after the first time, within this call).
 */
export function lookupService(name: string, protocol: ProtocolName, done: (port: number | null) => void): void {
  if (tables !== null) return done(tables[protocol].get(name) ?? null);
  const retry = (): void => lookupService(name, protocol, done);
  if (waiting !== null) {
    waiting.push(retry);
    return;
  }
  waiting = [retry];
  readFile('/etc/services', 'utf8', (err, text) => {
    if (err === null) {
      const parsed = parseServices(text);
      const fallback = builtIn();
      for (const p of ['tcp', 'udp'] as const) for (const [n, port] of fallback[p]) if (!parsed[p].has(n)) (parsed[p] as Map<string, number>).set(n, port);
      tables = parsed;
    } else {
      tables = builtIn();
    }
    const calls = waiting!;
    waiting = null;
    for (const call of calls) call();
  });
}
