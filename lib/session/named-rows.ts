import { Bundle, Expression } from '../sql';

/** Builds the row tuple of one ORM select: an array, with names when the select has keyed items. */
export type RowFactory = (width: number) => unknown[];

const plainRow: RowFactory = (width) => new Array<unknown>(width);

/** The key a select item is read by: a column's or labeled expression's; undefined otherwise. */
function itemKey(item: unknown): string | undefined {
  if (!(item instanceof Expression) && !(item instanceof Bundle)) return undefined;
  const key = (item as { key?: unknown }).key;
  // A key an array already has (length, map, …) would hide the array's own member.
  if (typeof key !== 'string' || key in Array.prototype || /^\d+$/.test(key)) return undefined;
  return key;
}

/**
 * Rows whose keyed items are readable by key as well as by position (`row.email`, `row[1]`):
 * arrays of one subclass per select list, whose prototype reads each key at its position. The
 * rows stay arrays (spread, destructure, JSON and equality as tuples); the names are not own
 * properties. The first item with a key keeps it when two share one.
 */
function namedRowClass(keys: ReadonlyMap<string, number>): RowFactory {
  class NamedRow extends Array<unknown> {}
  for (const [key, index] of keys) {
    Object.defineProperty(NamedRow.prototype, key, {
      configurable: false,
      enumerable: false,
      get(this: unknown[]): unknown {
        return this[index];
      },
    });
  }
  return (width) => {
    const row = new NamedRow();
    row.length = width;
    return row;
  };
}

const factories = new WeakMap<readonly unknown[], RowFactory>();

/**
 * Row classes by their names and positions: a statement built afresh for each call (a relationship
 * load's select) names the same columns every time, and a class per call costs its making and
 * leaves the code reading rows with many shapes. Bounded: emptied when it grows past the limit.
 */
const classesByNames = new Map<string, RowFactory>();
const CLASSES_LIMIT = 512;

/** The row factory of a select list (cached per list: a statement's items are one frozen array). */
export function rowFactory(items: readonly unknown[]): RowFactory {
  // Most selects name no column (`select(User)`): no named rows, and no cache entry per select.
  if (!items.some((item) => item instanceof Expression || item instanceof Bundle)) return plainRow;
  let factory = factories.get(items);
  if (factory !== undefined) return factory;
  const keys = new Map<string, number>();
  let signature = '';
  items.forEach((item, i) => {
    const key = itemKey(item);
    if (key !== undefined && !keys.has(key)) {
      keys.set(key, i);
      signature += `${i}:${key}\u0000`;
    }
  });
  if (keys.size === 0) factory = plainRow;
  else {
    factory = classesByNames.get(signature);
    if (factory === undefined) {
      if (classesByNames.size >= CLASSES_LIMIT) classesByNames.clear();
      classesByNames.set(signature, (factory = namedRowClass(keys)));
    }
  }
  factories.set(items, factory);
  return factory;
}
