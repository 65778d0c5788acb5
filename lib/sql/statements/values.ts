import { ArgumentError } from '../../errors';
import { bindParam, valuesNode, type ValuesNode } from '../nodes';
import type { SqlType } from '../types/sql-type';
import { DerivedColumn, type DerivedColumns } from './subquery';

/** A table of literal rows usable in FROM (for example to UPDATE many rows from one statement). */
export class ValuesTable<Row> {
  /** The VALUES list's node. */
  readonly node: ValuesNode;
  /** Its columns by name. */
  readonly c: DerivedColumns<Row>;
  /** Its columns, in order. */
  readonly columns: readonly DerivedColumn<unknown>[];

  constructor(node: ValuesNode) {
    this.node = node;
    const c: Record<string, DerivedColumn<unknown>> = {};
    this.columns = Object.freeze(
      node.columnNames.map((name, i) => (c[name] = new DerivedColumn(name, node, node.types[i]))),
    );
    this.c = Object.freeze(c) as DerivedColumns<Row>;
  }

  /** The node a FROM clause writes for the VALUES list. */
  get fromNode(): ValuesNode {
    return this.node;
  }
}

/**
 * Literal rows as a FROM item: `(VALUES (…), (…)) AS alias (columns)` on PostgreSQL and SQL Server,
 * and the equivalent elsewhere. Values are bound with the column types.
 *
 * @example
 * const v = valuesTable('v', { id: types.integer(), name: types.string(50) }, [[1, 'a'], [2, 'b']]);
 * update(users).set({ name: v.c.name }).from(v).where(users.c.id.eq(v.c.id));
 */
export function valuesTable<Cols extends Record<string, SqlType<unknown>>>(
  alias: string,
  columns: Cols,
  rows: readonly (readonly unknown[])[],
): ValuesTable<{ [K in keyof Cols]: Cols[K] extends SqlType<infer T> ? T : never }> {
  const names = Object.keys(columns);
  const types = names.map((k) => columns[k]!);
  if (rows.length === 0) throw new ArgumentError(`valuesTable('${alias}'): needs at least one row`);
  const nodeRows = rows.map((row, r) => {
    if (row.length !== names.length) {
      throw new ArgumentError(
        `valuesTable('${alias}'): row ${r + 1} has ${row.length} values for ${names.length} columns`,
      );
    }
    return Object.freeze(row.map((v, i) => bindParam(v, types[i])));
  });
  return new ValuesTable(
    valuesNode(Object.freeze(nodeRows), alias, Object.freeze(names), Object.freeze(types)),
  );
}
