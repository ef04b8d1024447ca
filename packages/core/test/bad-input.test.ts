// Programmer errors throw synchronously, naming the argument (ARCHITECTURE.md, completion rule
// 4): every public function of @asio-ts/core, given a wrong type, a negative or non-integer
// number, or something that is not a completion token, throws a TypeError or RangeError whose
// message starts with (or names) the argument. Asio refuses such calls at compile time; this is
// the run-time equivalent for JavaScript callers.
//
// The table is checked against the package's exports: a new export needs a row in one
// of helpers/bad-input-rows-*.ts (or an entry in helpers/bad-input-exempt.ts saying why it takes
// no checkable input).
//
// Rows marked `knownBug` document a missing check in a file this suite's author could not
// change; they run as `test.failing` (green while the bug is there, red once fixed, as a prompt
// to drop the mark).

import * as core from '@asio-ts/core';
import { asyncCompose, asyncImmediate, bindExecutor, IoContext, post } from '@asio-ts/core';
import { exempt } from './helpers/bad-input-exempt';
import { rows } from './helpers/bad-input-rows';
import { bad, impl, thrown } from './helpers/bad-input-table';

describe('bad input throws synchronously, naming the argument', () => {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  for (const row of rows) {
    const title = `${row.call} → ${row.error.name} naming ${row.arg}`;
    const body = (): void => {
      const e = row.run();
      expect(e).toBeInstanceOf(row.error);
      const message = (e as Error).message;
      // The argument's name is the message's first word, or at least a word in it.
      expect(message).toMatch(new RegExp(`(^|[^\\w.])${escape(row.arg)}($|[^\\w])`));
    };
    if (row.knownBug === undefined) test(title, body);
    else test.failing(`${title} [known bug: ${row.knownBug}]`, body);
  }
});

describe('the table covers the whole public surface', () => {
  test('every export of @asio-ts/core has a row, or an exemption saying why not', () => {
    const covered = new Set(rows.flatMap((r) => r.covers));
    const missing = Object.keys(core).filter((k) => !covered.has(k) && !(k in exempt));
    expect(missing).toEqual([]);
  });

  test('no row or exemption names something that is not exported', () => {
    const exported = new Set(Object.keys(core));
    const stale = [...rows.flatMap((r) => r.covers), ...Object.keys(exempt)].filter((k) => !exported.has(k));
    expect([...new Set(stale)]).toEqual([]);
  });

  test('a bad call leaves nothing behind: no handler ran, no work is held', async () => {
    const ioc = new IoContext();
    let ran = false;
    const mark = (): void => {
      ran = true;
    };
    thrown(() => post(ioc, bad(42)));
    thrown(() => asyncImmediate(ioc, bad('x')));
    thrown(() => asyncCompose(impl, mark, ioc, bad(42)));
    thrown(() => bindExecutor(ioc, bad(7)));
    await expect(ioc.run()).resolves.toBe(0);
    expect(ran).toBe(false);
  });
});
