/**
 * createTable and batch operations as the `op` calls that record them: `op.createTable(name,
 * { column: op.column(…), … }, { primaryKey, foreignKeys, … })` and `op.batchAlterTable(table,
 * (b) => { b.…; })`. Each renderer gives undefined where its call could not record the operation
 * exactly (the caller then writes `op.add({ … })`, which takes anything).
 */
import type * as o from '../migration/operations';
import type { ColumnSpec, TableSpec } from '../migration/operations';
import { renderType, renderValue, tsString } from './render-values';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A table spec without what its compilation implies anyway, so a generated createTable reads as
 * written by hand: `nullable` where it is the default (true, false for key columns),
 * `autoincrement` where `column()` would infer the same (a lone integer key), the key list where
 * the columns' `primaryKey` flags say it, and empty lists.
 */
export function conciseTableSpec(spec: TableSpec): TableSpec {
  const flagged = spec.columns.filter((c) => c.primaryKey === true).map((c) => c.name);
  const keys = spec.primaryKey ?? flagged;
  const lone = keys.length === 1;
  const columns = spec.columns.map((c) => {
    const isKey = keys.includes(c.name);
    const implied = isKey && lone && ['integer', 'bigint'].includes(c.type.affinity);
    const { nullable, autoincrement, ...rest } = c;
    return {
      ...rest,
      ...(nullable === undefined || nullable === !isKey ? {} : { nullable }),
      ...(autoincrement === undefined || autoincrement === implied ? {} : { autoincrement }),
    } as ColumnSpec;
  });
  const sameKeys = spec.primaryKey !== undefined && spec.primaryKey.join('\u0000') === flagged.join('\u0000');
  const out: Record<string, unknown> = { ...spec, columns };
  if (sameKeys) delete out['primaryKey'];
  for (const list of ['foreignKeys', 'uniques', 'checks', 'indexes'] as const) {
    if ((spec[list]?.length ?? 1) === 0) delete out[list];
  }
  return out as unknown as TableSpec;
}

const COLUMN_FIELDS = new Set([
  'name',
  'type',
  'nullable',
  'primaryKey',
  'autoincrement',
  'serverDefault',
  'comment',
  'collation',
  'computed',
  'identity',
]);

/**
 * A column spec as the `op.column(type, options)` call that `op.addColumn` reads back to the same
 * spec (a column alone in its table: what `column()` infers for it is left out), or undefined
 * when the spec holds something `column()` does not take.
 */
export function renderColumnDef(spec: ColumnSpec, indent: string): string | undefined {
  if (Object.keys(spec).some((k) => !COLUMN_FIELDS.has(k))) return undefined;
  const { name: _name, type, ...options } = conciseTableSpec({ name: 'column', columns: [spec] }).columns[0]!;
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length
    ? `op.column(${renderType(type)}, ${renderValue(defined, indent)})`
    : `op.column(${renderType(type)})`;
}

/** Flags whose `false` says what leaving them out says. */
const FLAGS = new Set(['unique', 'concurrently', 'notValid', 'allowDestructive']);

/** An object without the entries a call leaves out: undefined ones and flags that are false. */
function set(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entries).filter(([k, v]) => v !== undefined && !(v === false && FLAGS.has(k))),
  );
}

/** Whether the object sets a field outside `allowed` (which only `op.add` could record). */
function extra(value: object, allowed: readonly string[]): boolean {
  return Object.entries(value).some(([k, v]) => v !== undefined && !allowed.includes(k));
}

/** `name(args…, { options })`, the options left out when none is set. */
export function call(
  name: string,
  args: readonly string[],
  options: Record<string, unknown>,
  indent: string,
): string {
  const opts = set(options);
  const all = Object.keys(opts).length ? [...args, renderValue(opts, indent)] : args;
  return `${name}(${all.join(', ')})`;
}

/** `op.column(type, { … })` for a column of a table whose spec is already concise. */
function columnCall(spec: ColumnSpec, indent: string): string | undefined {
  if (Object.keys(spec).some((k) => !COLUMN_FIELDS.has(k))) return undefined;
  const { name: _name, type, ...options } = spec;
  return call('op.column', [renderType(type)], options, indent);
}

/** A foreign key as createTable's option takes it: targets as 'table.column' strings. */
function foreignKeyOption(fk: o.ForeignKeySpec): Record<string, unknown> | undefined {
  const path = [fk.referredSchema, fk.referredTable].filter((p) => p !== undefined);
  // The targets are split at dots: names holding one cannot be written that way.
  if ([...path, ...fk.referredColumns].some((p) => p.includes('.'))) return undefined;
  if (
    extra(fk, [
      'name',
      'columns',
      'referredTable',
      'referredSchema',
      'referredColumns',
      'onDelete',
      'onUpdate',
    ])
  )
    return undefined;
  return set({
    name: fk.name,
    columns: fk.columns,
    references: fk.referredColumns.map((c) => [...path, c].join('.')),
    onDelete: fk.onDelete,
    onUpdate: fk.onUpdate,
  });
}

/** `op.createTable(name, { column: op.column(…), … }, { … })` for a concise table spec. */
export function renderCreateTable(op: o.CreateTableOp, indent: string): string | undefined {
  const spec = op.spec;
  const { name: _n, schema: _s, columns: _c, primaryKey: _p, foreignKeys: _f, ...more } = spec;
  const { uniques: _u, checks: _k, indexes: _i, comment: _m, sqlite: _o, ...unknown } = more;
  if (extra(op, ['kind', 'spec']) || Object.values(unknown).some((v) => v !== undefined)) return undefined;
  if (spec.primaryKey !== undefined) {
    // The table orders its key as its columns, flagged or listed: another order only op.add keeps.
    const keyed = spec.columns.filter((c) => c.primaryKey === true || spec.primaryKey!.includes(c.name));
    if (keyed.map((c) => c.name).join('\u0000') !== spec.primaryKey.join('\u0000')) return undefined;
  }
  const inner = `${indent}  `;
  const columns: string[] = [];
  for (const c of spec.columns) {
    const def = columnCall(c, inner);
    if (def === undefined) return undefined;
    columns.push(`${inner}${IDENTIFIER.test(c.name) ? c.name : tsString(c.name)}: ${def},`);
  }
  const foreignKeys = (spec.foreignKeys ?? []).map(foreignKeyOption);
  if (foreignKeys.some((fk) => fk === undefined)) return undefined;
  if ((spec.indexes ?? []).some((ix) => extra(ix, ['name', 'columns', 'unique', 'where', 'using'])))
    return undefined;
  const options = set({
    schema: spec.schema,
    primaryKey: spec.primaryKey,
    foreignKeys: foreignKeys.length ? foreignKeys : undefined,
    uniques: spec.uniques?.length ? spec.uniques : undefined,
    checks: spec.checks?.length ? spec.checks : undefined,
    indexes: spec.indexes?.length ? spec.indexes.map((ix) => set({ ...ix })) : undefined,
    comment: spec.comment,
    sqlite: spec.sqlite !== undefined && Object.keys(spec.sqlite).length ? spec.sqlite : undefined,
  });
  const tail = Object.keys(options).length ? `, ${renderValue(options, indent)}` : '';
  return `op.createTable(${tsString(spec.name)}, {\n${columns.join('\n')}\n${indent}}${tail})`;
}

/** One operation of a batch as the builder's call (without the `b.`), or undefined. */
function batchCall(x: o.BatchableOp, indent: string): string | undefined {
  const only = (...fields: string[]): boolean => !extra(x, ['kind', 'table', 'schema', ...fields]);
  const name = (n: string | undefined): string | undefined => (n === undefined ? undefined : tsString(n));
  switch (x.kind) {
    case 'addColumn': {
      const def = only('column') ? renderColumnDef(x.column, indent) : undefined;
      return def && `addColumn(${tsString(x.column.name)}, ${def})`;
    }
    case 'dropColumn': {
      if (!only('column', 'existing', 'allowDestructive')) return undefined;
      const existing =
        x.existing && x.existing.name === x.column ? renderColumnDef(x.existing, indent) : undefined;
      if (x.existing !== undefined && existing === undefined) return undefined;
      const opts = set({ allowDestructive: x.allowDestructive });
      const parts = [
        ...(existing ? [`existing: ${existing}`] : []),
        ...Object.keys(opts).map((k) => `${k}: true`),
      ];
      return `dropColumn(${tsString(x.column)}${parts.length ? `, { ${parts.join(', ')} }` : ''})`;
    }
    case 'alterColumn': {
      const { kind: _k, table: _t, schema: _s, column, ...changes } = x;
      return call('alterColumn', [tsString(column)], changes, indent);
    }
    case 'renameColumn':
      return only('column', 'newName')
        ? `renameColumn(${tsString(x.column)}, ${tsString(x.newName)})`
        : undefined;
    case 'createIndex': {
      const { name: ix, columns, ...rest } = x.index;
      if (!only('index') || extra(rest, ['unique', 'where', 'using'])) return undefined;
      return call('createIndex', [tsString(ix), renderValue(columns, indent)], rest, indent);
    }
    case 'addUnique':
      if (!only('unique') || x.unique.name === undefined || extra(x.unique, ['name', 'columns']))
        return undefined;
      return `createUnique(${tsString(x.unique.name)}, ${renderValue(x.unique.columns, indent)})`;
    case 'addForeignKey': {
      const { name: fk, columns, referredTable, referredColumns, ...rest } = x.foreignKey;
      if (!only('foreignKey') || extra(rest, ['referredSchema', 'onDelete', 'onUpdate'])) return undefined;
      const args = [tsString(fk), tsString(referredTable), renderValue(columns, indent)];
      return call('createForeignKey', [...args, renderValue(referredColumns, indent)], rest, indent);
    }
    case 'addCheck':
      if (!only('check') || x.check.name === undefined || extra(x.check, ['name', 'sql'])) return undefined;
      return `createCheck(${tsString(x.check.name)}, ${tsString(x.check.sql)})`;
    case 'dropIndex':
    case 'dropUnique':
    case 'dropForeignKey':
    case 'dropCheck': {
      const n = name(x.name);
      if (n === undefined || !only('name', 'existing')) return undefined;
      return call(x.kind, [n], { existing: x.existing }, indent);
    }
    case 'alterPrimaryKey':
      if (!only('columns', 'name', 'existing', 'allowDestructive')) return undefined;
      return call(
        'alterPrimaryKey',
        [renderValue(x.columns, indent)],
        { name: x.name, existing: x.existing, allowDestructive: x.allowDestructive },
        indent,
      );
  }
}

/** `op.batchAlterTable(table, (b) => { b.…; }, { … })`, each operation the builder's call. */
export function renderBatch(op: o.BatchOp, indent: string): string | undefined {
  if (extra(op, ['kind', 'table', 'schema', 'recreate', 'operations', 'existing', 'dependents']))
    return undefined;
  const inner = `${indent}  `;
  const calls: string[] = [];
  for (const x of op.operations) {
    // The builder writes the batch's own table into each operation.
    const c = x.table === op.table && x.schema === op.schema ? batchCall(x, inner) : undefined;
    if (c === undefined) return undefined;
    calls.push(`${inner}b.${c};`);
  }
  const options = set({
    schema: op.schema,
    recreate: op.recreate === 'auto' ? undefined : op.recreate,
    existing: op.existing,
    dependents: op.dependents,
  });
  const tail = Object.keys(options).length ? `, ${renderValue(options, indent)}` : '';
  return `op.batchAlterTable(${tsString(op.table)}, (b) => {\n${calls.join('\n')}\n${indent}}${tail})`;
}
