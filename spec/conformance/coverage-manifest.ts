/**
 * Every SQLAlchemy ORM test file the conformance suites port, gathered from `coverage/` (one module
 * per file, so suites for different files never edit the same manifest). `coverage.spec.ts` checks
 * that each test is named by a ported test's title (`[file::Class::test_name]`) or listed with its
 * reason.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlalchemyFileCoverage } from './coverage/file-coverage';

const folder = join(__dirname, 'coverage');

const files: readonly SqlalchemyFileCoverage[] = readdirSync(folder)
  .filter((f) => f.startsWith('test_') && f.endsWith('.ts'))
  .sort()
  // Loaded by directory listing so that adding a file's coverage edits no shared list.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  .map((f) => (require(join(folder, f)) as { coverage: SqlalchemyFileCoverage }).coverage);

/** Test function names by defining class, per SQLAlchemy test file. */
export const SQLALCHEMY_TESTS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> =
  Object.fromEntries(files.map((f) => [f.file, f.tests]));

/** Tests whose subject has no counterpart in Athanor, by `file::Class::test`, with the reason. */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = Object.assign(
  {},
  ...files.map((f) => f.notApplicable),
);

/** Tests of features Athanor does not provide yet, by `file::Class::test`, with what is missing. */
export const NOT_PORTED: Readonly<Record<string, string>> = Object.assign(
  {},
  ...files.map((f) => f.notPorted),
);
