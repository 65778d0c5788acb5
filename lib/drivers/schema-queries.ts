import type { SchemaQueries } from '../sql';
import type { Connection } from './connection';

const NO_COLUMNS = Object.freeze([]);

/** Catalog queries on a connection: SQL in the dialect's placeholder style, rows as they come. */
export function connectionQueries(conn: Connection): SchemaQueries {
  return {
    async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
      const result = await conn.executeCompiled<Record<string, unknown>>({
        sql,
        params,
        columns: NO_COLUMNS,
        statementKind: 'text',
        returnsRows: true,
      });
      return result.all();
    },
  };
}
