import { BUILT_IN_DIALECTS } from '../../lib/dialects';
import { libPath, stringLiterals, tsFiles } from './lib-files';

/**
 * A dialect's knowledge lives in its folder: code outside lib/dialects/ never names a dialect (no
 * `dialect.name === 'mysql'`, no `case 'sqlite':`), it reads the dialect's capabilities, hooks and
 * type renderer instead, so a dialect registered from outside gets the same treatment as a
 * built-in. Comments and examples may name dialects; string literals in code may not.
 */
const NAMES = new Set(BUILT_IN_DIALECTS.flatMap((d) => [d.name, ...d.schemes]));

function dialectNamesIn(file: string): string[] {
  return stringLiterals(file)
    .filter(({ text }) => NAMES.has(text))
    .map(({ text, line }) => `${libPath(file)}:${line}: '${text}'`);
}

describe('dialect names outside lib/dialects/', () => {
  const files = tsFiles().filter((f) => !libPath(f).startsWith('dialects/'));

  it('scans the layers that could be tempted (sql, drivers, session, mapper)', () => {
    for (const layer of ['sql/', 'drivers/', 'session/', 'mapper/']) {
      expect(files.some((f) => libPath(f).startsWith(layer))).toBe(true);
    }
    expect([...NAMES]).toEqual(
      expect.arrayContaining(['postgresql', 'mysql', 'mariadb', 'sqlite', 'mssql', 'oracle']),
    );
  });

  it('no string literal in code names a dialect', () => {
    expect(files.flatMap(dialectNamesIn)).toEqual([]);
  });

  it('finds a dialect name in code, never in a comment (the check can fail)', () => {
    const inDialects = tsFiles().filter((f) => libPath(f).startsWith('dialects/'));
    // The dialects' own folders name themselves, so the scan does see names where they are code.
    expect(inDialects.flatMap(dialectNamesIn).length).toBeGreaterThan(0);
    // lib/sql/dialect.ts names 'postgresql' only in its doc comment's example.
    const dialectTs = files.find((f) => libPath(f) === 'sql/dialect.ts')!;
    expect(dialectNamesIn(dialectTs)).toEqual([]);
  });
});
