import { CompileError, SequencesNotSupportedError } from '../../errors';
import { assertNever } from '../../util/assert-never';
import type { CompiledQuery } from '../compiled-query';
import type { Dialect } from '../dialect';
import type * as n from '../nodes';
import type { SqlDefault } from '../schema/schema-options';
import type { Sequence } from '../schema/sequence';
import type { Column, ForeignKey, Table } from '../schema/table';
import { isKind, type TypeOfKind } from '../types/sql-type';
import { renderTypeDdl, type TypeRenderer } from '../types/type-renderer';
import type { DialectCapabilities } from './capabilities';
import type { DdlCompilerHooks } from './hooks';
import type { IdentifierPreparer } from './identifier-preparer';
import { schemaTranslation, type CompileOptions, type SchemaTranslation } from './schema-translate';
import type { DdlStatementNode } from './statement-kind';
import type * as ddl from '../schema/ddl-nodes';

/**
 * The DDL compiler: CREATE / DROP for tables, indexes and enum types, and the column, default and
 * foreign-key clauses migrations reuse. A dialect subclasses it once and overrides the methods of
 * `DdlCompilerHooks` (hooks.ts): identity columns, IF [NOT] EXISTS (emulated where the database
 * lacks it), default literals, index forms. DDL has no parameters and is never cached.
 *
 * @example new DdlCompiler(getDialect('sqlite')).compile(createTable(users).toStatementNode()).sql
 */
export class DdlCompiler implements DdlCompilerHooks {
  /** What the dialect can do. */
  readonly capabilities: DialectCapabilities;
  /** How the dialect writes and converts each kind of type. */
  readonly types: TypeRenderer;
  /** The dialect's identifier quoting. */
  protected readonly preparer: IdentifierPreparer;
  private sql = '';
  /** The `schemaTranslateMap` in effect, checked; undefined when schemas are written as declared. */
  private readonly translation: SchemaTranslation | undefined;

  /**
   * A compiler for one DDL statement.
   *
   * @param dialect - The dialect whose hooks, capabilities and types the compiler uses.
   * @param options - `schemaTranslateMap`: schema names to write instead of the declared ones.
   */
  constructor(
    readonly dialect: Dialect,
    options?: CompileOptions,
  ) {
    this.capabilities = dialect.capabilities;
    this.types = dialect.types;
    this.preparer = dialect.preparer;
    this.translation = schemaTranslation(options?.schemaTranslateMap);
  }

  /** The schema written for a table, index or sequence declared in `declared` (after `schemaTranslateMap`). */
  protected schemaName(declared: string | undefined): string | undefined {
    return this.translation === undefined ? declared : this.translation.translate(declared);
  }

  /** Compiles one DDL statement. A compiler instance compiles one statement. */
  compile(node: DdlStatementNode): CompiledQuery {
    this.visitStatement(node);
    return Object.freeze({
      sql: this.sql,
      params: Object.freeze([]),
      columns: Object.freeze([]),
      statementKind: 'ddl',
      returnsRows: false,
    });
  }

  /** Writes one DDL statement, dispatching on its kind. */
  protected visitStatement(node: DdlStatementNode): void {
    switch (node.kind) {
      case 'CreateTable':
        return this.visitCreateTable(node);
      case 'DropTable':
        return this.visitDropTable(node);
      case 'CreateIndex':
        return this.visitCreateIndex(node);
      case 'DropIndex':
        return this.visitDropIndex(node);
      case 'CreateEnumType':
        return this.visitCreateEnumType(node);
      case 'DropEnumType':
        return this.visitDropEnumType(node);
      case 'AddForeignKey':
        return this.write(
          `ALTER TABLE ${this.tableName(node.foreignKey.table.node)} ADD ${this.foreignKeyClause(node.foreignKey, node.name)}`,
        );
      case 'DropForeignKey':
        return this.write(
          `ALTER TABLE ${this.tableName(node.foreignKey.table.node)} DROP ${this.dropForeignKeyKeyword()} ${this.quoteIdentifier(node.name)}`,
        );
      case 'CommentOn': {
        const table = this.tableName(node.table.node);
        const target =
          node.column === undefined
            ? `TABLE ${table}`
            : `COLUMN ${table}.${this.quoteIdentifier(node.column)}`;
        return this.write(`COMMENT ON ${target} IS ${this.quoteLiteral(node.comment)}`);
      }
      case 'CreateSequence':
        this.requireSequences(node.sequence);
        return this.visitCreateSequence(node);
      case 'DropSequence':
        this.requireSequences(node.sequence);
        return this.visitDropSequence(node);
      default:
        return assertNever(node, 'DDL statement');
    }
  }

  // ---- output and quoting --------------------------------------------------------------------

  /** Appends SQL text to the statement. */
  protected write(text: string): void {
    this.sql += text;
  }

  /** Quotes an identifier with the dialect's identifier preparer. */
  quoteIdentifier(name: string): string {
    return this.preparer.quoteIdentifier(name);
  }

  /** A string literal (DDL defaults, enum CHECKs). */
  quoteLiteral(value: string): string {
    return this.preparer.quoteLiteral(value);
  }

  /** The table's quoted name, schema-qualified when it has a schema. */
  protected tableName(node: n.TableNode): string {
    const name = this.quoteIdentifier(node.name);
    const schema = this.schemaName(node.schemaName);
    return schema === undefined ? name : `${this.quoteIdentifier(schema)}.${name}`;
  }

  /** A sequence's quoted name, schema-qualified when it has a schema. */
  protected sequenceName(sequence: Sequence): string {
    const name = this.quoteIdentifier(sequence.name);
    const schema = this.schemaName(sequence.schema);
    return schema === undefined ? name : `${this.quoteIdentifier(schema)}.${name}`;
  }

  private requireSequences(sequence: Sequence): void {
    if (this.capabilities.sequences !== true)
      throw new SequencesNotSupportedError(sequence.fullName, this.dialect.name);
  }

  /** @throws CompileError naming `construct` and the dialect. */
  protected unsupported(construct: string): never {
    throw new CompileError(`${construct} is not supported by the ${this.dialect.name} dialect`);
  }

  // ---- tables --------------------------------------------------------------------------------

  visitCreateTable(node: ddl.CreateTableNode): void {
    const body = this.createTableBody(node.table, node.omitForeignKeys ?? []);
    this.write(node.ifNotExists ? this.createTableIfNotExists(node.table, body) : `CREATE TABLE ${body}`);
  }

  /** `name (columns, constraints)`. */
  protected createTableBody(table: Table, omitForeignKeys: readonly ForeignKey[] = []): string {
    const parts = table.columns.map((col) => this.columnDefinition(col, table));
    const inlinePk = this.inlinePrimaryKeyColumn(table);
    if (table.primaryKey.length && inlinePk === undefined) {
      parts.push(`PRIMARY KEY (${this.columnList(table.primaryKey)})`);
    }
    for (const u of table.uniques) {
      parts.push(`${this.constraintName(u.name)}UNIQUE (${this.columnList(u.columns)})`);
    }
    for (const fk of table.foreignKeys)
      if (!omitForeignKeys.includes(fk)) parts.push(this.foreignKeyClause(fk));
    for (const col of table.columns) {
      const type = col.sqlType;
      if (isKind(type, 'enum') && this.enumNeedsCheck(type)) {
        const values = type.values.map((v) => this.quoteLiteral(v)).join(', ');
        parts.push(`CHECK (${this.quoteIdentifier(col.name)} IN (${values}))`);
      }
    }
    for (const check of table.checks) parts.push(`${this.constraintName(check.name)}CHECK (${check.sql})`);
    if (this.capabilities.indexesInCreateTable) parts.push(...this.inlineIndexes(table));
    return `${this.tableName(table.node)} (${parts.join(', ')})${this.tableOptions(table)}`;
  }

  /** `CONSTRAINT "name" ` for a named constraint, nothing for an unnamed one. */
  protected constraintName(name: string | undefined): string {
    return name === undefined ? '' : `CONSTRAINT ${this.quoteIdentifier(name)} `;
  }

  /** The columns' quoted names, comma-separated. */
  protected columnList(columns: readonly Column<unknown>[]): string {
    return columns.map((c) => this.quoteIdentifier(c.name)).join(', ');
  }

  /** Whether an enum column needs a CHECK constraint (no native enum for it). */
  enumNeedsCheck(_type: TypeOfKind<'enum'>): boolean {
    return true;
  }

  /** The single autoincrement primary-key column declared `PRIMARY KEY` inline (SQLite's rowid alias). */
  inlinePrimaryKeyColumn(_table: Table): Column<unknown> | undefined {
    return undefined;
  }

  /** Index definitions inside CREATE TABLE, where `capabilities.indexesInCreateTable` says so. */
  inlineIndexes(_table: Table): string[] {
    return [];
  }

  /** Text after the closing parenthesis (MySQL's ENGINE). */
  tableOptions(_table: Table): string {
    return '';
  }

  createTableIfNotExists(_table: Table, body: string): string {
    return `CREATE TABLE IF NOT EXISTS ${body}`;
  }

  columnDefinition(col: Column<unknown>, table: Table): string {
    let sql = `${this.quoteIdentifier(col.name)} ${this.columnType(col)}`;
    if (col.collation !== undefined) sql += this.collationClause(col.collation);
    if (col.computed !== undefined) sql += this.computedClause(col.computed.sql, col.computed.stored ?? true);
    if (col.autoincrement) sql += this.identityClause(col);
    // DEFAULT before NOT NULL: the one order every dialect (Oracle included) accepts.
    if (col.serverDefault !== undefined) sql += ` DEFAULT ${this.defaultLiteral(col.serverDefault, col)}`;
    if (!col.nullable) sql += this.notNullClause(col);
    if (this.inlinePrimaryKeyColumn(table) === col) sql += ' PRIMARY KEY';
    return sql;
  }

  /** ` NOT NULL` for a column that is not nullable. */
  notNullClause(_col: Column<unknown>): string {
    return ' NOT NULL';
  }

  columnType(col: Column<unknown>): string {
    return renderTypeDdl(this.types, col.sqlType);
  }

  /** ` COLLATE name`. */
  collationClause(name: string): string {
    return ` COLLATE ${this.quoteIdentifier(name)}`;
  }

  /** A generated column's clause. */
  computedClause(sql: string, stored: boolean): string {
    return ` GENERATED ALWAYS AS (${sql}) ${stored ? 'STORED' : 'VIRTUAL'}`;
  }

  /** `(START WITH s INCREMENT BY i)` for identity options, or nothing. */
  protected identitySequenceOptions(col: Column<unknown>): string {
    const id = col.identity;
    if (id === undefined || (id.start === undefined && id.increment === undefined)) return '';
    const parts: string[] = [];
    if (id.start !== undefined) parts.push(`START WITH ${Math.trunc(id.start)}`);
    if (id.increment !== undefined) parts.push(`INCREMENT BY ${Math.trunc(id.increment)}`);
    return ` (${parts.join(' ')})`;
  }

  // ---- schema DDL pieces, for migrations ------------------------------------------------------

  /** The definition of a column as in CREATE TABLE / ADD COLUMN: `"name" TYPE … [NOT NULL]`. */
  columnSql(col: Column<unknown>): string {
    return this.columnDefinition(col, col.table);
  }

  /** The column's type as the database is asked for it (table options such as STRICT included). */
  columnTypeSql(col: Column<unknown>): string {
    return this.columnType(col);
  }

  /** A server default as SQL. */
  defaultSql(value: string | number | boolean | SqlDefault, col?: Column<unknown>): string {
    return this.defaultLiteral(value, col);
  }

  /** `[CONSTRAINT name] FOREIGN KEY (…) REFERENCES t (…) [ON DELETE …]`. */
  foreignKeySql(fk: Table['foreignKeys'][number]): string {
    return this.foreignKeyClause(fk);
  }

  /** The elements of an index, without parentheses: `"a", lower("b")`. */
  indexElementsSql(ix: ddl.CreateIndexNode['index']): string {
    return ix.elements
      .map((e) => ('sql' in e ? this.indexExpression(e.sql) : this.quoteIdentifier(e.name)))
      .join(', ');
  }

  /** An expression element of an index. */
  indexExpression(sql: string): string {
    return `(${sql})`;
  }

  /** The index method clause (PostgreSQL's USING), or nothing. */
  indexUsing(_ix: ddl.CreateIndexNode['index']): string {
    return '';
  }

  /** A partial index's WHERE clause, where the database has partial indexes. */
  indexWhere(ix: ddl.CreateIndexNode['index']): string {
    return ix.where === undefined ? '' : ` WHERE ${ix.where}`;
  }

  /** Text making the column database-generated: the SQL standard's identity column by default. */
  identityClause(col: Column<unknown>): string {
    const kind = col.identity?.always ? 'ALWAYS' : 'BY DEFAULT';
    return ` GENERATED ${kind} AS IDENTITY${this.identitySequenceOptions(col)}`;
  }

  defaultLiteral(value: string | number | boolean | SqlDefault, _col?: Column<unknown>): string {
    if (typeof value === 'object') {
      if (value.sequence === undefined) return value.sql;
      this.requireSequences(value.sequence);
      return this.sequenceNextValue(this.sequenceName(value.sequence));
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        throw new CompileError(`a server default must be a finite number, got ${value}`);
      return String(value);
    }
    if (typeof value === 'boolean') return this.booleanLiteral(value);
    return this.quoteLiteral(value);
  }

  sequenceNextValue(qualifiedName: string): string {
    return `NEXT VALUE FOR ${qualifiedName}`;
  }

  /** A boolean value in DDL. */
  booleanLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }

  /** How ALTER TABLE … DROP names a foreign key: `CONSTRAINT` (MySQL: `FOREIGN KEY`). */
  dropForeignKeyKeyword(): string {
    return 'CONSTRAINT';
  }

  /** `FOREIGN KEY (…) REFERENCES …` with its ON DELETE / ON UPDATE actions, under `name` when given. */
  protected foreignKeyClause(fk: Table['foreignKeys'][number], name = fk.name): string {
    const referred = fk.referredColumns;
    let sql =
      `${this.constraintName(name)}FOREIGN KEY (${this.columnList(fk.columns)}) ` +
      `REFERENCES ${this.tableName(fk.referredTable.node)} (${this.columnList(referred)})`;
    if (fk.onDelete) sql += ` ON DELETE ${this.referentialAction(fk.onDelete, 'DELETE')}`;
    if (fk.onUpdate) sql += ` ON UPDATE ${this.referentialAction(fk.onUpdate, 'UPDATE')}`;
    return sql;
  }

  referentialAction(action: string, _event: 'DELETE' | 'UPDATE'): string {
    return action;
  }

  visitDropTable(node: ddl.DropTableNode): void {
    this.write(`DROP TABLE ${node.ifExists ? 'IF EXISTS ' : ''}${this.tableName(node.table)}`);
  }

  indexTarget(index: ddl.CreateIndexNode['index']): string {
    return `${this.tableName(index.table.node)}${this.indexUsing(index)} (${this.indexElementsSql(index)})`;
  }

  visitCreateIndex(node: ddl.CreateIndexNode): void {
    const ix = node.index;
    this.write(
      `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}` +
        `${this.indexName(ix)} ON ${this.indexTarget(ix)}${this.indexWhere(ix)}`,
    );
  }

  visitCreateEnumType(node: ddl.CreateEnumTypeNode): void {
    this.unsupported(`CREATE TYPE ${node.name} AS ENUM (this database has no named enum types)`);
  }

  visitDropEnumType(node: ddl.DropEnumTypeNode): void {
    this.unsupported(`DROP TYPE ${node.name} (this database has no named enum types)`);
  }

  /** The index name, schema-qualified where the database wants it. */
  indexName(ix: ddl.CreateIndexNode['index']): string {
    return this.quoteIdentifier(ix.name);
  }

  /** `schema.index` when the index's table has a schema, for dialects that keep indexes there. */
  protected qualifiedIndexName(ix: ddl.CreateIndexNode['index']): string {
    const schema = this.schemaName(ix.table.schema);
    const name = this.quoteIdentifier(ix.name);
    return schema === undefined ? name : `${this.quoteIdentifier(schema)}.${name}`;
  }

  // ---- sequences -----------------------------------------------------------------------------

  visitCreateSequence(node: ddl.CreateSequenceNode): void {
    const body = `${this.sequenceName(node.sequence)}${this.sequenceOptions(node.sequence)}`;
    this.write(`CREATE SEQUENCE ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${body}`);
  }

  visitDropSequence(node: ddl.DropSequenceNode): void {
    this.write(`DROP SEQUENCE ${node.ifExists ? 'IF EXISTS ' : ''}${this.sequenceName(node.sequence)}`);
  }

  /** ` INCREMENT BY i START WITH s MINVALUE … MAXVALUE … CACHE c CYCLE`: the options given. */
  protected sequenceOptions(seq: Sequence, defaultStart?: number): string {
    let sql = '';
    if (seq.increment !== undefined) sql += ` INCREMENT BY ${seq.increment}`;
    const start = seq.start ?? defaultStart;
    if (start !== undefined) sql += ` START WITH ${start}`;
    if (seq.minValue !== undefined) sql += ` MINVALUE ${seq.minValue}`;
    if (seq.maxValue !== undefined) sql += ` MAXVALUE ${seq.maxValue}`;
    if (seq.cache !== undefined) sql += ` CACHE ${seq.cache}`;
    if (seq.cycle === true) sql += ' CYCLE';
    return sql;
  }

  visitDropIndex(node: ddl.DropIndexNode): void {
    this.write(`DROP INDEX ${node.ifExists ? 'IF EXISTS ' : ''}${this.indexName(node.index)}`);
  }
}
