import { instanceState, type InstanceState, type RelationshipProperty } from '../../mapper';
import { and, deleteFrom, or, type Predicate, type Table } from '../../sql';
import { keyOfColumn } from '../column-keys';
import { insertPages, rowsPerPage } from './batches';
import { originalMembers, related } from './flush-plan';
import { runStatement, type FlushRun } from './flush-run';

interface TableChanges {
  readonly table: Table;
  readonly width: number;
  readonly inserts: Record<string, unknown>[];
  readonly removes: Predicate[];
}

/**
 * Many-to-many: association rows for members added to and removed from collections, and the rows
 * of deleted parents. Everything for one association table goes out as one DELETE per page of
 * pairs, then multi-row INSERT pages, whatever the number of parents.
 */
export async function associationChanges(run: FlushRun): Promise<void> {
  const byTable = new Map<Table, TableChanges>();
  const changesOf = (prop: RelationshipProperty): TableChanges => {
    const table = prop.secondary!;
    let c = byTable.get(table);
    if (c === undefined) {
      c = { table, width: prop.pairs.length + prop.secondaryPairs.length, inserts: [], removes: [] };
      byTable.set(table, c);
    }
    return c;
  };
  const seen = new Set<string>();
  const deletedParents = new Map<RelationshipProperty, InstanceState[]>();
  for (const state of [...run.plan.saves, ...run.plan.deleted]) {
    for (const prop of state.mapper.relationships) {
      if (prop.direction !== 'manyToMany' || prop.viewonly || prop.secondary === undefined) continue;
      if (run.plan.deleted.has(state)) {
        const list = deletedParents.get(prop) ?? [];
        list.push(state);
        deletedParents.set(prop, list);
        continue;
      }
      let now: readonly object[];
      let before: readonly object[];
      if (state.isLoaded(prop.key)) {
        now = related(state.dict[prop.key]);
        before = run.inserted.has(state) ? [] : (originalMembers(state, prop.key) ?? now);
        if (before === now) continue;
      } else {
        // Not loaded (a write-only collection, or changed through its mirror): what changed.
        const pending = state.pendingMutations(prop.key);
        if (pending === undefined) continue;
        now = pending.added;
        before = pending.removed;
      }
      const nowSet = new Set(now);
      const beforeSet = new Set(before);
      const changes = changesOf(prop);
      for (const obj of now) {
        const other = instanceState(obj);
        if (beforeSet.has(obj) || run.plan.deleted.has(other) || run.plan.outside.has(other)) continue;
        // The mirror relationship reports the same pair: keep each pair once.
        const k = `+${pairKey(prop, state, other)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        changes.inserts.push(associationRow(prop, state, other));
      }
      for (const obj of before) {
        const other = instanceState(obj);
        if (nowSet.has(obj) || other.key === undefined) continue;
        const k = `-${pairKey(prop, state, other)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        changes.removes.push(associationMatch(prop, state, other));
      }
    }
  }
  for (const [prop, parents] of deletedParents) await deleteAssociations(run, prop, parents);
  const caps = run.conn.dialect.capabilities;
  for (const c of byTable.values()) {
    const perPage = rowsPerPage({ ...caps, maxRowsPerInsert: Number.MAX_SAFE_INTEGER }, c.width);
    for (let i = 0; i < c.removes.length; i += perPage) {
      await run.conn.run(deleteFrom(c.table).where(or(...c.removes.slice(i, i + perPage))));
    }
    if (c.inserts.length === 0) continue;
    // Every row names the same columns (the pairs of the relationship or of its mirror).
    const columns = c.table.columns.filter((col) => col.key in c.inserts[0]!);
    const values: unknown[] = [];
    for (const row of c.inserts) for (const col of columns) values.push(row[col.key]);
    for (const page of insertPages(c.table, columns, values, c.inserts.length, [], caps, true)) {
      await runStatement(run, page.statement);
    }
  }
}

function pairKey(prop: RelationshipProperty, parent: InstanceState, child: InstanceState): string {
  // Objects inserted by this flush get their identity key when it ends: derive it from the row.
  const ids = [identityOf(parent), identityOf(child)];
  return `${prop.secondary!.fullName}|${prop.backPopulates !== undefined ? ids.sort().join('|') : ids.join('|')}`;
}

function identityOf(state: InstanceState): string {
  return state.key ?? state.mapper.identityKeyOf(state.obj) ?? '';
}

function associationRow(
  prop: RelationshipProperty,
  parent: InstanceState,
  child: InstanceState,
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const pair of prop.pairs) row[pair.dest.key] = parent.dict[keyOfColumn(parent.mapper, pair.source)];
  for (const pair of prop.secondaryPairs)
    row[pair.dest.key] = child.dict[keyOfColumn(child.mapper, pair.source)];
  return row;
}

function associationMatch(
  prop: RelationshipProperty,
  parent: InstanceState,
  child: InstanceState,
): Predicate {
  return and(
    ...prop.pairs.map((pair) => pair.dest.eq(parent.dict[keyOfColumn(parent.mapper, pair.source)])),
    ...prop.secondaryPairs.map((pair) => pair.dest.eq(child.dict[keyOfColumn(child.mapper, pair.source)])),
  );
}

/**
 * Deletes every association row of deleted parents (loaded or not), unless the association
 * table's foreign key cascades the delete itself (as the tables the mapper creates do).
 */
async function deleteAssociations(
  run: FlushRun,
  prop: RelationshipProperty,
  parents: readonly InstanceState[],
): Promise<void> {
  const dests = new Set(prop.pairs.map((p) => p.dest));
  const cascades = prop.secondary!.foreignKeys.some(
    (fk) =>
      fk.onDelete === 'CASCADE' && fk.columns.length === dests.size && fk.columns.every((c) => dests.has(c)),
  );
  if (cascades) return;
  const caps = run.conn.dialect.capabilities;
  const perPage = rowsPerPage({ ...caps, maxRowsPerInsert: Number.MAX_SAFE_INTEGER }, prop.pairs.length);
  for (let i = 0; i < parents.length; i += perPage) {
    const page = parents.slice(i, i + perPage);
    const where =
      prop.pairs.length === 1
        ? prop.pairs[0]!.dest.in(
            page.map((p) => p.dict[keyOfColumn(p.mapper, prop.pairs[0]!.source)] as never),
          )
        : or(
            ...page.map((p) =>
              and(...prop.pairs.map((pair) => pair.dest.eq(p.dict[keyOfColumn(p.mapper, pair.source)]))),
            ),
          );
    await run.conn.run(deleteFrom(prop.secondary!).where(where));
  }
}
