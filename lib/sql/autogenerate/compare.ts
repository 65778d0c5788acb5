/**
 * Compares the tables an application declares with the schema reflected from its database, in
 * the dialect's normal form (normal-form.ts), and lists the changes that would make the database
 * match. Renames come only from `renamedFrom` hints on tables, columns and enum values: without a
 * hint, a vanished name and a new one are a removal and an addition (the autogenerator asks).
 */
import type { Dialect } from '../dialect';
import type { DdlCompiler } from '../compiler/ddl-compiler';
import type { SchemaInspector } from '../reflection/inspector';
import type { ReflectedEnum, ReflectedSchema, ReflectedTable } from '../reflection/model';
import type { Column, Table } from '../schema/table';
import { isKind } from '../types/sql-type';
import type { AttributeChange, ColumnAttribute, SchemaChange } from './changes';
import {
  declaredTable,
  reflectedTable,
  type NormalColumn,
  type NormalConstraint,
  type NormalTable,
  type Normalizer,
} from './normal-form';
import { typeChangeNarrows } from './type-change';

/** Options of `compareSchema()`. */
export interface CompareOptions {
  /**
   * Which reflected tables the comparison owns: a table the database has, the metadata lacks and
   * this rejects is left alone (another application's, the migration version table). All by default.
   */
  readonly includeTable?: (name: string) => boolean;
  /** Which reflected enum types the comparison owns (PostgreSQL). All by default. */
  readonly includeEnum?: (name: string) => boolean;
  /** Renames told outside the mapping (answers to autogenerate's questions), new name → old name. */
  readonly renames?: RenameHints;
}

/** Renames as answers give them: new name → old name. */
export interface RenameHints {
  /** Keyed by the declared table name. */
  readonly tables?: Readonly<Record<string, string>>;
  /** Keyed `table.column` (the declared names). */
  readonly columns?: Readonly<Record<string, string>>;
  /** Keyed `enum.value` (the declared names). */
  readonly enumValues?: Readonly<Record<string, string>>;
}

/** The judges of equality for a dialect: its inspector and its DDL compiler. */
export function normalizerFor(dialect: Dialect, inspector: SchemaInspector): Normalizer {
  return { inspector, ddl: new dialect.ddlCompiler(dialect) as DdlCompiler };
}

const lower = (s: string): string => s.toLowerCase();

/** The changes that make `reflected` match the `declared` tables. */
export function compareSchema(
  declared: Iterable<Table>,
  reflected: ReflectedSchema,
  normalizer: Normalizer,
  options: CompareOptions = {},
): SchemaChange[] {
  const includeTable = options.includeTable ?? (() => true);
  const changes: SchemaChange[] = [];
  const tables = [...declared];
  const existing = new Map(reflected.tables.map((t) => [lower(t.name), t]));
  const declaredNames = new Set(tables.map((t) => lower(t.name)));
  const claimed = new Set<string>();

  changes.push(...compareEnums(tables, reflected.enums, normalizer, options));

  for (const table of tables) {
    let current = existing.get(lower(table.name));
    if (current === undefined) {
      const hinted = options.renames?.tables?.[table.name];
      const old = [...table.renamedFrom, ...(hinted === undefined ? [] : [hinted])]
        .map((n) => existing.get(lower(n)))
        .find((t) => t !== undefined && !declaredNames.has(lower(t.name)) && !claimed.has(lower(t.name)));
      if (old !== undefined) {
        changes.push({ kind: 'renameTable', from: old.name, table });
        current = old;
      }
    }
    if (current === undefined) {
      changes.push({ kind: 'addTable', table });
      continue;
    }
    claimed.add(lower(current.name));
    changes.push(...compareTable(table, current, normalizer, options.renames?.columns ?? {}));
  }
  for (const t of reflected.tables) {
    if (!claimed.has(lower(t.name)) && !declaredNames.has(lower(t.name)) && includeTable(t.name)) {
      changes.push({ kind: 'removeTable', existing: t });
    }
  }
  return changes;
}

/** The columns of `table` that came from a reflected column of another name (renamedFrom). */
function columnRenames(
  table: Table,
  current: ReflectedTable,
  hints: Readonly<Record<string, string>>,
): Map<string, Column<unknown>> {
  const present = new Set(current.columns.map((c) => lower(c.name)));
  const declared = new Set(table.columns.map((c) => lower(c.name)));
  const renames = new Map<string, Column<unknown>>();
  for (const col of table.columns) {
    if (present.has(lower(col.name))) continue;
    const hinted = hints[`${table.name}.${col.name}`];
    const from = [...col.renamedFrom, ...(hinted === undefined ? [] : [hinted])].find(
      (n) => present.has(lower(n)) && !declared.has(lower(n)) && !renames.has(lower(n)),
    );
    if (from !== undefined) renames.set(lower(from), col);
  }
  return renames;
}

const ATTRIBUTES: readonly ColumnAttribute[] = [
  'type',
  'nullable',
  'default',
  'comment',
  'collation',
  'computed',
];

function columnDifferences(
  want: NormalColumn,
  have: NormalColumn,
  tableCollation: string | undefined,
): AttributeChange[] {
  const out: AttributeChange[] = [];
  for (const attribute of ATTRIBUTES) {
    // A primary key's nullability is the key's business (SQLite reports its rowid alias as nullable).
    if (attribute === 'nullable' && want.primaryKey) continue;
    const from = have[attribute];
    const to = want[attribute];
    // Declared with the table's own collation: the database reports none (MySQL).
    if (attribute === 'collation' && from === undefined && to !== undefined && to === tableCollation)
      continue;
    if (from !== to) out.push({ attribute, from, to });
  }
  return out;
}

function compareTable(
  table: Table,
  current: ReflectedTable,
  n: Normalizer,
  hints: Readonly<Record<string, string>>,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const renames = columnRenames(table, current, hints);
  const have = reflectedTable(n, current, new Map([...renames].map(([from, col]) => [from, col.name])));
  const want = declaredTable(n, table);
  const reflectedByName = new Map(current.columns.map((c) => [lower(c.name), c]));

  for (const [from, column] of renames) {
    changes.push({ kind: 'renameColumn', table, from: reflectedByName.get(from)!.name, column });
  }
  for (const col of table.columns) {
    const h = have.columns.get(lower(col.name));
    if (h === undefined) {
      changes.push({ kind: 'addColumn', table, column: col });
      continue;
    }
    const diffs = columnDifferences(
      want.columns.get(lower(col.name))!,
      h,
      current.collation === undefined ? undefined : current.collation.toLowerCase(),
    );
    if (diffs.length) {
      const typeChange = diffs.find((d) => d.attribute === 'type');
      const source = [...renames].find(([, c]) => c === col)?.[0] ?? lower(col.name);
      changes.push({
        kind: 'alterColumn',
        table,
        column: col,
        existing: reflectedByName.get(source)!,
        changes: diffs,
        narrowing:
          (typeChange !== undefined && typeChangeNarrows(String(typeChange.from), String(typeChange.to))) ||
          diffs.some((d) => d.attribute === 'nullable' && d.to === false),
      });
    }
  }
  const declaredNames = new Set(table.columns.map((c) => lower(c.name)));
  for (const c of current.columns) {
    if (!declaredNames.has(lower(c.name)) && !renames.has(lower(c.name))) {
      changes.push({ kind: 'removeColumn', table: current.name, existing: c });
    }
  }
  if (have.primaryKey.join(',') !== want.primaryKey.join(',')) {
    changes.push({ kind: 'changePrimaryKey', table, from: have.primaryKey, to: want.primaryKey });
  }
  if (have.comment !== want.comment) {
    changes.push({ kind: 'changeTableComment', table, from: have.comment, to: want.comment });
  }
  if (have.strict !== want.strict || have.withoutRowid !== want.withoutRowid) {
    changes.push({ kind: 'changeTableOptions', table, existing: current });
  }
  changes.push(...compareKeys(table, current, have, want, n));
  return changes;
}

/** Matches declared constraints to reflected ones: by name where both have one, else by signature. */
function matchConstraints<W extends { name: string | undefined }, H extends { name: string | undefined }>(
  want: readonly W[],
  have: readonly H[],
  same: (w: W, h: H) => boolean,
): { added: number[]; removed: number[]; pairs: [number, number][] } {
  const taken = new Set<number>();
  const pairs: [number, number][] = [];
  const added: number[] = [];
  const byNameFirst = (w: W): number => {
    if (w.name !== undefined) {
      const i = have.findIndex(
        (h, j) => !taken.has(j) && h.name !== undefined && lower(h.name) === lower(w.name!),
      );
      if (i >= 0) return i;
    }
    return have.findIndex((h, j) => !taken.has(j) && same(w, h));
  };
  want.forEach((w, wi) => {
    const hi = byNameFirst(w);
    if (hi < 0) added.push(wi);
    else {
      taken.add(hi);
      pairs.push([wi, hi]);
    }
  });
  const removed = have.map((_, i) => i).filter((i) => !taken.has(i));
  return { added, removed, pairs };
}

const sameConstraint = (w: NormalConstraint, h: NormalConstraint): boolean => w.signature === h.signature;

function compareKeys(
  table: Table,
  current: ReflectedTable,
  have: NormalTable,
  want: NormalTable,
  n: Normalizer,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const uniquesAreIndexes = n.inspector.traits.uniquesAreIndexes;
  const reflectedIndexes = current.indexes.filter((ix) => !ix.implicit);

  // Indexes: by name; an index whose definition changed is dropped and created again.
  const ix = matchConstraints(want.indexes, have.indexes, () => false);
  const indexRemoved = new Set(ix.removed);
  for (const [wi, hi] of ix.pairs) {
    const w = want.indexes[wi]!;
    const h = have.indexes[hi]!;
    if (
      w.unique !== h.unique ||
      w.elements.join(',') !== h.elements.join(',') ||
      w.where !== h.where ||
      w.using !== h.using
    ) {
      indexRemoved.add(hi);
      ix.added.push(wi);
    }
  }

  // Unique constraints; where they are unique indexes, a leftover unique index may be one.
  const haveUniques: { name: string | undefined; signature: string; index?: number }[] = [...have.uniques];
  if (uniquesAreIndexes) {
    for (const hi of [...indexRemoved]) {
      const h = have.indexes[hi]!;
      if (h.unique && h.where === undefined && h.elements.every((e) => e.startsWith('c:'))) {
        haveUniques.push({ name: h.name, signature: h.elements.map((e) => e.slice(2)).join(','), index: hi });
      }
    }
  }
  const uq = matchConstraints(want.uniques, haveUniques, sameConstraint);
  for (const [wi, hi] of uq.pairs) {
    const h = haveUniques[hi]!;
    if (h.index !== undefined) indexRemoved.delete(h.index);
    if (h.signature !== want.uniques[wi]!.signature) {
      uq.added.push(wi);
      uq.removed.push(hi);
    }
  }
  for (const wi of uq.added) changes.push({ kind: 'addUnique', table, unique: table.uniques[wi]! });
  for (const hi of uq.removed) {
    const h = haveUniques[hi]!;
    if (h.index !== undefined) continue; // still listed as an index removal
    changes.push({ kind: 'removeUnique', table: current.name, existing: current.uniques[hi]! });
  }
  for (const hi of [...indexRemoved].sort((a, b) => a - b)) {
    changes.push({ kind: 'removeIndex', table: current.name, existing: reflectedIndexes[hi]! });
  }
  for (const wi of ix.added) changes.push({ kind: 'addIndex', table, index: table.indexes[wi]! });

  // Foreign keys: by what they join (names are optional and databases invent them).
  const fk = matchConstraints(
    want.foreignKeys.map((f) => ({ ...f, name: undefined })),
    have.foreignKeys.map((f) => ({ ...f, name: undefined })),
    (w, h) => w.signature === h.signature,
  );
  for (const [wi, hi] of fk.pairs) {
    const w = want.foreignKeys[wi]!;
    const h = have.foreignKeys[hi]!;
    if (w.onDelete !== h.onDelete || w.onUpdate !== h.onUpdate) {
      fk.added.push(wi);
      fk.removed.push(hi);
    }
  }
  for (const hi of fk.removed) {
    changes.push({ kind: 'removeForeignKey', table: current.name, existing: current.foreignKeys[hi]! });
  }
  for (const wi of fk.added) {
    changes.push({ kind: 'addForeignKey', table, foreignKey: table.foreignKeys[wi]! });
  }

  // Checks: named ones by name, the others (enum CHECKs included) by their expression.
  const ck = matchConstraints(want.checks, have.checks, sameConstraint);
  for (const [wi, hi] of ck.pairs) {
    if (want.checks[wi]!.signature !== have.checks[hi]!.signature) {
      ck.added.push(wi);
      ck.removed.push(hi);
    }
  }
  for (const hi of ck.removed) {
    changes.push({ kind: 'removeCheck', table: current.name, existing: current.checks[hi]! });
  }
  for (const wi of ck.added) {
    const check = table.checks[wi];
    // An enum's CHECK follows its column's type change, not a constraint of its own.
    if (check !== undefined) changes.push({ kind: 'addCheck', table, check });
  }
  return changes;
}

/** Declared named enum types (PostgreSQL) with their values and rename hints. */
function declaredEnums(
  tables: readonly Table[],
): Map<string, { name: string; values: readonly string[]; renamed: Readonly<Record<string, string>> }> {
  const out = new Map<
    string,
    { name: string; values: readonly string[]; renamed: Readonly<Record<string, string>> }
  >();
  for (const t of tables) {
    for (const c of t.columns) {
      const type = c.sqlType;
      const item = isKind(type, 'array') ? type.item : type;
      if (isKind(item, 'enum') && item.typeName !== undefined && !out.has(lower(item.typeName))) {
        out.set(lower(item.typeName), {
          name: item.typeName,
          values: item.values,
          renamed: 'renamedValues' in item ? (item.renamedValues as Record<string, string>) : {},
        });
      }
    }
  }
  return out;
}

function compareEnums(
  tables: readonly Table[],
  reflected: readonly ReflectedEnum[],
  n: Normalizer,
  options: CompareOptions,
): SchemaChange[] {
  if (!n.inspector.traits.namedEnums) return [];
  const includeEnum = options.includeEnum ?? (() => true);
  const changes: SchemaChange[] = [];
  const want = declaredEnums(tables);
  const have = new Map(reflected.map((e) => [lower(e.name), e]));
  for (const [key, e] of want) {
    const h = have.get(key);
    if (h === undefined) {
      changes.push({ kind: 'addEnum', name: e.name, values: e.values });
      continue;
    }
    const answered = Object.fromEntries(
      Object.entries(options.renames?.enumValues ?? {})
        .filter(([k]) => k.startsWith(`${e.name}.`))
        .map(([k, v]) => [k.slice(e.name.length + 1), v]),
    );
    changes.push(...compareEnumValues(e.name, e.values, { ...answered, ...e.renamed }, h));
  }
  for (const [key, h] of have) {
    if (!want.has(key) && includeEnum(h.name)) changes.push({ kind: 'removeEnum', existing: h });
  }
  return changes;
}

/**
 * Renames by hint, then additions where the kept values keep their order; anything else (a value
 * gone, an order changed) recreates the type.
 */
function compareEnumValues(
  name: string,
  values: readonly string[],
  renamed: Readonly<Record<string, string>>,
  existing: ReflectedEnum,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const current = [...existing.values];
  for (const [to, from] of Object.entries(renamed)) {
    const i = current.indexOf(from);
    if (i >= 0 && !current.includes(to) && values.includes(to)) {
      changes.push({ kind: 'renameEnumValue', name, from, to });
      current[i] = to;
    }
  }
  const wanted = new Set(values);
  const removed = current.filter((v) => !wanted.has(v));
  const kept = values.filter((v) => current.includes(v));
  const orderKept = kept.join('\u0000') === current.filter((v) => wanted.has(v)).join('\u0000');
  if (removed.length || !orderKept) {
    // Renames first, so that the rows keep their values through the rebuild.
    return [
      ...changes,
      { kind: 'recreateEnum', name, values, existing: { ...existing, values: current }, removed },
    ];
  }
  values.forEach((v, i) => {
    if (current.includes(v)) return;
    const before = values.slice(i + 1).find((x) => current.includes(x));
    changes.push({ kind: 'addEnumValue', name, value: v, before });
  });
  return changes;
}
