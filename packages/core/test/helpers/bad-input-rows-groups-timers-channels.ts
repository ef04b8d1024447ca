// Rows of the bad-input table (see bad-input.test.ts): parallel groups, SteadyTimer, the await
// operators, Channel.

import {
  awaitAll,
  awaitAny,
  Channel,
  ConcurrentChannel,
  IoContext,
  makeParallelGroup,
  ParallelGroup,
  post,
  RangedParallelGroup,
  SteadyTimer,
  waitForAll,
  waitForOne,
  waitForOneError,
  waitForOneSuccess,
} from '@asio-ts/core';
import { bad, bothThrow, thrown, type Row } from './bad-input-table';

export const groupTimerChannelRows: Row[] = [
  // parallel-group.ts
  { call: 'waitForOne(-1)', covers: ['waitForOne'], run: () => thrown(() => waitForOne(-1)), error: RangeError, arg: 'type' },
  { call: "waitForOneSuccess('x')", covers: ['waitForOneSuccess'], run: () => thrown(() => waitForOneSuccess(bad('x'))), error: TypeError, arg: 'type' },
  { call: 'waitForOneError(0.5)', covers: ['waitForOneError'], run: () => thrown(() => waitForOneError(0.5)), error: RangeError, arg: 'type' },
  { call: 'makeParallelGroup(42)', covers: ['makeParallelGroup'], run: () => thrown(() => makeParallelGroup(bad(42))), error: TypeError, arg: 'ops[0]' },
  { call: 'makeParallelGroup([op, 42])', covers: ['makeParallelGroup'], run: () => thrown(() => makeParallelGroup([post(new IoContext()), bad(42)])), error: TypeError, arg: 'ops[1]' },
  { call: 'group.asyncWait(42)', covers: ['makeParallelGroup', 'ParallelGroup', 'waitForAll'], run: () => thrown(() => makeParallelGroup(post(new IoContext())).asyncWait(bad(42))), error: TypeError, arg: 'condition' },
  { call: 'group.asyncWait(waitForAll(), 42)', covers: ['ParallelGroup', 'waitForAll'], run: () => thrown(() => makeParallelGroup(post(new IoContext())).asyncWait(waitForAll(), bad(42))), error: TypeError, arg: 'token' },
  { call: 'rangedGroup.asyncWait(42)', covers: ['RangedParallelGroup'], run: () => thrown(() => makeParallelGroup([post(new IoContext())]).asyncWait(bad(42))), error: TypeError, arg: 'condition' },
  {
    call: 'new ParallelGroup([42]) / new RangedParallelGroup([42])',
    covers: ['ParallelGroup', 'RangedParallelGroup'],
    run: () => bothThrow(() => new ParallelGroup(bad([42])), () => new RangedParallelGroup(bad([42]))),
    error: TypeError,
    arg: 'ops[0]',
    knownBug: 'parallel-group.ts: the group constructors do not check `ops` (makeParallelGroup does)',
  },

  // steady-timer.ts
  { call: 'new SteadyTimer(42)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(bad(42))), error: TypeError, arg: 'executorOrContext' },
  { call: "new SteadyTimer(ioc, '10')", covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext(), bad('10'))), error: TypeError, arg: 'expiry' },
  { call: 'new SteadyTimer(ioc, NaN)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext(), Number.NaN)), error: RangeError, arg: 'expiry' },
  { call: "new SteadyTimer(ioc, { at: 'x' })", covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext(), bad({ at: 'x' }))), error: TypeError, arg: 'expiry.at' },
  { call: "timer.expiresAfter('1')", covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).expiresAfter(bad('1'))), error: TypeError, arg: 'ms' },
  { call: 'timer.expiresAfter(NaN)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).expiresAfter(Number.NaN)), error: RangeError, arg: 'ms' },
  { call: 'timer.expiresAt(null)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).expiresAt(bad(null))), error: TypeError, arg: 't' },
  { call: 'timer.asyncWait(42)', covers: ['SteadyTimer'], run: () => thrown(() => new SteadyTimer(new IoContext()).asyncWait(bad(42))), error: TypeError, arg: 'token' },
  // await-operators.ts
  { call: 'awaitAll(42)', covers: ['awaitAll'], run: () => thrown(() => awaitAll(bad(42))), error: TypeError, arg: 'ops[0]' },
  { call: 'awaitAny(op, Promise.resolve())', covers: ['awaitAny'], run: () => thrown(() => awaitAny(post(new IoContext()), bad(Promise.resolve()))), error: TypeError, arg: 'ops[1]' },
  { call: 'awaitAll(op)(42)', covers: ['awaitAll'], run: () => thrown(() => awaitAll(post(new IoContext()))(bad(42))), error: TypeError, arg: 'token' },
  // channel.ts
  { call: 'new Channel(42)', covers: ['Channel'], run: () => thrown(() => new Channel(bad(42))), error: TypeError, arg: 'executorOrContext' },
  { call: "new Channel(ioc, '1')", covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext(), bad('1'))), error: TypeError, arg: 'capacity' },
  { call: 'new Channel(ioc, -1)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext(), -1)), error: RangeError, arg: 'capacity' },
  { call: 'new Channel(ioc, 2 ** 53)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext(), 2 ** 53)), error: RangeError, arg: 'capacity' },
  { call: 'new ConcurrentChannel(ioc, 0.5)', covers: ['ConcurrentChannel'], run: () => thrown(() => new ConcurrentChannel(new IoContext(), 0.5)), error: RangeError, arg: 'capacity' },
  { call: 'channel.asyncSend(42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).asyncSend(bad(42))), error: TypeError, arg: 'values' },
  {
    call: "channel.asyncSend(['x'])",
    covers: ['Channel'],
    run: () => thrown(() => new Channel<[Error | null]>(new IoContext()).asyncSend(bad(['x']))),
    error: TypeError,
    arg: 'values[0]',
  },
  { call: 'channel.asyncSend([], 42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).asyncSend([], bad(42))), error: TypeError, arg: 'token' },
  { call: 'channel.asyncReceive(42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).asyncReceive(bad(42))), error: TypeError, arg: 'token' },
  { call: "channel.trySend('x')", covers: ['Channel'], run: () => thrown(() => new Channel<[Error | null]>(new IoContext()).trySend(bad('x'))), error: TypeError, arg: 'values[0]' },
  { call: 'channel.trySendN(-1)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).trySendN(-1)), error: RangeError, arg: 'count' },
  { call: "channel.trySendNViaDispatch('1')", covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).trySendNViaDispatch(bad('1'))), error: TypeError, arg: 'count' },
  { call: 'channel.tryReceive(42)', covers: ['Channel'], run: () => thrown(() => new Channel(new IoContext()).tryReceive(bad(42))), error: TypeError, arg: 'handler' },
];
