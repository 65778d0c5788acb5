import type { Column } from '../../sql/schema/table';
import { MysqlDdlCompiler } from '../mysql/ddl-compiler';

/** MariaDB's DDL: MySQL's, plus CREATE INDEX IF NOT EXISTS and DROP INDEX IF EXISTS; no expression indexes. */
export class MariadbDdlCompiler extends MysqlDdlCompiler {
  override sequenceNextValue(qualifiedName: string): string {
    return `nextval(${qualifiedName})`;
  }

  protected override indexIfExists(): boolean {
    return true;
  }

  /** MariaDB refuses NOT NULL on a generated column: its expression decides. */
  override notNullClause(col: Column<unknown>): string {
    return col.computed === undefined ? super.notNullClause(col) : '';
  }

  override indexExpression(): string {
    return this.unsupported('an expression in an index (MariaDB has none: index a generated column instead)');
  }
}
