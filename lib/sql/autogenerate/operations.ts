/**
 * The changes of a comparison as migration operations, in an order the database accepts (see
 * `PHASES`): new tables referenced before referencing, drops referencing before referenced. Where
 * the database cannot ALTER a table's constraints (SQLite), a table's changes go into one batch
 * (a rebuild).
 */
import type { Dialect } from '../dialect';
import type { ReflectedSchema, ReflectedTable } from '../reflection/model';
import { sqlDefault } from '../schema/schema-options';
import type { Table } from '../schema/table';
import { migrationCompiler } from '../migration/compile';
import type * as o from '../migration/operations';
import {
  columnSpecOf,
  columnSpecOfReflected,
  foreignKeySpecOfReflected,
  indexSpecOf,
  indexSpecOfReflected,
  tableSpecOf,
  tableSpecOfReflected,
} from '../migration/specs';
import { alterColumnOp, type UnexpressedChange } from './alter-column';
import type { SchemaChange } from './changes';
import { dependentsOfColumn, foreignKeysOfColumn } from './column-dependents';
import { constraintName, foreignKeySpec } from './key-specs';
import { PHASES, type Phase } from './phases';
import { creationOrder, dropOrder } from './table-order';

export type { UnexpressedChange } from './alter-column';

/** What `planOperations()` makes of the changes. */
export interface PlannedOperations {
  /** The upgrade's operations, in an order the database accepts. */
  readonly operations: o.MigrationOperation[];
  /** Changes no operation expresses. */
  readonly unexpressed: UnexpressedChange[];
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
  // Foreign keys already dropped and made again around a column whose type changes.
  const keysTaken = new Set<unknown>();
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
        const alter = alterColumnOp(c, unexpressed);
        if (alter === undefined) break;
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
        } else if (compiler.foreignKeysGoAround?.(alter) === true) {
          for (const [phase, key] of foreignKeysOfColumn(
            c.table.name,
            c.column.name,
            reflected,
            changes,
            keysTaken,
          ))
            tableOp(key.table, phase, key);
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
          existing: indexSpecOfReflected(c.existing),
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
        const name = c.existing.name ?? constraintName('fk', c.table, c.existing.columns);
        tableOp(c.table, 'dropKeys', {
          kind: 'dropForeignKey',
          table: c.table,
          name,
          existing: foreignKeySpecOfReflected(c.existing),
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
  // Keys of one table may refer to a unique key of another: foreign keys go first and come back last.
  const isFk = (op: o.MigrationOperation, kind: string): number => (op.kind === kind ? 1 : 0);
  phases.get('dropKeys')!.sort((a, b) => isFk(b, 'dropForeignKey') - isFk(a, 'dropForeignKey'));
  phases.get('addKeys')!.sort((a, b) => isFk(a, 'addForeignKey') - isFk(b, 'addForeignKey'));
  return { operations: PHASES.flatMap((p) => phases.get(p)!), unexpressed };
}
