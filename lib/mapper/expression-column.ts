/**
 * The column of an expression attribute (`@ExpressionProperty`): a `Column` of the declaring
 * class's table whose node is the expression labelled with the attribute key, so that the entity
 * SELECT, the hydrator, `defer()`/`undefer()` and refreshes treat it as one more column, while
 * `attrs(User).fullName.eq(…)` compiles to the expression itself (a label outside the select list
 * stands for what it labels). The table does not hold it, so nothing that writes rows sees it.
 */
import { Column, type Expression, type SqlType, type Table, type TableAlias } from '../sql';
import { label, type ExprNode } from '../sql/nodes';

/** Table → the FROM item standing for it (an alias for `aliased()` entities). */
type TableMap = (t: Table) => Table | TableAlias;

/** @internal */
export class ExpressionColumn<T = unknown> extends Column<T> {
  private readonly byMap = new WeakMap<TableMap, ExpressionColumn<T>>();

  constructor(
    key: string,
    table: Table,
    expression: Expression<T>,
    /** The tables the expression reads from the entity's FROM (the mapper's). */
    private readonly tables: readonly Table[],
    /** Builds the expression over other FROM items standing for `tables` (aliases). */
    private readonly build: (map: TableMap) => Expression<T>,
    original?: ExpressionColumn<T>,
  ) {
    // An expression may have no known SQL type (a text fragment): values are then read as the
    // driver returns them, and compared values are bound untyped. A known one reads the value
    // (a count PostgreSQL sends as text, a comparison MySQL sends as 1) even when the SQL of the
    // expression cannot tell its type.
    super(key, key, expression.type as SqlType<unknown>, table, table.node, { nullable: true }, original);
    (this as { node: ExprNode }).node = label(expression.node, key, expression.type);
  }

  /** The same attribute over the FROM items `map` gives (itself when it maps no table). */
  mapped(map: TableMap): ExpressionColumn<T> {
    if (this.tables.every((t) => map(t) === t)) return this;
    let out = this.byMap.get(map);
    if (out === undefined) {
      const base = this.base as ExpressionColumn<T>;
      out = new ExpressionColumn<T>(this.key, this.table, this.build(map), this.tables, this.build, base);
      this.byMap.set(map, out);
    }
    return out;
  }

  override toString(): string {
    return `${this.table.fullName}.(${this.key})`;
  }
}
