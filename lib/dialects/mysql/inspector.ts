import {
  canonicalNumber,
  collapseSpaces,
  mapOutsideQuotes,
  splitTopLevel,
  squashExpression,
  unquoteLiteral,
} from '../../sql/reflection/canonical';
import type { ReflectOptions, SchemaInspector, SchemaQueries } from '../../sql/reflection/inspector';
import type {
  ReflectedCheck,
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedSchema,
  ReflectedTable,
} from '../../sql/reflection/model';
import type { ReferentialAction } from '../../sql/schema/schema-options';
import { types } from '../../sql/types';
import type { SqlType } from '../../sql/types/sql-type';

type Row = Record<string, unknown>;

const inList = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * The catalog queries (information_schema). `n` is the number of table names bound after the
 * schema. MariaDB keeps the table of a CHECK constraint in CHECK_CONSTRAINTS; MySQL 8 only in
 * TABLE_CONSTRAINTS.
 */
export const MYSQL_CATALOG = Object.freeze({
  defaultSchema: 'SELECT DATABASE() AS name',
  tables: `SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment, TABLE_COLLATION AS collation
FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  columns: (n: number): string => `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, COLUMN_TYPE AS type,
  IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, GENERATION_EXPRESSION AS generation,
  COLUMN_COMMENT AS comment, COLLATION_NAME AS collation
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${inList(n)})
ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  primaryKeys: (n: number): string => `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${inList(n)}) AND CONSTRAINT_NAME = 'PRIMARY'
ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  foreignKeys: (n: number): string => `SELECT kcu.TABLE_NAME AS table_name, kcu.CONSTRAINT_NAME AS name,
  kcu.COLUMN_NAME AS column_name, kcu.REFERENCED_TABLE_SCHEMA AS referred_schema,
  kcu.REFERENCED_TABLE_NAME AS referred_table, kcu.REFERENCED_COLUMN_NAME AS referred_column,
  rc.UPDATE_RULE AS on_update, rc.DELETE_RULE AS on_delete
FROM information_schema.KEY_COLUMN_USAGE kcu
JOIN information_schema.REFERENTIAL_CONSTRAINTS rc
  ON rc.CONSTRAINT_SCHEMA = kcu.CONSTRAINT_SCHEMA AND rc.CONSTRAINT_NAME = kcu.CONSTRAINT_NAME
  AND rc.TABLE_NAME = kcu.TABLE_NAME
WHERE kcu.TABLE_SCHEMA = ? AND kcu.TABLE_NAME IN (${inList(n)})
ORDER BY kcu.TABLE_NAME, kcu.CONSTRAINT_NAME, kcu.ORDINAL_POSITION`,
  mariadbChecks: (n: number): string => `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name,
  CHECK_CLAUSE AS clause, LEVEL AS level
FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME IN (${inList(n)})
ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
  mysqlChecks: (n: number): string => `SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS name,
  cc.CHECK_CLAUSE AS clause, 'Table' AS level
FROM information_schema.TABLE_CONSTRAINTS tc
JOIN information_schema.CHECK_CONSTRAINTS cc
  ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME IN (${inList(n)})
ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME`,
  indexes: (
    n: number,
  ): string => `SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, NON_UNIQUE AS non_unique,
  COLUMN_NAME AS column_name, SUB_PART AS sub_part, INDEX_TYPE AS method
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${inList(n)}) AND INDEX_NAME <> 'PRIMARY'
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  views: `SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition
FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
});

const INT_TYPES = /^(tinyint|smallint|mediumint|integer|int|bigint)(\(\d+\))?(\s.*)?$/;

/** MySQL's canonical spelling of a type: `INTEGER` and `int(11)` → `int`, `BOOLEAN` and `tinyint(1)` → `boolean`. */
export function canonicalMysqlType(sql: string): string {
  let s = mapOutsideQuotes(collapseSpaces(sql), (run) =>
    run
      .toLowerCase()
      .replace(/\s*\(\s*/g, '(')
      .replace(/\s*,\s*/g, ',')
      .replace(/\s*\)/g, ')'),
  );
  if (/^(bool|boolean|tinyint\(1\))$/.test(s)) return 'boolean';
  const int = INT_TYPES.exec(s);
  if (int !== null) {
    const base = int[1] === 'integer' ? 'int' : int[1]!;
    return `${base}${(int[3] ?? '').replace(/\s+zerofill/, '')}`.trim();
  }
  s = s
    .replace(/^numeric/, 'decimal')
    .replace(/^(double precision|real)$/, 'double')
    .replace(/^decimal$/, 'decimal(10,0)')
    .replace(/^decimal\((\d+)\)$/, 'decimal($1,0)')
    .replace(/^(datetime|time|timestamp)\(0\)$/, '$1')
    .replace(/^year\(4\)$/, 'year')
    .replace(/^char$/, 'char(1)')
    .replace(/\s+(character set|charset)\s+\w+/g, '');
  return s;
}

/** MySQL's canonical spelling of a server default. */
export function canonicalMysqlDefault(sql: string | undefined): string | undefined {
  if (sql === undefined || sql === null) return undefined;
  const s = collapseSpaces(String(sql));
  if (/^null$/i.test(s)) return undefined;
  const quotedNumber = /^'(-?\d+(\.\d+)?)'$/.exec(s);
  if (quotedNumber) return canonicalNumber(quotedNumber[1]!);
  if (/^-?\d+(\.\d+)?$/.test(s)) return canonicalNumber(s);
  // A temporal literal comes back padded to the column's precision: '12:00:00.000' is '12:00:00'.
  const temporal = /^'((?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d)(?:\.(\d*?)0*)?'$/.exec(s);
  if (temporal) return `'${temporal[1]}${temporal[2] ? `.${temporal[2]}` : ''}'`;
  return mapOutsideQuotes(s, (run) =>
    run
      .toLowerCase()
      .replace(/\b(current_timestamp|now|localtimestamp|localtime)\(\)/g, 'current_timestamp')
      .replace(/\bnow\((\d)\)/g, 'current_timestamp($1)')
      .replace(/\btrue\b/g, '1')
      .replace(/\bfalse\b/g, '0')
      .replace(/\s+/g, ''),
  );
}

/** The Athanor type of a canonical MySQL column type. */
export function mysqlTypeOf(canonical: string): SqlType<unknown> {
  const unsigned = /\bunsigned\b/.test(canonical);
  const c = canonical.replace(/\s*unsigned\b/, '').trim();
  if (c === 'boolean') return types.boolean();
  if (c === 'int') return types.integer({ unsigned });
  if (c === 'smallint') return types.smallInteger({ unsigned });
  if (c === 'bigint') return types.bigInteger({ unsigned });
  if (c === 'json') return types.json();
  if (c === 'longtext') return types.text();
  if (c === 'double') return types.float();
  if (c === 'date') return types.date();
  if (c === 'longblob') return types.binary();
  const enumValues = /^enum\((.*)\)$/s.exec(c);
  if (enumValues !== null) {
    return types.enum(splitTopLevel(enumValues[1]!).map((v) => mysqlUnquote(v)));
  }
  const m = /^([a-z]+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(c);
  if (m !== null) {
    const p = m[2] === undefined ? undefined : Number(m[2]);
    switch (m[1]) {
      case 'varchar':
        return types.string(p);
      case 'decimal':
        return types.numeric(p, m[3] === undefined ? 0 : Number(m[3]));
      case 'datetime':
        return types.dateTime({ precision: p === 3 ? undefined : (p ?? 0) });
      case 'time':
        return p === 3 ? types.time() : types.custom(c.toUpperCase(), { affinity: 'time' });
      case 'varbinary':
        return types.binary(p);
      case 'char':
      case 'text':
      case 'mediumtext':
      case 'tinytext':
        return types.custom(c.toUpperCase(), { affinity: 'string' });
      case 'tinyint':
      case 'mediumint':
        return types.custom(canonical.toUpperCase(), { affinity: 'integer' });
    }
  }
  return types.custom(canonical.toUpperCase());
}

function mysqlUnquote(v: string): string {
  return (unquoteLiteral(v) ?? v).replace(/\\\\/g, '\\');
}

function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

function action(rule: unknown): ReferentialAction | undefined {
  const r = str(rule)?.toUpperCase();
  // InnoDB treats RESTRICT and NO ACTION alike, and reports either for a key that says neither.
  return r === undefined || r === 'RESTRICT' || r === 'NO ACTION' ? undefined : (r as ReferentialAction);
}

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = str(r[key])!;
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

/** Builds the inspector of MySQL 8 (`mariadb: false`) or MariaDB. */
export function mysqlFamilyInspector(mariadb: boolean): SchemaInspector {
  const defaultSchema = async (q: SchemaQueries): Promise<string | undefined> =>
    str((await q.query(MYSQL_CATALOG.defaultSchema))[0]?.['name']);
  const inspector: SchemaInspector = {
    traits: Object.freeze({
      reflectsAutoincrement: true,
      uniquesAreIndexes: true,
      partialIndexes: false,
      comments: true,
      namedForeignKeys: true,
      namedEnums: false,
    }),
    defaultSchema,
    async tableNames(q, schema) {
      const s = schema ?? (await defaultSchema(q));
      return (await q.query(MYSQL_CATALOG.tables, [s])).map((r) => str(r['name'])!);
    },
    async reflect(q, options: ReflectOptions = {}): Promise<ReflectedSchema> {
      const schema = options.schema ?? (await defaultSchema(q));
      const wanted = options.tables === undefined ? undefined : new Set(options.tables);
      const tableRows = (await q.query(MYSQL_CATALOG.tables, [schema])).filter(
        (r) => wanted === undefined || wanted.has(str(r['name'])!),
      );
      const names = tableRows.map((r) => str(r['name'])!);
      const viewRows = await q.query(MYSQL_CATALOG.views, [schema]);
      const views = viewRows.map((r) => ({
        schema: options.schema,
        name: str(r['name'])!,
        definition: str(r['definition'])!,
      }));
      if (names.length === 0) return { schema: options.schema, tables: [], enums: [], views, triggers: [] };
      const args = [schema, ...names];
      const n = names.length;
      const checksSql = mariadb ? MYSQL_CATALOG.mariadbChecks(n) : MYSQL_CATALOG.mysqlChecks(n);
      const [columnRows, pkRows, fkRows, checkRows, indexRows] = await Promise.all([
        q.query(MYSQL_CATALOG.columns(n), args),
        q.query(MYSQL_CATALOG.primaryKeys(n), args),
        q.query(MYSQL_CATALOG.foreignKeys(n), args),
        q.query(checksSql, args),
        q.query(MYSQL_CATALOG.indexes(n), args),
      ]);
      const columns = groupBy(columnRows, 'table_name');
      const pks = groupBy(pkRows, 'table_name');
      const fks = groupBy(fkRows, 'table_name');
      const checks = groupBy(checkRows, 'table_name');
      const indexes = groupBy(indexRows, 'table_name');
      const tables: ReflectedTable[] = tableRows.map((t) => {
        const name = str(t['name'])!;
        const tableChecks = checks.get(name) ?? [];
        const foreignKeys = mysqlForeignKeys(fks.get(name) ?? []);
        const jsonColumns = new Set(
          tableChecks
            .filter((c) => /^json_valid\(`?([^`]+)`?\)$/i.exec(str(c['clause'])!)?.[1] === str(c['name']))
            .map((c) => str(c['name'])!),
        );
        const pk = (pks.get(name) ?? []).map((r) => str(r['name'])!);
        return {
          schema: options.schema,
          name,
          columns: (columns.get(name) ?? []).map((r) =>
            mysqlColumn(r, str(t['collation']), jsonColumns.has(str(r['name'])!)),
          ),
          primaryKey: pk.length ? { name: undefined, columns: pk } : undefined,
          foreignKeys,
          uniques: [],
          indexes: mysqlIndexes(indexes.get(name) ?? [], foreignKeys),
          checks: tableChecks
            .filter((c) => !jsonColumns.has(str(c['name'])!) || str(c['level']) !== 'Column')
            .map((c): ReflectedCheck => ({ name: str(c['name']), sql: str(c['clause'])! })),
          comment: str(t['comment']) || undefined,
          sqlite: {},
          ...(str(t['collation']) === undefined ? {} : { collation: str(t['collation'])! }),
        };
      });
      return { schema: options.schema, tables, enums: [], views, triggers: [] };
    },
    canonicalType: canonicalMysqlType,
    canonicalDefault: canonicalMysqlDefault,
    canonicalExpression: squashExpression,
    canonicalAction: (a: ReferentialAction | undefined) => action(a),
  };
  return Object.freeze(inspector);
}

function mysqlColumn(r: Row, tableCollation: string | undefined, json: boolean): ReflectedColumn {
  const dbType = json ? 'json' : canonicalMysqlType(str(r['type'])!);
  const extra = (str(r['extra']) ?? '').toLowerCase();
  const generated = /\b(virtual|stored|persistent) generated\b/.exec(extra);
  const collation = str(r['collation']);
  let dflt = str(r['dflt']);
  if (generated !== null || dflt === 'NULL') dflt = undefined;
  return {
    name: str(r['name'])!,
    dbType,
    type: mysqlTypeOf(dbType),
    nullable: str(r['nullable']) === 'YES',
    default: dflt,
    autoincrement: extra.includes('auto_increment'),
    identity: undefined,
    computed:
      generated === null ? undefined : { sql: str(r['generation'])!, stored: generated[1] !== 'virtual' },
    comment: str(r['comment']) || undefined,
    collation: collation !== undefined && collation !== tableCollation && !json ? collation : undefined,
  };
}

function mysqlForeignKeys(rows: Row[]): ReflectedForeignKey[] {
  return [...groupBy(rows, 'name').entries()].map(([name, cols]) => ({
    name,
    columns: cols.map((c) => str(c['column_name'])!),
    referredSchema: undefined,
    referredTable: str(cols[0]!['referred_table'])!,
    referredColumns: cols.map((c) => str(c['referred_column'])!),
    onDelete: action(cols[0]!['on_delete']),
    onUpdate: action(cols[0]!['on_update']),
  }));
}

function mysqlIndexes(rows: Row[], foreignKeys: readonly ReflectedForeignKey[]): ReflectedIndex[] {
  return [...groupBy(rows, 'name').entries()].map(([name, cols]) => {
    const unique = Number(cols[0]!['non_unique']) === 0;
    const elements = cols.map((c) => str(c['column_name'])!);
    // InnoDB indexes a foreign key's columns itself, naming the index after the key or its first column.
    const implicit =
      !unique &&
      foreignKeys.some(
        (fk) =>
          (fk.name === name || fk.columns[0] === name) &&
          fk.columns.length === elements.length &&
          fk.columns.every((c, i) => c === elements[i]),
      );
    const method = str(cols[0]!['method']);
    return {
      name,
      unique,
      elements,
      where: undefined,
      using: method === 'BTREE' || method === undefined ? undefined : method.toLowerCase(),
      implicit,
    };
  });
}

/** MySQL 8's inspector. */
export const mysqlInspector: SchemaInspector = mysqlFamilyInspector(false);
