/**
 * Foreign keys checked at COMMIT instead of per statement, for scenarios where the ORM itself
 * moves a natural key and the rows that refer to it (relationships with `passiveUpdates: false`
 * over keys without ON UPDATE CASCADE): SQLite defers every key for the transaction, PostgreSQL
 * defers keys made DEFERRABLE by `makeKeysDeferrable`, and MariaDB, which has no deferred keys,
 * stops checking them for the session's connection until `restoreForeignKeys`.
 */
import type { Session } from '../../lib/session';
import { text } from '../../lib/sql';
import type { ConformanceContext } from './support';

/** After the tables exist: makes the foreign keys of `tables` (unquoted names) DEFERRABLE on PostgreSQL. */
export async function makeKeysDeferrable(c: ConformanceContext, tables: readonly string[]): Promise<void> {
  if (c.dialect !== 'postgresql') return;
  for (const table of tables) {
    const rows = (
      await c.engine.execute(
        text(`SELECT conname FROM pg_constraint WHERE conrelid = '"${table}"'::regclass AND contype = 'f'`),
      )
    ).all() as { conname: string }[];
    for (const { conname } of rows)
      await c.engine.execute(
        text(`ALTER TABLE "${table}" ALTER CONSTRAINT "${conname}" DEFERRABLE INITIALLY IMMEDIATE`),
      );
  }
}

/** In `session`'s transaction: foreign keys are checked at COMMIT (see the module comment). */
export async function deferForeignKeys(c: ConformanceContext, session: Session): Promise<void> {
  if (c.dialect === 'sqlite') await session.execute(text('PRAGMA defer_foreign_keys = ON'));
  else if (c.dialect === 'postgresql') await session.execute(text('SET CONSTRAINTS ALL DEFERRED'));
  else await session.execute(text('SET FOREIGN_KEY_CHECKS = 0'));
}

/** MariaDB: checks foreign keys again on the session's connection (no-op elsewhere). */
export async function restoreForeignKeys(c: ConformanceContext, session: Session): Promise<void> {
  if (c.dialect === 'mariadb' || c.dialect === 'mysql')
    await session.execute(text('SET FOREIGN_KEY_CHECKS = 1'));
}
