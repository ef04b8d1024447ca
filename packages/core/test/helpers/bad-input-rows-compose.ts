// Rows of the bad-input table (see bad-input.test.ts): asyncCompose, handler-work helpers, coSpawn,
// spawn, coComposed.

import * as core from '@asio-ts/core';
import {
  asyncCompose,
  bindExecutor,
  coComposed,
  coSpawn,
  HandlerWork,
  inlineExecutor,
  IoContext,
  spawn,
  withAssociationsOf,
  withAssociation,
  associatedExecutor,
  type ComposedOperation,
} from '@asio-ts/core';
import { bad, handler, impl, loose, thrown, type Row } from './bad-input-table';

export const composeRows: Row[] = [
  // compose.ts
  { call: 'asyncCompose(42, h)', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(bad(42), handler)), error: TypeError, arg: 'implementation' },
  { call: 'asyncCompose(impl, 42)', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(impl, bad(42))), error: TypeError, arg: 'token' },
  { call: 'asyncCompose(impl, h, 42)', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(impl, handler, bad(42))), error: TypeError, arg: 'ioObjectsOrExecutors[0]' },
  { call: 'asyncCompose(impl, h, ioc, {})', covers: ['asyncCompose'], run: () => thrown(() => asyncCompose(impl, handler, new IoContext(), bad({}))), error: TypeError, arg: 'ioObjectsOrExecutors[1]' },
  {
    call: 'self.resetCancellationState(42)',
    covers: ['asyncCompose'],
    run: () => {
      let e: unknown;
      asyncCompose((self: ComposedOperation<[]>) => {
        e = thrown(() => self.resetCancellationState(bad(42)));
        self.complete();
      }, handler);
      return e;
    },
    error: TypeError,
    arg: 'inFilter',
  },
  {
    call: 'self.resetCancellationState(filter, 42)',
    covers: ['asyncCompose'],
    run: () => {
      let e: unknown;
      asyncCompose((self: ComposedOperation<[]>) => {
        e = thrown(() => self.resetCancellationState(core.enableTerminalCancellation, bad(42)));
        self.complete();
      }, handler);
      return e;
    },
    error: TypeError,
    arg: 'outFilter',
  },

  // detail/handler-work.ts, detail/associate.ts (exported helpers)
  { call: 'new HandlerWork(h, 42)', covers: ['HandlerWork'], run: () => thrown(() => new HandlerWork(handler, bad(42))), error: TypeError, arg: 'ioExecutor' },
  { call: 'new HandlerWork(42, ex)', covers: ['HandlerWork'], run: () => thrown(() => new HandlerWork(bad(42), inlineExecutor)), error: TypeError, arg: 'handler' },
  {
    call: 'withAssociationsOf(42, boundHandler)',
    covers: ['withAssociationsOf'],
    run: () => thrown(() => withAssociationsOf(bad(42), bindExecutor(inlineExecutor, handler))),
    error: TypeError,
    arg: 'wrapper',
  },
  {
    call: 'withAssociation(42, h, key, ex)',
    covers: ['withAssociation'],
    run: () => thrown(() => withAssociation(bad(42), handler, associatedExecutor, inlineExecutor)),
    error: TypeError,
    arg: 'wrapper',
  },

  // co-spawn.ts
  { call: 'coSpawn(42, fn)', covers: ['coSpawn'], run: () => thrown(() => coSpawn(bad(42), async () => 1)), error: TypeError, arg: 'executor' },
  { call: 'coSpawn(ioc, 42)', covers: ['coSpawn'], run: () => thrown(() => coSpawn(new IoContext(), bad(42))), error: TypeError, arg: 'coroutine' },
  { call: 'coSpawn(ioc, fn, 42)', covers: ['coSpawn'], run: () => thrown(() => coSpawn(new IoContext(), async () => 1, bad(42))), error: TypeError, arg: 'token' },

  // spawn.ts
  { call: 'spawn(42, gen)', covers: ['spawn'], run: () => thrown(() => spawn(bad(42), function* () {})), error: TypeError, arg: 'executor' },
  { call: 'spawn(ioc, 42)', covers: ['spawn'], run: () => thrown(() => spawn(new IoContext(), bad(42))), error: TypeError, arg: 'fn' },
  { call: 'spawn(ioc, gen, 42)', covers: ['spawn'], run: () => thrown(() => spawn(new IoContext(), function* () {}, bad(42))), error: TypeError, arg: 'token' },

  // co-composed.ts
  { call: 'coComposed(42)', covers: ['coComposed'], run: () => thrown(() => coComposed(bad(42))), error: TypeError, arg: 'body' },
  { call: 'coComposed(body, 42)', covers: ['coComposed'], run: () => thrown(() => loose(coComposed)(function* () {}, 42)), error: TypeError, arg: 'token' },
  { call: 'coComposed(body, h, 42)', covers: ['coComposed'], run: () => thrown(() => loose(coComposed)(function* () {}, handler, 42)), error: TypeError, arg: 'ioObjectsOrExecutors[0]' },
];
