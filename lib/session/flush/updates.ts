import { StaleDataError } from '../../errors';
import type { InstanceState, Mapper } from '../../mapper';
import { keyOfColumn, sameValue } from '../column-keys';
import { updatePages } from './batches';
import { fire, runPages, type FlushRun } from './flush-run';
import { addToGroup, columnKeyIn, tableProps, type RowGroup } from './row-groups';

/** Column keys of `state` whose value changed since load / flush (the flush's own, then the user's). */
function changedColumnKeys(run: FlushRun, state: InstanceState): string[] {
  const synced = run.synced.get(state);
  const keys = synced === undefined ? [] : [...synced];
  if (state.modified && !run.inserted.has(state)) {
    const byKey = state.mapper.columnPropsByKey;
    const committed = state.committed;
    // Only the attributes that changed have an original recorded: no walk over every column.
    for (const key in committed) {
      if (!byKey.has(key) || synced?.has(key)) continue;
      const original = committed[key];
      if (typeof original === 'symbol' || !sameValue(original, state.dict[key])) keys.push(key);
    }
  }
  const version = state.mapper.versionProp;
  return version === undefined ? keys : keys.filter((k) => k !== version.key);
}

/**
 * UPDATEs the changed rows of `mapper`, table by table: rows that change the same columns go out
 * as batched pages; a versioned mapper bumps its version and checks the old one.
 */
export async function updateStates(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Promise<void> {
  const changed: InstanceState[] = [];
  const changedKeys: string[][] = [];
  for (const s of states) {
    const keys = changedColumnKeys(run, s);
    if (keys.length === 0) continue;
    changed.push(s);
    changedKeys.push(keys);
  }
  if (changed.length === 0) return;
  await fire(mapper, 'beforeUpdate', changed);
  const caps = run.conn.dialect.capabilities;
  const version = mapper.versionProp;
  for (const table of mapper.tables) {
    const tp = tableProps(mapper, table);
    const versionAt = version === undefined ? undefined : tp.setPosition.get(version.key);
    const groups = new Map<number | string, RowGroup>();
    const expected = new Map<InstanceState, unknown>();
    for (let r = 0; r < changed.length; r++) {
      const s = changed[r]!;
      const positions: number[] = [];
      for (const k of changedKeys[r]!) {
        const at = tp.setPosition.get(k);
        if (at !== undefined) positions.push(at);
      }
      if (versionAt !== undefined) {
        // Every changed row of a versioned mapper bumps the version in the version's table.
        const current = s.dict[version!.key];
        expected.set(s, current);
        run.journal.set(s, version!.key, (typeof current === 'number' ? current : 0) + 1);
        positions.push(versionAt);
      }
      if (positions.length === 0) continue;
      addToGroup(groups, positions, tp.byColumnKey.length, s);
    }
    const pkCols = table.primaryKey;
    const pkKeys = pkCols.map((c) => keyOfColumn(mapper, c));
    const versionCol = versionAt === undefined ? undefined : columnKeyIn(table, version!);
    for (const g of groups.values()) {
      const setProps = g.positions.map((pos) => tp.props[tp.byColumnKey[pos]!]!);
      const setKeys = g.positions.map((pos) => tp.columns[tp.byColumnKey[pos]!]!.key);
      const width = pkKeys.length + setProps.length + (versionCol ? 1 : 0);
      const values = new Array<unknown>(g.states.length * width);
      let at = 0;
      for (const s of g.states) {
        const dict = s.dict;
        for (const k of pkKeys) values[at++] = dict[k];
        for (const p of setProps) values[at++] = dict[p.key];
        if (versionCol) values[at++] = expected.get(s);
      }
      const pages = updatePages(table, pkCols, setKeys, values, g.states.length, versionCol, caps);
      await runPages(run, pages, (page, { rowCount }) => {
        if (rowCount !== page.count) {
          throw new StaleDataError(
            `UPDATE of ${mapper.name} (table ${table.fullName}) expected to match ${page.count} row(s) but matched ${rowCount}` +
              (versionCol
                ? '; another transaction changed or deleted them (version check)'
                : '; they were deleted meanwhile'),
          );
        }
      });
    }
  }
  await fire(mapper, 'afterUpdate', changed);
}
