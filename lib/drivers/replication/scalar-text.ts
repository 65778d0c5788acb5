import { text } from '../../sql';
import type { Connection } from '../connection';

/**
 * The first column of the first row of a text query, as a string ('' for NULL or no row): what
 * the dialects' replication position queries return.
 */
export async function scalarText(
  conn: Connection,
  sql: string,
  params: Record<string, unknown> = {},
): Promise<string> {
  const row = (await conn.execute(text(sql, params))).all()[0] as Record<string, unknown> | undefined;
  const value = row === undefined ? undefined : Object.values(row)[0];
  return value === null || value === undefined ? '' : String(value);
}
