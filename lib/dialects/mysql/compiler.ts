import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import { mysqlCapabilities } from './capabilities';
import { CompileError } from '../../errors';
import type { Table } from '../../sql/schema/table';
import type * as n from '../../sql/nodes';
import type { Column, SqlDefault } from '../../sql/schema/column';
import { isKind } from '../../sql/types/sql-type';
import { mysqlTypes } from './types';

/**
 * MySQL 8: backtick quoting, `?` placeholders, ON DUPLICATE KEY UPDATE, no RETURNING, no FULL
 * JOIN, NULLS FIRST/LAST emulated, indexes declared inside CREATE TABLE.
 */
export class MysqlCompiler extends DdlCompiler {
  readonly dialect: 'mysql' | 'mariadb' = 'mysql';
  readonly capabilities = mysqlCapabilities;
  readonly types = mysqlTypes;

  override quoteIdentifier(name: string): string {
    if (name.includes('\u0000'))
      throw new CompileError(`identifier ${JSON.stringify(name)} contains a NUL character`);
    return `\`${name.replace(/`/g, '``')}\``;
  }

  override quoteLiteral(value: string): string {
    // Backslashes are escapes in MySQL string literals unless NO_BACKSLASH_ESCAPES is set.
    return super.quoteLiteral(value).replace(/\\/g, '\\\\');
  }

  /** MariaDB's VALUES has no column names and MySQL's needs ROW(): a UNION ALL of SELECTs works on both. */
  protected override visitValues(node: n.ValuesNode): void {
    this.visitValuesAsUnion(node, '');
  }

  protected identityClause(): string {
    return ' AUTO_INCREMENT';
  }

  protected override enumNeedsCheck(): boolean {
    return false;
  }

  /** MySQL and MariaDB have no partial indexes: the predicate is dropped (a full index). */
  protected override indexWhere(): string {
    return '';
  }

  protected override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  protected override defaultLiteral(
    value: string | number | boolean | SqlDefault,
    col?: Column<unknown>,
  ): string {
    // A DATETIME(p) column only takes a CURRENT_TIMESTAMP default of the same precision.
    const type = col?.sqlType;
    if (
      typeof value === 'object' &&
      /^\s*(current_timestamp|now)(\(\s*\))?\s*$/i.test(value.sql) &&
      type !== undefined &&
      isKind(type, 'dateTime')
    ) {
      const precision = type.precision ?? 3;
      return precision === 0 ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${precision})`;
    }
    return super.defaultLiteral(value, col);
  }

  protected override inlineIndexes(table: Table): string[] {
    return table.indexes.map(
      (ix) =>
        `${ix.unique ? 'UNIQUE ' : ''}INDEX ${this.quoteIdentifier(ix.name)} (${this.indexElementsSql(ix)})`,
    );
  }

  protected override tableOptions(): string {
    return ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4';
  }

  protected override visitConcat(left: n.ExprNode, right: n.ExprNode): void {
    this.write('CONCAT(');
    this.visitExpr(left);
    this.write(', ');
    this.visitExpr(right);
    this.write(')');
  }

  protected override visitLimitOffset(limit: n.ExprNode | undefined, offset: n.ExprNode | undefined): void {
    // MySQL has no OFFSET without LIMIT; the documented idiom is the largest unsigned BIGINT.
    if (limit === undefined && offset !== undefined) this.write(' LIMIT 18446744073709551615');
    super.visitLimitOffset(limit, offset, false, false);
  }

  protected override supportsSetOp(op: n.SetOp): boolean {
    // MySQL 8.0.31+ and MariaDB 10.3+ have INTERSECT / EXCEPT; their ALL forms came later.
    return !op.endsWith(' ALL') || op === 'UNION ALL';
  }

  protected override visitIn(node: n.InNode): void {
    // MySQL and MariaDB reject LIMIT inside IN (subquery) at run time (error 1235).
    if (!Array.isArray(node.values)) {
      const q = node.values as n.QueryNode;
      if (q.limit !== undefined || q.offset !== undefined) this.unsupported('LIMIT inside IN (subquery)');
    }
    super.visitIn(node);
  }

  protected override visitExcluded(node: n.ExcludedNode): void {
    this.write(`VALUES(${this.quoteIdentifier(node.name)})`);
  }

  protected override visitOnConflict(node: n.InsertNode, oc: n.OnConflictNode): void {
    // MySQL has no conflict target: any unique key triggers the update.
    if (oc.where !== undefined) this.unsupported('a WHERE clause on an upsert');
    this.write(' ON DUPLICATE KEY UPDATE ');
    if (oc.set === undefined) {
      // DO NOTHING: a no-op assignment, which (unlike INSERT IGNORE) still raises other errors.
      const col = this.quoteIdentifier(oc.target[0] ?? node.columns[0]!);
      this.write(`${col} = ${col}`);
      return;
    }
    this.visitSetClause(oc.set);
  }

  protected override visitUpdate(node: n.UpdateNode): void {
    if (node.from.length === 0) return super.visitUpdate(node);
    if (node.returning.length) this.unsupported('UPDATE … RETURNING');
    // Multi-table UPDATE: UPDATE t, other SET t.col = … WHERE …
    this.visitCtes(node.ctes);
    this.withScope([node.table, ...node.from], () => {
      this.write(`UPDATE ${this.tableName(node.table)}, `);
      this.list(node.from, (f) => this.visitFrom(f));
      this.write(' SET ');
      this.list(node.set, ([name, value]) => {
        this.write(`${this.tableName(node.table)}.${this.quoteIdentifier(name)} = `);
        this.visitValue(value);
      });
      this.visitWhere(node.where);
    });
  }

  protected override defaultValuesClause(): string {
    return ' () VALUES ()';
  }

  protected override visitDropIndex(node: n.DropIndexNode): void {
    if (node.ifExists && this.dialect === 'mysql') this.unsupported('DROP INDEX IF EXISTS');
    this.write(
      `DROP INDEX ${node.ifExists ? 'IF EXISTS ' : ''}${this.quoteIdentifier(node.index.name)} ON ${this.tableName(node.index.table.node)}`,
    );
  }

  protected override visitCreateIndex(node: n.CreateIndexNode): void {
    if (node.ifNotExists && this.dialect === 'mysql') this.unsupported('CREATE INDEX IF NOT EXISTS');
    super.visitCreateIndex(node);
  }
}
