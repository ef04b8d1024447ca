// timers: 100,000 pending waits (2,000 in a --quick smoke run), then every one cancelled.
// Ours: that many SteadyTimers on the system executor (made once), each `expiresAfter(60_000)`
// and `asyncWait(cb)` (callback token), then `cancel()` on each; the batch ends when every
// handler ran with operationAborted (a real SystemError each). Baseline, as a Node developer
// writes it: as many `setTimeout(cb, 60_000)`, then `clearTimeout` on each (their callbacks never
// run). Every SteadyTimer shares one host timer (one heap), where each setTimeout is a timer of
// Node's own.
import { errors, SteadyTimer, systemExecutor } from '@asio-ts/core';
import { sink } from '../lib/fixtures.mjs';

const minute = 60_000;

export default {
  id: 'timers',
  title: 'timers: pending waits, all cancelled',
  kind: 'micro',
  unit: 'ops/s',
  target: 1.0,
  setup({ quick }) {
    const count = quick ? 2_000 : 100_000;
    const timers = Array.from({ length: count }, () => new SteadyTimer(systemExecutor));
    const handles = new Array(count);
    let aborted = 0;
    let wrong = 0;
    let done = null;
    const onWait = (err) => {
      if (err === null || err.value !== errors.operationAborted.value || typeof err.code !== 'string') wrong++;
      if (++aborted === count) done();
    };
    const onTimeout = () => {
      wrong++;
    };
    return {
      variants: [
        {
          name: `SteadyTimer asyncWait(cb) x${count / 1000}k, then cancel() each`,
          baselineLabel: `setTimeout(cb, 60 s) x${count / 1000}k, then clearTimeout each`,
          ops: count,
          ours: () =>
            new Promise((resolve) => {
              aborted = 0;
              done = resolve;
              for (let i = 0; i < count; i++) {
                const t = timers[i];
                t.expiresAfter(minute);
                t.asyncWait(onWait);
              }
              for (let i = 0; i < count; i++) sink.value += timers[i].cancel();
            }),
          baseline: async () => {
            for (let i = 0; i < count; i++) handles[i] = setTimeout(onTimeout, minute);
            for (let i = 0; i < count; i++) clearTimeout(handles[i]);
            sink.value += count;
          },
        },
      ],
      check() {
        return wrong === 0;
      },
    };
  },
};
