/**
 * An operation applied to a table spec: the table's shape after it. The SQLite rebuild computes
 * the new table this way; autogenerate and tests can use it to predict a migration's result.
 */
import { ArgumentError } from '../../errors';
import type * as o from './operations';

function column(spec: o.TableSpec, name: string, what: string): o.ColumnSpec {
  const col = spec.columns.find((c) => c.name === name);
  if (col === undefined) throw new ArgumentError(`${what}: table '${spec.name}' has no column '${name}'`);
  return col;
}

function without<T extends { readonly name?: string }>(list: readonly T[] | undefined, name: string): T[] {
  return (list ?? []).filter((x) => x.name !== name);
}

function renamed(list: readonly string[], from: string, to: string): string[] {
  return list.map((c) => (c === from ? to : c));
}

/** The table after one operation of a batch. */
export function applyToTableSpec(spec: o.TableSpec, op: o.BatchableOp): o.TableSpec {
  switch (op.kind) {
    case 'addColumn':
      return { ...spec, columns: [...spec.columns, op.column] };
    case 'dropColumn': {
      column(spec, op.column, 'dropColumn');
      const uses = (cols: readonly (string | { sql: string })[]) => cols.includes(op.column);
      return {
        ...spec,
        columns: spec.columns.filter((c) => c.name !== op.column),
        ...(spec.primaryKey ? { primaryKey: spec.primaryKey.filter((c) => c !== op.column) } : {}),
        indexes: (spec.indexes ?? []).filter((ix) => !uses(ix.columns)),
        uniques: (spec.uniques ?? []).filter((u) => !uses(u.columns)),
        foreignKeys: (spec.foreignKeys ?? []).filter((fk) => !uses(fk.columns)),
      };
    }
    case 'alterColumn': {
      const before = column(spec, op.column, 'alterColumn');
      const after: o.ColumnSpec = {
        ...before,
        ...(op.type === undefined ? {} : { type: op.type }),
        ...(op.nullable === undefined ? {} : { nullable: op.nullable }),
        ...(op.comment === undefined
          ? {}
          : op.comment === null
            ? { comment: undefined }
            : { comment: op.comment }),
        ...(op.collation === undefined
          ? {}
          : op.collation === null
            ? { collation: undefined }
            : { collation: op.collation }),
        ...(op.computed === undefined ? {} : { computed: op.computed }),
      };
      const withDefault =
        op.serverDefault === undefined
          ? after
          : op.serverDefault === null
            ? dropKey(after, 'serverDefault')
            : { ...after, serverDefault: op.serverDefault };
      return { ...spec, columns: spec.columns.map((c) => (c === before ? withDefault : c)) };
    }
    case 'renameColumn': {
      column(spec, op.column, 'renameColumn');
      const r = (cols: readonly string[]) => renamed(cols, op.column, op.newName);
      return {
        ...spec,
        columns: spec.columns.map((c) => (c.name === op.column ? { ...c, name: op.newName } : c)),
        ...(spec.primaryKey ? { primaryKey: r(spec.primaryKey) } : {}),
        indexes: (spec.indexes ?? []).map((ix) => ({
          ...ix,
          columns: ix.columns.map((c) => (c === op.column ? op.newName : c)),
        })),
        uniques: (spec.uniques ?? []).map((u) => ({ ...u, columns: r(u.columns) })),
        foreignKeys: (spec.foreignKeys ?? []).map((fk) => ({ ...fk, columns: r(fk.columns) })),
      };
    }
    case 'createIndex':
      return { ...spec, indexes: [...(spec.indexes ?? []), op.index] };
    case 'dropIndex':
      return { ...spec, indexes: without(spec.indexes, op.name) };
    case 'addUnique':
      return { ...spec, uniques: [...(spec.uniques ?? []), op.unique] };
    case 'dropUnique': {
      if (op.name !== undefined) return { ...spec, uniques: without(spec.uniques, op.name) };
      const columns = (op.existing?.columns ?? []).join('\u0000');
      return { ...spec, uniques: withoutFirst(spec.uniques, (u) => u.columns.join('\u0000') === columns) };
    }
    case 'addForeignKey':
      return { ...spec, foreignKeys: [...(spec.foreignKeys ?? []), op.foreignKey] };
    case 'dropForeignKey':
      return { ...spec, foreignKeys: without(spec.foreignKeys, op.name) };
    case 'addCheck':
      return { ...spec, checks: [...(spec.checks ?? []), op.check] };
    case 'dropCheck': {
      if (op.name !== undefined) return { ...spec, checks: without(spec.checks, op.name) };
      const sql = sqlKey(op.existing?.sql ?? '');
      return {
        ...spec,
        checks: withoutFirst(spec.checks, (c) => c.name === undefined && sqlKey(c.sql) === sql),
      };
    }
    case 'alterPrimaryKey':
      return {
        ...spec,
        columns: spec.columns.map((c) => {
          if (!c.primaryKey) return c;
          // The key moves to the table's list; a column leaving it keeps its NOT NULL.
          const { primaryKey: _pk, ...rest } = c;
          return { ...rest, nullable: c.nullable ?? false };
        }),
        primaryKey: op.columns,
      };
  }
}

/** The list without its first element matching: an unnamed constraint is found by what it says. */
function withoutFirst<T>(list: readonly T[] | undefined, matches: (x: T) => boolean): T[] {
  const items = [...(list ?? [])];
  const i = items.findIndex(matches);
  if (i >= 0) items.splice(i, 1);
  return items;
}

/** A CHECK's text compared without case, spaces or outer parentheses. */
function sqlKey(sql: string): string {
  return sql
    .replace(/\s+/g, '')
    .replace(/^\((.*)\)$/, '$1')
    .toLowerCase();
}

function dropKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
