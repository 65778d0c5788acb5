/** Names and specs of the keys autogenerate writes for declared tables. */
import type * as o from '../migration/operations';
import { tableSpecOf } from '../migration/specs';
import type { Table } from '../schema/table';

const MAX_NAME = 63;

/** A constraint name made from the table and columns, as the naming conventions do. */
export function constraintName(prefix: string, table: string, columns: readonly string[]): string {
  const name = `${prefix}_${table}_${columns.join('_')}`;
  return name.length <= MAX_NAME ? name : name.slice(0, MAX_NAME);
}

/** The declared table's `index`-th foreign key, named (by convention when the mapping does not). */
export function foreignKeySpec(table: Table, index: number): o.ForeignKeySpec & { name: string } {
  const spec = tableSpecOf(table).foreignKeys![index]!;
  return { ...spec, name: spec.name ?? constraintName('fk', table.name, spec.columns) };
}
