import type { DialectCapabilities } from './compiler/capabilities';
import type { IdentifierPreparer } from './compiler/identifier-preparer';
import type { CompileOptions } from './compiler/schema-translate';
import type { DdlStatementNode } from './compiler/statement-kind';
import type { CompiledQuery } from './compiled-query';
import type { DialectName } from './dialect-name';
import { ArgumentError } from '../errors';
import type { StatementNode } from './nodes';
import type { TypeRenderer } from './types/type-renderer';
import type { Executable } from './selectable';
import type { AlterColumnOp, MigrationOperation, MigrationStatement } from './migration/operations';
import type { LintRule } from './migration/lint';

/** A migration DDL compiler as the runner uses it (`MigrationDdlCompiler` in lib/sql/migration). */
export interface MigrationCompilerOf {
  /** The statements of one operation, in order. */
  compile(op: MigrationOperation): readonly MigrationStatement[];
  /** Statements run before the migration's transaction begins. */
  beforeTransaction(ops: readonly MigrationOperation[]): string[];
  /** Statements run after it ends. */
  afterTransaction(ops: readonly MigrationOperation[]): string[];
  /** Queries run before COMMIT that must return no rows. */
  integrityChecks(ops: readonly MigrationOperation[]): string[];
  /**
   * Whether this alterColumn drops the column and adds it again (a generated column's new
   * expression, where the database cannot change it in place): the indexes and constraints on
   * the column go with it, and autogenerate makes them again. Absent: never.
   */
  regeneratesColumn?(op: AlterColumnOp): boolean;
  /**
   * Whether the foreign keys that name this alterColumn's column, on either side, must be dropped
   * before it and made again after (MySQL and MariaDB refuse a new type under a key, and do not
   * check a generated column's new values against its keys; adding a key checks every row).
   * Absent: never.
   */
  foreignKeysGoAround?(op: AlterColumnOp): boolean;
}

/** A compiler as `compile` uses it: one statement in, one compiled query out. */
export interface CompilerOf<Node> {
  /** Compiles one statement to SQL and parameters. */
  compile(node: Node): CompiledQuery;
}

/**
 * A SQL dialect as the compiler sees it, in SQLAlchemy's named collaborators: a capability table,
 * an identifier preparer (quoting), a type renderer (the type compiler), and the classes of its
 * statement and DDL compilers, each made for one statement. The dialects themselves live in
 * lib/dialects; `registerDialect` (lib/drivers) adds them here.
 */
export interface Dialect<N extends DialectName = DialectName> {
  /** The dialect's name, e.g. `postgresql`. */
  readonly name: N;
  /** What the database can do; the compiler and the unit of work read it. */
  readonly capabilities: DialectCapabilities;
  /** How the dialect quotes identifiers and string literals. */
  readonly preparer: IdentifierPreparer;
  /** How the dialect writes and converts each kind of type (its type compiler). */
  readonly types: TypeRenderer;
  /** The statement compiler: a `SqlCompiler` subclass overriding `StatementCompilerHooks` only. */
  readonly statementCompiler: new (
    dialect: Dialect,
    options?: CompileOptions,
  ) => CompilerOf<StatementNode | DdlStatementNode>;
  /** The DDL compiler: a `DdlCompiler` subclass overriding `DdlCompilerHooks` only. */
  readonly ddlCompiler: new (dialect: Dialect, options?: CompileOptions) => CompilerOf<DdlStatementNode>;
  /**
   * The migration DDL compiler: a `MigrationDdlCompiler` subclass writing migration operations in
   * the dialect's ALTER forms. Absent: the base class (the SQL standard's forms).
   */
  readonly migrationDdlCompiler?: new (dialect: Dialect) => MigrationCompilerOf;
  /** The lock-aware lint rules of migrations on this database (`athanor lint`). Absent: none. */
  readonly migrationLintRules?: readonly LintRule[];
}

const dialects = new Map<string, Dialect>();

/**
 * Makes a dialect known to `getDialect` and `compile`. Registering the same object twice is a
 * no-op; another dialect under a taken name is an error.
 * @internal Use `registerDialect`, which also maps the dialect's URL schemes.
 */
export function addDialect(dialect: Dialect): void {
  const known = dialects.get(dialect.name);
  if (known === dialect) return;
  if (known !== undefined) throw new ArgumentError(`a dialect named '${dialect.name}' is already registered`);
  dialects.set(dialect.name, dialect);
}

/** The dialect called `name`. @example getDialect('postgresql').capabilities.fullJoin // true */
export function getDialect(name: DialectName): Dialect {
  const dialect = dialects.get(name);
  if (dialect === undefined) {
    throw new ArgumentError(
      `unknown dialect '${String(name)}'; expected one of ${[...dialects.keys()].join(', ')}`,
    );
  }
  return dialect;
}

/**
 * Compiles a statement for a dialect: SQL with the dialect's placeholders, and the parameters.
 * `options.schemaTranslateMap` renames schemas in the SQL (see `SchemaTranslateMap`).
 *
 * @example
 * compile(select(users.c.id).where(users.c.name.eq('sandy')), 'postgresql')
 * // { sql: 'SELECT "users"."id" FROM "users" WHERE "users"."name" = $1', params: ['sandy'], … }
 */
export function compile(
  statement: Executable | StatementNode | DdlStatementNode,
  dialect: DialectName | Dialect,
  options?: CompileOptions,
): CompiledQuery {
  const d = typeof dialect === 'string' ? getDialect(dialect) : dialect;
  if (typeof statement !== 'object' || statement === null) {
    // A plain string is refused rather than run: textual SQL is declared with text().
    throw new ArgumentError(
      `expected a statement to execute, got ${typeof statement === 'string' ? `the string '${String(statement).slice(0, 40)}'; declare textual SQL with text()` : String(statement)}`,
    );
  }
  const node = 'kind' in statement ? statement : statement.toStatementNode();
  return new d.statementCompiler(d, options).compile(node);
}
