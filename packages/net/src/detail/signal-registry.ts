/**
 * The process-wide side of signal sets (Asio's `signal_state`: a registration count per signal
 * and one handler installed while it is above zero). The first set to add a signal installs one
 * listener on `process` for it, which suppresses Node's default action (terminating, for most
 * signals); the last set to let the signal go removes exactly that listener, so the process's own
 * listeners are as they were (SIGPIPE keeps a no-op one, see below). A signal is handed to every set that has it, in the order they
 * added it.
 */
import { constants } from 'node:os';

/** What a registration delivers to: a signal set's receiving side. */
export interface SignalReceiver {
  deliver(signalNumber: number): void;
}

interface Registration {
  readonly name: string;
  readonly listener: () => void;
  readonly sets: Set<SignalReceiver>;
}

const registry = new Map<number, Registration>();

const signalNumbers: Readonly<Record<string, number>> = constants.signals as unknown as Record<string, number>;
// Numbers to names; the first name wins where two share a number (SIGABRT before SIGIOT).
const signalNames = new Map<number, string>();
for (const [name, n] of Object.entries(signalNumbers)) if (!signalNames.has(n)) signalNames.set(n, name);

/** The number of a signal given by number or by name, or undefined for none of the host's. */
export function signalNumberOf(signal: number | string): number | undefined {
  if (typeof signal === 'number') return signalNames.has(signal) ? signal : undefined;
  return Object.prototype.hasOwnProperty.call(signalNumbers, signal) ? signalNumbers[signal] : undefined;
}

/** The name Node knows a signal number by (`'SIGINT'` for 2). */
export function signalNameOf(signalNumber: number): string {
  return signalNames.get(signalNumber)!;
}

/** Register `set` for `signalNumber`, installing the process listener if it is the first. Throws what Node throws. */
export function register(signalNumber: number, set: SignalReceiver): void {
  let reg = registry.get(signalNumber);
  if (reg === undefined) {
    const name = signalNameOf(signalNumber);
    const sets = new Set<SignalReceiver>();
    const listener = (): void => {
      for (const s of [...sets]) s.deliver(signalNumber);
    };
    try {
      process.on(name as NodeJS.Signals, listener);
    } catch (e) {
      process.removeListener(name, listener);
      throw e;
    }
    reg = { name, listener, sets };
    registry.set(signalNumber, reg);
  }
  reg.sets.add(set);
}

/** Unregister `set` from `signalNumber`; the last one out removes the process listener. */
export function unregister(signalNumber: number, set: SignalReceiver): void {
  const reg = registry.get(signalNumber);
  if (reg === undefined || !reg.sets.delete(set)) return;
  if (reg.sets.size > 0) return;
  registry.delete(signalNumber);
  if (reg.name === 'SIGPIPE' && process.listenerCount('SIGPIPE') === 1) keepIgnoringSigpipe();
  process.removeListener(reg.name, reg.listener);
}

// Node starts with SIGPIPE ignored (a write to a closed pipe or socket fails with EPIPE), but the
// last listener leaving resets it to the default action, which kills the process at the next such
// write, and Node offers no way back to ignoring it. So once a set let SIGPIPE go with no other
// listener left, this no-op one stays.
const ignoreSigpipe = (): void => {};

function keepIgnoringSigpipe(): void {
  if (!process.listeners('SIGPIPE').includes(ignoreSigpipe)) process.on('SIGPIPE', ignoreSigpipe);
}

// Node's signal handles do not keep the event loop alive, but a pending wait must, as Asio's
// `io_context::run()` blocks while one is outstanding: one ref'd interval while any wait is.
let waiting = 0;
let keepAlive: ReturnType<typeof setInterval> | null = null;

export function holdEventLoop(): void {
  if (waiting++ === 0) keepAlive = setInterval(() => {}, 0x7fffffff);
}

export function releaseEventLoop(): void {
  if (--waiting === 0 && keepAlive !== null) {
    clearInterval(keepAlive);
    keepAlive = null;
  }
}
