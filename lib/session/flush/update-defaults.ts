import type { ColumnProperty, InstanceState, Mapper } from '../../mapper';
import type { Column, Table } from '../../sql';
import { keyOfColumn } from '../column-keys';
import type { FlushRun } from './flush-run';

// Client-side `updateDefault`s (SQLAlchemy's `onupdate`): each UPDATE the flush sends for a row
// writes them for the columns it does not set itself, and the object gets the values written.

/** Per mapper configuration (its `columnProps` array) and table: see `updateDefaultColumns`. */
const cache = new WeakMap<readonly ColumnProperty[], Map<Table, readonly Column<unknown>[]>>();

/**
 * The columns of `table` with an `updateDefault` that `mapper` maps, but never its key or
 * version; worked out once per mapper configuration.
 */
export function updateDefaultColumns(mapper: Mapper<object>, table: Table): readonly Column<unknown>[] {
  let byTable = cache.get(mapper.columnProps);
  if (byTable === undefined) cache.set(mapper.columnProps, (byTable = new Map()));
  let found = byTable.get(table);
  if (found === undefined) {
    const version = mapper.versionProp;
    found = table.columns.filter(
      (c) =>
        c.updateDefault !== undefined &&
        !c.primaryKey &&
        !(version?.columns.includes(c) ?? false) &&
        mapper.columnPropsByKey.has(keyOfColumn(mapper, c)),
    );
    byTable.set(table, found);
  }
  return found;
}

/** The value `col`'s `updateDefault` gives one row (a function is called once per row). */
export function updateDefaultValue(col: Column<unknown>): unknown {
  const d = col.updateDefault;
  return typeof d === 'function' ? (d as () => unknown)() : d;
}

/**
 * Whether the application gave `key` of `state` a value that a post-update must keep (it
 * changed the attribute, or gave it when the object was new), as SQLAlchemy's post-update keeps
 * a column with history instead of applying its `onupdate`.
 */
export function givenByApplication(run: FlushRun, state: InstanceState, key: string): boolean {
  if (state.hasCommitted(key)) return true;
  const value = state.dict[key];
  return run.inserted.has(state) && value !== null && value !== undefined;
}
