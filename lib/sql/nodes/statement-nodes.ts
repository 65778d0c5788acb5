import type { SqlType } from '../types/sql-type';
import type { ColumnNode, CteNode, ExprNode, FromNode, QueryNode, TableAliasNode } from './expression-nodes';
import type { TableNode, TextFragmentNode } from './leaf-nodes';

/** INSERT, UPDATE, DELETE and text statements: they hold expressions, FROM items and queries. */

/** An upsert clause: `ON CONFLICT (target) DO NOTHING` or `DO UPDATE SET …`, or the dialect's form. */
export interface OnConflictNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'OnConflict';
  /** Conflict target: database column names of a unique constraint or primary key. */
  readonly target: readonly string[];
  /** `undefined` for DO NOTHING. */
  readonly set: readonly (readonly [string, ExprNode])[] | undefined;
  /** The condition of `DO UPDATE … WHERE`, if any. */
  readonly where: ExprNode | undefined;
}

/** An INSERT statement: rows of values, or a query. */
export interface InsertNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Insert';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** The target table. */
  readonly table: TableNode;
  /** Database column names, in the order of each row's values. */
  readonly columns: readonly string[];
  /** Rows of values; empty with `select` set for INSERT … SELECT; one empty row for DEFAULT VALUES. */
  readonly rows: readonly (readonly ExprNode[])[];
  /** `INSERT … SELECT`: the query whose rows are inserted. */
  readonly select: QueryNode | undefined;
  /** RETURNING expressions. */
  readonly returning: readonly ExprNode[];
  /** The upsert clause, if any. */
  readonly onConflict: OnConflictNode | undefined;
}

/**
 * A dialect-specific option of an UPDATE or DELETE: `[dialect, option, value]`, such as
 * `['mysql', 'limit', 5]`. Other dialects ignore it.
 */
export type DmlDialectOption = readonly [string, string, string | number | boolean];

/** An UPDATE statement. */
export interface UpdateNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Update';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** The target table. */
  readonly table: TableNode;
  /** The alias the statement names `table` by (`UPDATE documents AS d`); columns refer to it. */
  readonly target: TableAliasNode | undefined;
  /** The SET assignments: column name and value. */
  readonly set: readonly (readonly [string, ExprNode])[];
  /** Columns of other tables set by the same statement (MySQL's multi-table UPDATE). */
  readonly setOther: readonly (readonly [ColumnNode, ExprNode])[];
  /** Further FROM tables (`UPDATE … FROM`). */
  readonly from: readonly FromNode[];
  /** The WHERE condition, if any. */
  readonly where: ExprNode | undefined;
  /** RETURNING expressions. */
  readonly returning: readonly ExprNode[];
  /** Options one dialect understands (others ignore them). */
  readonly dialectOptions: readonly DmlDialectOption[];
}

/** A DELETE statement. */
export interface DeleteNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'Delete';
  /** The WITH clause's common table expressions. */
  readonly ctes: readonly CteNode[];
  /** The target table. */
  readonly table: TableNode;
  /** The alias the statement names `table` by (`DELETE FROM documents AS d`); columns refer to it. */
  readonly target: TableAliasNode | undefined;
  /** Other tables the WHERE clause reads (DELETE … USING), besides those it names itself. */
  readonly using: readonly FromNode[];
  /** The WHERE condition, if any. */
  readonly where: ExprNode | undefined;
  /** RETURNING expressions. */
  readonly returning: readonly ExprNode[];
  /** Options one dialect understands (others ignore them). */
  readonly dialectOptions: readonly DmlDialectOption[];
}

/** A statement written as SQL text with named parameters; `columns` types its result when given. */
export interface TextStatementNode {
  /** The node's tag, which the compiler switches on. */
  readonly kind: 'TextStatement';
  /** The SQL text and its parameters. */
  readonly text: TextFragmentNode;
  /** The declared result columns and their types, for converting values. */
  readonly columns: readonly (readonly [string, SqlType<unknown>])[];
}
