import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationState,
  CancellationType,
  disableCancellation,
  enablePartialCancellation,
  enableTerminalCancellation,
  enableTotalCancellation,
  errorIs,
  errors,
  unconnectedSlot,
  type CancellationFilter,
  type SystemError,
} from '@asio-ts/core';
import { asyncWaitForever, flush, seenCancellations } from './helpers/ops';

const { None, Terminal, Partial, Total, All } = CancellationType;

describe('filters', () => {
  test.each<[string, CancellationFilter, number[]]>([
    // requested:                 Terminal, Partial, Total, All, Partial|Total
    ['enableTerminalCancellation', enableTerminalCancellation, [Terminal, None, None, Terminal, None]],
    ['enablePartialCancellation', enablePartialCancellation, [Terminal, Partial, None, Terminal | Partial, Partial]],
    ['enableTotalCancellation', enableTotalCancellation, [Terminal, Partial, Total, Terminal | Partial | Total, Partial | Total]],
    ['disableCancellation', disableCancellation, [None, None, None, None, None]],
  ])('%s', (_name, filter, expected) => {
    expect([Terminal, Partial, Total, All, Partial | Total].map(filter)).toEqual(expected);
  });
});

/** A state over a fresh parent signal, with a recording handler on the child slot. */
function setup(inFilter?: CancellationFilter, outFilter?: CancellationFilter) {
  const parent = new CancellationSignal();
  const state =
    inFilter === undefined
      ? new CancellationState(parent.slot())
      : outFilter === undefined
        ? new CancellationState(parent.slot(), inFilter)
        : new CancellationState(parent.slot(), inFilter, outFilter);
  const forwarded: number[] = [];
  state.slot().assign((t) => forwarded.push(t));
  return { parent, state, forwarded };
}

describe('CancellationState', () => {
  test('over an unconnected parent: nothing to cancel, the child slot is unconnected', () => {
    const state = new CancellationState();
    expect(state.slot()).toBe(unconnectedSlot);
    expect(state.slot().isConnected()).toBe(false);
    expect(state.cancelled()).toBe(None);
    expect(new CancellationState(unconnectedSlot, enableTotalCancellation).slot().isConnected()).toBe(false);
  });

  test('attaches to the parent slot', () => {
    const parent = new CancellationSignal();
    expect(parent.slot().hasHandler()).toBe(false);
    const state = new CancellationState(parent.slot());
    expect(parent.slot().hasHandler()).toBe(true);
    expect(state.slot().isConnected()).toBe(true);
    expect(state.slot().equals(parent.slot())).toBe(false);
  });

  test('default: terminal only passes, and is forwarded to the child', () => {
    const { parent, state, forwarded } = setup();
    parent.emit(Partial);
    expect(state.cancelled()).toBe(None);
    expect(forwarded).toEqual([]);
    parent.emit(Terminal);
    expect(state.cancelled()).toBe(Terminal);
    expect(forwarded).toEqual([Terminal]);
  });

  test('All is narrowed by the filter before it is recorded and forwarded', () => {
    const { parent, state, forwarded } = setup(enablePartialCancellation);
    parent.emit(All);
    expect(state.cancelled()).toBe(Terminal | Partial);
    expect(forwarded).toEqual([Terminal | Partial]);
  });

  test('enablePartialCancellation lets partial through, not total', () => {
    const { parent, state, forwarded } = setup(enablePartialCancellation);
    parent.emit(Total);
    expect(state.cancelled()).toBe(None);
    parent.emit(Partial);
    expect(state.cancelled()).toBe(Partial);
    expect(forwarded).toEqual([Partial]);
  });

  test('enableTotalCancellation lets every kind through', () => {
    const { parent, state, forwarded } = setup(enableTotalCancellation);
    parent.emit(Total);
    expect(state.cancelled()).toBe(Total);
    expect(forwarded).toEqual([Total]);
  });

  test('disableCancellation: nothing is recorded or forwarded', () => {
    const { parent, state, forwarded } = setup(disableCancellation);
    parent.emit(All);
    expect(state.cancelled()).toBe(None);
    expect(forwarded).toEqual([]);
  });

  test('separate filters: record partial, forward only terminal', () => {
    const { parent, state, forwarded } = setup(enablePartialCancellation, enableTerminalCancellation);
    parent.emit(Partial);
    expect(state.cancelled()).toBe(Partial);
    expect(forwarded).toEqual([]);
    parent.emit(Terminal);
    expect(state.cancelled() & Terminal).toBe(Terminal);
    expect(forwarded).toEqual([Terminal]);
  });

  test('a custom filter can map one kind onto another', () => {
    const totalAsPartial: CancellationFilter = (t) => ((t & Total) !== 0 ? Partial : t & Terminal);
    // The output filter sees what the input filter recorded; by default it is the same filter,
    // which would now drop Partial, so forward with one that lets it through.
    const { parent, state, forwarded } = setup(totalAsPartial, enablePartialCancellation);
    parent.emit(Total);
    expect(state.cancelled()).toBe(Partial);
    expect(forwarded).toEqual([Partial]);
  });

  test('a filter that lets everything through keeps the flags unsigned', () => {
    const everything: CancellationFilter = (t) => t & All; // bitwise ops on All give -1 in JS
    const { parent, state, forwarded } = setup(everything);
    parent.emit(All);
    expect(state.cancelled()).toBe(All);
    expect(forwarded).toEqual([All]);
    state.clear(Terminal);
    expect(state.cancelled()).toBe(All - Terminal);
  });

  test('clear(mask) forgets some kinds; clear() forgets all', () => {
    const { parent, state } = setup(enableTotalCancellation);
    parent.emit(Terminal | Partial | Total);
    state.clear(Partial);
    expect(state.cancelled()).toBe(Terminal | Total);
    state.clear();
    expect(state.cancelled()).toBe(None);
  });

  test('detach: later emits no longer reach the state or the child', () => {
    const { parent, state, forwarded } = setup();
    state.detach();
    expect(parent.slot().hasHandler()).toBe(false);
    expect(state.slot().hasHandler()).toBe(false);
    parent.emit(Terminal);
    expect(state.cancelled()).toBe(None);
    expect(forwarded).toEqual([]);
  });

  test('detach does not remove a handler someone else installed on the parent since', () => {
    const parent = new CancellationSignal();
    const state = new CancellationState(parent.slot());
    let other = 0;
    parent.slot().assign(() => other++);
    state.detach();
    parent.emit();
    expect(other).toBe(1);
  });
});

describe('a composed-style operation forwarding filtered cancellation to an inner one', () => {
  // The pattern composed operations follow: a child state on the handler's slot, the inner
  // operation bound to the state's slot.
  function composedWait(parent: CancellationSignal, filter: CancellationFilter, onDone: (err: SystemError | null) => void) {
    const state = new CancellationState(parent.slot(), filter);
    asyncWaitForever(
      bindCancellationSlot(state.slot(), (err) => {
        state.detach();
        onDone(err);
      }),
    );
    return state;
  }

  test('what passes the filter cancels the inner operation', async () => {
    const parent = new CancellationSignal();
    const results: Array<SystemError | null> = [];
    const state = composedWait(parent, enablePartialCancellation, (e) => results.push(e));
    parent.emit(Total); // filtered out
    await flush();
    expect(results).toEqual([]);
    parent.emit(Partial);
    await flush();
    expect(results).toHaveLength(1);
    expect(errorIs(results[0], errors.operationAborted)).toBe(true);
    expect(seenCancellations.at(-1)).toBe(Partial);
    expect(state.cancelled()).toBe(Partial);
    expect(parent.slot().hasHandler()).toBe(false);
  });

  test('disableCancellation shields the inner operation', async () => {
    const parent = new CancellationSignal();
    const results: Array<SystemError | null> = [];
    const state = composedWait(parent, disableCancellation, (e) => results.push(e));
    parent.emit(All);
    await flush();
    expect(results).toEqual([]);
    expect(state.slot().hasHandler()).toBe(true); // still waiting
    state.slot().assign(() => {}); // let go of the wait (test cleanup)
  });
});
