import type { ResultColumn } from '../compiled-query';
import type { Dialect } from '../dialect';
import type * as n from '../nodes';
import type { ExprNode, FromNode, QueryNode } from '../nodes';
import type { SqlType } from '../types/sql-type';
import type { DialectCapabilities } from './capabilities';
import type { StatementCompilerHooks } from './hooks';
import type { ParamSource } from './statement-cache';

/**
 * The statement compiler as the per-construct compile functions (compile-expression.ts,
 * compile-select.ts, compile-from.ts, compile-dml.ts) see it: the dialect's hooks, the output,
 * and the walk they recurse through. `SqlCompiler` implements it; a function reaches a hook
 * through it, so a dialect's override is the one that runs.
 */
export interface CompileContext extends StatementCompilerHooks {
  readonly dialect: Dialect;
  readonly capabilities: DialectCapabilities;

  // ---- output ----

  /** Appends SQL text. */
  write(text: string): void;
  /** Binds a value (converted by its type for the dialect) and writes its placeholder. */
  bind(value: unknown, type: SqlType<unknown> | undefined, source?: ParamSource): void;
  /** Visits each item, writing `sep` between them. */
  list<T>(items: readonly T[], visit: (item: T, index: number) => void, sep?: string): void;
  /** Visits with `column` as the column of the values bound meanwhile (for InvalidValueError). */
  forColumn(column: string | undefined, visit: () => void): void;
  quoteIdentifier(name: string): string;
  quoteLiteral(value: string): string;
  /** A table's name as written in SQL: quoted, schema-qualified when it has a schema. */
  tableName(node: n.TableNode): string;
  /** The schema written for a table or sequence declared in `declared` (after `schemaTranslateMap`). */
  schemaName(declared: string | undefined): string | undefined;
  /** Throws the CompileError for a construct the dialect lacks. */
  unsupported(construct: string): never;
  /** Sets the statement's result columns (the top-level select list, RETURNING, text() columns). */
  setResultColumns(columns: ResultColumn[]): void;

  // ---- scopes ----

  /** The FROM items of a SELECT, leaving out those of enclosing statements (correlation). */
  fromsOf(node: n.SelectNode): FromNode[];
  /** Runs `visit` with `froms` as an enclosing scope, so subqueries inside correlate to them. */
  withScope(froms: readonly FromNode[], visit: () => void): void;
  /** Runs `visit` with the columns of `table` written as `prefix` + name (RETURNING, OUTPUT). */
  withColumnPrefix(table: n.TableNode | n.TableAliasNode, prefix: string, visit: () => void): void;
  /** The prefix the columns of `table` are written with now, if any (see `withColumnPrefix`). */
  columnPrefixFor(table: FromNode): string | undefined;

  // ---- the walk ----

  visitExpr(node: ExprNode): void;
  /** An operand: compound expressions in parentheses (none directly inside AND / OR). */
  visitOperand(node: ExprNode, insideLogical?: boolean): void;
  /** An expression in a condition position (WHERE, ON, HAVING, CASE WHEN). */
  visitCondition(node: ExprNode, insideLogical?: boolean): void;
  /** An expression in a value position (select list, SET, VALUES, THEN / ELSE, RETURNING). */
  visitValue(node: ExprNode): void;
  /** A nested query (subquery, CTE body, set-operation member). */
  visitQuery(node: QueryNode, top: boolean): void;
  /** `WITH … ` before a statement, when it has CTEs. */
  visitCtes(ctes: readonly n.CteNode[]): void;
  /** A FROM item. */
  visitFrom(node: FromNode): void;
  /** ` WHERE condition`, when there is one. */
  visitWhere(where: ExprNode | undefined): void;
  /** `col = value, …` of UPDATE and of an upsert. */
  visitSetClause(set: readonly (readonly [string, ExprNode])[], table?: n.TableNode): void;
  /** Returned expressions, target-table columns with `prefix`; records them as the result columns. */
  writeReturningList(
    table: n.TableNode,
    returning: readonly ExprNode[],
    prefix: string,
    aliases?: boolean,
  ): void;
}
