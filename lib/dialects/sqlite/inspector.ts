import {
  canonicalNumber,
  collapseSpaces,
  mapOutsideQuotes,
  squashExpression,
} from '../../sql/reflection/canonical';
import type { ReflectOptions, SchemaInspector, SchemaQueries } from '../../sql/reflection/inspector';
import type {
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedSchema,
  ReflectedTable,
} from '../../sql/reflection/model';
import type { ReferentialAction } from '../../sql/schema/schema-options';
import { types } from '../../sql/types';
import type { SqlType } from '../../sql/types/sql-type';
import { elementColumn, parseCreateIndex, parseCreateTable, type ParsedTable } from './schema-sql';

type Row = Record<string, unknown>;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The catalog queries (sqlite_schema and the pragma table functions). */
export const SQLITE_CATALOG = Object.freeze({
  objects: (schema: string): string =>
    `SELECT type, name, tbl_name, sql FROM ${quote(schema)}.sqlite_master ` +
    `WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`,
  tableList: 'SELECT name, strict, wr FROM pragma_table_list WHERE schema = ?',
  columns:
    'SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, ?) ORDER BY cid',
  foreignKeys:
    'SELECT id, seq, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?, ?) ORDER BY id, seq',
  indexList: 'SELECT name, "unique", origin, partial FROM pragma_index_list(?, ?)',
  indexColumns: 'SELECT seqno, cid, name FROM pragma_index_xinfo(?, ?) WHERE key = 1 ORDER BY seqno',
});

/** SQLite's canonical spelling of a declared type: upper case, `NVARCHAR` as `VARCHAR`. */
export function canonicalSqliteType(sql: string): string {
  return collapseSpaces(sql)
    .toUpperCase()
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')')
    .replace(/^(NVARCHAR|NATIVE CHARACTER|VARYING CHARACTER|CHARACTER VARYING)\b/, 'VARCHAR')
    .replace(/^NCHAR\b/, 'CHAR');
}

/** SQLite's canonical spelling of a server default. */
export function canonicalSqliteDefault(sql: string | undefined): string | undefined {
  if (sql === undefined || sql === null) return undefined;
  let s = collapseSpaces(String(sql));
  while (/^\(.*\)$/s.test(s)) s = s.slice(1, -1).trim();
  if (/^null$/i.test(s)) return undefined;
  const quotedNumber = /^'(-?\d+(\.\d+)?)'$/.exec(s);
  if (quotedNumber) return canonicalNumber(quotedNumber[1]!);
  if (/^-?\d+(\.\d+)?$/.test(s)) return canonicalNumber(s);
  return mapOutsideQuotes(s, (run) =>
    run
      .toLowerCase()
      .replace(/\btrue\b/g, '1')
      .replace(/\bfalse\b/g, '0')
      .replace(/\s+/g, ''),
  );
}

/** The Athanor type of a canonical SQLite declared type. */
export function sqliteTypeOf(canonical: string): SqlType<unknown> {
  const m = /^([A-Z ]+?)(?:\((\d+)(?:,(\d+))?\))?$/.exec(canonical);
  const p = m?.[2] === undefined ? undefined : Number(m[2]);
  switch (m?.[1]) {
    case 'INTEGER':
      return types.integer();
    case 'INT':
      // Not INTEGER: `INT PRIMARY KEY` is no rowid alias, so the spelling is kept.
      return types.custom('INT', { affinity: 'integer' });
    case 'BIGINT':
      return types.bigInteger();
    case 'SMALLINT':
      return types.smallInteger();
    case 'VARCHAR':
      return types.string(p);
    case 'TEXT':
      return types.text();
    case 'BOOLEAN':
      return types.boolean();
    case 'REAL':
      return types.float();
    case 'NUMERIC':
      return p === undefined ? types.numeric() : types.numeric(p, m?.[3] === undefined ? 0 : Number(m[3]));
    case 'DATE':
      return types.date();
    case 'DATETIME':
      return types.dateTime();
    case 'TIME':
      return types.time();
    case 'BLOB':
      return types.binary();
    case 'CHAR':
      return types.custom(canonical, { affinity: 'string' });
  }
  return types.custom(canonical);
}

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  'NO ACTION': undefined,
  RESTRICT: 'RESTRICT',
  CASCADE: 'CASCADE',
  'SET NULL': 'SET NULL',
  'SET DEFAULT': 'SET DEFAULT',
};

function str(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

const squashNames = (a: readonly string[]): string => a.map((c) => c.toLowerCase()).join('\u0000');

async function reflectTable(
  q: SchemaQueries,
  schema: string,
  name: string,
  sql: string,
  options: { strict: boolean; withoutRowid: boolean },
  indexSql: ReadonlyMap<string, string>,
): Promise<ReflectedTable> {
  const parsed: ParsedTable = parseCreateTable(sql);
  const parsedColumn = new Map(parsed.columns.map((c) => [c.name.toLowerCase(), c]));
  const [colRows, fkRows, indexRows] = await Promise.all([
    q.query(SQLITE_CATALOG.columns, [name, schema]),
    q.query(SQLITE_CATALOG.foreignKeys, [name, schema]),
    q.query(SQLITE_CATALOG.indexList, [name, schema]),
  ]);
  const pkColumns = colRows
    .filter((r) => Number(r['pk']) > 0)
    .sort((a, b) => Number(a['pk']) - Number(b['pk']))
    .map((r) => String(r['name']));
  const rowidAlias =
    !options.withoutRowid &&
    pkColumns.length === 1 &&
    canonicalSqliteType(String(colRows.find((r) => r['name'] === pkColumns[0])?.['type'] ?? '')) ===
      'INTEGER';
  const columns: ReflectedColumn[] = colRows
    .filter((r) => Number(r['hidden']) !== 1)
    .map((r) => {
      const colName = String(r['name']);
      const declared = canonicalSqliteType(String(r['type'] ?? ''));
      const p = parsedColumn.get(colName.toLowerCase());
      const hidden = Number(r['hidden']);
      return {
        name: colName,
        dbType: declared,
        type: sqliteTypeOf(declared),
        nullable: Number(r['notnull']) === 0 && !(pkColumns.includes(colName) && options.withoutRowid),
        default: str(r['dflt_value']),
        autoincrement: rowidAlias && pkColumns[0] === colName,
        identity: undefined,
        computed:
          hidden === 2 || hidden === 3 ? { sql: p?.generated?.sql ?? '', stored: hidden === 3 } : undefined,
        comment: undefined,
        collation:
          p?.collation !== undefined && p.collation.toUpperCase() !== 'BINARY' ? p.collation : undefined,
      };
    });
  const constraintNamed = (kind: 'foreignKey' | 'unique', cols: readonly string[]): string | undefined =>
    parsed.constraints.find((c) => c.kind === kind && squashNames(c.columns) === squashNames(cols))?.name;
  const fkGroups = new Map<number, Row[]>();
  for (const r of fkRows) fkGroups.set(Number(r['id']), [...(fkGroups.get(Number(r['id'])) ?? []), r]);
  const foreignKeys: ReflectedForeignKey[] = [...fkGroups.values()]
    .map((rows) => {
      const cols = rows.map((r) => String(r['from']));
      return {
        name: constraintNamed('foreignKey', cols),
        columns: cols,
        referredSchema: undefined,
        referredTable: String(rows[0]!['table']),
        referredColumns: rows.map((r) => String(r['to'] ?? '')),
        onDelete: ACTIONS[String(rows[0]!['on_delete']).toUpperCase()],
        onUpdate: ACTIONS[String(rows[0]!['on_update']).toUpperCase()],
      };
    })
    .reverse(); // pragma lists keys last-declared first
  const uniques: { name: string | undefined; columns: string[] }[] = [];
  const indexes: ReflectedIndex[] = [];
  for (const ix of indexRows) {
    const ixName = String(ix['name']);
    const origin = String(ix['origin']);
    if (origin === 'pk') continue;
    const cols = await q.query(SQLITE_CATALOG.indexColumns, [ixName, schema]);
    const names = cols.map((c) => str(c['name']));
    if (origin === 'u') {
      const columnNames = names.map((n) => n ?? '');
      uniques.push({ name: constraintNamed('unique', columnNames), columns: columnNames });
      continue;
    }
    const text = indexSql.get(ixName);
    const parsedIndex = text === undefined ? { elements: [], where: undefined } : parseCreateIndex(text);
    indexes.push({
      name: ixName,
      unique: Number(ix['unique']) === 1,
      elements: names.map((n, i) => {
        if (n !== null && n !== undefined) return n;
        const element = parsedIndex.elements[i] ?? '';
        const col = elementColumn(element);
        return col ?? { sql: element.replace(/^\((.*)\)$/s, '$1') };
      }),
      where: parsedIndex.where,
      using: undefined,
      implicit: false,
    });
  }
  return {
    schema: undefined,
    name,
    columns,
    primaryKey: pkColumns.length
      ? { name: parsed.constraints.find((c) => c.kind === 'primaryKey')?.name, columns: pkColumns }
      : undefined,
    foreignKeys,
    uniques,
    indexes: indexes.sort((a, b) => a.name.localeCompare(b.name)),
    checks: parsed.constraints.filter((c) => c.kind === 'check').map((c) => ({ name: c.name, sql: c.sql })),
    comment: undefined,
    sqlite: {
      ...(options.strict ? { strict: true } : {}),
      ...(options.withoutRowid ? { withoutRowid: true } : {}),
    },
  };
}

/** Reads SQLite's schema table and pragmas. */
export const sqliteInspector: SchemaInspector = Object.freeze({
  traits: Object.freeze({
    reflectsAutoincrement: false,
    uniquesAreIndexes: false,
    partialIndexes: true,
    comments: false,
    namedForeignKeys: false,
    namedEnums: false,
  }),

  defaultSchema(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  },

  async tableNames(q: SchemaQueries, schema?: string): Promise<string[]> {
    const rows = await q.query(SQLITE_CATALOG.objects(schema ?? 'main'));
    return rows.filter((r) => r['type'] === 'table').map((r) => String(r['name']));
  },

  async reflect(q: SchemaQueries, options: ReflectOptions = {}): Promise<ReflectedSchema> {
    const schema = options.schema ?? 'main';
    const objects = await q.query(SQLITE_CATALOG.objects(schema));
    const list = await q.query(SQLITE_CATALOG.tableList, [schema]);
    const flags = new Map(list.map((r) => [String(r['name']), r]));
    const wanted = options.tables === undefined ? undefined : new Set(options.tables);
    const indexSql = new Map(
      objects
        .filter((o) => o['type'] === 'index' && o['sql'] !== null)
        .map((o) => [String(o['name']), String(o['sql'])]),
    );
    const tables: ReflectedTable[] = [];
    for (const o of objects) {
      const name = String(o['name']);
      if (o['type'] !== 'table' || (wanted !== undefined && !wanted.has(name))) continue;
      const f = flags.get(name);
      tables.push(
        await reflectTable(
          q,
          schema,
          name,
          String(o['sql']),
          {
            strict: Number(f?.['strict'] ?? 0) === 1,
            withoutRowid: Number(f?.['wr'] ?? 0) === 1,
          },
          indexSql,
        ),
      );
    }
    return {
      schema: options.schema,
      tables,
      enums: [],
      views: objects
        .filter((o) => o['type'] === 'view')
        .map((o) => ({ schema: options.schema, name: String(o['name']), definition: String(o['sql']) })),
      triggers: objects
        .filter((o) => o['type'] === 'trigger')
        .map((o) => ({ name: String(o['name']), table: String(o['tbl_name']), sql: String(o['sql']) })),
    };
  },

  canonicalType: canonicalSqliteType,
  canonicalDefault: canonicalSqliteDefault,
  canonicalExpression: squashExpression,
  canonicalAction: (action: ReferentialAction | undefined) => (action === 'NO ACTION' ? undefined : action),
});
