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

type Row = Record<string, unknown>;

/** `@p2, @p3, …` for `n` table names bound after the schema. */
const inList = (n: number): string => Array.from({ length: n }, (_, i) => `@p${i + 2}`).join(', ');

const TABLE_FILTER = (n: number): string => `s.name = @p1 AND t.name IN (${inList(n)})`;

/** The catalog queries (sys views), exported so their SQL can be checked without a server. */
export const MSSQL_CATALOG = Object.freeze({
  defaultSchema: 'SELECT SCHEMA_NAME() AS name',
  tables: `SELECT t.name AS name, CAST(ep.value AS NVARCHAR(4000)) AS comment
FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id
LEFT JOIN sys.extended_properties ep ON ep.major_id = t.object_id AND ep.minor_id = 0 AND ep.name = 'MS_Description'
WHERE s.name = @p1 AND t.is_ms_shipped = 0 ORDER BY t.name`,
  columns: (n: number): string => `SELECT t.name AS table_name, c.name AS name, ty.name AS type_name,
  c.max_length AS max_length, c.precision AS precision, c.scale AS scale, c.is_nullable AS nullable,
  dc.definition AS dflt, c.is_identity AS is_identity, CAST(ic.seed_value AS BIGINT) AS seed,
  CAST(ic.increment_value AS BIGINT) AS increment, cc.definition AS computed, cc.is_persisted AS persisted,
  c.collation_name AS collation, DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS db_collation,
  CAST(ep.value AS NVARCHAR(4000)) AS comment
FROM sys.columns c
JOIN sys.tables t ON t.object_id = c.object_id
JOIN sys.schemas s ON s.schema_id = t.schema_id
JOIN sys.types ty ON ty.user_type_id = c.user_type_id
LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
LEFT JOIN sys.identity_columns ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id
LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
LEFT JOIN sys.extended_properties ep ON ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = 'MS_Description'
WHERE ${TABLE_FILTER(n)}
ORDER BY t.name, c.column_id`,
  keys: (
    n: number,
  ): string => `SELECT t.name AS table_name, kc.name AS name, kc.type AS type, col.name AS column_name
FROM sys.key_constraints kc
JOIN sys.tables t ON t.object_id = kc.parent_object_id
JOIN sys.schemas s ON s.schema_id = t.schema_id
JOIN sys.index_columns icol ON icol.object_id = kc.parent_object_id AND icol.index_id = kc.unique_index_id
JOIN sys.columns col ON col.object_id = icol.object_id AND col.column_id = icol.column_id
WHERE ${TABLE_FILTER(n)}
ORDER BY t.name, kc.name, icol.key_ordinal`,
  foreignKeys: (n: number): string => `SELECT t.name AS table_name, fk.name AS name, pc.name AS column_name,
  rt.name AS referred_table, rs.name AS referred_schema, rc.name AS referred_column,
  fk.delete_referential_action_desc AS on_delete, fk.update_referential_action_desc AS on_update
FROM sys.foreign_keys fk
JOIN sys.tables t ON t.object_id = fk.parent_object_id
JOIN sys.schemas s ON s.schema_id = t.schema_id
JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
JOIN sys.tables rt ON rt.object_id = fkc.referenced_object_id
JOIN sys.schemas rs ON rs.schema_id = rt.schema_id
JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
WHERE ${TABLE_FILTER(n)}
ORDER BY t.name, fk.name, fkc.constraint_column_id`,
  indexes: (n: number): string => `SELECT t.name AS table_name, i.name AS name, i.is_unique AS is_unique,
  i.filter_definition AS filter, col.name AS column_name
FROM sys.indexes i
JOIN sys.tables t ON t.object_id = i.object_id
JOIN sys.schemas s ON s.schema_id = t.schema_id
JOIN sys.index_columns icol ON icol.object_id = i.object_id AND icol.index_id = i.index_id AND icol.key_ordinal > 0
JOIN sys.columns col ON col.object_id = icol.object_id AND col.column_id = icol.column_id
WHERE ${TABLE_FILTER(n)} AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.type > 0
ORDER BY t.name, i.name, icol.key_ordinal`,
  checks: (n: number): string => `SELECT t.name AS table_name, cc.name AS name, cc.definition AS definition
FROM sys.check_constraints cc
JOIN sys.tables t ON t.object_id = cc.parent_object_id
JOIN sys.schemas s ON s.schema_id = t.schema_id
WHERE ${TABLE_FILTER(n)}
ORDER BY t.name, cc.name`,
  views: `SELECT v.name AS name, OBJECT_DEFINITION(v.object_id) AS definition
FROM sys.views v JOIN sys.schemas s ON s.schema_id = v.schema_id WHERE s.name = @p1 ORDER BY v.name`,
});

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  NO_ACTION: undefined,
  CASCADE: 'CASCADE',
  SET_NULL: 'SET NULL',
  SET_DEFAULT: 'SET DEFAULT',
};

/** SQL Server's canonical spelling of a type: `INTEGER` → `int`, `NUMERIC(10, 2)` → `decimal(10,2)`. */
export function canonicalMssqlType(sql: string): string {
  return collapseSpaces(sql.replace(/[[\]]/g, ''))
    .toLowerCase()
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')')
    .replace(/^integer$/, 'int')
    .replace(/^numeric/, 'decimal')
    .replace(/^double precision$/, 'float')
    .replace(/^float\(53\)$/, 'float');
}

/** SQL Server's canonical spelling of a default: it stores `((0))`, `(N'x')`, `(getdate())`. */
export function canonicalMssqlDefault(sql: string | undefined): string | undefined {
  if (sql === undefined || sql === null) return undefined;
  let s = collapseSpaces(String(sql));
  while (/^\(.*\)$/s.test(s) && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  if (/^null$/i.test(s)) return undefined;
  s = s.replace(/^N'/, "'");
  const quotedNumber = /^'(-?\d+(\.\d+)?)'$/.exec(s);
  if (quotedNumber) return canonicalNumber(quotedNumber[1]!);
  if (/^-?\d+(\.\d+)?$/.test(s)) return canonicalNumber(s);
  return mapOutsideQuotes(s, (run) =>
    run
      .toLowerCase()
      .replace(/\b(getdate|sysdatetime)\(\)/g, 'current_timestamp')
      .replace(/\s+/g, ''),
  );
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The canonical type of a sys.columns row (type name, byte length, precision, scale). */
export function mssqlColumnType(r: Row): string {
  const name = String(r['type_name']).toLowerCase();
  const len = Number(r['max_length']);
  switch (name) {
    case 'nvarchar':
    case 'nchar':
      return `${name}(${len < 0 ? 'max' : len / 2})`;
    case 'varchar':
    case 'char':
    case 'varbinary':
    case 'binary':
      return `${name}(${len < 0 ? 'max' : len})`;
    case 'decimal':
    case 'numeric':
      return `decimal(${Number(r['precision'])},${Number(r['scale'])})`;
    case 'datetime2':
    case 'datetimeoffset':
    case 'time':
      return `${name}(${Number(r['scale'])})`;
    default:
      return name;
  }
}

/** The Athanor type of a canonical SQL Server type. */
export function mssqlTypeOf(canonical: string): SqlType<unknown> {
  const m = /^([a-z0-9]+)(?:\((\d+|max)(?:,(\d+))?\))?$/.exec(canonical);
  const p = m?.[2] === undefined || m[2] === 'max' ? undefined : Number(m[2]);
  switch (m?.[1]) {
    case 'int':
      return types.integer();
    case 'bigint':
      return types.bigInteger();
    case 'smallint':
      return types.smallInteger();
    case 'bit':
      return types.boolean();
    case 'float':
      return types.float();
    case 'decimal':
      return types.numeric(p, m?.[3] === undefined ? 0 : Number(m[3]));
    case 'nvarchar':
      return m?.[2] === 'max' ? types.text() : types.string(p);
    case 'date':
      return types.date();
    case 'datetime2':
      return types.dateTime({ precision: p === 3 ? undefined : p });
    case 'datetimeoffset':
      return types.dateTime({ timezone: true, precision: p === 3 ? undefined : p });
    case 'time':
      return p === 3 ? types.time() : types.custom(canonical.toUpperCase(), { affinity: 'time' });
    case 'uniqueidentifier':
      return types.uuid();
    case 'varbinary':
      return types.binary(p);
  }
  return types.custom(canonical.toUpperCase());
}

function str(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1';

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r[key]);
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

async function defaultSchema(q: SchemaQueries): Promise<string | undefined> {
  return str((await q.query(MSSQL_CATALOG.defaultSchema))[0]?.['name']);
}

function mssqlColumn(r: Row): ReflectedColumn {
  const dbType = mssqlColumnType(r);
  const computed = str(r['computed']);
  const seed = r['seed'] === null || r['seed'] === undefined ? 1 : Number(r['seed']);
  const increment = r['increment'] === null || r['increment'] === undefined ? 1 : Number(r['increment']);
  const collation = str(r['collation']);
  return {
    name: String(r['name']),
    dbType,
    type: mssqlTypeOf(dbType),
    nullable: truthy(r['nullable']),
    default: str(r['dflt']),
    autoincrement: truthy(r['is_identity']),
    identity:
      truthy(r['is_identity']) && (seed !== 1 || increment !== 1)
        ? { ...(seed !== 1 ? { start: seed } : {}), ...(increment !== 1 ? { increment } : {}) }
        : undefined,
    computed:
      computed === undefined
        ? undefined
        : { sql: computed.replace(/^\((.*)\)$/s, '$1'), stored: truthy(r['persisted']) },
    comment: str(r['comment']),
    collation: collation !== undefined && collation !== str(r['db_collation']) ? collation : undefined,
  };
}

/** Reads SQL Server's catalog (sys views). */
export const mssqlInspector: SchemaInspector = Object.freeze({
  traits: Object.freeze({
    reflectsAutoincrement: true,
    uniquesAreIndexes: false,
    partialIndexes: true,
    comments: true,
    namedForeignKeys: true,
    namedEnums: false,
  }),
  defaultSchema,
  async tableNames(q: SchemaQueries, schema?: string): Promise<string[]> {
    const s = schema ?? (await defaultSchema(q));
    return (await q.query(MSSQL_CATALOG.tables, [s])).map((r) => String(r['name']));
  },
  async reflect(q: SchemaQueries, options: ReflectOptions = {}): Promise<ReflectedSchema> {
    const schema = options.schema ?? (await defaultSchema(q));
    const wanted = options.tables === undefined ? undefined : new Set(options.tables);
    const tableRows = (await q.query(MSSQL_CATALOG.tables, [schema])).filter(
      (r) => wanted === undefined || wanted.has(String(r['name'])),
    );
    const views = (await q.query(MSSQL_CATALOG.views, [schema])).map((r) => ({
      schema: options.schema,
      name: String(r['name']),
      definition: String(r['definition']),
    }));
    const names = tableRows.map((r) => String(r['name']));
    if (names.length === 0) return { schema: options.schema, tables: [], enums: [], views, triggers: [] };
    const args = [schema, ...names];
    const n = names.length;
    const [cols, keys, fks, ixs, checks] = await Promise.all([
      q.query(MSSQL_CATALOG.columns(n), args),
      q.query(MSSQL_CATALOG.keys(n), args),
      q.query(MSSQL_CATALOG.foreignKeys(n), args),
      q.query(MSSQL_CATALOG.indexes(n), args),
      q.query(MSSQL_CATALOG.checks(n), args),
    ]);
    const colsBy = groupBy(cols, 'table_name');
    const keysBy = groupBy(keys, 'table_name');
    const fksBy = groupBy(fks, 'table_name');
    const ixsBy = groupBy(ixs, 'table_name');
    const checksBy = groupBy(checks, 'table_name');
    const tables: ReflectedTable[] = tableRows.map((t) => {
      const name = String(t['name']);
      const byConstraint = groupBy(keysBy.get(name) ?? [], 'name');
      const pk = [...byConstraint.entries()].find(([, rows]) => String(rows[0]!['type']).trim() === 'PK');
      const foreignKeys: ReflectedForeignKey[] = [...groupBy(fksBy.get(name) ?? [], 'name').entries()].map(
        ([fkName, rows]) => ({
          name: fkName,
          columns: rows.map((r) => String(r['column_name'])),
          referredSchema:
            str(rows[0]!['referred_schema']) === schema ? undefined : str(rows[0]!['referred_schema']),
          referredTable: String(rows[0]!['referred_table']),
          referredColumns: rows.map((r) => String(r['referred_column'])),
          onDelete: ACTIONS[String(rows[0]!['on_delete'])],
          onUpdate: ACTIONS[String(rows[0]!['on_update'])],
        }),
      );
      const indexes: ReflectedIndex[] = [...groupBy(ixsBy.get(name) ?? [], 'name').entries()].map(
        ([ixName, rows]) => ({
          name: ixName,
          unique: truthy(rows[0]!['is_unique']),
          elements: rows.map((r) => String(r['column_name'])),
          where: str(rows[0]!['filter'])?.replace(/^\((.*)\)$/s, '$1'),
          using: undefined,
          implicit: false,
        }),
      );
      return {
        schema: options.schema,
        name,
        columns: (colsBy.get(name) ?? []).map(mssqlColumn),
        primaryKey:
          pk === undefined ? undefined : { name: pk[0], columns: pk[1].map((r) => String(r['column_name'])) },
        foreignKeys,
        uniques: [...byConstraint.entries()]
          .filter(([, rows]) => String(rows[0]!['type']).trim() === 'UQ')
          .map(([uqName, rows]) => ({ name: uqName, columns: rows.map((r) => String(r['column_name'])) })),
        indexes,
        checks: (checksBy.get(name) ?? []).map((r) => ({
          name: str(r['name']),
          sql: String(r['definition']).replace(/^\((.*)\)$/s, '$1'),
        })),
        comment: str(t['comment']),
        sqlite: {},
      };
    });
    return { schema: options.schema, tables, enums: [], views, triggers: [] };
  },
  canonicalType: canonicalMssqlType,
  canonicalDefault: canonicalMssqlDefault,
  canonicalExpression: squashExpression,
  canonicalAction: (a: ReferentialAction | undefined) =>
    a === 'NO ACTION' || a === 'RESTRICT' ? undefined : a,
});
