import { MapperPrimaryKeyError } from '../errors';
import type { Column, Table } from '../sql';
import type { ColumnProperty, Mapper } from './mapper-types';

/**
 * The attribute keys of a mapper-level primary key declared on `m`'s hierarchy, checked, or
 * undefined when the table's primary key is the mapper's. Called while `m`'s column attributes
 * are built, with `columnKeys` the keys of those attributes.
 */
export function declaredMapperKey(
  m: Mapper<object>,
  columnKeys: readonly string[],
): readonly string[] | undefined {
  const own = m.declaration.table.primaryKey;
  if (own !== undefined && m.inherits !== undefined) {
    throw new MapperPrimaryKeyError(
      `${m.name}: primaryKey belongs on the base class ${m.base.name}'s @Table; a subclass is identified as its base is`,
      m.name,
      undefined,
    );
  }
  const keys = m.base.declaration.table.primaryKey;
  if (keys === undefined) return undefined;
  if (m.inheritance === 'joined') {
    throw new MapperPrimaryKeyError(
      `${m.name}: joined-table inheritance from ${m.base.name}, whose @Table declares primaryKey, is not supported; ` +
        `give ${m.base.name}'s table a primary key instead`,
      m.name,
      undefined,
    );
  }
  if (keys.length === 0) {
    throw new MapperPrimaryKeyError(
      `${m.name}: primaryKey names no attribute; name the column attribute(s) that identify a row`,
      m.name,
      undefined,
    );
  }
  for (const key of keys) {
    if (!columnKeys.includes(key)) {
      throw new MapperPrimaryKeyError(
        `${m.name}: primaryKey names '${key}', which is not a column attribute of ${m.name}`,
        m.name,
        key,
      );
    }
  }
  if (new Set(keys).size !== keys.length) {
    throw new MapperPrimaryKeyError(`${m.name}: primaryKey names an attribute twice`, m.name, undefined);
  }
  return keys;
}

const keyColumnsCache = new WeakMap<Mapper<object>, Map<Table, readonly Column<unknown>[]>>();

/**
 * The columns that identify a row of `table` for `mapper`, in primary key order: the table's
 * primary key, or the columns of a mapper-level primary key (`@Table(name, { primaryKey })`).
 * The flush's UPDATE and DELETE statements find rows by them.
 */
export function keyColumnsOf(mapper: Mapper<object>, table: Table): readonly Column<unknown>[] {
  if (mapper.base.declaration.table.primaryKey === undefined) return table.primaryKey;
  let byTable = keyColumnsCache.get(mapper);
  if (byTable === undefined) keyColumnsCache.set(mapper, (byTable = new Map()));
  let cols = byTable.get(table);
  if (cols === undefined) {
    cols = Object.freeze(mapper.primaryKeyProps.map((p: ColumnProperty) => columnIn(p, table)));
    byTable.set(table, cols);
  }
  return cols;
}

function columnIn(prop: ColumnProperty, table: Table): Column<unknown> {
  const col = prop.columns.find((c) => c.table === table);
  if (col === undefined) throw new Error(`internal: ${prop.key} has no column in ${table.fullName}`);
  return col;
}
