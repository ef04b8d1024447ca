// The bad-input table: the union of helpers/bad-input-rows-*.ts, which bad-input.test.ts runs
// and checks against the package's exports.

import { composeRows } from './bad-input-rows-compose';
import { errorsCancellationRows } from './bad-input-rows-errors-cancellation';
import { executorRows } from './bad-input-rows-executors';
import { groupTimerChannelRows } from './bad-input-rows-groups-timers-channels';
import { tokenRows } from './bad-input-rows-tokens';
import type { Row } from './bad-input-table';

/** Every row, in the order the tests run them. */
export const rows: Row[] = [
  ...errorsCancellationRows,
  ...executorRows,
  ...tokenRows,
  ...composeRows,
  ...groupTimerChannelRows,
];
