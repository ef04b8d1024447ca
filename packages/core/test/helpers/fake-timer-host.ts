// A host for the timer queue that the test drives by hand: a clock that moves only when told,
// and one-shot timers that fire as Node's do (at least 1 ms, in deadline order, ties in the order
// they were set). Plug it in with `useFakeTimerHost()` in a `beforeEach`.
import { swapTimerQueue, TimerQueue, type TimerHost } from '../../src/detail/timer-queue';

interface HostTimer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeTimerHost implements TimerHost {
  /** The clock; starts well above 0, so that expiry 0 (a default timer) is in the past. */
  time = 1000;
  setCalls = 0;
  clearCalls = 0;
  /** Delays passed to setTimer, in order. */
  readonly delays: number[] = [];
  #timers: HostTimer[] = [];
  #next = 1;

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): unknown {
    this.setCalls++;
    this.delays.push(ms);
    const timer = { id: this.#next++, at: this.time + Math.max(1, ms), fn };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.clearCalls++;
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Host timers set and neither fired nor cleared. */
  get active(): number {
    return this.#timers.length;
  }

  /** When the next host timer fires (Infinity when none is set). */
  get nextAt(): number {
    return this.#timers.reduce((m, t) => Math.min(m, t.at), Number.POSITIVE_INFINITY);
  }

  /** Move the clock forward by `ms`, firing every host timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.#earliest();
      if (due === undefined || due.at > target) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = target;
  }

  /** Fire the earliest host timer now, before its time (setTimeout firing early). */
  fireEarly(): boolean {
    const due = this.#earliest();
    if (due === undefined) return false;
    this.#timers = this.#timers.filter((t) => t !== due);
    due.fn();
    return true;
  }

  #earliest(): HostTimer | undefined {
    let best: HostTimer | undefined;
    for (const t of this.#timers) if (best === undefined || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}

/**
 * Make SteadyTimers constructed in each test use a fresh queue on a FakeTimerHost; returns an
 * object whose `host` and `queue` are the current test's.
 */
export function useFakeTimerHost(): { host: FakeTimerHost; queue: TimerQueue } {
  const current = { host: new FakeTimerHost(), queue: undefined as unknown as TimerQueue };
  let previous: TimerQueue | undefined;
  beforeEach(() => {
    current.host = new FakeTimerHost();
    current.queue = new TimerQueue(current.host);
    previous = swapTimerQueue(current.queue);
  });
  afterEach(() => {
    if (previous !== undefined) swapTimerQueue(previous);
  });
  return current;
}
