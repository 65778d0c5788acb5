/**
 * Migration operations as TypeScript: each operation one `op.<kind>(…)` call where a named method
 * records it exactly, else one `op.add({ … })` statement, with its
 * types written as `op.types.…(…)` factory calls and SQL defaults as `op.sqlDefault('…')`, so the
 * file records exactly the data autogenerate planned and reads like the schema it changes.
 */
import type { MigrationOperation } from '../migration/operations';
import { call, conciseTableSpec, renderBatch, renderColumnDef, renderCreateTable } from './render-table';
import { renderValue, tsString } from './render-values';

export { conciseTableSpec } from './render-table';
export { renderType, renderValue, tsString } from './render-values';

/**
 * The named `op` methods an operation can be written with: its positional arguments (fields of
 * the operation, in order) and the fields its options object takes. An operation with a field
 * outside both (or a positional one missing) is written as `op.add({ … })`, which takes anything.
 */
const NAMED: Readonly<
  Record<string, { readonly args: readonly string[]; readonly options: readonly string[] }>
> = {
  dropTable: { args: ['table'], options: ['schema', 'existing', 'allowDestructive'] },
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
  dropEnum: { args: ['name'], options: ['schema', 'existing', 'allowDestructive'] },
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

/** The operation with its table specs made concise (what createTable and a drop's inverse compile from). */
function concise(op: MigrationOperation): MigrationOperation {
  if (op.kind === 'createTable') return { ...op, spec: conciseTableSpec(op.spec) };
  if (op.kind === 'dropTable' && op.existing !== undefined)
    return { ...op, existing: conciseTableSpec(op.existing) };
  return op;
}

/**
 * `op.addColumn` / `op.dropColumn` with `op.column(…)` definitions, `op.createIndex`, and the
 * constraint creations, whose methods take their specs as positional arguments.
 */
function renderPositional(op: MigrationOperation, indent: string): string | undefined {
  const fields = (...names: string[]): boolean =>
    Object.entries(op).every(
      ([k, v]) => v === undefined || ['kind', 'table', 'schema', ...names].includes(k),
    );
  const schema = 'schema' in op ? op.schema : undefined;
  const r = (v: unknown): string => renderValue(v, indent);
  switch (op.kind) {
    case 'addColumn': {
      const def = fields('column') ? renderColumnDef(op.column, indent) : undefined;
      return (
        def && call(`op.addColumn`, [tsString(op.table), tsString(op.column.name), def], { schema }, indent)
      );
    }
    case 'dropColumn': {
      if (!fields('column', 'existing', 'allowDestructive')) return undefined;
      const def = op.existing?.name === op.column ? renderColumnDef(op.existing, indent) : undefined;
      if (op.existing !== undefined && def === undefined) return undefined;
      const opts = [
        ...(schema === undefined ? [] : [`schema: ${tsString(schema)}`]),
        ...(def === undefined ? [] : [`existing: ${def}`]),
        ...(op.allowDestructive ? ['allowDestructive: true'] : []),
      ];
      return `op.dropColumn(${tsString(op.table)}, ${tsString(op.column)}${opts.length ? `, { ${opts.join(', ')} }` : ''})`;
    }
    case 'createIndex': {
      const { name, columns, ...rest } = op.index;
      if (
        !fields('index', 'concurrently') ||
        Object.keys(rest).some((k) => !['unique', 'where', 'using'].includes(k))
      )
        return undefined;
      const options = { schema, ...rest, concurrently: op.concurrently };
      return call('op.createIndex', [tsString(name), tsString(op.table), r(columns)], options, indent);
    }
    case 'addUnique':
      if (!fields('unique') || op.unique.name === undefined || Object.keys(op.unique).length !== 2)
        return undefined;
      return call(
        'op.createUnique',
        [tsString(op.unique.name), tsString(op.table), r(op.unique.columns)],
        { schema },
        indent,
      );
    case 'addCheck':
      if (!fields('check', 'notValid') || op.check.name === undefined || Object.keys(op.check).length !== 2)
        return undefined;
      return call(
        'op.createCheck',
        [tsString(op.check.name), tsString(op.table), tsString(op.check.sql)],
        {
          schema,
          notValid: op.notValid,
        },
        indent,
      );
    case 'addForeignKey': {
      const { name, columns, referredTable, referredColumns, ...rest } = op.foreignKey;
      if (
        !fields('foreignKey', 'notValid') ||
        Object.keys(rest).some((k) => !['referredSchema', 'onDelete', 'onUpdate'].includes(k))
      )
        return undefined;
      const args = [
        tsString(name),
        tsString(op.table),
        tsString(referredTable),
        r(columns),
        r(referredColumns),
      ];
      return call('op.createForeignKey', args, { schema, ...rest, notValid: op.notValid }, indent);
    }
    case 'createTable':
      return renderCreateTable(op, indent);
    case 'batch':
      return renderBatch(op, indent);
    default:
      return undefined;
  }
}

/** One operation as a statement: the named `op` method where one records it exactly, else `op.add`. */
export function renderOperation(op: MigrationOperation, indent = ''): string {
  const short = concise(op);
  const named = renderNamed(short, indent) ?? renderPositional(short, indent);
  return `${indent}${named ?? `op.add(${renderValue(short, indent)})`};`;
}

/** The statements of an `upgrade(op)` or `downgrade(op)` body, one per operation. */
export function renderOperations(ops: readonly MigrationOperation[], indent = ''): string {
  return ops.map((op) => renderOperation(op, indent)).join('\n');
}

/** What `renderBodies()` renders. */
export interface MigrationFileParts {
  /** The revision's message. */
  readonly message: string;
  /** The upgrade's operations. */
  readonly upgrade: readonly MigrationOperation[];
  /** The downgrade's operations, or why there is none. */
  readonly downgrade:
    | readonly MigrationOperation[]
    | {
        /** Why the upgrade cannot be undone. */
        readonly reason: string;
      };
  /** Lines for the author (what autogenerate could not express), written as comments. */
  readonly notes?: readonly string[];
}

/** The `upgrade` and `downgrade` bodies (without braces, not indented) of a migration file. */
export function renderBodies(parts: MigrationFileParts): {
  /** The body of `upgrade(op)`. */
  upgrade: string;
  /** The body of `downgrade(op)`. */
  downgrade: string;
} {
  const notes = (parts.notes ?? []).map((n) => `// TODO(autogenerate): ${n.replace(/\n/g, ' ')}`);
  const upgrade = [...notes, renderOperations(parts.upgrade)].filter((s) => s !== '').join('\n');
  const downgrade = Array.isArray(parts.downgrade)
    ? renderOperations(parts.downgrade as readonly MigrationOperation[])
    : `throw new Error(${tsString(`irreversible: ${(parts.downgrade as { reason: string }).reason}`)});`;
  return { upgrade, downgrade };
}
