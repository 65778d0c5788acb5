import { StaleDataError } from '../../errors';
import type { ColumnProperty, InstanceState, Mapper } from '../../mapper';
import type { Column, CompiledQuery, Table } from '../../sql';
import { keyOfColumn, sameValue } from '../column-keys';
import { associationChanges } from './associations';
import { deletePages, insertPages, updatePages, type BatchPage, type UpdateRow } from './batches';
import { syncManyToOne, syncOneToMany } from './foreign-key-sync';
import { rowLevels } from './flush-plan';
import { fire, type FlushRun } from './flush-run';
import type { FlushJournal } from './journal';
import { clearPostUpdateKeys, postUpdates } from './post-updates';

export type { FlushConnection, FlushRun } from './flush-run';

function columnKeyIn(table: Table, prop: ColumnProperty): Column<unknown> | undefined {
  return prop.columns.find((c) => c.table === table);
}

/** Client-side defaults for attributes the object does not set, written into the object. */
function applyDefaults(state: InstanceState, journal: FlushJournal): void {
  // The discriminator first: it is a (usually nullable) column the NULL fill below must not take.
  const poly = state.mapper.polymorphicOn;
  if (
    poly !== undefined &&
    state.dict[poly.key] === undefined &&
    state.mapper.polymorphicIdentity !== undefined
  ) {
    journal.set(state, poly.key, state.mapper.polymorphicIdentity);
  }
  for (const prop of state.mapper.columnProps) {
    if (state.dict[prop.key] !== undefined) continue;
    if (prop.default === undefined) {
      // A nullable column with no default of any kind is NULL: say so, in the object and in the
      // INSERT, so rows that set it and rows that don't share one column set (one batch).
      if (
        prop !== poly &&
        prop.columns.every(
          (c) => c.nullable && !c.primaryKey && !c.autoincrement && c.serverDefault === undefined,
        )
      )
        journal.set(state, prop.key, null);
      continue;
    }
    const value = typeof prop.default === 'function' ? (prop.default as () => unknown)() : prop.default;
    journal.set(state, prop.key, value);
  }
}

/**
 * Writes the flush plan: inserts (parents first, self-referential rows level by level), updates,
 * post-updates, association rows, then deletes (children first).
 */
export async function executeFlush(run: FlushRun): Promise<void> {
  const { plan } = run;
  for (const mapper of plan.order) {
    for (const level of rowLevels(plan.inserts.get(mapper) ?? [], mapper)) {
      for (const s of level) syncIncoming(run, s);
      await fire(mapper, 'beforeInsert', level);
      await insertLevel(run, mapper, level);
      for (const s of level) {
        // The INSERT wrote every value it had; only keys synced from now on need an UPDATE.
        run.synced.delete(s);
        run.inserted.add(s);
      }
      for (const s of level) syncOutgoing(run, s);
      await fire(mapper, 'afterInsert', level);
    }
    for (const s of plan.updates.get(mapper) ?? []) {
      syncIncoming(run, s);
      syncOutgoing(run, s);
    }
  }
  // Updates go after every insert: syncing a one-to-many can dirty rows of any mapper.
  const dirty = new Map<Mapper<object>, Set<InstanceState>>();
  for (const s of [...plan.saves, ...run.synced.keys()]) {
    if (s.status !== 'persistent' || plan.deleted.has(s)) continue;
    if (run.inserted.has(s) && !run.synced.has(s)) continue;
    let set = dirty.get(s.mapper);
    if (set === undefined) dirty.set(s.mapper, (set = new Set()));
    set.add(s);
  }
  for (const mapper of plan.order.concat([...dirty.keys()].filter((m) => !plan.order.includes(m)))) {
    const states = dirty.get(mapper);
    if (states !== undefined) await updateStates(run, mapper, [...states]);
  }
  await postUpdates(run);
  await associationChanges(run);
  await clearPostUpdateKeys(run);
  for (const mapper of [...plan.order].reverse()) {
    const states = plan.deletes.get(mapper);
    if (states === undefined) continue;
    await fire(mapper, 'beforeDelete', states);
    for (const level of rowLevels(states, mapper).reverse()) await deleteLevel(run, mapper, level);
    await fire(mapper, 'afterDelete', states);
  }
}

/** Foreign keys this object holds: many-to-one references (non post-update). */
function syncIncoming(run: FlushRun, state: InstanceState): void {
  for (const prop of state.mapper.relationships) {
    if (prop.viewonly || prop.postUpdate || prop.direction !== 'manyToOne') continue;
    syncManyToOne(state, prop, run.journal, run.synced);
  }
}

/** Foreign keys this object's collections give their members (one-to-many, non post-update). */
function syncOutgoing(run: FlushRun, state: InstanceState): void {
  for (const prop of state.mapper.relationships) {
    if (prop.viewonly || prop.postUpdate || prop.direction !== 'oneToMany') continue;
    syncOneToMany(state, prop, run.plan.deleted, run.journal, run.synced);
  }
}

async function runPages(
  run: FlushRun,
  pages: readonly BatchPage[],
  onRows?: (
    page: BatchPage,
    rows: readonly Record<string, unknown>[],
    columns: CompiledQuery['columns'],
    lastInsertId: number | string | undefined,
  ) => void,
  expectRows?: (page: BatchPage, count: number) => void,
): Promise<void> {
  for (const page of pages) {
    const result = await run.conn.run(page.statement);
    onRows?.(page, result.rows, result.columns, result.lastInsertId);
    expectRows?.(page, result.rowCount);
  }
}

/** Generated columns an INSERT must read back: an autoincrement key the object lacks. */
function generatedColumns(
  table: Table,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Column<unknown>[] {
  return table.columns.filter(
    (c) => c.autoincrement && states.some((s) => s.dict[keyOfColumn(mapper, c)] === undefined),
  );
}

async function insertLevel(
  run: FlushRun,
  mapper: Mapper<object>,
  level: readonly InstanceState[],
): Promise<void> {
  for (const s of level) applyDefaults(s, run.journal);
  const caps = run.conn.dialect.capabilities;
  for (const table of mapper.tables) {
    const props = mapper.columnProps.filter((p) => columnKeyIn(table, p) !== undefined);
    // Group rows by the columns they give, so each group is one multi-row statement.
    const groups = new Map<
      string,
      { cols: { prop: ColumnProperty; col: Column<unknown> }[]; states: InstanceState[] }
    >();
    for (const s of level) {
      const cols = props
        .filter((p) => s.dict[p.key] !== undefined)
        .map((p) => ({ prop: p, col: columnKeyIn(table, p)! }));
      const sig = cols.map((c) => c.col.key).join(',');
      const g = groups.get(sig) ?? { cols, states: [] };
      g.states.push(s);
      groups.set(sig, g);
    }
    for (const { cols, states } of groups.values()) {
      const generated = generatedColumns(table, mapper, states);
      const rows = states.map((s) =>
        Object.fromEntries(cols.map(({ prop, col }) => [col.key, s.dict[prop.key]])),
      );
      const canReturn = caps.returning !== 'none';
      const multiRow = generated.length === 0 || (canReturn && caps.multiRowReturningOrdered);
      const returning = generated.length && canReturn ? generated : [];
      const pages = insertPages(table, rows, Math.max(1, cols.length), returning, caps, multiRow);
      await runPages(run, pages, (page, returned, columns, lastInsertId) => {
        page.rowIndexes.forEach((rowIndex, i) => {
          const state = states[rowIndex]!;
          if (returning.length) {
            const row = returned[i];
            returning.forEach((col, j) => {
              const name = columns[j]?.name ?? col.key;
              if (row !== undefined) run.journal.set(state, keyOfColumn(mapper, col), row[name]);
            });
          } else if (generated.length === 1 && lastInsertId !== undefined) {
            const col = generated[0]!;
            const value = col.sqlType.affinity === 'bigint' ? BigInt(lastInsertId) : Number(lastInsertId);
            run.journal.set(state, keyOfColumn(mapper, col), value);
          }
        });
      });
    }
  }
  for (const s of level) becomePersistent(run, s);
}

/** After its INSERT: the object has an identity and joins the identity map (undone if the flush fails). */
function becomePersistent(run: FlushRun, state: InstanceState): void {
  const key = state.mapper.identityKeyOf(state.obj);
  const before = { status: state.status, key: state.key };
  state.status = 'persistent';
  state.key = key;
  run.identityMap.add(state);
  run.journal.record(() => {
    run.identityMap.remove(state);
    state.status = before.status;
    state.key = before.key;
  });
}

/** Column keys of `state` whose value changed since load / flush (the user's and the flush's own). */
function changedColumnKeys(run: FlushRun, state: InstanceState): string[] {
  const keys = new Set<string>(run.synced.get(state) ?? []);
  if (state.modified && !run.inserted.has(state)) {
    for (const prop of state.mapper.columnProps) {
      if (!state.hasCommitted(prop.key)) continue;
      const original = state.committed[prop.key];
      if (typeof original === 'symbol' || !sameValue(original, state.dict[prop.key])) keys.add(prop.key);
    }
  }
  const version = state.mapper.versionProp;
  if (version !== undefined) keys.delete(version.key);
  return [...keys];
}

async function updateStates(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Promise<void> {
  const changed = states
    .map((s) => ({ s, keys: changedColumnKeys(run, s) }))
    .filter((x) => x.keys.length > 0);
  if (changed.length === 0) return;
  await fire(
    mapper,
    'beforeUpdate',
    changed.map((x) => x.s),
  );
  const caps = run.conn.dialect.capabilities;
  const version = mapper.versionProp;
  for (const table of mapper.tables) {
    const pkCols = table.primaryKey;
    const isVersionTable = version !== undefined && columnKeyIn(table, version) !== undefined;
    const groups = new Map<string, { keys: string[]; rows: UpdateRow[]; states: InstanceState[] }>();
    for (const { s, keys } of changed) {
      const here = keys.filter((k) => columnKeyIn(table, mapper.columnPropsByKey.get(k)!) !== undefined);
      if (here.length === 0 && !(isVersionTable && keys.length > 0)) continue;
      const values: Record<string, unknown> = {};
      for (const k of here) values[columnKeyIn(table, mapper.columnPropsByKey.get(k)!)!.key] = s.dict[k];
      let expectedVersion: unknown;
      if (isVersionTable) {
        expectedVersion = s.dict[version.key];
        const next = (typeof expectedVersion === 'number' ? expectedVersion : 0) + 1;
        run.journal.set(s, version.key, next);
        values[columnKeyIn(table, version)!.key] = next;
      }
      const pk = pkCols.map((c) => s.dict[keyOfColumn(mapper, c)]);
      const setKeys = Object.keys(values).sort();
      const sig = setKeys.join(',');
      const g = groups.get(sig) ?? { keys: setKeys, rows: [], states: [] };
      g.rows.push({ pk, values, expectedVersion });
      g.states.push(s);
      groups.set(sig, g);
    }
    for (const g of groups.values()) {
      const versionCol = isVersionTable ? columnKeyIn(table, version) : undefined;
      const pages = updatePages(table, pkCols, g.keys, g.rows, versionCol, caps);
      await runPages(run, pages, undefined, (page, count) => {
        if (count !== page.rowIndexes.length) {
          throw new StaleDataError(
            `UPDATE of ${mapper.name} (table ${table.fullName}) expected to match ${page.rowIndexes.length} row(s) but matched ${count}` +
              (versionCol
                ? '; another transaction changed or deleted them (version check)'
                : '; they were deleted meanwhile'),
          );
        }
      });
    }
  }
  await fire(
    mapper,
    'afterUpdate',
    changed.map((x) => x.s),
  );
}

async function deleteLevel(
  run: FlushRun,
  mapper: Mapper<object>,
  states: readonly InstanceState[],
): Promise<void> {
  const caps = run.conn.dialect.capabilities;
  const version = mapper.versionProp;
  // Sub-tables first: their rows refer to the base table's.
  for (const table of [...mapper.tables].reverse()) {
    const versionCol = version === undefined ? undefined : columnKeyIn(table, version);
    const rows = states.map((s) => ({
      pk: table.primaryKey.map((c) => s.dict[keyOfColumn(mapper, c)]),
      expectedVersion: version === undefined ? undefined : s.dict[version.key],
    }));
    const pages = deletePages(table, table.primaryKey, rows, versionCol, caps);
    await runPages(run, pages, undefined, (page, count) => {
      if (versionCol !== undefined && count !== page.rowIndexes.length) {
        throw new StaleDataError(
          `DELETE of ${mapper.name} (table ${table.fullName}) expected to match ${page.rowIndexes.length} row(s) but matched ${count}; another transaction changed or deleted them (version check)`,
        );
      }
    });
  }
  for (const s of states) {
    const before = s.status;
    s.status = 'deleted';
    run.identityMap.remove(s);
    run.journal.record(() => {
      s.status = before;
      run.identityMap.add(s);
    });
  }
}
