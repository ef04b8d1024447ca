// The dual-package hazard: @asio-ts/core's ESM build (import()) and its CommonJS build
// (require(), also what @asio-ts/io's CommonJS build loads) in one process are two copies with
// their own classes. scripts/dual-package-check.mjs loads both from the built dist (run
// `npm run build` after edits) and checks that slots, signals, states, executors, errors and
// tokens of one copy work in the other, and that @asio-ts/net's ESM build works on a CommonJS
// IoContext with io's CommonJS composed operations over a real socket. It runs as a child process: jest's ts-jest runs tests
// as CommonJS, where a real ESM import() needs --experimental-vm-modules.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

test('objects of the ESM copy of core work in the CJS copy (and io), and back', () => {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'dual-package-check.mjs')], { cwd: root, encoding: 'utf8' });
  const out = `${run.stdout}${run.stderr}`;
  expect(out).not.toMatch(/^not ok/m);
  expect(run.status).toBe(0);
  for (const check of [
    'two distinct copies of core are loaded; io (CJS) uses the CJS copy',
    'an ESM CancellationSlot is a parent of a CJS CancellationState',
    'instanceof CancellationSlot / CancellationSignal / CancellationState holds across copies',
    'bindCancellationSlot (ESM) + asyncWrite (io, CJS core) on a TestStream: cancelled, operationAborted',
    'toAbortSignal (CJS) follows an ESM CancellationSignal',
    'executors of one copy are accepted by the other',
    'token objects of one copy are accepted by asyncInitiate of the other',
    'coSpawn (ESM) awaiting io (CJS) operations with useAwaitable (ESM)',
    'SystemError: instanceof and errorIs across copies; subclasses stay sane',
    'io ESM and io CJS: a ByteVector of one copy backs a dynamic buffer of the other',
    'net (ESM) on a CJS IoContext: accept, connect, io (CJS) asyncWrite, a CJS-slot cancel, SystemErrors of both copies',
  ]) {
    expect(out).toContain(`ok - ${check}\n`);
  }
  expect(out).toContain('dual-package checks passed');
});
