import { SqlCompiler } from '../../sql/compiler/compiler';
import type * as n from '../../sql/nodes';
import type { SqlType } from '../../sql/types/sql-type';

/** PostgreSQL's statements: `$n` placeholders, RETURNING, ON CONFLICT, ILIKE, typed VALUES lists. */
export class PostgresCompiler extends SqlCompiler {
  override sequenceNextValue(qualifiedName: string): string {
    return `nextval(${this.quoteLiteral(qualifiedName)})`;
  }

  override placeholder(index: number): string {
    return `$${index}`;
  }

  /** The first VALUES row is cast, so PostgreSQL types the columns (parameters are untyped). */
  override visitValuesCell(value: n.ExprNode, type: SqlType<unknown> | undefined, row: number): void {
    if (row > 0 || type === undefined) return this.visitExpr(value);
    this.write('CAST(');
    this.visitExpr(value);
    this.write(` AS ${this.castType(type)})`);
  }
}
