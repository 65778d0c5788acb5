import type { InstanceState } from '../../mapper';
import { select, type Column, type Table } from '../../sql';
import { keyOfColumn } from '../column-keys';
import { pkInPredicate, rowsPerPage } from './batches';
import { missingOrderKeys } from './flush-order';
import type { FlushRun, StepResult } from './flush-run';
import { keyColumnsOf } from '../../mapper';

/**
 * Rows to delete whose order depends on foreign keys that are expired (and whose relationships
 * are not loaded) get those keys read first, one SELECT per table and page, as SQLAlchemy loads
 * such rows before a delete; the values are put back into the objects.
 */
export function loadOrderKeys(run: FlushRun): StepResult {
  const { plan } = run;
  const reads: [Table, string[], InstanceState[]][] = [];
  for (const group of plan.groups) {
    const states = group.flatMap((m) => plan.deletes.get(m) ?? []);
    if (states.length < 2) continue;
    const missing = missingOrderKeys(group, states);
    if (missing.size === 0) continue;
    const byTable = new Map<Table, { keys: Set<string>; states: InstanceState[] }>();
    for (const [state, keys] of missing) {
      for (const key of keys) {
        const column = state.mapper.columnPropsByKey.get(key)!.column;
        let entry = byTable.get(column.table as Table);
        if (entry === undefined)
          byTable.set(column.table as Table, (entry = { keys: new Set(), states: [] }));
        entry.keys.add(key);
        if (!entry.states.includes(state)) entry.states.push(state);
      }
    }
    for (const [table, { keys, states: rows }] of byTable) reads.push([table, [...keys], rows]);
  }
  return reads.length === 0 ? undefined : readAll(run, reads);
}

async function readAll(run: FlushRun, reads: readonly [Table, string[], InstanceState[]][]): Promise<void> {
  for (const [table, keys, states] of reads) await readKeys(run, table, keys, states);
}

async function readKeys(run: FlushRun, table: Table, keys: string[], states: InstanceState[]): Promise<void> {
  const mapper = states[0]!.mapper;
  const pkColumns = keyColumnsOf(mapper, table);
  const pkKeys = pkColumns.map((c) => keyOfColumn(mapper, c));
  const columns: Column<unknown>[] = keys.map((k) =>
    mapper.columnPropsByKey.get(k)!.columns.find((c) => c.table === table)!,
  );
  const byKey = new Map(states.map((s) => [s.mapper.identityKeyFor(pkKeys.map((k) => s.dict[k])), s]));
  const perPage = rowsPerPage(run.conn.dialect.capabilities, pkColumns.length);
  for (let i = 0; i < states.length; i += perPage) {
    const page = states.slice(i, i + perPage);
    const where = pkInPredicate(
      pkColumns,
      page.map((s) => pkKeys.map((k) => s.dict[k])),
    );
    const result = await run.conn.run(select(...pkColumns, ...columns).where(where));
    const names = result.columns.map((c) => c.name);
    for (const row of result.rows) {
      const values = names.map((n) => row[n]);
      const state = byKey.get(mapper.identityKeyFor(values.slice(0, pkColumns.length)));
      if (state === undefined) continue;
      keys.forEach((k, j) => {
        if (!(k in state.dict)) run.journal.set(state, k, values[pkColumns.length + j]);
      });
    }
  }
}
