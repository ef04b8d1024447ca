import { EventEmitter, once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { errors, errorIs, fromNodeError, makeError, SystemError } from '@asio-ts/core';
test('x', () => { expect(errorIs(makeError(errors.eof), errors.eof)).toBe(true); expect(makeError(errors.eof)).toBeInstanceOf(SystemError); });

describe('errorIs: an AbortError is operationAborted', () => {
  const rejectionOf = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => {
        throw new Error('resolved');
      },
      (e: unknown) => e,
    );
  const aborted = (reason?: unknown): AbortSignal => AbortSignal.abort(reason);

  test.each([
    ['events.once', () => once(new EventEmitter(), 'never', { signal: aborted() })],
    ['fs.promises.readFile', () => readFile(__filename, { signal: aborted() })],
    ['timers/promises setTimeout', () => sleep(10_000, undefined, { signal: aborted() })],
  ])("Node's AbortError from %s (code 'ABORT_ERR')", async (_api, call) => {
    const e = (await rejectionOf(call())) as Error & { code?: unknown };
    expect(e.name).toBe('AbortError');
    expect(e.code).toBe('ABORT_ERR');
    expect(errorIs(e, errors.operationAborted)).toBe(true);
    expect(errorIs(e, errors.eof)).toBe(false);
    expect(errorIs(e, errors.timedOut)).toBe(false);
    // The same answer as for the error fromNodeError maps it to.
    expect(errorIs(fromNodeError(e), errors.operationAborted)).toBe(true);
  });

  test("the DOM's AbortError (a DOMException, as fetch rejects with and signal.reason defaults to)", () => {
    const e = aborted().reason as DOMException;
    expect(e).toBeInstanceOf(DOMException);
    expect(e.name).toBe('AbortError');
    expect(errorIs(e, errors.operationAborted)).toBe(true);
    expect(errorIs(e, errors.connectionReset)).toBe(false);
    expect(errorIs(fromNodeError(e), errors.operationAborted)).toBe(true);
  });

  test('a Node string code wins over the name, as in fromNodeError', () => {
    const odd = Object.assign(new Error('x'), { name: 'AbortError', code: 'ECONNRESET' });
    expect(errorIs(odd, errors.operationAborted)).toBe(false);
    expect(errorIs(odd, errors.connectionReset)).toBe(true);
    expect(errorIs(fromNodeError(odd), errors.operationAborted)).toBe(false);
  });

  test('asio-ts errors still compare by category and value', () => {
    expect(errorIs(makeError(errors.operationAborted), errors.operationAborted)).toBe(true);
    expect(errorIs(makeError(errors.eof), errors.operationAborted)).toBe(false);
  });
});
