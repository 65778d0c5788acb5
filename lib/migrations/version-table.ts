/**
 * The version table (the heads the database is at) and, where DDL is not transactional, the
 * progress table (how many operations of a revision have run, so a killed migration resumes after
 * the last one that finished). Their statements are plain SQL with literals, so that an online
 * run and an offline `--sql` script write exactly the same thing.
 */
import { createTable } from '../sql/statements/ddl';
import { column, table } from '../sql/schema/builders';
import type { Table } from '../sql/schema/table';
import { types } from '../sql/types';
import { compile, type Dialect } from '../sql/dialect';

export class VersionTable {
  readonly versions: Table;
  readonly progress: Table;

  constructor(
    readonly dialect: Dialect,
    readonly name = 'athanor_version',
  ) {
    this.versions = table(name, {
      version_num: column(types.string(64), { primaryKey: true, autoincrement: false }),
    });
    this.progress = table(`${name}_progress`, {
      version_num: column(types.string(64), { primaryKey: true, autoincrement: false }),
      direction: column(types.string(10), { nullable: false }),
      step: column(types.integer(), { nullable: false }),
    });
  }

  private q(name: string): string {
    return this.dialect.preparer.quoteIdentifier(name);
  }

  private lit(value: string): string {
    return this.dialect.preparer.quoteLiteral(value);
  }

  /** CREATE TABLE IF NOT EXISTS for the version table (and the progress table when it is used). */
  createSql(withProgress: boolean): string[] {
    const out = [compile(createTable(this.versions, { ifNotExists: true }), this.dialect).sql];
    if (withProgress) out.push(compile(createTable(this.progress, { ifNotExists: true }), this.dialect).sql);
    return out;
  }

  selectSql(): string {
    return `SELECT ${this.q('version_num')} FROM ${this.q(this.name)}`;
  }

  /** The statements that make the table hold exactly `heads`. */
  writeSql(heads: readonly string[]): string[] {
    return [
      `DELETE FROM ${this.q(this.name)}`,
      ...heads.map(
        (h) => `INSERT INTO ${this.q(this.name)} (${this.q('version_num')}) VALUES (${this.lit(h)})`,
      ),
    ];
  }

  progressSelectSql(revision: string, direction: string): string {
    return (
      `SELECT ${this.q('step')} FROM ${this.q(this.progress.name)} ` +
      `WHERE ${this.q('version_num')} = ${this.lit(revision)} AND ${this.q('direction')} = ${this.lit(direction)}`
    );
  }

  /** Records that operations up to `step` (0-based, inclusive) of `revision` have run. */
  progressWriteSql(revision: string, direction: string, step: number): string[] {
    return [
      ...this.progressClearSql(revision),
      `INSERT INTO ${this.q(this.progress.name)} (${this.q('version_num')}, ${this.q('direction')}, ${this.q('step')}) ` +
        `VALUES (${this.lit(revision)}, ${this.lit(direction)}, ${Math.trunc(step)})`,
    ];
  }

  progressClearSql(revision: string): string[] {
    return [
      `DELETE FROM ${this.q(this.progress.name)} WHERE ${this.q('version_num')} = ${this.lit(revision)}`,
    ];
  }
}
