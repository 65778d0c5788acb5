import type { ColumnProperty, InstanceState, Mapper } from '../../mapper';
import type { Column, Table } from '../../sql';

// Grouping the rows of a batch by the columns they give or change, so that each group goes out as
// multi-row statements; the per-table column lists are computed once per mapper configuration.

/** The column of `prop` in `table`, if the attribute is stored there. */
export function columnKeyIn(table: Table, prop: ColumnProperty): Column<unknown> | undefined {
  return prop.columns.find((c) => c.table === table);
}

/** A mapper's column attributes stored in one table, with their columns there, in mapper order. */
export interface TableProps {
  readonly props: readonly ColumnProperty[];
  readonly columns: readonly Column<unknown>[];
  /** Positions into props/columns ordered by column key: the order of UPDATE … SET. */
  readonly byColumnKey: readonly number[];
  /** Attribute key → position in `byColumnKey`. */
  readonly setPosition: ReadonlyMap<string, number>;
}

/** Per mapper configuration (its `columnProps` array) and table; rebuilt when the mapper is. */
const tablePropsCache = new WeakMap<readonly ColumnProperty[], Map<Table, TableProps>>();

export function tableProps(mapper: Mapper<object>, table: Table): TableProps {
  let byTable = tablePropsCache.get(mapper.columnProps);
  if (byTable === undefined) tablePropsCache.set(mapper.columnProps, (byTable = new Map()));
  let found = byTable.get(table);
  if (found === undefined) {
    const props: ColumnProperty[] = [];
    const columns: Column<unknown>[] = [];
    for (const p of mapper.columnProps) {
      const col = columnKeyIn(table, p);
      if (col !== undefined) {
        props.push(p);
        columns.push(col);
      }
    }
    const byColumnKey = columns
      .map((_, i) => i)
      .sort((a, b) => compareKeys(columns[a]!.key, columns[b]!.key));
    const setPosition = new Map(byColumnKey.map((i, pos) => [props[i]!.key, pos]));
    found = { props, columns, byColumnKey, setPosition };
    byTable.set(table, found);
  }
  return found;
}

/** The default sort order of strings (what `Array.prototype.sort()` gives). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rows of a batch that give (or change) the same columns: positions into TableProps, and the states. */
export interface RowGroup {
  readonly positions: readonly number[];
  readonly states: InstanceState[];
}

const ascending = (a: number, b: number): number => a - b;

/**
 * Adds `state` to the group of rows with the same `positions` (in any order). The key is a bit
 * mask while the table has at most 30 columns (no allocation or sort per row), else the sorted
 * positions joined; a new group keeps its positions sorted.
 */
export function addToGroup(
  groups: Map<number | string, RowGroup>,
  positions: number[],
  width: number,
  state: InstanceState,
): RowGroup {
  let key: number | string;
  if (width > 30) {
    key = positions.sort(ascending).join(',');
  } else {
    key = 0;
    for (const p of positions) key |= 1 << p;
  }
  let g = groups.get(key);
  if (g === undefined) groups.set(key, (g = { positions: positions.slice().sort(ascending), states: [] }));
  g.states.push(state);
  return g;
}
