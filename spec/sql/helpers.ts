import { DIALECT_NAMES, type BuiltInDialectName } from '../../lib/dialects';
import { compile, type CompileOptions, type Executable } from '../../lib/sql';
import { CompileError } from '../../lib/errors';

/** What one dialect must produce: SQL and params, or a CompileError whose message matches. */
export type Expected = { sql: string; params?: readonly unknown[] } | { error: RegExp };

/** Expected output for every dialect, side by side. */
export type ExpectedByDialect = Record<BuiltInDialectName, Expected>;

/**
 * Asserts the compiled SQL and params of `stmt` for all six dialects. Every dialect must be
 * listed, so a new dialect cannot slip through untested.
 */
export function expectCompiled(
  stmt: Executable | (() => Executable),
  expected: ExpectedByDialect,
  options?: CompileOptions,
): void {
  for (const dialect of DIALECT_NAMES) {
    const want = expected[dialect];
    const run = () => compile(typeof stmt === 'function' ? stmt() : stmt, dialect, options);
    if ('error' in want) {
      let thrown: unknown;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect({ dialect, error: thrown instanceof CompileError }).toEqual({ dialect, error: true });
      expect({ dialect, message: (thrown as Error).message }).toEqual({
        dialect,
        message: expect.stringMatching(want.error),
      });
    } else {
      const got = run();
      expect({ dialect, sql: got.sql, params: got.params }).toEqual({
        dialect,
        sql: want.sql,
        params: want.params ?? [],
      });
    }
  }
}

/** The same expectation for several dialects: `...same(['mysql', 'mariadb'], { sql })`. */
export function same<D extends BuiltInDialectName>(
  dialects: readonly D[],
  expected: Expected,
): Record<D, Expected> {
  return Object.fromEntries(dialects.map((d) => [d, expected])) as Record<D, Expected>;
}

/** Compiles for one dialect. */
export function sqlOf(stmt: Executable, dialect: BuiltInDialectName): string {
  return compile(stmt, dialect).sql;
}
