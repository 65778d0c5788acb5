import type { QuerySummary } from './compiler/query-summary';
import type { SqlType } from './types/sql-type';

/** A column of a statement's result: the label the driver returns it under, and its type. */
export interface ResultColumn {
  /** The column's name in the result. */
  readonly name: string;
  /** Its SQL type, which converts the values read, when known. */
  readonly type: SqlType<unknown> | undefined;
}

/**
 * What the compiler hands to a driver: SQL text with dialect placeholders and the bound values,
 * already converted for the dialect by each parameter's type.
 */
export interface CompiledQuery {
  /** The SQL text, with the dialect's placeholders. */
  readonly sql: string;
  /** The bound values, in placeholder order. */
  readonly params: readonly unknown[];
  /** Result columns in select order, for converting values on the way out; empty when unknown. */
  readonly columns: readonly ResultColumn[];
  /** The kind of the top statement, so a driver knows whether rows or a row count come back. */
  readonly statementKind: StatementKind;
  /** True when the statement returns rows (SELECT, or DML with RETURNING / OUTPUT). */
  readonly returnsRows: boolean;
  /**
   * Oracle's `RETURNING … INTO :n`: the out-bind placeholders that follow `params`, one per
   * returned column. The driver binds them as outputs and hands them back as rows.
   */
  readonly outBinds?: readonly ResultColumn[];
  /** What the statement does, from its tree (undefined for `text()` and DDL): for telemetry. */
  readonly summary?: QuerySummary | undefined;
}

/** The kind of a compiled statement's top level. */
export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'ddl' | 'text';
