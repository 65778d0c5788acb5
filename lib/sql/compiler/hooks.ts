import type * as n from '../nodes';
import type { SqlDefault } from '../schema/schema-options';
import type { Column, Table } from '../schema/table';
import type { SqlType, TypeOfKind } from '../types/sql-type';
import type * as ddl from '../schema/ddl-nodes';

/**
 * Everything a dialect may change in how statements compile: the methods a dialect's statement
 * compiler (a subclass of `SqlCompiler`) may override. Nothing else of the compiler is overridden
 * — the rest is the walk, which a hook may call (`this.visitExpr`, `this.write`, `this.bind`, …).
 * The defaults are standard SQL as PostgreSQL and SQLite read it.
 *
 * Most hooks are small (a keyword, a placeholder); the `visit…` ones replace a whole construct and
 * are for syntax that really differs (SQL Server's OUTPUT and MERGE, Oracle's RETURNING INTO).
 *
 * @example
 * // lib/dialects/postgresql/compiler.ts
 * class PostgresCompiler extends SqlCompiler {
 *   override placeholder(index: number): string { return `$${index}`; }
 * }
 */
export interface StatementCompilerHooks {
  // ---- tokens ----

  /** The placeholder of the `index`-th (1-based) parameter: `?` by default, `$1`, `@p1`, `:1`. */
  placeholder(index: number): string;
  /** The keyword between a FROM item and its alias: ` AS ` by default; Oracle takes none for tables. */
  tableAliasKeyword(): string;
  /** The keyword between a select-list expression and its alias: ` AS `. */
  columnAliasKeyword(): string;
  /** TRUE / FALSE as a condition: `TRUE` by default, `1 = 1` where booleans are not expressions. */
  booleanConstant(value: boolean): string;
  /** A function's name as written (`CURRENT_TIMESTAMP` without parentheses; SQL Server's LEN). */
  functionName(name: string): string;
  /** The type name in CAST(… AS type): the dialect's type renderer by default. */
  castType(type: SqlType<unknown>): string;
  /**
   * A sequence's next value, given its quoted (schema-qualified) name: `NEXT VALUE FOR s` by
   * default, `nextval('s')` (PostgreSQL, MariaDB's `nextval(s)`), `s.NEXTVAL` (Oracle).
   */
  sequenceNextValue(qualifiedName: string): string;
  /** `WITH RECURSIVE ` by default; `WITH ` where recursion needs no keyword (SQL Server, Oracle). */
  recursiveWithKeyword(): string;
  /** `LATERAL ` before a lateral subquery in FROM. */
  lateralKeyword(): string;
  /** What a SELECT without FROM needs: nothing by default, ` FROM DUAL` on Oracle. */
  emptyFrom(): string;

  // ---- booleans ----

  /**
   * Whether a boolean-valued column or function can stand as a condition and a comparison as a
   * value. Without them (SQL Server, Oracle) a boolean column in a condition is compared with 1
   * and a comparison in a value position becomes `writeBooleanValue`'s CASE.
   */
  booleanExpressions(): boolean;
  /** A condition in a value position on dialects without boolean expressions: `CASE WHEN … THEN 1 ELSE 0 END`. */
  writeBooleanValue(node: n.ExprNode): void;

  // ---- operators ----

  /** String concatenation: `a || b` by default, `a + b` (SQL Server), `CONCAT(a, b)` (MySQL). */
  visitConcat(left: n.ExprNode, right: n.ExprNode): void;
  /** `a % b` by default, `MOD(a, b)` on Oracle. */
  visitModulo(left: n.ExprNode, right: n.ExprNode): void;
  /** Case-insensitive LIKE: ILIKE where `capabilities.nativeIlike`, else `LOWER(a) LIKE LOWER(b)`. */
  visitIlike(node: n.BinaryNode): void;
  /** `a [NOT] IN (…)`: a dialect may refuse forms its server rejects (MySQL's LIMIT in a subquery). */
  visitIn(node: n.InNode): void;
  /** An upsert's reference to the proposed row: `EXCLUDED.col`, `VALUES(col)`, `src.col`. */
  visitExcluded(node: n.ExcludedNode): void;

  // ---- SELECT ----

  /** A whole SELECT; override to check or wrap it (Oracle refuses FOR UPDATE with paging). */
  visitSelect(node: n.SelectNode, top: boolean): void;
  /** Text right after SELECT [DISTINCT] (SQL Server's TOP (n)). */
  selectPrefix(node: n.SelectNode): void;
  /**
   * LIMIT / OFFSET, or the dialect's form of them, after ORDER BY. `compound` is true for the LIMIT
   * of a UNION / INTERSECT / EXCEPT as a whole.
   */
  visitLimitOffset(
    limit: n.ExprNode | undefined,
    offset: n.ExprNode | undefined,
    hasOrderBy: boolean,
    compound: boolean,
  ): void;
  /** FOR UPDATE / FOR SHARE with OF, NOWAIT and SKIP LOCKED; nothing where there is no row locking. */
  visitForUpdate(node: n.ForUpdateNode): void;
  /** Text after a table in FROM (SQL Server's locking hints). */
  afterFromTable(node: n.TableNode | n.TableAliasNode): void;
  /** Whether the dialect has a set operation (INTERSECT ALL, EXCEPT ALL are not everywhere). */
  supportsSetOp(op: n.SetOp): boolean;
  /** The keyword of a set operation (Oracle's MINUS for EXCEPT). */
  setOpKeyword(op: n.SetOp): string;
  /** A member of a set operation; parenthesized by default when it has its own ORDER BY / LIMIT. */
  visitSetMember(query: n.QueryNode, top: boolean): void;
  /** A VALUES list in FROM: `(VALUES (…)) AS alias (columns)` by default. */
  visitValues(node: n.ValuesNode): void;
  /** One value of a VALUES row in FROM (PostgreSQL casts the first row so the columns get types). */
  visitValuesCell(value: n.ExprNode, type: SqlType<unknown> | undefined, row: number): void;

  // ---- INSERT / UPDATE / DELETE ----

  /** A whole INSERT (SQL Server and Oracle turn an upsert into MERGE). */
  visitInsert(node: n.InsertNode): void;
  /** `(cols) VALUES (…), (…)`, `(cols) SELECT …`, or the default-values form. */
  visitInsertBody(node: n.InsertNode): void;
  /** An INSERT of default values only: ` DEFAULT VALUES` by default. */
  defaultValuesClause(node: n.InsertNode): string;
  /** Text between the column list and VALUES (SQL Server's OUTPUT INSERTED). */
  beforeValues(node: n.InsertNode): void;
  /** The upsert clause: `ON CONFLICT … DO UPDATE SET …` by default, MySQL's ON DUPLICATE KEY UPDATE. */
  visitOnConflict(node: n.InsertNode, onConflict: n.OnConflictNode): void;
  /** RETURNING, and the result columns it gives; nothing where the dialect returns rows otherwise. */
  visitReturning(
    table: n.TableNode | n.TableAliasNode,
    returning: readonly n.ExprNode[],
    side: 'INSERTED' | 'DELETED',
  ): void;
  /** A whole UPDATE (MySQL's multi-table UPDATE). */
  visitUpdate(node: n.UpdateNode): void;
  /** Text after UPDATE's SET list (SQL Server's OUTPUT). */
  afterUpdateSet(node: n.UpdateNode): void;
  /** A whole DELETE. */
  visitDelete(node: n.DeleteNode): void;
  /** Text after `DELETE FROM table` (SQL Server's OUTPUT DELETED). */
  afterDeleteTable(node: n.DeleteNode): void;
}

/** The name of every statement-compiler hook, for the check that dialects override nothing else. */
export const STATEMENT_COMPILER_HOOKS = Object.freeze([
  'placeholder',
  'tableAliasKeyword',
  'columnAliasKeyword',
  'booleanConstant',
  'functionName',
  'castType',
  'sequenceNextValue',
  'recursiveWithKeyword',
  'lateralKeyword',
  'emptyFrom',
  'booleanExpressions',
  'writeBooleanValue',
  'visitConcat',
  'visitModulo',
  'visitIlike',
  'visitIn',
  'visitExcluded',
  'visitSelect',
  'selectPrefix',
  'visitLimitOffset',
  'visitForUpdate',
  'afterFromTable',
  'supportsSetOp',
  'setOpKeyword',
  'visitSetMember',
  'visitValues',
  'visitValuesCell',
  'visitInsert',
  'visitInsertBody',
  'defaultValuesClause',
  'beforeValues',
  'visitOnConflict',
  'visitReturning',
  'visitUpdate',
  'afterUpdateSet',
  'visitDelete',
  'afterDeleteTable',
] as const satisfies readonly (keyof StatementCompilerHooks)[]);

/**
 * Everything a dialect may change in how DDL compiles: the methods a dialect's DDL compiler (a
 * subclass of `DdlCompiler`) may override. The defaults are standard SQL.
 */
export interface DdlCompilerHooks {
  // ---- tables ----

  /** A whole CREATE TABLE. */
  visitCreateTable(node: ddl.CreateTableNode): void;
  /** CREATE TABLE IF NOT EXISTS, or its emulation (SQL Server's OBJECT_ID test, Oracle's PL/SQL block). */
  createTableIfNotExists(table: Table, body: string): string;
  /** Text after the closing parenthesis of CREATE TABLE (MySQL's ENGINE, SQLite's STRICT). */
  tableOptions(table: Table): string;
  /** Index definitions inside CREATE TABLE, where `capabilities.indexesInCreateTable` says so. */
  inlineIndexes(table: Table): string[];
  /** The single primary-key column declared `PRIMARY KEY` inline (SQLite's rowid alias), if any. */
  inlinePrimaryKeyColumn(table: Table): Column<unknown> | undefined;
  /** A whole DROP TABLE (Oracle emulates IF EXISTS). */
  visitDropTable(node: ddl.DropTableNode): void;

  // ---- columns ----

  /** A column as in CREATE TABLE / ADD COLUMN: name, type, collation, generation, default, NOT NULL. */
  columnDefinition(col: Column<unknown>, table: Table): string;
  /** A column's type: the type renderer's DDL by default. */
  columnType(col: Column<unknown>): string;
  /** ` COLLATE name`. */
  collationClause(name: string): string;
  /** A generated column's clause: ` GENERATED ALWAYS AS (sql) STORED|VIRTUAL`. */
  computedClause(sql: string, stored: boolean): string;
  /** ` NOT NULL` for a column that is not nullable (MariaDB leaves it off generated columns). */
  notNullClause(col: Column<unknown>): string;
  /** What makes a column database-generated: an identity column by default, AUTO_INCREMENT, IDENTITY(1,1). */
  identityClause(col: Column<unknown>): string;
  /** A server default as SQL. */
  defaultLiteral(value: string | number | boolean | SqlDefault, col?: Column<unknown>): string;
  /** A sequence's next value as a server default, given its quoted name (as the statement hook). */
  sequenceNextValue(qualifiedName: string): string;
  /** A boolean in DDL: TRUE / FALSE, or 1 / 0. */
  booleanLiteral(value: boolean): string;
  /** Whether an enum column needs a CHECK constraint (no native enum for it). */
  enumNeedsCheck(type: TypeOfKind<'enum'>): boolean;
  /** An ON DELETE / ON UPDATE action, or a CompileError where the database lacks it. */
  referentialAction(action: string, event: 'DELETE' | 'UPDATE'): string;
  /** How ALTER TABLE … DROP names a foreign key: `CONSTRAINT` (MySQL: `FOREIGN KEY`). */
  dropForeignKeyKeyword(): string;

  // ---- indexes and types ----

  /** A whole CREATE INDEX (IF NOT EXISTS emulated where the database lacks it). */
  visitCreateIndex(node: ddl.CreateIndexNode): void;
  /** A whole DROP INDEX (MySQL and SQL Server name the table). */
  visitDropIndex(node: ddl.DropIndexNode): void;
  /** An index's name, schema-qualified where the database keeps indexes in the table's schema. */
  indexName(index: ddl.CreateIndexNode['index']): string;
  /** `table [USING m] (elements)` after ON. */
  indexTarget(index: ddl.CreateIndexNode['index']): string;
  /** An expression element of an index: `(sql)` by default. */
  indexExpression(sql: string): string;
  /** The index method clause (PostgreSQL's USING), or nothing. */
  indexUsing(index: ddl.CreateIndexNode['index']): string;
  /** A partial index's WHERE clause, or a CompileError where the database has none. */
  indexWhere(index: ddl.CreateIndexNode['index']): string;
  /** CREATE TYPE … AS ENUM, where the dialect has named enum types. */
  visitCreateEnumType(node: ddl.CreateEnumTypeNode): void;
  /** DROP TYPE, where the dialect has named enum types. */
  visitDropEnumType(node: ddl.DropEnumTypeNode): void;
  /** CREATE SEQUENCE with its options (IF NOT EXISTS emulated where the database lacks it). */
  visitCreateSequence(node: ddl.CreateSequenceNode): void;
  /** DROP SEQUENCE (IF EXISTS emulated where the database lacks it). */
  visitDropSequence(node: ddl.DropSequenceNode): void;
}

/** The name of every DDL-compiler hook, for the check that dialects override nothing else. */
export const DDL_COMPILER_HOOKS = Object.freeze([
  'visitCreateTable',
  'createTableIfNotExists',
  'tableOptions',
  'inlineIndexes',
  'inlinePrimaryKeyColumn',
  'visitDropTable',
  'columnDefinition',
  'columnType',
  'collationClause',
  'computedClause',
  'notNullClause',
  'identityClause',
  'defaultLiteral',
  'booleanLiteral',
  'sequenceNextValue',
  'enumNeedsCheck',
  'referentialAction',
  'dropForeignKeyKeyword',
  'visitCreateIndex',
  'visitDropIndex',
  'indexName',
  'indexTarget',
  'indexExpression',
  'indexUsing',
  'indexWhere',
  'visitCreateEnumType',
  'visitDropEnumType',
  'visitCreateSequence',
  'visitDropSequence',
] as const satisfies readonly (keyof DdlCompilerHooks)[]);

/** The hook names are complete: every hook of the interfaces is listed. */
type Missing<I, L extends readonly PropertyKey[]> = Exclude<keyof I, L[number]>;
const completeStatementHooks: Missing<StatementCompilerHooks, typeof STATEMENT_COMPILER_HOOKS> extends never
  ? true
  : never = true;
const completeDdlHooks: Missing<DdlCompilerHooks, typeof DDL_COMPILER_HOOKS> extends never ? true : never =
  true;
void completeStatementHooks;
void completeDdlHooks;
