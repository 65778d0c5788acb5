import type { CompiledQuery } from '../compiled-query';

/**
 * A compiled statement from a cached template and this execution's parameters. The properties are
 * the same, in the same order, as a fresh compile's, so drivers always see one object shape.
 */
export function compiledFromTemplate(
  t: Omit<CompiledQuery, 'params'>,
  params: readonly unknown[],
): CompiledQuery {
  const compiled: CompiledQuery =
    t.outBinds === undefined
      ? {
          sql: t.sql,
          params: Object.freeze(params),
          columns: t.columns,
          statementKind: t.statementKind,
          returnsRows: t.returnsRows,
          summary: t.summary,
        }
      : {
          sql: t.sql,
          params: Object.freeze(params),
          columns: t.columns,
          statementKind: t.statementKind,
          returnsRows: t.returnsRows,
          summary: t.summary,
          outBinds: t.outBinds,
        };
  return Object.freeze(compiled);
}
