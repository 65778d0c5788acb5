import type { Mapper } from '../mapper';
import type { Column } from '../sql';

const cache = new WeakMap<Mapper<object>, Map<Column<unknown>, string>>();

/**
 * The attribute key of `mapper` that maps `column` (for joined inheritance, any of the columns
 * an attribute spans). Throws when the column is not mapped: a configuration the mapper rejects.
 * @internal
 */
export function keyOfColumn(mapper: Mapper<object>, column: Column<unknown>): string {
  let byColumn = cache.get(mapper);
  if (byColumn === undefined) {
    byColumn = new Map();
    for (const prop of mapper.columnProps) for (const c of prop.columns) byColumn.set(c.base, prop.key);
    cache.set(mapper, byColumn);
  }
  const key = byColumn.get(column.base);
  if (key === undefined) throw new Error(`${mapper.name} maps no attribute to column ${column.toString()}`);
  return key;
}

/** Whether two column values are the same for change detection (Dates by time, Buffers by bytes). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}
