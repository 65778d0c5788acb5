/**
 * What goes with a column the database drops and adds again (a generated column's new expression
 * on PostgreSQL): the indexes and constraints that name it, and the foreign keys of other tables
 * that refer to it.
 */
import type { ReflectedForeignKey, ReflectedSchema, ReflectedTable } from '../reflection/model';
import type { Table } from '../schema/table';
import type * as o from '../migration/operations';
import { foreignKeySpecOfReflected, indexSpecOf, indexSpecOfReflected } from '../migration/specs';
import type { SchemaChange } from './changes';
import { constraintName, foreignKeySpec } from './key-specs';
import type { Phase } from './phases';

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

/** The keys, indexes and checks the comparison already drops or adds (left to it). */
function handledByChanges(changes: readonly SchemaChange[]): Set<unknown> {
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
  return handled;
}

/** Drops of the existing table's indexes and constraints that name the column. */
function existingDependents(
  name: string,
  column: string,
  existing: ReflectedTable,
  handled: Set<unknown>,
): o.BatchableOp[] {
  const out: o.BatchableOp[] = [];
  for (const ix of existing.indexes) {
    const shape = { columns: ix.elements, ...(ix.where === undefined ? {} : { where: ix.where }) };
    if (ix.implicit || handled.has(ix) || !indexMentions(shape, column)) continue;
    out.push({ kind: 'dropIndex', table: name, name: ix.name, existing: indexSpecOfReflected(ix) });
  }
  for (const u of existing.uniques) {
    if (handled.has(u) || !u.columns.some((c) => sameName(c, column))) continue;
    out.push({
      kind: 'dropUnique',
      table: name,
      ...(u.name === undefined ? {} : { name: u.name }),
      existing: { ...(u.name === undefined ? {} : { name: u.name }), columns: u.columns },
    });
  }
  for (const ck of existing.checks) {
    if (handled.has(ck) || !mentions(ck.sql, column)) continue;
    out.push({
      kind: 'dropCheck',
      table: name,
      ...(ck.name === undefined ? {} : { name: ck.name }),
      existing: { ...(ck.name === undefined ? {} : { name: ck.name }), sql: ck.sql },
    });
  }
  for (const fk of existing.foreignKeys) {
    if (handled.has(fk) || !fk.columns.some((c) => sameName(c, column))) continue;
    const key = fk.name ?? constraintName('fk', name, fk.columns);
    out.push({ kind: 'dropForeignKey', table: name, name: key, existing: foreignKeySpecOfReflected(fk) });
  }
  return out;
}

/** The declared table's indexes and constraints that name the column, made again. */
function declaredDependents(table: Table, column: string, handled: Set<unknown>): o.BatchableOp[] {
  const name = table.name;
  const out: o.BatchableOp[] = [];
  table.indexes.forEach((ix) => {
    const spec = indexSpecOf(ix);
    if (!handled.has(ix) && indexMentions(spec, column))
      out.push({ kind: 'createIndex', table: name, index: spec });
  });
  for (const u of table.uniques) {
    const columns = u.columns.map((c) => c.name);
    if (handled.has(u) || !columns.some((c) => sameName(c, column))) continue;
    out.push({
      kind: 'addUnique',
      table: name,
      unique: { name: u.name ?? constraintName('uq', name, columns), columns },
    });
  }
  table.checks.forEach((ck, i) => {
    if (handled.has(ck) || !mentions(ck.sql, column)) return;
    out.push({
      kind: 'addCheck',
      table: name,
      check: { name: ck.name ?? constraintName('ck', name, [String(i)]), sql: ck.sql },
    });
  });
  table.foreignKeys.forEach((fk, i) => {
    if (handled.has(fk) || !fk.columns.some((c) => sameName(c.name, column))) return;
    out.push({ kind: 'addForeignKey', table: name, foreignKey: foreignKeySpec(table, i) });
  });
  return out;
}

/**
 * The indexes and constraints that go with a column the database drops and adds again, each
 * dropped before and made again after, so that the migration leaves them (and its downgrade, by
 * the same pairs reversed) as declared. Those the comparison already drops or adds are left to
 * it. Foreign keys of other tables that refer to the column are dropped and made again as they
 * are: the column's drop would fail with them there.
 */
export function dependentsOfColumn(
  table: Table,
  column: string,
  existing: ReflectedTable | undefined,
  reflected: ReflectedSchema,
  changes: readonly SchemaChange[],
): [Phase, o.BatchableOp][] {
  const handled = handledByChanges(changes);
  const out: [Phase, o.BatchableOp][] = [];
  if (existing !== undefined)
    for (const op of existingDependents(table.name, column, existing, handled)) out.push(['dropKeys', op]);
  for (const op of declaredDependents(table, column, handled)) out.push(['addKeys', op]);
  out.push(...foreignKeysAround(reflected, handled, (_, fk) => referredBy(fk, table.name, column)));
  return out;
}

const referredBy = (fk: ReflectedForeignKey, table: string, column: string): boolean =>
  sameName(fk.referredTable, table) && fk.referredColumns.some((c) => sameName(c, column));

/** Each reflected foreign key `chosen` picks, dropped before and made again as it is after. */
function foreignKeysAround(
  reflected: ReflectedSchema,
  skip: Set<unknown>,
  chosen: (owner: ReflectedTable, fk: ReflectedForeignKey) => boolean,
): [Phase, o.BatchableOp][] {
  const out: [Phase, o.BatchableOp][] = [];
  for (const other of reflected.tables) {
    for (const fk of other.foreignKeys) {
      if (skip.has(fk) || !chosen(other, fk)) continue;
      skip.add(fk);
      const spec = {
        ...foreignKeySpecOfReflected(fk),
        name: fk.name ?? constraintName('fk', other.name, fk.columns),
      };
      out.push(['dropKeys', { kind: 'dropForeignKey', table: other.name, name: spec.name, existing: spec }]);
      out.push(['addKeys', { kind: 'addForeignKey', table: other.name, foreignKey: spec }]);
    }
  }
  return out;
}

/**
 * The foreign keys that name a column whose change the database refuses under them, or does not
 * check against them (MySQL, MariaDB): those of its table on it and those of any table referring
 * to it, each dropped before and made again after (making it again checks every row). `taken` collects the keys already given, so a key
 * between two columns that both change is dropped once.
 */
export function foreignKeysOfColumn(
  table: string,
  column: string,
  reflected: ReflectedSchema,
  changes: readonly SchemaChange[],
  taken: Set<unknown>,
): [Phase, o.BatchableOp][] {
  for (const h of handledByChanges(changes)) taken.add(h);
  return foreignKeysAround(
    reflected,
    taken,
    (owner, fk) =>
      (sameName(owner.name, table) && fk.columns.some((c) => sameName(c, column))) ||
      referredBy(fk, table, column),
  );
}
