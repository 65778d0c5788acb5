/**
 * One normal form for a table as the application declares it and as the database reports it: every
 * type, default and expression in the dialect's canonical spelling (the inspector's), so that the
 * comparison is plain equality. The dialect decides what is equal; this file only applies it.
 */
import type { DdlCompiler } from '../compiler/ddl-compiler';
import type { SchemaInspector } from '../reflection/inspector';
import type {
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedTable,
} from '../reflection/model';
import type { ReferentialAction } from '../schema/schema-options';
import { Column, type Table } from '../schema/table';
import { isKind } from '../types/sql-type';

export interface NormalColumn {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  readonly default: string | undefined;
  readonly comment: string | undefined;
  readonly collation: string | undefined;
  /** The canonical expression of a generated column. */
  readonly computed: string | undefined;
}

export interface NormalIndex {
  readonly name: string;
  readonly unique: boolean;
  /** Column names (lower case) and canonical expressions, each tagged so they never collide. */
  readonly elements: readonly string[];
  readonly where: string | undefined;
  readonly using: string | undefined;
}

export interface NormalForeignKey {
  readonly name: string | undefined;
  /** Columns, referred table and columns: what identifies the key across databases. */
  readonly signature: string;
  readonly onDelete: ReferentialAction | undefined;
  readonly onUpdate: ReferentialAction | undefined;
}

export interface NormalConstraint {
  readonly name: string | undefined;
  /** Unique: its column names joined; check: its canonical expression. */
  readonly signature: string;
}

export interface NormalTable {
  readonly name: string;
  readonly columns: ReadonlyMap<string, NormalColumn>;
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly NormalForeignKey[];
  readonly uniques: readonly NormalConstraint[];
  readonly indexes: readonly NormalIndex[];
  readonly checks: readonly NormalConstraint[];
  readonly comment: string | undefined;
  readonly strict: boolean;
  readonly withoutRowid: boolean;
}

/** The dialect's judges of equality: its inspector's spellings and the DDL its compiler writes. */
export interface Normalizer {
  /** The dialect's schema inspector: how reflection spells types and defaults. */
  readonly inspector: SchemaInspector;
  /** The dialect's DDL compiler: how a declared column is written. */
  readonly ddl: DdlCompiler;
}

const lower = (s: string): string => s.toLowerCase();
const names = (cols: readonly string[]): string => cols.map(lower).join(',');
const empty = (s: string | undefined | null): string | undefined =>
  s === undefined || s === null || s === '' ? undefined : s;

export function fkSignature(
  columns: readonly string[],
  referredTable: string,
  referredColumns: readonly string[],
): string {
  return `${names(columns)}->${lower(referredTable)}(${names(referredColumns)})`;
}

/** How an index element compares: a column by name, an expression by its canonical spelling. */
function element(n: Normalizer, e: string | { readonly sql: string }): string {
  return typeof e === 'string' ? `c:${lower(e)}` : `e:${n.inspector.canonicalExpression(e.sql)}`;
}

function normalIndex(
  n: Normalizer,
  ix: {
    name: string;
    unique: boolean;
    elements: readonly (string | { readonly sql: string })[];
    where: string | undefined;
    using: string | undefined;
  },
): NormalIndex {
  const partial = n.inspector.traits.partialIndexes;
  return {
    name: ix.name,
    unique: ix.unique,
    elements: ix.elements.map((e) => element(n, e)),
    where: partial && ix.where !== undefined ? n.inspector.canonicalExpression(ix.where) : undefined,
    using: ix.using === undefined ? undefined : lower(ix.using),
  };
}

/** The declared column as the database would report it. */
export function declaredColumn(n: Normalizer, col: Column<unknown>): NormalColumn {
  const { inspector, ddl } = n;
  return {
    name: col.name,
    type: inspector.canonicalType(ddl.columnTypeSql(col)),
    nullable: col.nullable && !col.primaryKey,
    primaryKey: col.primaryKey,
    default:
      col.serverDefault === undefined || col.computed !== undefined
        ? undefined
        : inspector.canonicalDefault(ddl.defaultSql(col.serverDefault, col)),
    comment: inspector.traits.comments ? empty(col.comment) : undefined,
    collation: col.collation === undefined ? undefined : lower(col.collation),
    computed: col.computed === undefined ? undefined : inspector.canonicalExpression(col.computed.sql),
  };
}

/** The declared table as the database would report it (enum CHECKs the DDL adds included). */
export function declaredTable(n: Normalizer, table: Table): NormalTable {
  const { inspector, ddl } = n;
  const checks: NormalConstraint[] = table.checks.map((c) => ({
    name: c.name,
    signature: inspector.canonicalExpression(c.sql),
  }));
  for (const col of table.columns) {
    const type = col.sqlType;
    if (isKind(type, 'enum') && ddl.enumNeedsCheck(type)) {
      const values = type.values.map((v) => ddl.quoteLiteral(v)).join(', ');
      checks.push({
        name: undefined,
        signature: inspector.canonicalExpression(`${ddl.quoteIdentifier(col.name)} IN (${values})`),
      });
    }
  }
  const uniques: NormalConstraint[] = table.uniques.map((u) => ({
    name: u.name,
    signature: names(u.columns.map((c) => c.name)),
  }));
  const indexes = table.indexes.map((ix) =>
    normalIndex(n, {
      name: ix.name,
      unique: ix.unique,
      elements: ix.elements.map((e) => (e instanceof Column ? e.name : { sql: e.sql })),
      where: ix.where,
      using: ix.using,
    }),
  );
  return {
    name: table.name,
    columns: new Map(table.columns.map((c) => [lower(c.name), declaredColumn(n, c)])),
    primaryKey: table.primaryKey.map((c) => lower(c.name)),
    foreignKeys: table.foreignKeys.map((fk) => ({
      name: fk.name,
      signature: fkSignature(
        fk.columns.map((c) => c.name),
        fk.referredTable.name,
        fk.referredColumns.map((c) => c.name),
      ),
      onDelete: inspector.canonicalAction(fk.onDelete),
      onUpdate: inspector.canonicalAction(fk.onUpdate),
    })),
    uniques,
    indexes,
    checks,
    comment: inspector.traits.comments ? empty(table.comment) : undefined,
    strict: table.sqlite.strict === true,
    withoutRowid: table.sqlite.withoutRowid === true,
  };
}

export function reflectedColumn(n: Normalizer, c: ReflectedColumn, primaryKey: boolean): NormalColumn {
  const { inspector } = n;
  return {
    name: c.name,
    type: inspector.canonicalType(c.dbType),
    nullable: c.nullable && !primaryKey,
    primaryKey,
    default: c.computed === undefined ? inspector.canonicalDefault(c.default) : undefined,
    comment: inspector.traits.comments ? empty(c.comment) : undefined,
    collation: c.collation === undefined ? undefined : lower(c.collation),
    computed: c.computed === undefined ? undefined : inspector.canonicalExpression(c.computed.sql),
  };
}

function reflectedForeignKey(n: Normalizer, fk: ReflectedForeignKey): NormalForeignKey {
  return {
    name: fk.name,
    signature: fkSignature(fk.columns, fk.referredTable, fk.referredColumns),
    onDelete: n.inspector.canonicalAction(fk.onDelete),
    onUpdate: n.inspector.canonicalAction(fk.onUpdate),
  };
}

/**
 * The reflected table in normal form. `renames` maps old column names to the declared ones, so
 * that keys and indexes over a renamed column compare by its new name.
 */
export function reflectedTable(
  n: Normalizer,
  t: ReflectedTable,
  renames: ReadonlyMap<string, string> = new Map(),
): NormalTable {
  const rn = (c: string): string => renames.get(lower(c)) ?? c;
  const pk = new Set((t.primaryKey?.columns ?? []).map(lower));
  const indexes: ReflectedIndex[] = t.indexes.filter((ix) => !ix.implicit);
  // Where unique constraints are unique indexes, a unique index over plain columns may be either:
  // it is offered to both lists, and the comparison settles which one the declaration meant.
  return {
    name: t.name,
    columns: new Map(t.columns.map((c) => [lower(rn(c.name)), reflectedColumn(n, c, pk.has(lower(c.name)))])),
    primaryKey: (t.primaryKey?.columns ?? []).map((c) => lower(rn(c))),
    foreignKeys: t.foreignKeys.map((fk) => reflectedForeignKey(n, { ...fk, columns: fk.columns.map(rn) })),
    uniques: t.uniques.map((u) => ({ name: u.name, signature: names(u.columns.map(rn)) })),
    indexes: indexes.map((ix) =>
      normalIndex(n, {
        ...ix,
        elements: ix.elements.map((e) => (typeof e === 'string' ? rn(e) : e)),
      }),
    ),
    checks: t.checks.map((c) => ({ name: c.name, signature: n.inspector.canonicalExpression(c.sql) })),
    comment: n.inspector.traits.comments ? empty(t.comment) : undefined,
    strict: t.sqlite.strict === true,
    withoutRowid: t.sqlite.withoutRowid === true,
  };
}
