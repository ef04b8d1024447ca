/**
 * Running one bad-input call and judging what it threw: a TypeError or RangeError whose message
 * starts with the argument's name.
 */
import fc from 'fast-check';
import * as core from '@asio-ts/core';
import * as io from '@asio-ts/io';
import type { Entry } from './entry.js';

export const modules = { core: core as unknown as Record<string, unknown>, io: io as unknown as Record<string, unknown> };

export type Verdict = { ok: true } | { ok: false; why: string };

export function startsWithName(message: string, names: readonly (string | RegExp)[]): boolean {
  return names.some((n) => {
    if (n instanceof RegExp) return n.test(message);
    if (!message.startsWith(n)) return false;
    const next = message.charAt(n.length);
    return next === '' || next === ' ' || next === '.' || next === '[' || next === ':';
  });
}

export function show(x: unknown): string {
  try {
    if (typeof x === 'symbol') return x.toString();
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x === 'function') return `function ${x.name || '(anonymous)'}`;
    if (x instanceof Uint8Array) return `Uint8Array(${x.length})`;
    if (typeof x === 'number' && Object.is(x, -0)) return '-0';
    const s = fc.stringify(x);
    return s.length > 80 ? `${s.slice(0, 80)}...` : s;
  } catch {
    return Object.prototype.toString.call(x);
  }
}

export function callEntry(entry: Entry, args: unknown[]): unknown {
  const f = modules[entry.pkg][entry.name] as (...a: unknown[]) => unknown;
  if (entry.construct) return new (f as unknown as new (...a: unknown[]) => unknown)(...args);
  return f(...args);
}

export function judge(entry: Entry, index: number, args: unknown[]): Verdict {
  const param = entry.params[index]!;
  const names = [param.name, ...(param.names ?? [])];
  try {
    callEntry(entry, args);
  } catch (e) {
    if (!(e instanceof Error)) return { ok: false, why: `threw a non-Error: ${show(e)}` };
    if (e.constructor !== TypeError && e.constructor !== RangeError) {
      return { ok: false, why: `threw a ${e.constructor.name} (${e.message}), not a TypeError or RangeError` };
    }
    if (!startsWithName(e.message, names)) return { ok: false, why: `threw ${e.constructor.name} "${e.message}", which does not name ${param.name}` };
    return { ok: true };
  }
  return { ok: false, why: 'accepted it without throwing' };
}
