import { ArgumentError } from '../../errors';
import type { AttributeOf, ColumnProperty, Mapper } from '../../mapper';
import type { Column } from '../../sql';

/** The names of `E`'s column attributes (not its relationships or methods). */
export type ColumnAttributeKeys<E> = {
  [K in keyof E]-?: K extends string
    ? E[K] extends (...args: never[]) => unknown
      ? never
      : AttributeOf<E[K]> extends Column<unknown>
        ? K
        : never
    : never;
}[keyof E];

/** Values of `E`'s column attributes by attribute name, as an upsert or `getOrCreate()` takes them. */
export type EntityValues<E> = { [K in ColumnAttributeKeys<E>]?: E[K] };

/**
 * The column properties named by `keys`, each checked: an unknown name or a relationship raises
 * an `ArgumentError` naming the entity, the attribute and the caller.
 */
export function columnProps(mapper: Mapper<object>, keys: Iterable<string>, where: string): ColumnProperty[] {
  const out: ColumnProperty[] = [];
  for (const key of keys) {
    const prop = mapper.columnPropsByKey.get(key);
    if (prop === undefined) {
      const what = mapper.relationshipsByKey.has(key) ? 'a relationship' : 'not a mapped attribute';
      throw new ArgumentError(
        `${where}: ${mapper.name}.${key} is ${what}; only column attributes can be given`,
      );
    }
    out.push(prop);
  }
  return out;
}

/**
 * The given attribute values of one row, checked. Instances of mapped classes give their set
 * column attributes; plain objects must name only column attributes.
 */
export function givenValues(mapper: Mapper<object>, row: object, where: string): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const record = row as Record<string, unknown>;
  if (Object.getPrototypeOf(row) === Object.prototype || Object.getPrototypeOf(row) === null) {
    for (const prop of columnProps(mapper, Object.keys(row), where))
      if (record[prop.key] !== undefined) values.set(prop.key, record[prop.key]);
    return values;
  }
  for (const prop of mapper.columnProps) {
    const value = record[prop.key];
    if (value !== undefined) values.set(prop.key, value);
  }
  return values;
}
