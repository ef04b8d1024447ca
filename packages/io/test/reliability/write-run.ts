/**
 * What the phases of one generated `asyncWrite` scenario share (write-setup.ts builds it,
 * write-launch.ts and write-drive.ts run the write, write-check.ts judges it), and the failure
 * report every check throws.
 */
import type { CancellationSignal, IoContext } from '@asio-ts/core';
import type { CountingExecutor } from '../../../core/test/reliability/counting-executor.js';
import type { CallCounter } from './counted-token.js';
import type { FaultStream, StreamEvent } from './fault-stream.js';
import type { makeCondition, makeSource } from './generated-sources.js';
import type { WriteFigures } from './write-figures.js';
import type { Scenario } from './write-scenario.js';

export interface Outcome {
  /** Final handler (or coroutine handler) calls. */
  calls: number;
  insideInitiation: number;
  settled: boolean;
  err: unknown;
  n: number | undefined;
  /** For coroutine kinds: the write's own error/bytes as the body saw them. */
  innerErr: unknown;
  innerN: number | undefined;
  bodyResult: boolean;
  counter: CallCounter;
}

/** What the handlers change while the write runs. */
export interface RunState {
  initiating: boolean;
  wrongExecutor: number;
  /** Exceptions of a throwing handler that left whatever ran it. */
  thrown: number;
}

/** One scenario's objects and the handlers that record its outcome. */
export interface Run {
  readonly sc: Scenario;
  readonly figures: WriteFigures;
  readonly log: StreamEvent[];
  readonly ioc: IoContext;
  readonly ex: CountingExecutor;
  readonly stream: FaultStream;
  readonly source: ReturnType<typeof makeSource>;
  readonly condition: ReturnType<typeof makeCondition>;
  readonly condArgs: unknown[];
  readonly signal: CancellationSignal;
  readonly controller: AbortController;
  readonly coroutine: 'coSpawn' | 'spawn' | 'none';
  readonly framePartial: boolean;
  readonly ioc2: IoContext;
  readonly ex2: CountingExecutor;
  readonly state: RunState;
  readonly out: Outcome;
  readonly bind: (token: unknown) => unknown;
  readonly isInitiating: () => boolean;
  readonly checkExecutor: () => void;
  readonly onResult: (err: unknown, n: unknown) => void;
  readonly guarded: (fn: () => unknown) => Promise<void>;
  readonly onInner: (r: { err: unknown; n: number | undefined }) => void;
}

export function assertThat(ok: boolean, message: string, sc: Scenario, extra?: () => unknown): void {
  if (!ok) {
    const detail = extra === undefined ? '' : `\n${JSON.stringify(extra(), replacer, 1).slice(0, 4000)}`;
    throw new Error(`${message}\nscenario token=${sc.token} source=${sc.sourceKind} cond=${JSON.stringify(sc.cond)} cancel=${sc.cancelSource}${detail}`);
  }
}

function replacer(_k: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (v instanceof Error) return `${v.name}(${(v as { code?: unknown }).code ?? ''}: ${v.message})`;
  if (v === Infinity) return 'Infinity';
  return v;
}

/** What a throwing final handler throws. */
export class HandlerBoom extends Error {
  constructor() {
    super('the final handler throws');
  }
}
