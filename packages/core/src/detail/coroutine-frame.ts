import { CancellationSignal } from '../cancellation-signal.js';
import { CancellationState, enableTerminalCancellation, type CancellationFilter } from '../cancellation-state.js';
import { CancellationType } from '../cancellation-type.js';
import type { CancellationSlot } from '../cancellation-signal.js';
import type { Executor } from '../executor.js';
import { frameBegan, frameEnded, FrameStorage } from './frame-storage.js';

/**
 * The state of one running coroutine (`coSpawn`): its executor, its cancellation state (attached
 * to the slot of the coSpawn's handler) and the operations it is awaiting. Cancellation reaches
 * every operation in flight, so `Promise.all` inside a coroutine is cancelled as a whole.
 */
export class CoroutineFrame {
  readonly executor: Executor;
  readonly #parentSlot: CancellationSlot;
  #state: CancellationState;
  // Made by the first operation that can be cancelled: most coroutines have none.
  #inFlight: Set<CancellationSignal> | null = null;
  throwIfCancelled = true;
  #entered = false;
  #ended = false;
  /** What the coroutine's code sees of it (coSpawn's `CoroutineContext`), for `thisCoro`. */
  context: unknown = undefined;

  constructor(executor: Executor, parentSlot: CancellationSlot) {
    this.executor = executor;
    this.#parentSlot = parentSlot;
    this.#state = this.#attach(enableTerminalCancellation, enableTerminalCancellation);
  }

  /**
   * The body is about to run in this frame (before `frames.run`): from here until `detach` it
   * counts as alive. A coroutine whose start never runs (an IoContext never run) is not counted.
   */
  enter(): void {
    if (this.#entered || this.#ended) return;
    this.#entered = true;
    frameBegan();
  }

  get cancellationState(): CancellationState {
    return this.#state;
  }

  resetCancellationState(inFilter: CancellationFilter = enableTerminalCancellation, outFilter: CancellationFilter = inFilter): void {
    this.#state.detach();
    this.#state = this.#attach(inFilter, outFilter);
  }

  cancelled(): CancellationType {
    return this.#state.cancelled();
  }

  /** The coroutine finished (`detach()` was called): no operation binds to it any more. */
  get ended(): boolean {
    return this.#ended;
  }

  /** A signal for one awaited operation; `end` must be called when it completes. */
  begin(): CancellationSignal | null {
    if (!this.#parentSlot.isConnected()) return null;
    const signal = new CancellationSignal();
    (this.#inFlight ??= new Set()).add(signal);
    return signal;
  }

  end(signal: CancellationSignal | null): void {
    if (signal !== null) {
      signal.handler = null;
      this.#inFlight?.delete(signal);
    }
  }

  detach(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#entered) frameEnded();
    this.#state.detach();
    this.#inFlight?.clear();
  }

  #attach(inFilter: CancellationFilter, outFilter: CancellationFilter): CancellationState {
    const state = new CancellationState(this.#parentSlot, inFilter, outFilter);
    // Observed rather than assigned: an operation the coroutine binds to `state.slot()` itself
    // (Asio's way) takes the slot's handler without cutting the others off.
    state.observe((type) => {
      if (type === CancellationType.None) return;
      if (this.#inFlight !== null) for (const s of [...this.#inFlight]) s.emit(type);
    });
    return state;
  }
}

export const frames = new FrameStorage<CoroutineFrame>();
