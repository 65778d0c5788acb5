import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import type { Column } from '../../sql/schema/table';
import type { SqlDefault } from '../../sql/schema/schema-options';
import type { Table } from '../../sql/schema/table';
import { renderTypeDdl } from '../../sql/types/type-renderer';
import { sqliteTypes } from './types';
import type * as ddl from '../../sql/schema/ddl-nodes';

/**
 * SQLite's DDL: an autoincrement integer primary key is declared `INTEGER … PRIMARY KEY` inline so
 * it aliases the rowid; STRICT and WITHOUT ROWID tables; indexes named in their schema.
 */
export class SqliteDdlCompiler extends DdlCompiler {
  override identityClause(): string {
    return '';
  }

  override inlinePrimaryKeyColumn(table: Table): Column<unknown> | undefined {
    const pk = table.primaryKey;
    return pk.length === 1 && pk[0]!.autoincrement ? pk[0] : undefined;
  }

  override columnType(col: Column<unknown>): string {
    // Only the exact type name INTEGER makes a column the rowid alias.
    if (col.autoincrement && col.primaryKey) return 'INTEGER';
    return col.table.sqlite.strict ? strictType(col) : super.columnType(col);
  }

  override tableOptions(table: Table): string {
    const options = [];
    if (table.sqlite.strict) options.push('STRICT');
    if (table.sqlite.withoutRowid) options.push('WITHOUT ROWID');
    return options.length ? ` ${options.join(', ')}` : '';
  }

  /**
   * SQLite takes a literal, a signed number, CURRENT_TIME/DATE/TIMESTAMP or a parenthesized
   * expression as DEFAULT: any other SQL default (`datetime('now')`) is put in parentheses.
   */
  override defaultLiteral(value: string | number | boolean | SqlDefault, col?: Column<unknown>): string {
    const sql = super.defaultLiteral(value, col);
    if (typeof value !== 'object' || SQLITE_DEFAULT_AS_IS.test(sql.trim()) || wholeInParentheses(sql.trim()))
      return sql;
    return `(${sql})`;
  }

  override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  override indexName(ix: ddl.CreateIndexNode['index']): string {
    return this.qualifiedIndexName(ix);
  }

  override indexTarget(ix: ddl.CreateIndexNode['index']): string {
    // The table of a schema-qualified index is named without its schema.
    return `${this.quoteIdentifier(ix.table.name)} (${this.indexElementsSql(ix)})`;
  }
}

const SQLITE_DEFAULT_AS_IS =
  /^(?:'(?:[^']|'')*'|[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?|x'[0-9a-f]*'|null|true|false|current_time|current_date|current_timestamp)$/i;

/** Whether the first parenthesis closes at the very end (`(a)`, not `(a) + (b)`), outside quotes. */
function wholeInParentheses(sql: string): boolean {
  if (!sql.startsWith('(') || !sql.endsWith(')')) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0 && i < sql.length - 1) return false;
  }
  return depth === 0;
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
