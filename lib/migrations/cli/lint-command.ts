/** `athanor lint`: the dialect's lock-aware rules over each migration's upgrade. */
import { relative } from 'node:path';
import type { Dialect } from '../../sql/dialect';
import { compileOperation } from '../../sql/migration/compile';
import { lintOperations, type LocatedFinding } from '../../sql/migration/lint';
import { MigrationOps } from '../op';
import type { Revision } from '../revision-graph';

export interface LintOptions {
  /** Print each finding's safe form as SQL. */
  readonly safe: boolean;
  readonly out: (text: string) => void;
  /** Paths are printed relative to it (default: the process's directory). */
  readonly cwd?: string;
}

/** The findings of one revision's upgrade. */
export async function lintRevision(rev: Revision, dialect: Dialect): Promise<LocatedFinding[]> {
  const op = new MigrationOps();
  await rev.module.upgrade(op);
  return lintOperations(op.operations, dialect.migrationLintRules ?? []);
}

/** Lints revisions, printing each finding; resolves to how many there were. */
export async function lintMigrations(
  revisions: readonly Revision[],
  dialect: Dialect,
  options: LintOptions,
): Promise<number> {
  let count = 0;
  for (const rev of revisions) {
    const where = rev.path === undefined ? rev.id : relative(options.cwd ?? process.cwd(), rev.path);
    for (const f of await lintRevision(rev, dialect)) {
      count++;
      options.out(`${where}: operation ${f.index + 1}: [${f.rule}] ${f.message}\n`);
      if (f.advice !== undefined) options.out(`  advice: ${f.advice}\n`);
      if (options.safe && f.safe.length) {
        options.out('  safe form:\n');
        for (const op of f.safe)
          for (const s of compileOperation(op, dialect)) {
            options.out(`    ${s.sql};${s.outsideTransaction ? '  -- outside a transaction' : ''}\n`);
          }
      }
    }
  }
  options.out(`${count} finding${count === 1 ? '' : 's'} (${dialect.name} rules)\n`);
  return count;
}
