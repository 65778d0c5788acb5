import { sqlDefault } from '../schema/schema-options';
import { column, table } from '../schema/builders';
import type { ColumnDef, Table, TableCollection } from '../schema/table';
import type { ReflectedSchema, ReflectedTable } from './model';

/** Core column definitions (keyed by column name) and table options of a reflected table. */
function coreTable(t: ReflectedTable, metadata: TableCollection, schema: string | undefined): Table {
  const pk = new Set(t.primaryKey?.columns ?? []);
  const defs: Record<string, ColumnDef<unknown>> = {};
  for (const c of t.columns) {
    defs[c.name] = column(c.type, {
      primaryKey: pk.has(c.name),
      nullable: c.nullable && !pk.has(c.name),
      autoincrement: c.autoincrement,
      ...(c.default === undefined ? {} : { serverDefault: sqlDefault(c.default) }),
      ...(c.identity === undefined ? {} : { identity: c.identity }),
      ...(c.computed === undefined ? {} : { computed: c.computed }),
      ...(c.comment === undefined ? {} : { comment: c.comment }),
      ...(c.collation === undefined ? {} : { collation: c.collation }),
    });
  }
  const qualified = (name: string, refSchema: string | undefined): string =>
    refSchema === undefined ? name : `${refSchema}.${name}`;
  return table(t.name, defs, {
    metadata,
    schema,
    comment: t.comment,
    sqlite: t.sqlite,
    uniques: t.uniques.map((u) => ({ name: u.name, columns: u.columns })),
    checks: t.checks.map((ch) => ({ name: ch.name, sql: ch.sql })),
    indexes: t.indexes
      .filter((ix) => !ix.implicit)
      .map((ix) => ({
        name: ix.name,
        unique: ix.unique,
        columns: ix.elements.map((e) => (typeof e === 'string' ? e : { sql: e.sql })),
        where: ix.where,
        using: ix.using,
      })),
    foreignKeys: t.foreignKeys.map((fk) => ({
      name: fk.name,
      columns: fk.columns,
      references: fk.referredColumns.map(
        (col) => `${qualified(fk.referredTable, fk.referredSchema ?? schema)}.${col}`,
      ),
      onDelete: fk.onDelete,
      onUpdate: fk.onUpdate,
    })),
  });
}

/**
 * Adds the reflected tables to `metadata` as Core tables (column keys are the column names);
 * tables it already has are left as they are. Returns the tables added.
 */
export function addReflectedTables(metadata: TableCollection, reflected: ReflectedSchema): Table[] {
  const added: Table[] = [];
  for (const t of reflected.tables) {
    const fullName = reflected.schema === undefined ? t.name : `${reflected.schema}.${t.name}`;
    if (metadata.tables.has(fullName)) continue;
    added.push(coreTable(t, metadata, reflected.schema));
  }
  return added;
}
