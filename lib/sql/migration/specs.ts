/**
 * Between migration specs and schema objects: a `Table` built from a `TableSpec` (so the DDL
 * compiler can write it), and specs read from a declared `Table` or from a reflected one.
 */
import { column } from '../schema/builders';
import { Table, type Column, type ColumnDef, type ColumnOptions, type Index } from '../schema/table';
import { sqlDefault } from '../schema/schema-options';
import { types } from '../types';
import type {
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedTable,
} from '../reflection/model';
import type { ColumnSpec, ForeignKeySpec, IndexSpec, TableSpec } from './operations';

function columnDef(spec: ColumnSpec, pk: boolean): ColumnDef<unknown> {
  const options: ColumnOptions<unknown> = {
    primaryKey: pk,
    ...(spec.nullable === undefined ? {} : { nullable: spec.nullable }),
    ...(spec.autoincrement === undefined ? {} : { autoincrement: spec.autoincrement }),
    ...(spec.serverDefault === undefined ? {} : { serverDefault: spec.serverDefault }),
    ...(spec.comment === undefined ? {} : { comment: spec.comment }),
    ...(spec.collation === undefined ? {} : { collation: spec.collation }),
    ...(spec.computed === undefined ? {} : { computed: spec.computed }),
    ...(spec.identity === undefined ? {} : { identity: spec.identity }),
  };
  return column(spec.type, options) as ColumnDef<unknown>;
}

/**
 * A Table for a spec, for the DDL compiler. Referred tables are stand-ins holding only the referred
 * columns (DDL names them, nothing more), so no MetaData is needed.
 */
export function tableOfSpec(spec: TableSpec): Table {
  const pkNames = new Set(spec.primaryKey ?? spec.columns.filter((c) => c.primaryKey).map((c) => c.name));
  const defs: Record<string, ColumnDef<unknown>> = {};
  for (const c of spec.columns) defs[c.name] = columnDef(c, pkNames.has(c.name));
  // Self-references resolve lazily, once the table exists.
  const holder: { table?: Table } = {};
  const target = (fk: ForeignKeySpec, name: string): (() => Column<unknown>) => {
    const sameTable = fk.referredTable === spec.name && fk.referredSchema === spec.schema;
    if (sameTable) return () => holder.table!.columnByName(name)!;
    return () => standIn(fk).columnByName(name)!;
  };
  const self = new Table(spec.name, defs, undefined, {
    ...(spec.schema === undefined ? {} : { schema: spec.schema }),
    foreignKeys: (spec.foreignKeys ?? []).map((fk) => ({
      ...(fk.name === undefined ? {} : { name: fk.name }),
      columns: fk.columns,
      references: fk.referredColumns.map((c) => target(fk, c)),
      ...(fk.onDelete === undefined ? {} : { onDelete: fk.onDelete }),
      ...(fk.onUpdate === undefined ? {} : { onUpdate: fk.onUpdate }),
    })),
    uniques: (spec.uniques ?? []).map((u) => ({
      ...(u.name === undefined ? {} : { name: u.name }),
      columns: u.columns,
    })),
    checks: (spec.checks ?? []).map((c) => ({
      ...(c.name === undefined ? {} : { name: c.name }),
      sql: c.sql,
    })),
    indexes: (spec.indexes ?? []).map(indexDeclaration),
    ...(spec.comment === undefined ? {} : { comment: spec.comment }),
    ...(spec.sqlite === undefined ? {} : { sqlite: spec.sqlite }),
  });
  holder.table = self;
  return self;
}

function indexDeclaration(ix: IndexSpec) {
  return {
    name: ix.name,
    columns: ix.columns,
    unique: ix.unique ?? false,
    ...(ix.where === undefined ? {} : { where: ix.where }),
    ...(ix.using === undefined ? {} : { using: ix.using }),
  };
}

const standIns = new WeakMap<ForeignKeySpec, Table>();

function standIn(fk: ForeignKeySpec): Table {
  let t = standIns.get(fk);
  if (t === undefined) {
    const defs: Record<string, ColumnDef<unknown>> = {};
    for (const c of fk.referredColumns) defs[c] = column(types.integer()) as ColumnDef<unknown>;
    t = new Table(fk.referredTable, defs, undefined, fk.referredSchema ? { schema: fk.referredSchema } : {});
    standIns.set(fk, t);
  }
  return t;
}

/** A table holding one index, for CREATE / DROP INDEX. */
export function indexOfSpec(table: string, schema: string | undefined, ix: IndexSpec): Index {
  const defs: Record<string, ColumnDef<unknown>> = {};
  for (const c of ix.columns)
    if (typeof c === 'string') defs[c] = column(types.integer()) as ColumnDef<unknown>;
  const t = new Table(table, defs, undefined, {
    ...(schema === undefined ? {} : { schema }),
    indexes: [indexDeclaration(ix)],
  });
  return t.indexes[0]!;
}

/** A column spec from a declared column. */
export function columnSpecOf(col: Column<unknown>): ColumnSpec {
  return Object.freeze({
    name: col.name,
    type: col.sqlType,
    nullable: col.nullable,
    ...(col.primaryKey ? { primaryKey: true } : {}),
    ...(col.autoincrement ? { autoincrement: true } : { autoincrement: false }),
    ...(col.serverDefault === undefined ? {} : { serverDefault: col.serverDefault }),
    ...(col.comment === undefined ? {} : { comment: col.comment }),
    ...(col.collation === undefined ? {} : { collation: col.collation }),
    ...(col.computed === undefined ? {} : { computed: col.computed }),
    ...(col.identity === undefined ? {} : { identity: col.identity }),
  });
}

/** An index spec from a declared index. */
export function indexSpecOf(ix: Index): IndexSpec {
  return Object.freeze({
    name: ix.name,
    columns: Object.freeze(ix.elements.map((e) => ('sql' in e ? Object.freeze({ sql: e.sql }) : e.name))),
    ...(ix.unique ? { unique: true } : {}),
    ...(ix.where === undefined ? {} : { where: ix.where }),
    ...(ix.using === undefined ? {} : { using: ix.using }),
  });
}

/** A table spec from a declared table (its indexes included). */
export function tableSpecOf(table: Table): TableSpec {
  return Object.freeze({
    name: table.name,
    ...(table.schema === undefined ? {} : { schema: table.schema }),
    columns: Object.freeze(table.columns.map(columnSpecOf)),
    primaryKey: Object.freeze(table.primaryKey.map((c) => c.name)),
    foreignKeys: Object.freeze(
      table.foreignKeys.map((fk) =>
        Object.freeze({
          ...(fk.name === undefined ? {} : { name: fk.name }),
          columns: Object.freeze(fk.columns.map((c) => c.name)),
          referredTable: fk.referredTable.name,
          ...(fk.referredTable.schema === undefined ? {} : { referredSchema: fk.referredTable.schema }),
          referredColumns: Object.freeze(fk.referredColumns.map((c) => c.name)),
          ...(fk.onDelete === undefined ? {} : { onDelete: fk.onDelete }),
          ...(fk.onUpdate === undefined ? {} : { onUpdate: fk.onUpdate }),
        }),
      ),
    ),
    uniques: Object.freeze(
      table.uniques.map((u) =>
        Object.freeze({
          ...(u.name === undefined ? {} : { name: u.name }),
          columns: Object.freeze(u.columns.map((c) => c.name)),
        }),
      ),
    ),
    checks: Object.freeze(
      table.checks.map((c) =>
        Object.freeze({ ...(c.name === undefined ? {} : { name: c.name }), sql: c.sql }),
      ),
    ),
    indexes: Object.freeze(table.indexes.map(indexSpecOf)),
    ...(table.comment === undefined ? {} : { comment: table.comment }),
    ...(Object.keys(table.sqlite).length ? { sqlite: table.sqlite } : {}),
  });
}

/** A column spec from a reflected column; its default is SQL text, as the database shows it. */
export function columnSpecOfReflected(c: ReflectedColumn, primaryKey: boolean): ColumnSpec {
  return Object.freeze({
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    ...(primaryKey ? { primaryKey: true } : {}),
    autoincrement: c.autoincrement,
    ...(c.default === undefined ? {} : { serverDefault: sqlDefault(c.default) }),
    ...(c.comment === undefined ? {} : { comment: c.comment }),
    ...(c.collation === undefined ? {} : { collation: c.collation }),
    ...(c.computed === undefined ? {} : { computed: c.computed }),
    ...(c.identity === undefined ? {} : { identity: c.identity }),
  });
}

/** A foreign key spec from a reflected key, named as the database names it. */
export function foreignKeySpecOfReflected(fk: ReflectedForeignKey): ForeignKeySpec {
  return Object.freeze({
    ...(fk.name === undefined ? {} : { name: fk.name }),
    columns: fk.columns,
    referredTable: fk.referredTable,
    ...(fk.referredSchema === undefined ? {} : { referredSchema: fk.referredSchema }),
    referredColumns: fk.referredColumns,
    ...(fk.onDelete === undefined ? {} : { onDelete: fk.onDelete }),
    ...(fk.onUpdate === undefined ? {} : { onUpdate: fk.onUpdate }),
  });
}

/** An index spec from a reflected index. */
export function indexSpecOfReflected(ix: ReflectedIndex): IndexSpec {
  return Object.freeze({
    name: ix.name,
    columns: ix.elements,
    ...(ix.unique ? { unique: true } : {}),
    ...(ix.where === undefined ? {} : { where: ix.where }),
    ...(ix.using === undefined ? {} : { using: ix.using }),
  });
}

/**
 * A table spec from a reflected table: what a SQLite rebuild starts from. Defaults come back as
 * the SQL text the database shows, so they are kept as SQL.
 */
export function tableSpecOfReflected(t: ReflectedTable): TableSpec {
  const pk = t.primaryKey?.columns ?? [];
  return Object.freeze({
    name: t.name,
    ...(t.schema === undefined ? {} : { schema: t.schema }),
    columns: Object.freeze(t.columns.map((c) => columnSpecOfReflected(c, pk.includes(c.name)))),
    primaryKey: Object.freeze([...pk]),
    foreignKeys: Object.freeze(t.foreignKeys.map((fk) => foreignKeySpecOfReflected(fk))),
    uniques: Object.freeze(
      t.uniques.map((u) =>
        Object.freeze({ ...(u.name === undefined ? {} : { name: u.name }), columns: u.columns }),
      ),
    ),
    checks: Object.freeze(
      t.checks.map((c) => Object.freeze({ ...(c.name === undefined ? {} : { name: c.name }), sql: c.sql })),
    ),
    indexes: Object.freeze(t.indexes.filter((ix) => !ix.implicit).map(indexSpecOfReflected)),
    ...(t.comment === undefined ? {} : { comment: t.comment }),
    ...(Object.keys(t.sqlite).length ? { sqlite: t.sqlite } : {}),
  });
}
