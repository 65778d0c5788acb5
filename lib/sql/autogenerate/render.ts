/**
 * Migration operations as TypeScript: each operation one `op.<kind>(…)` call where a named method
 * records it exactly, else one `op.add({ … })` statement, with its
 * types written as `op.types.…(…)` factory calls and SQL defaults as `op.sqlDefault('…')`, so the
 * file records exactly the data autogenerate planned and reads like the schema it changes.
 */
import { ArgumentError } from '../../errors';
import type { ColumnSpec, MigrationOperation, TableSpec } from '../migration/operations';
import { SqlType, isKind } from '../types/sql-type';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript string literal. */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

function options(entries: Record<string, unknown>): string {
  const parts = Object.entries(entries)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => `${k}: ${renderValue(v, '')}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '';
}

/** A column type as the factory call that makes it. */
export function renderType(type: SqlType<unknown>, factory = 'op.types'): string {
  const t = factory;
  if (isKind(type, 'integer')) return `${t}.integer(${options({ unsigned: type.unsigned })})`;
  if (isKind(type, 'smallInteger')) return `${t}.smallInteger(${options({ unsigned: type.unsigned })})`;
  if (isKind(type, 'bigInteger'))
    return `${t}.bigInteger(${options({ mode: type.mode === 'bigint' ? undefined : type.mode, unsigned: type.unsigned })})`;
  if (isKind(type, 'float')) return `${t}.float()`;
  if (isKind(type, 'numeric')) {
    if (type.precision === undefined) return `${t}.numeric()`;
    return `${t}.numeric(${type.precision}, ${type.scale ?? 0}${type.asNumber ? ', { asNumber: true }' : ''})`;
  }
  if (isKind(type, 'string')) return `${t}.string(${type.length ?? ''})`;
  if (isKind(type, 'text')) return `${t}.text()`;
  if (isKind(type, 'uuid')) return `${t}.uuid()`;
  if (isKind(type, 'boolean')) return `${t}.boolean()`;
  if (isKind(type, 'date')) return `${t}.date()`;
  if (isKind(type, 'time')) return `${t}.time()`;
  if (isKind(type, 'json')) return `${t}.json()`;
  if (isKind(type, 'dateTime'))
    return `${t}.dateTime(${options({ timezone: type.timezone, precision: type.precision })})`;
  if (isKind(type, 'binary')) return `${t}.binary(${type.length ?? ''})`;
  if (isKind(type, 'array')) return `${t}.array(${renderType(type.item, factory)})`;
  if (isKind(type, 'enum')) {
    const values = `[${type.values.map(tsString).join(', ')}]`;
    const renamed = 'renamedValues' in type ? (type.renamedValues as Record<string, string>) : {};
    const opts = options({
      name: type.typeName,
      renamedValues: Object.keys(renamed).length ? renamed : undefined,
    });
    return `${t}.enum(${values}${opts ? `, ${opts}` : ''})`;
  }
  if (isKind(type, 'custom')) {
    const affinity = type.affinity === 'other' ? '' : `, { affinity: ${tsString(type.affinity)} }`;
    return `${t}.custom(${tsString(type.sql)}${affinity})`;
  }
  throw new ArgumentError(`autogenerate cannot write a column of type '${type.name}' into a migration`);
}

function isSqlDefault(v: object): v is { kind: 'SqlDefault'; sql: string } {
  return (v as { kind?: unknown }).kind === 'SqlDefault' && typeof (v as { sql?: unknown }).sql === 'string';
}

/** A value of an operation as TypeScript, indented for nesting. */
export function renderValue(v: unknown, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return tsString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof SqlType) return renderType(v as SqlType<unknown>);
  if (Array.isArray(v)) {
    const items = v.map((x) => renderValue(x, `${indent}  `));
    const flat = `[${items.join(', ')}]`;
    return flat.length + indent.length <= 100 && !flat.includes('\n')
      ? flat
      : `[\n${items.map((x) => `${indent}  ${x},`).join('\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    if (isSqlDefault(v)) return `op.sqlDefault(${tsString(v.sql)})`;
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    const items = entries.map(
      ([k, x]) => `${IDENTIFIER.test(k) ? k : tsString(k)}: ${renderValue(x, `${indent}  `)}`,
    );
    const flat = `{ ${items.join(', ')} }`;
    return flat.length + indent.length <= 100 && !flat.includes('\n')
      ? flat
      : `{\n${items.map((x) => `${indent}  ${x},`).join('\n')}\n${indent}}`;
  }
  throw new ArgumentError(`autogenerate cannot write ${typeof v} values into a migration`);
}

/**
 * The named `op` methods an operation can be written with: its positional arguments (fields of
 * the operation, in order) and the fields its options object takes. An operation with a field
 * outside both (or a positional one missing) is written as `op.add({ … })`, which takes anything.
 */
const NAMED: Readonly<
  Record<string, { readonly args: readonly string[]; readonly options: readonly string[] }>
> = {
  dropTable: { args: ['table'], options: ['schema', 'existing'] },
  renameTable: { args: ['table', 'newName'], options: ['schema'] },
  alterColumn: {
    args: ['table', 'column'],
    options: [
      'schema',
      'allowDestructive',
      'type',
      'nullable',
      'serverDefault',
      'comment',
      'collation',
      'computed',
      'using',
      'existingType',
      'existingNullable',
      'existingServerDefault',
      'existingComment',
      'existingCollation',
      'existingComputed',
    ],
  },
  renameColumn: { args: ['table', 'column', 'newName'], options: ['schema'] },
  dropIndex: { args: ['name', 'table'], options: ['schema', 'existing', 'concurrently'] },
  dropUnique: { args: ['name', 'table'], options: ['schema', 'existing'] },
  dropForeignKey: { args: ['name', 'table'], options: ['schema', 'existing'] },
  dropCheck: { args: ['name', 'table'], options: ['schema', 'existing'] },
  alterPrimaryKey: {
    args: ['table', 'columns'],
    options: ['schema', 'allowDestructive', 'name', 'existing'],
  },
  alterTableComment: {
    args: ['table', 'comment'],
    options: ['schema', 'allowDestructive', 'existingComment'],
  },
  validateConstraint: { args: ['name', 'table'], options: ['schema'] },
  createEnum: { args: ['name', 'values'], options: ['schema'] },
  dropEnum: { args: ['name'], options: ['schema', 'existing'] },
  addEnumValue: { args: ['name', 'value'], options: ['schema', 'before', 'after'] },
  renameEnumValue: { args: ['name', 'value', 'newValue'], options: ['schema'] },
  recreateEnum: { args: ['name', 'values'], options: ['schema', 'allowDestructive', 'existing', 'columns'] },
  execute: { args: ['sql'], options: ['reverseSql'] },
};

/** Options whose method requires them (the others take `{}` by default). */
const REQUIRED_OPTIONS: Readonly<Record<string, string>> = {
  alterPrimaryKey: 'existing',
  recreateEnum: 'existing',
};

/** An operation as the named `op` call that records it, or undefined where only `op.add` can. */
function renderNamed(op: MigrationOperation, indent: string): string | undefined {
  const shape = NAMED[op.kind];
  if (shape === undefined) return undefined;
  const fields = Object.entries(op).filter(([k, v]) => k !== 'kind' && v !== undefined);
  const byName = new Map(fields);
  if (shape.args.some((a) => !byName.has(a))) return undefined;
  if (fields.some(([k]) => !shape.args.includes(k) && !shape.options.includes(k))) return undefined;
  const required = REQUIRED_OPTIONS[op.kind];
  if (required !== undefined && !byName.has(required)) return undefined;
  const options = Object.fromEntries(fields.filter(([k]) => shape.options.includes(k)));
  const args = shape.args.map((a) => renderValue(byName.get(a), indent));
  if (Object.keys(options).length) args.push(renderValue(options, indent));
  return `op.${op.kind}(${args.join(', ')})`;
}

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

/** The operation with its table specs made concise (what createTable and a drop's inverse compile from). */
function concise(op: MigrationOperation): MigrationOperation {
  if (op.kind === 'createTable') return { ...op, spec: conciseTableSpec(op.spec) };
  if (op.kind === 'dropTable' && op.existing !== undefined)
    return { ...op, existing: conciseTableSpec(op.existing) };
  return op;
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
function renderColumnDef(spec: ColumnSpec, indent: string): string | undefined {
  if (Object.keys(spec).some((k) => !COLUMN_FIELDS.has(k))) return undefined;
  const { name: _name, type, ...options } = conciseTableSpec({ name: 'column', columns: [spec] }).columns[0]!;
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length
    ? `op.column(${renderType(type)}, ${renderValue(defined, indent)})`
    : `op.column(${renderType(type)})`;
}

/** `op.addColumn(table, name, op.column(…))` and `op.createIndex(name, table, columns, {…})`. */
function renderColumnOrIndex(op: MigrationOperation, indent: string): string | undefined {
  if ('allowDestructive' in op && op.allowDestructive !== undefined) return undefined;
  const schema = 'schema' in op && op.schema !== undefined ? { schema: op.schema } : {};
  if (op.kind === 'addColumn') {
    const def = renderColumnDef(op.column, indent);
    if (def === undefined || Object.keys(op).some((k) => !['kind', 'table', 'schema', 'column'].includes(k)))
      return undefined;
    const tail = Object.keys(schema).length ? `, ${renderValue(schema, indent)}` : '';
    return `op.addColumn(${tsString(op.table)}, ${tsString(op.column.name)}, ${def}${tail})`;
  }
  if (op.kind === 'createIndex') {
    if (Object.keys(op).some((k) => !['kind', 'table', 'schema', 'index', 'concurrently'].includes(k)))
      return undefined;
    const { name, columns, ...rest } = op.index;
    if (Object.keys(rest).some((k) => !['unique', 'where', 'using'].includes(k))) return undefined;
    const options = Object.fromEntries(
      Object.entries({ ...schema, ...rest, concurrently: op.concurrently }).filter(
        ([, v]) => v !== undefined && v !== false,
      ),
    );
    const args = [tsString(name), tsString(op.table), renderValue(columns, indent)];
    if (Object.keys(options).length) args.push(renderValue(options, indent));
    return `op.createIndex(${args.join(', ')})`;
  }
  return undefined;
}

/** One operation as a statement: the named `op` method where one records it exactly, else `op.add`. */
export function renderOperation(op: MigrationOperation, indent = ''): string {
  const short = concise(op);
  const named = renderNamed(short, indent) ?? renderColumnOrIndex(short, indent);
  return `${indent}${named ?? `op.add(${renderValue(short, indent)})`};`;
}

/** The statements of an `upgrade(op)` or `downgrade(op)` body, one per operation. */
export function renderOperations(ops: readonly MigrationOperation[], indent = ''): string {
  return ops.map((op) => renderOperation(op, indent)).join('\n');
}

export interface MigrationFileParts {
  readonly message: string;
  readonly upgrade: readonly MigrationOperation[];
  /** The downgrade's operations, or why there is none. */
  readonly downgrade: readonly MigrationOperation[] | { readonly reason: string };
  /** Lines for the author (what autogenerate could not express), written as comments. */
  readonly notes?: readonly string[];
}

/** The `upgrade` and `downgrade` bodies (without braces, not indented) of a migration file. */
export function renderBodies(parts: MigrationFileParts): { upgrade: string; downgrade: string } {
  const notes = (parts.notes ?? []).map((n) => `// TODO(autogenerate): ${n.replace(/\n/g, ' ')}`);
  const upgrade = [...notes, renderOperations(parts.upgrade)].filter((s) => s !== '').join('\n');
  const downgrade = Array.isArray(parts.downgrade)
    ? renderOperations(parts.downgrade as readonly MigrationOperation[])
    : `throw new Error(${tsString(`irreversible: ${(parts.downgrade as { reason: string }).reason}`)});`;
  return { upgrade, downgrade };
}
