import type * as o from './operations';

/**
 * A batch's operations read against the table's current definition: an alterColumn completed from
 * it, and, for a rebuild, the old column each new column's values are copied from.
 */

/** An alterColumn told what it does not say from the table's current definition (MySQL restates columns). */
export function withExisting(op: o.BatchableOp, existing: o.TableSpec | undefined): o.BatchableOp {
  if (op.kind !== 'alterColumn' || existing === undefined) return op;
  const col = existing.columns.find((c) => c.name === op.column);
  if (col === undefined) return op;
  return {
    ...op,
    existingType: op.existingType ?? col.type,
    existingNullable: op.existingNullable ?? col.nullable ?? !col.primaryKey,
    existingServerDefault: op.existingServerDefault ?? col.serverDefault ?? null,
    existingComment: op.existingComment ?? col.comment ?? null,
    existingCollation: op.existingCollation ?? col.collation ?? null,
    ...(op.existingComputed === undefined && col.computed !== undefined
      ? { existingComputed: col.computed }
      : {}),
  };
}

/** New column name → the old column its values come from, following renames; added columns have none. */
export function sourceColumns(existing: o.TableSpec, ops: readonly o.BatchableOp[]): Map<string, string> {
  const origin = new Map(existing.columns.map((c) => [c.name, c.name]));
  for (const op of ops) {
    if (op.kind === 'renameColumn') {
      const from = origin.get(op.column);
      origin.delete(op.column);
      if (from !== undefined) origin.set(op.newName, from);
    } else if (op.kind === 'dropColumn') origin.delete(op.column);
  }
  return origin;
}
