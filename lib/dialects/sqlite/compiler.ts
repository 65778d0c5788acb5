import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import { sqliteCapabilities } from './capabilities';
import { renderTypeDdl } from '../../sql/types/type-renderer';
import { sqliteTypes } from './types';
import type { Column } from '../../sql/schema/column';
import type { Table } from '../../sql/schema/table';
import type * as n from '../../sql/nodes';

/**
 * SQLite: `?` placeholders, RETURNING (3.35+), ON CONFLICT. An autoincrement integer primary key
 * is declared `INTEGER … PRIMARY KEY` inline so it aliases the rowid. FOR UPDATE is left out:
 * a SQLite write transaction already locks the whole database.
 */
export class SqliteCompiler extends DdlCompiler {
  readonly dialect = 'sqlite' as const;
  readonly capabilities = sqliteCapabilities;
  readonly types = sqliteTypes;

  /** SQLite's VALUES names its columns column1, column2…: rename them in a wrapping SELECT. */
  protected override visitValues(node: n.ValuesNode): void {
    const renames = node.columnNames.map(
      (c, i) => `${this.quoteIdentifier(`column${i + 1}`)} AS ${this.quoteIdentifier(c)}`,
    );
    this.write(`(SELECT ${renames.join(', ')} FROM (VALUES `);
    this.list(node.rows, (row) => {
      this.write('(');
      this.list(row, (v) => this.visitExpr(v));
      this.write(')');
    });
    this.write(`))${this.tableAliasKeyword()}${this.quoteIdentifier(node.alias)}`);
  }

  protected identityClause(): string {
    return '';
  }

  protected override inlinePrimaryKeyColumn(table: Table): Column<unknown> | undefined {
    const pk = table.primaryKey;
    return pk.length === 1 && pk[0]!.autoincrement ? pk[0] : undefined;
  }

  protected override columnType(col: Column<unknown>): string {
    // Only the exact type name INTEGER makes a column the rowid alias.
    if (col.autoincrement && col.primaryKey) return 'INTEGER';
    return col.table.sqlite.strict ? strictType(col) : super.columnType(col);
  }

  protected override tableOptions(table: Table): string {
    const options = [];
    if (table.sqlite.strict) options.push('STRICT');
    if (table.sqlite.withoutRowid) options.push('WITHOUT ROWID');
    return options.length ? ` ${options.join(', ')}` : '';
  }

  protected override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  protected override visitLimitOffset(limit: n.ExprNode | undefined, offset: n.ExprNode | undefined): void {
    if (limit === undefined && offset !== undefined) this.write(' LIMIT -1');
    super.visitLimitOffset(limit, offset, false, false);
  }

  /** SQLite allows no parentheses around a compound member: one with ORDER BY / LIMIT is wrapped. */
  protected override visitSetMember(q: n.QueryNode, top: boolean): void {
    const wrap =
      q.kind === 'SetOperation' || q.orderBy.length > 0 || q.limit !== undefined || q.offset !== undefined;
    if (!wrap) return this.visitQuery(q, top);
    this.write('SELECT * FROM (');
    this.visitQuery(q, top);
    this.write(')');
  }

  protected override visitInsertBody(node: n.InsertNode): void {
    if (node.select === undefined || node.onConflict === undefined) return super.visitInsertBody(node);
    // `INSERT … SELECT … ON CONFLICT` is ambiguous to SQLite's parser (ON of a join) unless the
    // SELECT ends in a WHERE clause.
    this.write(` (${node.columns.map((c) => this.quoteIdentifier(c)).join(', ')}) SELECT * FROM (`);
    this.visitQuery(node.select, false);
    this.write(') WHERE true');
  }

  protected override visitForUpdate(): void {}

  protected override indexName(ix: n.CreateIndexNode['index']): string {
    return this.qualifiedIndexName(ix);
  }

  protected override indexTarget(ix: n.CreateIndexNode['index']): string {
    // The table of a schema-qualified index is named without its schema.
    return `${this.quoteIdentifier(ix.table.name)} (${this.indexElementsSql(ix)})`;
  }
}

/** A STRICT table accepts only INT, INTEGER, REAL, TEXT, BLOB and ANY. */
function strictType(col: Column<unknown>): string {
  switch (col.sqlType.affinity) {
    case 'integer':
    case 'bigint':
    case 'boolean':
      return 'INTEGER';
    case 'float':
      return 'REAL';
    case 'binary':
      return 'BLOB';
    case 'other':
      return renderTypeDdl(sqliteTypes, col.sqlType);
    default:
      return 'TEXT';
  }
}
