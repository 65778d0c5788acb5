import type { InstanceState, Mapper } from '../../mapper';
import type { Column, Table } from '../../sql';
import { keyOfColumn, sameValue } from '../column-keys';
import { syncValue } from './foreign-key-sync';
import type { FlushRun } from './flush-run';

// A joined subclass whose table joins its parent's through columns of its own (an
// inheritCondition) holds them as attributes of their own: the flush copies the parent's values
// into them, as it copies a parent's key into a child's foreign key.

/** An attribute of a joined table that holds the value of another attribute of the same object. */
interface InheritSync {
  readonly subKey: string;
  readonly parentKey: string;
  /** The database carries a change of the parent's column to this one (ON UPDATE CASCADE). */
  readonly cascades: boolean;
}

const cache = new WeakMap<Mapper<object>, Map<Table, readonly InheritSync[]>>();

/** Whether `sub` has a foreign key to `parent` that the database updates with it. */
function cascadesFrom(sub: Column<unknown>, parent: Column<unknown>): boolean {
  return sub.table.foreignKeys.some((fk) => {
    const i = fk.columns.indexOf(sub);
    return i >= 0 && fk.referredColumns[i] === parent && fk.onUpdate === 'CASCADE';
  });
}

/** The attributes of `mapper` stored in `table` that are copies of other attributes. */
function syncsOf(mapper: Mapper<object>, table: Table): readonly InheritSync[] {
  let byTable = cache.get(mapper);
  if (byTable === undefined) cache.set(mapper, (byTable = new Map()));
  let found = byTable.get(table);
  if (found === undefined) {
    const owner = mapper.ancestry.find((m) => m.inheritance === 'joined' && m.table === table);
    found = (owner?.inheritPairs ?? [])
      .map((p) => ({
        subKey: keyOfColumn(mapper, p.sub),
        parentKey: keyOfColumn(mapper, p.parent),
        // Like a relationship's passive updates: with the mapper's, a key the database cascades
        // is not written again.
        cascades: mapper.passiveUpdates && p.parent.primaryKey && cascadesFrom(p.sub, p.parent),
      }))
      .filter((s) => s.subKey !== s.parentKey);
    byTable.set(table, found);
  }
  return found;
}

/** Before `table`'s INSERT: its joining attributes take the parent's values (generated keys included). */
export function syncInheritedForInsert(
  run: FlushRun,
  mapper: Mapper<object>,
  table: Table,
  states: readonly InstanceState[],
): void {
  const syncs = syncsOf(mapper, table);
  if (syncs.length === 0) return;
  for (const s of states) {
    for (const { subKey, parentKey } of syncs) {
      const value = s.dict[parentKey];
      if (!sameValue(s.dict[subKey], value)) run.journal.set(s, subKey, value);
    }
  }
}

/**
 * Before the UPDATEs of `states`: a parent attribute that changed is copied into the joining
 * attributes of its subclass tables, which their UPDATE then writes — unless the database
 * cascades it, in which case it is only noted as already written.
 */
export function syncInheritedForUpdate(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): void {
  const syncs = mapper.tables.slice(1).flatMap((t) => syncsOf(mapper, t));
  if (syncs.length === 0) return;
  for (const s of states) {
    for (const { subKey, parentKey, cascades } of syncs) {
      if (!(parentKey in s.dict)) continue;
      const value = s.dict[parentKey];
      const changed = s.hasCommitted(parentKey) && !sameValue(s.committed[parentKey], value);
      if (!changed && !(subKey in s.dict && !sameValue(s.dict[subKey], value))) continue;
      if (cascades) run.journal.markCascaded(s, subKey);
      syncValue(s, subKey, value, run.journal, run.synced);
    }
  }
}
