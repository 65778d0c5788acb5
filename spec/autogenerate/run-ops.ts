import type { Engine } from '../../lib/drivers';
import { MigrationOps } from '../../lib/migrations/op';
import { getDialect, text } from '../../lib/sql';
import { migrationCompiler, type MigrationOperation } from '../../lib/sql/migration';

/**
 * Runs operations on one connection, statement by statement (each autocommitted), with the
 * dialect's before/after statements and integrity checks: a minimal stand-in for the runner, so
 * this suite depends only on the operation model.
 */
export async function runOperations(engine: Engine, ops: readonly MigrationOperation[]): Promise<void> {
  const compiler = migrationCompiler(getDialect(engine.dialect.name));
  const conn = await engine.connect();
  try {
    for (const sql of compiler.beforeTransaction(ops)) await conn.execute(text(sql));
    for (const op of ops) {
      for (const statement of compiler.compile(op)) await conn.execute(text(statement.sql));
    }
    for (const sql of compiler.integrityChecks(ops)) {
      const rows = (await conn.execute(text(sql))).all();
      if (rows.length) throw new Error(`integrity check failed: ${sql}: ${JSON.stringify(rows)}`);
    }
    for (const sql of compiler.afterTransaction(ops)) await conn.execute(text(sql));
  } finally {
    await conn.close();
  }
}

/** Runs rendered `upgrade` / `downgrade` statements with the migration files' `op`, giving back its operations. */
export function evaluateBody(body: string): MigrationOperation[] {
  const op = new MigrationOps();
  new Function('op', body)(op);
  return [...op.operations];
}
