/**
 * Small helpers shared by the unit-of-work, cycles and bulk conformance suites.
 */
import { text } from '../../lib/sql';
import type { ConformanceContext } from './support';

/** `new cls()` with values assigned: SQLAlchemy's `User(name='u1')`. */
export const make = <T extends object>(cls: new () => T, values: Partial<T> = {}): T =>
  Object.assign(new cls(), values);

/** A column or table name quoted for the suite's database (for raw read-back SQL). */
export function ident(c: ConformanceContext, name: string): string {
  return c.dialect === 'mysql' || c.dialect === 'mariadb' ? `\`${name}\`` : `"${name}"`;
}

/** Runs raw SQL on the suite's engine (outside any session). */
export async function exec(c: ConformanceContext, sql: string): Promise<void> {
  await c.engine.execute(text(sql));
}

/**
 * Empties tables whose rows may refer to each other: clears `columns` (the foreign keys) first,
 * then deletes every row.
 */
export async function clearLinked(
  c: ConformanceContext,
  cls: abstract new (...args: never[]) => object,
  columns: readonly string[],
): Promise<void> {
  const set = columns.map((col) => `${ident(c, col)} = NULL`).join(', ');
  await exec(c, `UPDATE ${c.tableOf(cls)} SET ${set}`);
  await c.clear(cls);
}
