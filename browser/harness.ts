// The page's harness: the checks' registry, the assertions and fixtures they share, and the
// driver that runs them in order and reports each to the runner (see page.ts for the events).

type Status = 'pass' | 'fail' | 'todo';

/** A check's body: throws (or rejects) to fail; may return a detail line. */
type Body = () => Promise<string | void> | string | void;

/** Thrown by a check that cannot run yet (a missing host feature): reported as 'todo', not as a failure. */
export class Todo extends Error {}

const CHECK_TIMEOUT_MS = 5000;

async function report(event: Record<string, unknown>): Promise<void> {
  try {
    await fetch('/report', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  } catch {
    // The runner is gone; nothing left to tell.
  }
}

export function fail(message: string): never {
  throw new Error(message);
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function expectBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  const same = actual.length === expected.length && actual.every((b, i) => b === expected[i]);
  if (!same) fail(`${what}: expected ${expected.length} bytes ${JSON.stringify(dec(expected))}, got ${actual.length} bytes ${JSON.stringify(dec(actual))}`);
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
export const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function concatAll(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function codeOf(err: unknown): string {
  return err === null ? 'none' : ((err as { code?: string } | undefined)?.code ?? String(err));
}

const checks: { name: string; body: Body }[] = [];
export const check = (name: string, body: Body): void => {
  checks.push({ name, body });
};

/** The bytes most checks write. */
export const hello = enc('hello, browser\n');

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function describeError(e: unknown): string {
  // V8's stack starts with `Name: message`.
  if (e instanceof Error) return e instanceof Todo || e.stack === undefined ? e.message : e.stack;
  return String(e);
}

/** Run every check registered, in order, and report each, then the summary. */
export async function runChecks(): Promise<void> {
  window.addEventListener('error', (e) => void report({ type: 'error', message: `uncaught: ${describeError(e.error ?? e.message)}` }));
  window.addEventListener('unhandledrejection', (e) => void report({ type: 'error', message: `unhandled rejection: ${describeError(e.reason)}` }));
  await report({ type: 'start', userAgent: navigator.userAgent });
  const t0 = performance.now();
  const counts: Record<Status, number> = { pass: 0, fail: 0, todo: 0 };
  for (const { name, body } of checks) {
    const start = performance.now();
    let status: Status;
    let detail: string;
    try {
      detail = (await withTimeout(Promise.resolve().then(body), CHECK_TIMEOUT_MS)) ?? '';
      status = 'pass';
    } catch (e) {
      status = e instanceof Todo ? 'todo' : 'fail';
      detail = describeError(e);
    }
    counts[status]++;
    await report({ type: 'check', name, status, detail, ms: Math.round(performance.now() - start) });
  }
  await report({ type: 'summary', passed: counts.pass, failed: counts.fail, todo: counts.todo, total: checks.length, ms: Math.round(performance.now() - t0) });
}
