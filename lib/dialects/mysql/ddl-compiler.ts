import { DdlCompiler } from '../../sql/compiler/ddl-compiler';
import type { Column, Table } from '../../sql/schema/table';
import { isKind } from '../../sql/types/sql-type';
import type { SqlDefault } from '../../sql/schema/schema-options';
import type * as ddl from '../../sql/schema/ddl-nodes';

/**
 * MySQL's DDL: AUTO_INCREMENT, native ENUM (no CHECK), indexes declared inside CREATE TABLE,
 * InnoDB and utf8mb4 table options, no partial indexes, no IF [NOT] EXISTS for indexes.
 */
export class MysqlDdlCompiler extends DdlCompiler {
  override dropForeignKeyKeyword(): string {
    return 'FOREIGN KEY';
  }

  override identityClause(): string {
    return ' AUTO_INCREMENT';
  }

  override enumNeedsCheck(): boolean {
    return false;
  }

  /** MySQL and MariaDB have no partial indexes: the predicate is dropped (a full index). */
  override indexWhere(): string {
    return '';
  }

  override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }

  override defaultLiteral(value: string | number | boolean | SqlDefault, col?: Column<unknown>): string {
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

  override inlineIndexes(table: Table): string[] {
    return table.indexes.map(
      (ix) =>
        `${ix.unique ? 'UNIQUE ' : ''}INDEX ${this.quoteIdentifier(ix.name)} (${this.indexElementsSql(ix)})`,
    );
  }

  /** Comments are part of the column's definition: CREATE TABLE and ADD COLUMN keep them. */
  override columnDefinition(col: Column<unknown>, table: Table): string {
    const sql = super.columnDefinition(col, table);
    return col.comment === undefined ? sql : `${sql} COMMENT ${this.quoteLiteral(col.comment)}`;
  }

  override tableOptions(table: Table): string {
    const comment = table.comment === undefined ? '' : ` COMMENT=${this.quoteLiteral(table.comment)}`;
    return ` ENGINE=InnoDB DEFAULT CHARSET=utf8mb4${comment}`;
  }

  /** `DROP INDEX [IF EXISTS] name ON table`: MySQL's indexes belong to their table. */
  override visitDropIndex(node: ddl.DropIndexNode): void {
    if (node.ifExists && !this.indexIfExists()) this.unsupported('DROP INDEX IF EXISTS');
    this.write(
      `DROP INDEX ${node.ifExists ? 'IF EXISTS ' : ''}${this.quoteIdentifier(node.index.name)} ON ${this.tableName(node.index.table.node)}`,
    );
  }

  override visitCreateIndex(node: ddl.CreateIndexNode): void {
    if (node.ifNotExists && !this.indexIfExists()) this.unsupported('CREATE INDEX IF NOT EXISTS');
    super.visitCreateIndex(node);
  }

  /** Whether CREATE INDEX IF NOT EXISTS and DROP INDEX IF EXISTS exist: not on MySQL, on MariaDB. */
  protected indexIfExists(): boolean {
    return false;
  }
}
