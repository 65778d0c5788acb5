import { ArgumentError } from '../../errors';
import { Expression, toNode } from '../expression/expression';
import type { ExprNode } from '../nodes';
import type { Column, ColumnDefs, DefValue, Table } from '../schema/table';

/** Values for INSERT / UPDATE, by column key: a value or an expression. */
export type ValuesOf<C extends ColumnDefs> = {
  [K in keyof C & string]?: DefValue<C[K]> | Expression<DefValue<C[K]>>;
};

/** @internal The column with key `key`, or an error naming the table and key. */
export function columnByKey(table: Table, key: string, what: string): Column<unknown> {
  const column = (table.c as Record<string, Column<unknown> | undefined>)[key];
  if (column === undefined) {
    throw new ArgumentError(`${what}: table '${table.fullName}' has no column '${key}'`);
  }
  return column;
}

/** @internal A value bound with the column's type, or the node of an expression. */
export function valueNode(column: Column<unknown>, value: unknown): ExprNode {
  return toNode(value, column.sqlType);
}
