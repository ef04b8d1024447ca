// Channel against its contract, on random programs: several independent actors (handlers on two
// I/O contexts, run one handler at a time in random interleavings) send, receive, trySend,
// tryReceive, close, cancel, reset and cancel single operations through their slots (every
// cancellation type). After each program the channel is closed and drained, and the record must
// show:
//
// - every operation completed exactly once, and every bit of work was given back; the sends still
//   waiting at the final close() completed without any receive;
// - each message was received at most once, only if its send succeeded, and messages went to
//   receives in the order they were sent, taken by receives in the order those started (a send is
//   accepted in the order it started, as the channel serves senders FIFO and a new send never
//   overtakes a waiting one; receives are served FIFO the same way, as Asio's are, though their
//   handlers, on two contexts, may run in another order);
// - no message whose send succeeded was lost, unless a reset() dropped it: then it had been sent
//   before that reset and not received before it;
// - a send that failed (channelClosed, channelCancelled) or a trySend that returned false never
//   delivered its message; a receive that failed took none (else that message would be lost);
// - a receive told channelClosed saw the end: no message sent before it started arrives later.
//
// Counterexamples shrink to the shortest program; rerun with FC_SEED to reproduce.

import fc from 'fast-check';
import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  Channel,
  errorIs,
  errors,
  IoContext,
  type SystemError,
} from '@asio-ts/core';
import { CountingExecutor } from './counting-executor';
import { fcParams, reportFigures } from './fc-config';

type Step =
  | { kind: 'send' | 'receive'; ex: 0 | 1; cancellable: boolean }
  | { kind: 'trySend' | 'tryReceive' | 'close' | 'cancel' | 'reset' }
  | { kind: 'cancelOp'; pick: number; type: CancellationType }
  | { kind: 'run'; ex: 0 | 1; n: number };

const cancellationTypes = [CancellationType.Terminal, CancellationType.Partial, CancellationType.Total, CancellationType.None];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), ex: fc.constantFrom(0 as const, 1 as const), cancellable: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('receive' as const), ex: fc.constantFrom(0 as const, 1 as const), cancellable: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('trySend' as const, 'tryReceive' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('close' as const, 'cancel' as const, 'reset' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancelOp' as const), pick: fc.nat(), type: fc.constantFrom(...cancellationTypes) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('run' as const), ex: fc.constantFrom(0 as const, 1 as const), n: fc.integer({ min: 1, max: 4 }) }) },
);

const programArb = fc.record({ capacity: fc.integer({ min: 0, max: 3 }), steps: fc.array(stepArb, { maxLength: 60, size: 'large' }) });

type Outcome = 'ok' | 'closed' | 'cancelled';

interface Op {
  kind: 'send' | 'receive';
  /** The message id a send carries. */
  id: number;
  signal: CancellationSignal | null;
  startedAt: number;
  /** When a cancellation (its slot, or the channel's cancel/reset) first reached it before its handler ran. */
  cancelAt?: number;
  /** When its handler ran. */
  doneAt: number;
  calls: number;
  outcome?: Outcome;
  /** For a receive that got a message: its id. */
  got?: number;
}

const figures = { programs: 0, steps: 0, messagesDelivered: 0, messagesDroppedByReset: 0, sendsCancelled: 0, receivesCancelled: 0, closedReports: 0 };
afterAll(() => reportFigures('channel-model', figures));

function outcomeOf(err: SystemError | Error | null): Outcome {
  if (err === null) return 'ok';
  if (errorIs(err, errors.channelClosed)) return 'closed';
  if (errorIs(err, errors.channelCancelled)) return 'cancelled';
  throw new Error(`unexpected error ${String(err)}`);
}

function runProgram(capacity: number, steps: readonly Step[]): void {
  figures.programs++;
  const contexts = [new IoContext(), new IoContext()];
  const io = new CountingExecutor(contexts[0]!.getExecutor());
  const other = new CountingExecutor(contexts[1]!.getExecutor());
  const ch = new Channel<[err: Error | null, id: number]>(io, capacity);

  let clock = 0;
  let nextId = 0;
  const ops: Op[] = [];
  /** Message id → when it was delivered (a handler ran with it). */
  const deliveredAt = new Map<number, number>();
  /** [when the receive started, the message it got, when it took it], for every receive that got one. */
  const served: [number, number, number][] = [];
  /** Message id → the clock when its send (or trySend) started. */
  const sentAt = new Map<number, number>();
  /** Ids whose trySend returned true. */
  const tryAccepted = new Set<number>();
  const resets: number[] = [];

  const deliver = (id: number, receiveStartedAt: number): void => {
    if (deliveredAt.has(id)) throw new Error(`message ${id} was received twice`);
    deliveredAt.set(id, ++clock);
    served.push([receiveStartedAt, id, clock]);
  };

  const startSend = (ex: 0 | 1, cancellable: boolean): void => {
    const id = nextId++;
    sentAt.set(id, ++clock);
    const op: Op = { kind: 'send', id, signal: cancellable ? new CancellationSignal() : null, startedAt: clock, doneAt: 0, calls: 0 };
    ops.push(op);
    let handler = (err: SystemError | null): void => {
      op.calls++;
      op.doneAt = ++clock;
      op.outcome = outcomeOf(err);
    };
    if (ex === 1) handler = bindExecutor(other, handler);
    if (op.signal !== null) handler = bindCancellationSlot(op.signal.slot(), handler);
    ch.asyncSend([null, id], handler);
  };

  const startReceive = (ex: 0 | 1, cancellable: boolean): Op => {
    const op: Op = { kind: 'receive', id: -1, signal: cancellable ? new CancellationSignal() : null, startedAt: ++clock, doneAt: 0, calls: 0 };
    ops.push(op);
    let handler = (err: Error | null, id: number): void => {
      op.calls++;
      op.doneAt = ++clock;
      op.outcome = outcomeOf(err);
      if (err === null) {
        op.got = id;
        deliver(id, op.startedAt);
      }
    };
    if (ex === 1) handler = bindExecutor(other, handler);
    if (op.signal !== null) handler = bindCancellationSlot(op.signal.slot(), handler);
    ch.asyncReceive(handler);
    return op;
  };

  for (const step of steps) {
    figures.steps++;
    clock++;
    switch (step.kind) {
      case 'send':
        startSend(step.ex, step.cancellable);
        break;
      case 'receive':
        startReceive(step.ex, step.cancellable);
        break;
      case 'trySend': {
        const id = nextId++;
        sentAt.set(id, ++clock);
        if (ch.trySend(null, id)) tryAccepted.add(id);
        break;
      }
      case 'tryReceive': {
        let calls = 0;
        const startedAt = ++clock;
        const took = ch.tryReceive((err, id) => {
          calls++;
          expect(err).toBeNull();
          deliver(id, startedAt);
        });
        expect(calls).toBe(took ? 1 : 0);
        break;
      }
      case 'close':
        ch.close();
        break;
      case 'cancel':
        markCancelled(ops, ++clock);
        ch.cancel();
        break;
      case 'reset':
        resets.push(++clock);
        markCancelled(ops, clock);
        ch.reset();
        break;
      case 'cancelOp': {
        const cancellable = ops.filter((o) => o.signal !== null);
        if (cancellable.length > 0) {
          const op = cancellable[step.pick % cancellable.length]!;
          const cancels = (step.type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total)) !== 0;
          if (op.calls === 0 && cancels) op.cancelAt ??= ++clock;
          op.signal!.emit(step.type);
        }
        break;
      }
      case 'run': {
        const ctx = contexts[step.ex]!;
        ctx.restart();
        for (let i = 0; i < step.n; i++) ctx.pollOne();
        break;
      }
    }
  }

  // Close, then receive until the channel says it is closed and empty.
  ch.close();
  const drainAll = (): void => {
    for (let moved = true; moved; ) {
      moved = false;
      for (const ctx of contexts) {
        ctx.restart();
        if (ctx.poll() > 0) moved = true;
      }
    }
  };
  drainAll();
  // close() completed every send that was waiting (Asio would leave them waiting).
  for (const op of ops) if (op.kind === 'send') expect(op.calls).toBe(1);
  for (let i = 0; ; i++) {
    if (i > nextId + 1) throw new Error('the channel never reported closed');
    const last = startReceive(0, false);
    drainAll();
    if (last.outcome === 'closed') break;
  }

  // Every operation completed exactly once; all work was given back.
  for (const op of ops) expect(op.calls).toBe(1);
  expect(io.outstanding).toBe(0);
  expect(other.outstanding).toBe(0);
  expect(io.underflows + other.underflows).toBe(0);

  // In the order they were sent, to receives in the order they started. The one exception: a
  // receive cancelled after it was served gives its message back, to the next receive, when a
  // receive that started after it took a later message before that cancellation.
  served.sort((a, b) => a[0] - b[0]);
  const cancelled = ops.filter((o) => o.kind === 'receive' && o.outcome === 'cancelled' && o.cancelAt !== undefined);
  for (let i = 1; i < served.length; i++) {
    const [startedAt, id] = served[i]!;
    for (let j = 0; j < i; j++) {
      const [earlierStart, earlierId, earlierTook] = served[j]!;
      if (earlierId < id) continue;
      if (cancelled.some((c) => c.startedAt < earlierStart && c.cancelAt! > earlierTook)) continue;
      throw new Error(`message ${id} went to a receive started at ${startedAt}, after the one (started at ${earlierStart}) that got the later message ${earlierId}`);
    }
  }

  const sendOps = new Map(ops.filter((o) => o.kind === 'send').map((o) => [o.id, o]));
  for (let id = 0; id < nextId; id++) {
    const op = sendOps.get(id);
    const accepted = op === undefined ? tryAccepted.has(id) : op.outcome === 'ok';
    const at = deliveredAt.get(id);
    if (!accepted) {
      if (at !== undefined) throw new Error(`message ${id} was received although its send failed`);
      if (op?.outcome === 'cancelled') figures.sendsCancelled++;
      continue;
    }
    // The first reset after the send started drops the message unless it was received before.
    const reset = resets.find((r) => r > sentAt.get(id)!);
    if (at === undefined) {
      if (reset === undefined) throw new Error(`message ${id} was sent but never received (no reset dropped it)`);
      figures.messagesDroppedByReset++;
    } else {
      if (reset !== undefined && at > reset) throw new Error(`message ${id} was received after a reset that should have dropped it`);
      figures.messagesDelivered++;
    }
  }
  // channelClosed means nothing more was coming: every message sent before that receive started
  // and received at all was received before its handler ran.
  for (const op of ops) {
    if (op.kind !== 'receive' || op.outcome !== 'closed') continue;
    for (const [id, at] of deliveredAt) {
      if (sentAt.get(id)! < op.startedAt && at > op.doneAt) throw new Error(`a receive reported channelClosed, then message ${id} (sent before it) was received`);
    }
  }
  for (const op of ops) {
    if (op.kind === 'receive' && op.outcome === 'cancelled') figures.receivesCancelled++;
    if (op.outcome === 'closed') figures.closedReports++;
  }
}

describe('Channel against its model, on random programs', () => {
  test('messages once, in order, none lost unless a reset dropped them; every operation completes once; work balanced', () => {
    fc.assert(
      fc.property(programArb, ({ capacity, steps }) => runProgram(capacity, steps)),
      fcParams(),
    );
  });

  test('a hand-picked program: a receive cancelled while its delivery is queued on another context', () => {
    runProgram(0, [
      { kind: 'receive', ex: 1, cancellable: true },
      { kind: 'receive', ex: 0, cancellable: false },
      { kind: 'send', ex: 0, cancellable: false },
      { kind: 'send', ex: 0, cancellable: false },
      { kind: 'cancelOp', pick: 0, type: CancellationType.Terminal },
      { kind: 'run', ex: 0, n: 4 },
      { kind: 'run', ex: 1, n: 4 },
    ]);
  });
});

/** A cancellation of the whole channel reaches every receive whose handler has not run yet. */
function markCancelled(ops: Op[], at: number): void {
  for (const op of ops) if (op.kind === 'receive' && op.calls === 0) op.cancelAt ??= at;
}
