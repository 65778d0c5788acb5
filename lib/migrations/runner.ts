/**
 * Runs revisions against an engine: upgrade, downgrade, stamp, current, and the offline script of
 * the same. One revision is one step:
 *
 * - Where DDL is transactional (PostgreSQL, SQLite), a revision runs in one transaction with its
 *   version-table update, so it happens whole or not at all. Statements that cannot run in a
 *   transaction (CREATE INDEX CONCURRENTLY) commit what came before, run alone, and the
 *   transaction begins again. New enum values are added before the transaction begins
 *   (`ADD VALUE IF NOT EXISTS`), so the revision can use them and stays re-runnable.
 * - Where it is not (MySQL, MariaDB), each operation commits as it runs and the progress table
 *   records it; a revision killed after operation k resumes at k+1.
 */
import { performance } from 'node:perf_hooks';
import { MigrationError } from '../errors';
import type { Connection } from '../drivers/connection';
import type { Engine } from '../drivers/engine';
import { connectionQueries } from '../drivers/schema-queries';
import type { Dialect, MigrationCompilerOf } from '../sql/dialect';
import { migrationCompiler } from '../sql/migration/compile';
import type { BatchOp, MigrationOperation, MigrationStatement } from '../sql/migration/operations';
import { tableSpecOfReflected } from '../sql/migration/specs';
import { dialectDefinition } from '../drivers/registry';
import { MigrationOps } from './op';
import type { Revision, RevisionGraph } from './revision-graph';
import { VersionTable } from './version-table';

/** Which way a revision runs. */
export type Direction = 'upgrade' | 'downgrade';

/** Options of a MigrationRunner. */
export interface RunnerOptions {
  /** The version table's name (default `athanor_version`). */
  readonly versionTable?: string;
  /** Where each step and statement is reported, with its timing. Default: nowhere. */
  readonly log?: (line: string) => void;
}

/** One revision run. */
export interface StepReport {
  /** The revision's id. */
  readonly revision: string;
  /** Whether it was applied or undone. */
  readonly direction: Direction;
  /** How many statements it ran. */
  readonly statements: number;
  /** How long it took, in milliseconds. */
  readonly ms: number;
}

const NO_COLUMNS = Object.freeze([]);

function ms(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/**
 * Runs a history's revisions on an engine's database and records them in the version table:
 * upgrade, downgrade, stamp, offline scripts.
 */
export class MigrationRunner {
  private readonly log: (line: string) => void;

  /** A runner of `history` on `engine`'s database. */
  constructor(
    private readonly engine: Engine,
    /** The revisions it runs. */
    readonly history: RevisionGraph,
    private readonly options: RunnerOptions = {},
  ) {
    this.log = options.log ?? (() => {});
  }

  private async setup(): Promise<{
    dialect: Dialect;
    versions: VersionTable;
    compiler: MigrationCompilerOf;
  }> {
    const dialect = await this.engine.resolveDialect();
    return {
      dialect,
      versions: new VersionTable(dialect, this.options.versionTable),
      compiler: migrationCompiler(dialect),
    };
  }

  private async exec(conn: Connection, sql: string, echo = true): Promise<Record<string, unknown>[]> {
    const start = performance.now();
    const result = await conn.executeCompiled<Record<string, unknown>>({
      sql,
      params: [],
      columns: NO_COLUMNS,
      statementKind: /^\s*(SELECT|PRAGMA)/i.test(sql) ? 'select' : 'text',
      returnsRows: /^\s*(SELECT|PRAGMA)/i.test(sql),
    });
    const rows = /^\s*(SELECT|PRAGMA)/i.test(sql) ? result.all() : [];
    if (echo) this.log(`    ${sql}  (${ms(start)} ms)`);
    return rows;
  }

  /** The revisions the database is at (the version table's rows), in history order. */
  async current(): Promise<string[]> {
    const { dialect, versions } = await this.setup();
    const conn = await this.engine.connect();
    try {
      for (const sql of versions.createSql(!dialect.capabilities.transactionalDdl))
        await this.exec(conn, sql, false);
      const rows = await this.exec(conn, versions.selectSql(), false);
      const ids = new Set(rows.map((r) => String(r['version_num'])));
      return this.history.ordered
        .filter((r) => ids.has(r.id))
        .map((r) => r.id)
        .concat([...ids].filter((id) => !this.history.ordered.some((r) => r.id === id)));
    } finally {
      await conn.close();
    }
  }

  /**
   * The revisions not applied yet — what `upgrade heads` would run — in order. Reads without
   * writing: a database without the version table has applied none. For health checks and CI.
   */
  async pending(): Promise<Revision[]> {
    const { versions } = await this.setup();
    // Before connecting: a one-connection pool (SQLite) would wait for itself.
    const inspector = await this.engine.schemaInspector();
    const conn = await this.engine.connect();
    try {
      const tables = await inspector.tableNames(connectionQueries(conn));
      if (!tables.some((t) => t.toLowerCase() === versions.name.toLowerCase()))
        return this.planUpgrade('heads', []);
      const rows = await this.exec(conn, versions.selectSql(), false);
      return this.planUpgrade(
        'heads',
        rows.map((r) => String(r['version_num'])),
      );
    } finally {
      await conn.close();
    }
  }

  /** How many revisions are not applied yet (see `pending()`). */
  async pendingCount(): Promise<number> {
    return (await this.pending()).length;
  }

  private applied(current: readonly string[]): Set<string> {
    for (const id of current) this.history.get(id);
    return this.history.ancestry(current);
  }

  /** The revisions an upgrade to `target` runs, in order: `head`, `heads`, `+N` or a revision. */
  planUpgrade(target: string, current: readonly string[]): Revision[] {
    const applied = this.applied(current);
    const pending = (targets: Iterable<string>) =>
      this.history.inOrder(new Set([...this.history.ancestry(targets)].filter((id) => !applied.has(id))));
    const relative = /^\+(\d+)$/.exec(target);
    if (relative) {
      const head = this.history.singleHead();
      const all = head === undefined ? [] : pending([head]);
      const n = Number(relative[1]);
      if (n > all.length)
        throw new MigrationError(`cannot upgrade ${target}: only ${all.length} revision(s) are not applied`);
      return all.slice(0, n);
    }
    if (target === 'head') {
      const head = this.history.singleHead();
      return head === undefined ? [] : pending([head]);
    }
    if (target === 'heads') return pending(this.history.heads());
    return pending([this.history.get(target).id]);
  }

  /** The revisions a downgrade to `target` undoes, children first: `-N`, `base` or a revision. */
  planDowngrade(target: string, current: readonly string[]): Revision[] {
    const applied = this.applied(current);
    const undo = (keep: ReadonlySet<string>) =>
      this.history.inOrder(new Set([...applied].filter((id) => !keep.has(id)))).reverse();
    const relative = /^-(\d+)$/.exec(target);
    if (relative) {
      const all = undo(new Set());
      const n = Number(relative[1]);
      if (n > all.length)
        throw new MigrationError(`cannot downgrade ${target}: only ${all.length} revision(s) are applied`);
      return all.slice(0, n);
    }
    if (target === 'base') return undo(new Set());
    const rev = this.history.get(target);
    if (!applied.has(rev.id))
      throw new MigrationError(`revision ${rev.id} is not applied: nothing to downgrade to`);
    return undo(this.history.ancestry([rev.id]));
  }

  /** Applies the revisions up to `target` (`head` by default, `heads`, `+N` or a revision), parents first. */
  async upgrade(target = 'head'): Promise<StepReport[]> {
    const current = await this.current();
    return this.runPlan(this.planUpgrade(target, current), 'upgrade', current);
  }

  /** Undoes the revisions down to `target` (`-N`, `base` or a revision), children first. */
  async downgrade(target: string): Promise<StepReport[]> {
    const current = await this.current();
    return this.runPlan(this.planDowngrade(target, current), 'downgrade', current);
  }

  /** Makes the version table say `target` (`base`, `heads`, or revisions) without running anything. */
  async stamp(target: string | readonly string[]): Promise<string[]> {
    const heads = this.stampHeads(target);
    const { dialect, versions } = await this.setup();
    const conn = await this.engine.connect();
    try {
      for (const sql of versions.createSql(!dialect.capabilities.transactionalDdl))
        await this.exec(conn, sql, false);
      await conn.transaction(async () => {
        for (const sql of versions.writeSql(heads)) await this.exec(conn, sql);
      });
    } finally {
      await conn.close();
    }
    return heads;
  }

  private stampHeads(target: string | readonly string[]): string[] {
    const targets = typeof target === 'string' ? [target] : [...target];
    if (targets.length === 1 && targets[0] === 'base') return [];
    const ids = targets.flatMap((t) =>
      t === 'heads'
        ? this.history.heads()
        : t === 'head'
          ? [this.history.singleHead()!]
          : [this.history.get(t).id],
    );
    return this.history.headsOf(this.history.ancestry(ids));
  }

  private async runPlan(
    plan: readonly Revision[],
    direction: Direction,
    current: readonly string[],
  ): Promise<StepReport[]> {
    const applied = this.applied(current);
    const reports: StepReport[] = [];
    if (plan.length === 0)
      this.log(`Nothing to ${direction}: at ${current.length ? current.join(', ') : 'base'}`);
    for (const rev of plan) {
      const before = this.history.headsOf(applied);
      if (direction === 'upgrade') applied.add(rev.id);
      else applied.delete(rev.id);
      reports.push(await this.runRevision(rev, direction, before, this.history.headsOf(applied)));
    }
    return reports;
  }

  /** The operations a revision records for a direction. */
  async operationsOf(rev: Revision, direction: Direction): Promise<readonly MigrationOperation[]> {
    const op = new MigrationOps();
    await rev.module[direction](op);
    return op.operations;
  }

  private async runRevision(
    rev: Revision,
    direction: Direction,
    before: readonly string[],
    after: readonly string[],
  ): Promise<StepReport> {
    const start = performance.now();
    const ops = await this.operationsOf(rev, direction);
    const { dialect, versions, compiler } = await this.setup();
    const transactional = dialect.capabilities.transactionalDdl;
    this.log(
      `${direction === 'upgrade' ? 'Upgrade' : 'Downgrade'} ${before.join(', ') || 'base'} -> ${after.join(', ') || 'base'}` +
        ` (${rev.id}${rev.message ? `: ${rev.message}` : ''})`,
    );
    let statements: number;
    const conn = await this.engine.connect();
    try {
      for (const sql of versions.createSql(!transactional)) await this.exec(conn, sql, false);
      for (const sql of compiler.beforeTransaction(ops)) await this.exec(conn, sql);
      try {
        if (transactional)
          statements = await this.runTransactional(conn, rev, ops, compiler, versions, after);
        else statements = await this.runStepwise(conn, rev, direction, ops, compiler, versions, after);
      } finally {
        for (const sql of compiler.afterTransaction(ops)) await this.exec(conn, sql);
      }
    } finally {
      await conn.close();
    }
    const took = ms(start);
    this.log(`  done ${rev.id} in ${took} ms (${statements} statement${statements === 1 ? '' : 's'})`);
    return Object.freeze({ revision: rev.id, direction, statements, ms: took });
  }

  /** Enum values added to types that exist before the revision: run first, outside its transaction. */
  private hoisted(ops: readonly MigrationOperation[]): Set<MigrationOperation> {
    const created = new Set<string>();
    const out = new Set<MigrationOperation>();
    for (const op of ops) {
      if (op.kind === 'createEnum') created.add(op.name);
      if (op.kind === 'addEnumValue' && !created.has(op.name)) out.add(op);
    }
    return out;
  }

  private async runTransactional(
    conn: Connection,
    rev: Revision,
    ops: readonly MigrationOperation[],
    compiler: MigrationCompilerOf,
    versions: VersionTable,
    after: readonly string[],
  ): Promise<number> {
    let count = 0;
    const hoisted = this.hoisted(ops);
    for (const op of hoisted) {
      for (const s of compiler.compile(op)) {
        await this.exec(conn, s.sql);
        count++;
      }
    }
    await conn.begin();
    try {
      for (const op of ops) {
        if (hoisted.has(op)) continue;
        for (const s of await this.statementsOf(conn, compiler, op)) {
          if (s.outsideTransaction) {
            await conn.commit();
            await this.exec(conn, s.sql);
            await conn.begin();
          } else await this.exec(conn, s.sql);
          count++;
        }
      }
      for (const check of compiler.integrityChecks(ops)) {
        const rows = await this.exec(conn, check);
        if (rows.length)
          throw new MigrationError(
            `revision ${rev.id}: ${check} reports ${rows.length} row(s): ${JSON.stringify(rows.slice(0, 5))}`,
          );
      }
      for (const sql of versions.writeSql(after)) await this.exec(conn, sql);
      await conn.commit();
    } catch (e) {
      if (conn.inTransaction) await conn.rollback();
      throw e;
    }
    return count;
  }

  private async runStepwise(
    conn: Connection,
    rev: Revision,
    direction: Direction,
    ops: readonly MigrationOperation[],
    compiler: MigrationCompilerOf,
    versions: VersionTable,
    after: readonly string[],
  ): Promise<number> {
    const done = await this.exec(conn, versions.progressSelectSql(rev.id, direction), false);
    const startAt = done.length ? Number(done[0]!['step']) + 1 : 0;
    if (startAt > 0) this.log(`  resuming ${rev.id} at operation ${startAt + 1} of ${ops.length}`);
    let count = 0;
    for (let i = startAt; i < ops.length; i++) {
      for (const s of await this.statementsOf(conn, compiler, ops[i]!)) {
        await this.exec(conn, s.sql);
        count++;
      }
      await conn.transaction(async () => {
        for (const sql of versions.progressWriteSql(rev.id, direction, i)) await this.exec(conn, sql, false);
      });
    }
    await conn.transaction(async () => {
      for (const sql of versions.writeSql(after)) await this.exec(conn, sql);
      for (const sql of versions.progressClearSql(rev.id)) await this.exec(conn, sql, false);
    });
    return count;
  }

  /** An operation's statements; a batch learns its table's current shape from the database first. */
  private async statementsOf(
    conn: Connection,
    compiler: MigrationCompilerOf,
    op: MigrationOperation,
  ): Promise<readonly MigrationStatement[]> {
    if (op.kind !== 'batch' || op.existing !== undefined) return compiler.compile(op);
    return compiler.compile(await this.reflectBatch(conn, op));
  }

  private async reflectBatch(conn: Connection, op: BatchOp): Promise<BatchOp> {
    const inspector = dialectDefinition(conn.dialect.name).inspector;
    if (inspector === undefined)
      throw new MigrationError(
        `batch on '${op.table}': the ${conn.dialect.name} dialect cannot reflect the table`,
      );
    const schema = await inspector.reflect(connectionQueries(conn), {
      ...(op.schema === undefined ? {} : { schema: op.schema }),
      tables: [op.table],
    });
    const reflected = schema.tables.find((t) => t.name === op.table);
    if (reflected === undefined) throw new MigrationError(`batch on '${op.table}': no such table`);
    const mentions = (sql: string) => new RegExp(`\\b${op.table.replace(/\W/g, '\\$&')}\\b`, 'i').test(sql);
    return {
      ...op,
      existing: tableSpecOfReflected(reflected),
      dependents: {
        triggers: schema.triggers.filter((t) => t.table === op.table).map((t) => t.sql),
        views: schema.views
          .filter((v) => mentions(v.definition))
          .map((v) => ({ name: v.name, sql: v.definition })),
      },
    };
  }

  /**
   * The SQL of an upgrade or downgrade as a script, without a database: what `--sql` prints.
   * `from` is where the database is (default: base for an upgrade).
   */
  async script(
    direction: Direction,
    target: string,
    from: readonly string[],
    dialect: Dialect,
  ): Promise<string> {
    const versions = new VersionTable(dialect, this.options.versionTable);
    const compiler = migrationCompiler(dialect);
    const transactional = dialect.capabilities.transactionalDdl;
    const plan = direction === 'upgrade' ? this.planUpgrade(target, from) : this.planDowngrade(target, from);
    const applied = this.applied(from);
    const lines: string[] = [];
    const emit = (sql: string) => lines.push(`${sql};`);
    for (const sql of versions.createSql(!transactional)) emit(sql);
    for (const rev of plan) {
      const ops = await this.operationsOf(rev, direction);
      if (direction === 'upgrade') applied.add(rev.id);
      else applied.delete(rev.id);
      lines.push('', `-- ${direction} ${rev.id}${rev.message ? `: ${rev.message}` : ''}`);
      for (const sql of compiler.beforeTransaction(ops)) emit(sql);
      const hoisted = transactional ? this.hoisted(ops) : new Set<MigrationOperation>();
      for (const op of hoisted) for (const s of compiler.compile(op)) emit(s.sql);
      if (transactional) emit('BEGIN');
      for (const op of ops) {
        if (hoisted.has(op)) continue;
        for (const s of compiler.compile(op)) {
          if (transactional && s.outsideTransaction) {
            emit('COMMIT');
            emit(s.sql);
            emit('BEGIN');
          } else emit(s.sql);
        }
      }
      for (const sql of versions.writeSql(this.history.headsOf(applied))) emit(sql);
      if (transactional) emit('COMMIT');
      for (const sql of compiler.afterTransaction(ops)) emit(sql);
    }
    return `${lines.join('\n')}\n`;
  }
}
