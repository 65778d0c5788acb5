import { ArgumentError } from '../../errors';
import { Expression, toNode } from '../expression/expression';
import type { ExprNode } from '../nodes';
import { Table, type Column, type ColumnDefs, type DefValue } from '../schema/table';

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

/**
 * @internal Refuses a target that is not a Core table (a mapped class compiles where a table is
 * expected, since both are objects): the error names what was given and what to use.
 */
export function requireTable<T>(table: T, what: string): T {
  if (table instanceof Table) return table;
  const given =
    typeof table === 'function' ? `the class ${(table as { name: string }).name}` : String(table as unknown);
  throw new ArgumentError(
    `${what}: expected a Table, got ${given}; an entity's rows are written through the session ` +
      `(session.add(), ormUpdate(), ormDelete()), or its table with inspect(Entity).table`,
  );
}
