// The browser test page: bundled by esbuild (browser/run.mjs) from the built ESM of @asio-ts/core
// and @asio-ts/io, loaded by headless Chromium, reporting each check to the runner's local
// server (POST /report, one JSON event per request, in order):
//   { type: 'start', userAgent }                   once, before any check
//   { type: 'check', name, status, detail, ms }   status 'pass' | 'fail' | 'todo'
//   { type: 'summary', passed, failed, todo, total, ms }
//   { type: 'error', message }                    an uncaught error or unhandled rejection
//
// The checks are in the checks-*.ts modules, registered in import order; harness.ts runs them.
import './checks-tokens.js';
import './checks-cancellation.js';
import './checks-web-writable.js';
import './checks-web-readable.js';
import { runChecks } from './harness.js';

void runChecks();
