/**
 * The changes of a comparison as migration operations, in an order the database accepts: enum
 * types first, then renames, removals of keys, new tables (referenced before referencing), column
 * changes, new keys, and the drops last (referencing before referenced). Where the database
 * cannot ALTER a table's constraints (SQLite), a table's changes go into one batch (a rebuild).
 */
import type { Dialect } from '../dialect';
import type {
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedSchema,
  ReflectedTable,
} from '../reflection/model';
import { sqlDefault } from '../schema/schema-options';
import type { Table } from '../schema/table';
import { migrationCompiler } from '../migration/compile';
import type * as o from '../migration/operations';
import { columnSpecOf, indexSpecOf, tableSpecOf, tableSpecOfReflected } from '../migration/specs';
import type { SchemaChange } from './changes';

/** What the operations could not express: each a change the author must write by hand. */
export interface UnexpressedChange {
  readonly table: string | undefined;
  readonly reason: string;
}

export interface PlannedOperations {
  readonly operations: o.MigrationOperation[];
  readonly unexpressed: UnexpressedChange[];
}

const MAX_NAME = 63;

/** A constraint name made from the table and columns, as the naming conventions do. */
export function constraintName(prefix: string, table: string, columns: readonly string[]): string {
  const name = `${prefix}_${table}_${columns.join('_')}`;
  return name.length <= MAX_NAME ? name : name.slice(0, MAX_NAME);
}

function columnSpecOfReflected(c: ReflectedColumn, primaryKey: boolean): o.ColumnSpec {
  return {
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
  };
}

/** Whether the dialect's migration DDL can ALTER a table's constraints in place (SQLite cannot). */
function altersConstraints(dialect: Dialect): boolean {
  try {
    migrationCompiler(dialect).compile({ kind: 'dropCheck', table: 't', name: 'c' });
    return true;
  } catch {
    return false;
  }
}

/** Why the dialect cannot compile `op`, or undefined when it can. */
function refusalOf(dialect: Dialect, op: o.MigrationOperation): string | undefined {
  try {
    migrationCompiler(dialect).compile(op);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The columns of existing tables whose type is the named enum or an array of it, with their
 * defaults (set again after the type change).
 */
function enumColumns(
  reflected: ReflectedSchema,
  name: string,
  changes: readonly SchemaChange[],
): o.EnumColumnRef[] {
  const dropped = new Set(
    changes.flatMap((c) => (c.kind === 'removeTable' ? [c.existing.name.toLowerCase()] : [])),
  );
  const out: o.EnumColumnRef[] = [];
  for (const t of reflected.tables) {
    if (dropped.has(t.name.toLowerCase())) continue;
    for (const col of t.columns) {
      const type = col.dbType.toLowerCase();
      const array = type === `${name.toLowerCase()}[]`;
      if (type !== name.toLowerCase() && !array) continue;
      out.push({
        table: t.name,
        column: col.name,
        ...(array ? { array: true } : {}),
        ...(col.default === undefined ? {} : { serverDefault: sqlDefault(col.default) }),
      });
    }
  }
  return out;
}

/** Tables to create, each after the tables it refers to; foreign keys closing a cycle come later. */
function creationOrder(tables: readonly Table[]): { order: Table[]; deferred: Map<Table, Set<number>> } {
  const pending = new Set(tables);
  const order: Table[] = [];
  const deferred = new Map<Table, Set<number>>();
  const refersToPending = (t: Table, fkIndex: number): boolean => {
    const target = t.foreignKeys[fkIndex]!.referredTable;
    return target !== t && pending.has(target);
  };
  while (pending.size) {
    const ready = [...pending].find((t) => t.foreignKeys.every((_, i) => !refersToPending(t, i)));
    const next = ready ?? [...pending][0]!;
    if (ready === undefined) {
      const later = new Set<number>();
      next.foreignKeys.forEach((_, i) => {
        if (refersToPending(next, i)) later.add(i);
      });
      deferred.set(next, later);
    }
    pending.delete(next);
    order.push(next);
  }
  return { order, deferred };
}

/** Tables to drop, each before the tables it refers to. */
function dropOrder(tables: readonly ReflectedTable[]): ReflectedTable[] {
  const pending = new Set(tables);
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  const order: ReflectedTable[] = [];
  while (pending.size) {
    const referenced = (t: ReflectedTable): boolean =>
      [...pending].some(
        (other) =>
          other !== t && other.foreignKeys.some((fk) => byName.get(fk.referredTable.toLowerCase()) === t),
      );
    const next = [...pending].find((t) => !referenced(t)) ?? [...pending][0]!;
    pending.delete(next);
    order.push(next);
  }
  return order;
}

function foreignKeySpec(table: Table, index: number): o.ForeignKeySpec & { name: string } {
  const spec = tableSpecOf(table).foreignKeys![index]!;
  return { ...spec, name: spec.name ?? constraintName('fk', table.name, spec.columns) };
}

/** Whether trusted SQL text names the column (as a word, quoted or not). */
function mentions(sql: string, column: string): boolean {
  const name = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])${name}($|[^A-Za-z0-9_$])`, 'i').test(sql);
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function indexMentions(
  ix: { columns: readonly (string | { sql: string })[]; where?: string },
  column: string,
) {
  return (
    ix.columns.some((e) => (typeof e === 'string' ? sameName(e, column) : mentions(e.sql, column))) ||
    (ix.where !== undefined && mentions(ix.where, column))
  );
}

/**
 * The indexes and constraints that go with a column the database drops and adds again (a
 * generated column's new expression on PostgreSQL), each dropped before and made again after, so
 * that the migration leaves them (and its downgrade, by the same pairs reversed) as declared.
 * Those the comparison already drops or adds are left to it. Foreign keys of other tables that
 * refer to the column are dropped and made again as they are.
 */
function dependentsOfColumn(
  table: Table,
  column: string,
  existing: ReflectedTable | undefined,
  reflected: ReflectedSchema,
  changes: readonly SchemaChange[],
): [Phase, o.BatchableOp][] {
  const handled = new Set<unknown>();
  for (const ch of changes) {
    if (ch.kind === 'addIndex') handled.add(ch.index);
    else if (ch.kind === 'addUnique') handled.add(ch.unique);
    else if (ch.kind === 'addForeignKey') handled.add(ch.foreignKey);
    else if (ch.kind === 'addCheck') handled.add(ch.check);
    else if (
      ch.kind === 'removeIndex' ||
      ch.kind === 'removeUnique' ||
      ch.kind === 'removeForeignKey' ||
      ch.kind === 'removeCheck'
    )
      handled.add(ch.existing);
  }
  const name = table.name;
  const out: [Phase, o.BatchableOp][] = [];
  if (existing !== undefined) {
    for (const ix of existing.indexes) {
      if (
        ix.implicit ||
        handled.has(ix) ||
        !indexMentions(
          { columns: ix.elements, ...(ix.where === undefined ? {} : { where: ix.where }) },
          column,
        )
      )
        continue;
      out.push([
        'dropKeys',
        { kind: 'dropIndex', table: name, name: ix.name, existing: reflectedIndexSpec(ix) },
      ]);
    }
    for (const u of existing.uniques) {
      if (handled.has(u) || !u.columns.some((c) => sameName(c, column))) continue;
      out.push([
        'dropKeys',
        {
          kind: 'dropUnique',
          table: name,
          ...(u.name === undefined ? {} : { name: u.name }),
          existing: { ...(u.name === undefined ? {} : { name: u.name }), columns: u.columns },
        },
      ]);
    }
    for (const ck of existing.checks) {
      if (handled.has(ck) || !mentions(ck.sql, column)) continue;
      out.push([
        'dropKeys',
        {
          kind: 'dropCheck',
          table: name,
          ...(ck.name === undefined ? {} : { name: ck.name }),
          existing: { ...(ck.name === undefined ? {} : { name: ck.name }), sql: ck.sql },
        },
      ]);
    }
    for (const fk of existing.foreignKeys) {
      if (handled.has(fk) || !fk.columns.some((c) => sameName(c, column))) continue;
      out.push([
        'dropKeys',
        {
          kind: 'dropForeignKey',
          table: name,
          name: fk.name ?? constraintName('fk', name, fk.columns),
          existing: reflectedForeignKeySpec(fk),
        },
      ]);
    }
  }
  table.indexes.forEach((ix) => {
    const spec = indexSpecOf(ix);
    if (!handled.has(ix) && indexMentions(spec, column))
      out.push(['addKeys', { kind: 'createIndex', table: name, index: spec }]);
  });
  for (const u of table.uniques) {
    const columns = u.columns.map((c) => c.name);
    if (handled.has(u) || !columns.some((c) => sameName(c, column))) continue;
    out.push([
      'addKeys',
      {
        kind: 'addUnique',
        table: name,
        unique: { name: u.name ?? constraintName('uq', name, columns), columns },
      },
    ]);
  }
  table.checks.forEach((ck, i) => {
    if (handled.has(ck) || !mentions(ck.sql, column)) return;
    out.push([
      'addKeys',
      {
        kind: 'addCheck',
        table: name,
        check: { name: ck.name ?? constraintName('ck', name, [String(i)]), sql: ck.sql },
      },
    ]);
  });
  table.foreignKeys.forEach((fk, i) => {
    if (handled.has(fk) || !fk.columns.some((c) => sameName(c.name, column))) return;
    out.push(['addKeys', { kind: 'addForeignKey', table: name, foreignKey: foreignKeySpec(table, i) }]);
  });
  // Keys of other tables that refer to the column: the column's drop would fail with them there.
  for (const other of reflected.tables) {
    for (const fk of other.foreignKeys) {
      if (handled.has(fk) || !sameName(fk.referredTable, name)) continue;
      if (!fk.referredColumns.some((c) => sameName(c, column))) continue;
      const spec = {
        ...reflectedForeignKeySpec(fk),
        name: fk.name ?? constraintName('fk', other.name, fk.columns),
      };
      out.push(['dropKeys', { kind: 'dropForeignKey', table: other.name, name: spec.name, existing: spec }]);
      out.push(['addKeys', { kind: 'addForeignKey', table: other.name, foreignKey: spec }]);
    }
  }
  return out;
}

function reflectedIndexSpec(ix: ReflectedIndex): o.IndexSpec {
  return {
    name: ix.name,
    columns: ix.elements,
    ...(ix.unique ? { unique: true } : {}),
    ...(ix.where === undefined ? {} : { where: ix.where }),
    ...(ix.using === undefined ? {} : { using: ix.using }),
  };
}

function reflectedForeignKeySpec(fk: ReflectedForeignKey): o.ForeignKeySpec {
  return {
    columns: fk.columns,
    referredTable: fk.referredTable,
    ...(fk.referredSchema === undefined ? {} : { referredSchema: fk.referredSchema }),
    referredColumns: fk.referredColumns,
    ...(fk.onDelete === undefined ? {} : { onDelete: fk.onDelete }),
    ...(fk.onUpdate === undefined ? {} : { onUpdate: fk.onUpdate }),
  };
}

/** Phases, in the order they run. */
type Phase =
  'enums' | 'renames' | 'dropKeys' | 'create' | 'columns' | 'addKeys' | 'dropColumns' | 'drops' | 'dropEnums';
const PHASES: readonly Phase[] = [
  'enums',
  'renames',
  'dropKeys',
  'create',
  'columns',
  'addKeys',
  'dropColumns',
  'drops',
  'dropEnums',
];

/** The operations that carry out `changes`, and what they cannot carry out. */
export function planOperations(
  changes: readonly SchemaChange[],
  reflected: ReflectedSchema,
  dialect: Dialect,
): PlannedOperations {
  const phases = new Map<Phase, o.MigrationOperation[]>(PHASES.map((p) => [p, []]));
  const put = (phase: Phase, op: o.MigrationOperation): void => void phases.get(phase)!.push(op);
  const unexpressed: UnexpressedChange[] = [];
  const batchTables = !altersConstraints(dialect);
  const compiler = migrationCompiler(dialect);
  const reflectedByName = new Map(reflected.tables.map((t) => [t.name.toLowerCase(), t]));
  // Per-table column and key operations, batched where the database needs a rebuild for them.
  const perTable = new Map<string, { table: string; ops: [Phase, o.BatchableOp][] }>();
  const tableOp = (table: string, phase: Phase, op: o.BatchableOp): void => {
    const key = table.toLowerCase();
    const entry = perTable.get(key) ?? { table, ops: [] };
    entry.ops.push([phase, op]);
    perTable.set(key, entry);
  };
  const renamedTo = new Map<string, string>(); // old name → new, for batches over renamed tables

  const created: Table[] = [];
  const dropped: ReflectedTable[] = [];
  for (const c of changes) {
    switch (c.kind) {
      case 'addEnum':
        put('enums', { kind: 'createEnum', name: c.name, values: c.values });
        break;
      case 'addEnumValue':
        put('enums', {
          kind: 'addEnumValue',
          name: c.name,
          value: c.value,
          ...(c.before === undefined ? {} : { before: c.before }),
        });
        break;
      case 'renameEnumValue':
        put('enums', { kind: 'renameEnumValue', name: c.name, value: c.from, newValue: c.to });
        break;
      case 'recreateEnum': {
        const users = enumColumns(reflected, c.name, changes);
        put('enums', {
          kind: 'recreateEnum',
          name: c.name,
          values: c.values,
          existing: c.existing.values,
          columns: users,
        });
        break;
      }
      case 'removeEnum':
        put('dropEnums', { kind: 'dropEnum', name: c.existing.name, existing: c.existing.values });
        break;
      case 'addTable':
        created.push(c.table);
        break;
      case 'removeTable':
        dropped.push(c.existing);
        break;
      case 'renameTable':
        put('renames', { kind: 'renameTable', table: c.from, newName: c.table.name });
        renamedTo.set(c.from.toLowerCase(), c.table.name);
        break;
      case 'addColumn':
        tableOp(c.table.name, 'columns', {
          kind: 'addColumn',
          table: c.table.name,
          column: columnSpecOf(c.column),
        });
        break;
      case 'removeColumn': {
        const t = reflectedByName.get(c.table.toLowerCase());
        const pk = t?.primaryKey?.columns.includes(c.existing.name) ?? false;
        tableOp(c.table, 'dropColumns', {
          kind: 'dropColumn',
          table: c.table,
          column: c.existing.name,
          existing: columnSpecOfReflected(c.existing, pk),
        });
        break;
      }
      case 'renameColumn':
        tableOp(c.table.name, 'columns', {
          kind: 'renameColumn',
          table: c.table.name,
          column: c.from,
          newName: c.column.name,
        });
        break;
      case 'alterColumn': {
        const want = columnSpecOf(c.column);
        const op: Record<string, unknown> = {
          kind: 'alterColumn',
          table: c.table.name,
          column: c.column.name,
        };
        for (const d of c.changes) {
          switch (d.attribute) {
            case 'type':
              op['type'] = want.type;
              op['existingType'] = c.existing.type;
              break;
            case 'nullable':
              op['nullable'] = want.nullable;
              op['existingNullable'] = c.existing.nullable;
              break;
            case 'default':
              op['serverDefault'] = want.serverDefault ?? null;
              op['existingServerDefault'] =
                c.existing.default === undefined ? null : sqlDefault(c.existing.default);
              break;
            case 'comment':
              op['comment'] = want.comment ?? null;
              op['existingComment'] = c.existing.comment ?? null;
              break;
            case 'collation':
              op['collation'] = want.collation ?? null;
              op['existingCollation'] = c.existing.collation ?? null;
              break;
            case 'computed':
              if (want.computed === undefined || c.existing.computed === undefined) {
                unexpressed.push({
                  table: c.table.name,
                  reason: `column '${c.table.name}.${c.column.name}' ${want.computed === undefined ? 'stops' : 'starts'} being generated (${String(d.from)} → ${String(d.to)}): drop it and add it again, with the data it needs`,
                });
              } else {
                op['computed'] = want.computed;
                op['existingComputed'] = c.existing.computed;
              }
              break;
          }
        }
        // A restated column (MySQL's MODIFY) keeps its collation and generated expression.
        if (Object.keys(op).length > 3) {
          if (op['existingCollation'] === undefined && c.existing.collation !== undefined)
            op['existingCollation'] = c.existing.collation;
          if (op['existingComputed'] === undefined && c.existing.computed !== undefined)
            op['existingComputed'] = c.existing.computed;
        }
        // A type change restates nullability and default, which MySQL's MODIFY rewrites.
        if (
          op['type'] !== undefined ||
          op['nullable'] !== undefined ||
          op['serverDefault'] !== undefined ||
          op['collation'] !== undefined ||
          op['computed'] !== undefined
        ) {
          op['existingType'] ??= c.existing.type;
          op['existingNullable'] ??= c.existing.nullable;
          // MySQL's MODIFY restates the whole column: what it does not restate, it loses.
          if (op['existingServerDefault'] === undefined && c.existing.default !== undefined)
            op['existingServerDefault'] = sqlDefault(c.existing.default);
          if (op['existingComment'] === undefined && c.existing.comment !== undefined)
            op['existingComment'] = c.existing.comment;
        }
        if (Object.keys(op).length > 3) {
          const alter = op as unknown as o.AlterColumnOp;
          tableOp(c.table.name, 'columns', alter);
          if (compiler.regeneratesColumn?.(alter) === true) {
            const existing = reflectedByName.get(c.table.name.toLowerCase());
            for (const [phase, dependent] of dependentsOfColumn(
              c.table,
              c.column.name,
              existing,
              reflected,
              changes,
            ))
              tableOp(dependent.table, phase, dependent);
          }
        }
        break;
      }
      case 'addIndex':
        tableOp(c.table.name, 'addKeys', {
          kind: 'createIndex',
          table: c.table.name,
          index: indexSpecOf(c.index),
        });
        break;
      case 'removeIndex':
        tableOp(c.table, 'dropKeys', {
          kind: 'dropIndex',
          table: c.table,
          name: c.existing.name,
          existing: {
            name: c.existing.name,
            columns: c.existing.elements,
            ...(c.existing.unique ? { unique: true } : {}),
            ...(c.existing.where === undefined ? {} : { where: c.existing.where }),
            ...(c.existing.using === undefined ? {} : { using: c.existing.using }),
          },
        });
        break;
      case 'addUnique': {
        const columns = c.unique.columns.map((x) => x.name);
        tableOp(c.table.name, 'addKeys', {
          kind: 'addUnique',
          table: c.table.name,
          unique: { name: c.unique.name ?? constraintName('uq', c.table.name, columns), columns },
        });
        break;
      }
      case 'removeUnique':
        // Unnamed only where the database keeps no names (SQLite): its rebuild finds it by columns.
        tableOp(c.table, 'dropKeys', {
          kind: 'dropUnique',
          table: c.table,
          ...(c.existing.name === undefined ? {} : { name: c.existing.name }),
          existing: { columns: c.existing.columns },
        });
        break;
      case 'addForeignKey': {
        const index = c.table.foreignKeys.indexOf(c.foreignKey);
        tableOp(c.table.name, 'addKeys', {
          kind: 'addForeignKey',
          table: c.table.name,
          foreignKey: foreignKeySpec(c.table, index),
        });
        break;
      }
      case 'removeForeignKey': {
        const fk = c.existing;
        const existing: o.ForeignKeySpec = {
          columns: fk.columns,
          referredTable: fk.referredTable,
          referredColumns: fk.referredColumns,
          ...(fk.onDelete === undefined ? {} : { onDelete: fk.onDelete }),
          ...(fk.onUpdate === undefined ? {} : { onUpdate: fk.onUpdate }),
        };
        tableOp(c.table, 'dropKeys', {
          kind: 'dropForeignKey',
          table: c.table,
          name: fk.name ?? constraintName('fk', c.table, fk.columns),
          existing,
        });
        break;
      }
      case 'addCheck':
        tableOp(c.table.name, 'addKeys', {
          kind: 'addCheck',
          table: c.table.name,
          check: {
            name:
              c.check.name ?? constraintName('ck', c.table.name, [String(c.table.checks.indexOf(c.check))]),
            sql: c.check.sql,
          },
        });
        break;
      case 'removeCheck':
        tableOp(c.table, 'dropKeys', {
          kind: 'dropCheck',
          table: c.table,
          ...(c.existing.name === undefined ? {} : { name: c.existing.name }),
          existing: { sql: c.existing.sql },
        });
        break;
      case 'changePrimaryKey': {
        const name = reflectedByName.get(c.table.name.toLowerCase())?.primaryKey?.name;
        tableOp(c.table.name, 'dropKeys', {
          kind: 'alterPrimaryKey',
          table: c.table.name,
          columns: c.to,
          existing: { columns: c.from, ...(name === undefined ? {} : { name }) },
        });
        break;
      }
      case 'changeTableComment': {
        const op: o.AlterTableCommentOp = {
          kind: 'alterTableComment',
          table: c.table.name,
          comment: c.to ?? null,
          existingComment: c.from ?? null,
        };
        const refusal = refusalOf(dialect, op);
        if (refusal === undefined) put('columns', op);
        else
          unexpressed.push({
            table: c.table.name,
            reason: `the comment of table '${c.table.name}' changes: ${refusal}`,
          });
        break;
      }
      case 'changeTableOptions':
        unexpressed.push({
          table: c.table.name,
          reason: `table '${c.table.name}' changes STRICT / WITHOUT ROWID: only a rebuild does that`,
        });
        break;
    }
  }

  const { order, deferred } = creationOrder(created);
  for (const t of order) {
    const later = deferred.get(t);
    const spec = tableSpecOf(t);
    if (later === undefined) {
      put('create', { kind: 'createTable', spec });
      continue;
    }
    put('create', {
      kind: 'createTable',
      spec: { ...spec, foreignKeys: spec.foreignKeys!.filter((_, i) => !later.has(i)) },
    });
    for (const i of later)
      tableOp(t.name, 'addKeys', { kind: 'addForeignKey', table: t.name, foreignKey: foreignKeySpec(t, i) });
  }
  for (const t of dropOrder(dropped)) {
    put('drops', { kind: 'dropTable', table: t.name, existing: tableSpecOfReflected(t) });
  }

  for (const { table, ops } of perTable.values()) {
    if (batchTables && ops.some(([, op]) => op.kind !== 'createIndex' && op.kind !== 'dropIndex')) {
      const current =
        reflectedByName.get(table.toLowerCase()) ??
        [...reflectedByName.values()].find((r) => renamedTo.get(r.name.toLowerCase()) === table);
      const ordered = PHASES.flatMap((p) => ops.filter(([phase]) => phase === p).map(([, op]) => op));
      put('columns', {
        kind: 'batch',
        table,
        recreate: 'auto',
        operations: ordered,
        ...(current === undefined ? {} : { existing: { ...tableSpecOfReflected(current), name: table } }),
      });
      continue;
    }
    for (const [phase, op] of ops) put(phase, op);
  }
  return { operations: PHASES.flatMap((p) => phases.get(p)!), unexpressed };
}
