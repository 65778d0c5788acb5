import {
  canonicalNumber,
  collapseSpaces,
  mapOutsideQuotes,
  squashExpression,
} from '../../sql/reflection/canonical';
import type { ReflectOptions, SchemaInspector, SchemaQueries } from '../../sql/reflection/inspector';
import type {
  ReflectedColumn,
  ReflectedIndex,
  ReflectedSchema,
  ReflectedTable,
} from '../../sql/reflection/model';
import type { ReferentialAction } from '../../sql/schema/schema-options';
import { types } from '../../sql/types';
import type { SqlType } from '../../sql/types/sql-type';

type Row = Record<string, unknown>;

/** `:2, :3, …` for `n` table names bound after the owner. */
const inList = (n: number): string => Array.from({ length: n }, (_, i) => `:${i + 2}`).join(', ');

/** The catalog queries (ALL_* views), exported so their SQL can be checked without a server. */
export const ORACLE_CATALOG = Object.freeze({
  defaultSchema: `SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') AS "name" FROM DUAL`,
  tables: `SELECT t.table_name AS "name", c.comments AS "comment"
FROM all_tables t
LEFT JOIN all_tab_comments c ON c.owner = t.owner AND c.table_name = t.table_name
WHERE t.owner = :1 AND t.nested = 'NO' AND t.secondary = 'N' AND t.iot_name IS NULL
ORDER BY t.table_name`,
  columns: (
    n: number,
  ): string => `SELECT c.table_name AS "table_name", c.column_name AS "name", c.data_type AS "data_type",
  c.char_length AS "char_length", c.char_used AS "char_used", c.data_length AS "data_length",
  c.data_precision AS "precision", c.data_scale AS "scale", c.nullable AS "nullable",
  c.data_default AS "dflt", c.identity_column AS "identity", c.virtual_column AS "virtual",
  ic.generation_type AS "generation", ic.identity_options AS "identity_options", cm.comments AS "comment"
FROM all_tab_cols c
LEFT JOIN all_tab_identity_cols ic ON ic.owner = c.owner AND ic.table_name = c.table_name AND ic.column_name = c.column_name
LEFT JOIN all_col_comments cm ON cm.owner = c.owner AND cm.table_name = c.table_name AND cm.column_name = c.column_name
WHERE c.owner = :1 AND c.table_name IN (${inList(n)}) AND c.hidden_column = 'NO'
ORDER BY c.table_name, c.column_id`,
  constraints: (n: number): string => `SELECT con.table_name AS "table_name", con.constraint_name AS "name",
  con.constraint_type AS "type", con.search_condition_vc AS "condition", con.generated AS "generated",
  con.delete_rule AS "on_delete", cc.column_name AS "column_name", rcon.table_name AS "referred_table",
  rcon.owner AS "referred_schema", rcc.column_name AS "referred_column"
FROM all_constraints con
JOIN all_cons_columns cc ON cc.owner = con.owner AND cc.constraint_name = con.constraint_name
LEFT JOIN all_constraints rcon ON rcon.owner = con.r_owner AND rcon.constraint_name = con.r_constraint_name
LEFT JOIN all_cons_columns rcc ON rcc.owner = rcon.owner AND rcc.constraint_name = rcon.constraint_name
  AND rcc.position = cc.position
WHERE con.owner = :1 AND con.table_name IN (${inList(n)}) AND con.constraint_type IN ('P', 'U', 'R', 'C')
ORDER BY con.table_name, con.constraint_name, cc.position`,
  indexes: (
    n: number,
  ): string => `SELECT i.table_name AS "table_name", i.index_name AS "name", i.uniqueness AS "uniqueness",
  ic.column_name AS "column_name", ie.column_expression AS "expression"
FROM all_indexes i
JOIN all_ind_columns ic ON ic.index_owner = i.owner AND ic.index_name = i.index_name
LEFT JOIN all_ind_expressions ie ON ie.index_owner = i.owner AND ie.index_name = i.index_name
  AND ie.column_position = ic.column_position
WHERE i.table_owner = :1 AND i.table_name IN (${inList(n)})
  AND NOT EXISTS (SELECT 1 FROM all_constraints con WHERE con.owner = i.table_owner
    AND con.index_name = i.index_name AND con.constraint_type IN ('P', 'U'))
ORDER BY i.table_name, i.index_name, ic.column_position`,
  views: `SELECT view_name AS "name", text AS "definition" FROM all_views WHERE owner = :1 ORDER BY view_name`,
});

/** Oracle's canonical spelling of a type: `NUMBER(10,0)` → `NUMBER(10)`, spaces normalised. */
export function canonicalOracleType(sql: string): string {
  return collapseSpaces(sql)
    .toUpperCase()
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')')
    .replace(/^NUMBER\((\d+),0\)$/, 'NUMBER($1)')
    .replace(/^(VARCHAR2|CHAR|NVARCHAR2)\((\d+)\)$/, '$1($2 BYTE)')
    .replace(/\((\d+)(CHAR|BYTE)\)/, '($1 $2)');
}

/** The canonical type of an ALL_TAB_COLS row. */
export function oracleColumnType(r: Row): string {
  const type = String(r['data_type']);
  switch (type) {
    case 'NUMBER': {
      const p = r['precision'];
      if (p === null || p === undefined) return 'NUMBER';
      const s = Number(r['scale'] ?? 0);
      return s === 0 ? `NUMBER(${Number(p)})` : `NUMBER(${Number(p)},${s})`;
    }
    case 'VARCHAR2':
    case 'NVARCHAR2':
    case 'CHAR':
      return `${type}(${Number(r['char_length'])} ${r['char_used'] === 'C' ? 'CHAR' : 'BYTE'})`;
    case 'RAW':
      return `RAW(${Number(r['data_length'])})`;
    default:
      return canonicalOracleType(type);
  }
}

/** Oracle's canonical spelling of a default (stored as written, often with trailing spaces). */
export function canonicalOracleDefault(sql: string | undefined): string | undefined {
  if (sql === undefined || sql === null) return undefined;
  const s = collapseSpaces(String(sql));
  if (s === '' || /^null$/i.test(s)) return undefined;
  const quotedNumber = /^'(-?\d+(\.\d+)?)'$/.exec(s);
  if (quotedNumber) return canonicalNumber(quotedNumber[1]!);
  if (/^-?\d+(\.\d+)?$/.test(s)) return canonicalNumber(s);
  return mapOutsideQuotes(s, (run) =>
    run
      .toLowerCase()
      .replace(/\bsystimestamp\b/g, 'current_timestamp')
      .replace(/\s+/g, ''),
  );
}

/** The Athanor type of a canonical Oracle type. */
export function oracleTypeOf(canonical: string): SqlType<unknown> {
  switch (canonical) {
    case 'NUMBER(10)':
      return types.integer();
    case 'NUMBER(19)':
      return types.bigInteger();
    case 'NUMBER(5)':
      return types.smallInteger();
    case 'NUMBER(1)':
      return types.boolean();
    case 'BINARY_DOUBLE':
      return types.float();
    case 'CLOB':
      return types.text();
    case 'DATE':
      return types.custom('DATE', { affinity: 'datetime' });
    case 'BLOB':
      return types.binary();
    case 'TIMESTAMP(3)':
      return types.dateTime();
    case 'TIMESTAMP(3) WITH TIME ZONE':
      return types.dateTime({ timezone: true });
  }
  const varchar = /^VARCHAR2\((\d+) CHAR\)$/.exec(canonical);
  if (varchar) return types.string(Number(varchar[1]));
  const num = /^NUMBER\((\d+)(?:,(\d+))?\)$/.exec(canonical);
  if (num) return types.numeric(Number(num[1]), Number(num[2] ?? 0));
  const raw = /^RAW\((\d+)\)$/.exec(canonical);
  if (raw) return types.binary(Number(raw[1]));
  return types.custom(canonical);
}

function str(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r[key]);
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

async function defaultSchema(q: SchemaQueries): Promise<string | undefined> {
  return str((await q.query(ORACLE_CATALOG.defaultSchema))[0]?.['name']);
}

/** `START WITH: 100, INCREMENT BY: 5, …` → start and increment. */
function identityOptions(text: string | undefined): { start?: number; increment?: number } {
  const start = /START WITH:\s*(-?\d+)/.exec(text ?? '');
  const inc = /INCREMENT BY:\s*(-?\d+)/.exec(text ?? '');
  return {
    ...(start && Number(start[1]) !== 1 ? { start: Number(start[1]) } : {}),
    ...(inc && Number(inc[1]) !== 1 ? { increment: Number(inc[1]) } : {}),
  };
}

function oracleColumn(r: Row): ReflectedColumn {
  const dbType = oracleColumnType(r);
  const identity = r['identity'] === 'YES';
  const virtual = r['virtual'] === 'YES';
  const dflt = str(r['dflt'])?.trim();
  const options = identityOptions(str(r['identity_options']));
  const always = r['generation'] === 'ALWAYS';
  return {
    name: String(r['name']),
    dbType,
    type: oracleTypeOf(dbType),
    nullable: r['nullable'] === 'Y',
    default: identity || virtual || dflt === '' ? undefined : dflt,
    autoincrement: identity,
    identity:
      identity && (always || Object.keys(options).length)
        ? { ...(always ? { always: true } : {}), ...options }
        : undefined,
    computed: virtual && dflt !== undefined ? { sql: dflt, stored: false } : undefined,
    comment: str(r['comment']),
    collation: undefined,
  };
}

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  'NO ACTION': undefined,
  CASCADE: 'CASCADE',
  'SET NULL': 'SET NULL',
};

/** Reads Oracle's catalog (ALL_* views). */
export const oracleInspector: SchemaInspector = Object.freeze({
  traits: Object.freeze({
    reflectsAutoincrement: true,
    uniquesAreIndexes: false,
    partialIndexes: false,
    comments: true,
    namedForeignKeys: true,
    namedEnums: false,
  }),
  defaultSchema,
  async tableNames(q: SchemaQueries, schema?: string): Promise<string[]> {
    const s = schema ?? (await defaultSchema(q));
    return (await q.query(ORACLE_CATALOG.tables, [s])).map((r) => String(r['name']));
  },
  async reflect(q: SchemaQueries, options: ReflectOptions = {}): Promise<ReflectedSchema> {
    const schema = options.schema ?? (await defaultSchema(q));
    const wanted = options.tables === undefined ? undefined : new Set(options.tables);
    const tableRows = (await q.query(ORACLE_CATALOG.tables, [schema])).filter(
      (r) => wanted === undefined || wanted.has(String(r['name'])),
    );
    const views = (await q.query(ORACLE_CATALOG.views, [schema])).map((r) => ({
      schema: options.schema,
      name: String(r['name']),
      definition: String(r['definition']),
    }));
    const names = tableRows.map((r) => String(r['name']));
    if (names.length === 0) return { schema: options.schema, tables: [], enums: [], views, triggers: [] };
    const args = [schema, ...names];
    const n = names.length;
    const [cols, cons, ixs] = await Promise.all([
      q.query(ORACLE_CATALOG.columns(n), args),
      q.query(ORACLE_CATALOG.constraints(n), args),
      q.query(ORACLE_CATALOG.indexes(n), args),
    ]);
    const colsBy = groupBy(cols, 'table_name');
    const consBy = groupBy(cons, 'table_name');
    const ixsBy = groupBy(ixs, 'table_name');
    const tables: ReflectedTable[] = tableRows.map((t) => {
      const name = String(t['name']);
      const byName = [...groupBy(consBy.get(name) ?? [], 'name').entries()];
      const ofType = (type: string): [string, Row[]][] =>
        byName.filter(([, rows]) => rows[0]!['type'] === type);
      const pk = ofType('P')[0];
      const indexes: ReflectedIndex[] = [...groupBy(ixsBy.get(name) ?? [], 'name').entries()].map(
        ([ixName, rows]) => ({
          name: ixName,
          unique: rows[0]!['uniqueness'] === 'UNIQUE',
          elements: rows.map((r) => {
            const expression = str(r['expression']);
            return expression === undefined ? String(r['column_name']) : { sql: expression };
          }),
          where: undefined,
          using: undefined,
          implicit: false,
        }),
      );
      return {
        schema: options.schema,
        name,
        columns: (colsBy.get(name) ?? []).map(oracleColumn),
        primaryKey:
          pk === undefined ? undefined : { name: pk[0], columns: pk[1].map((r) => String(r['column_name'])) },
        foreignKeys: ofType('R').map(([fkName, rows]) => ({
          name: fkName,
          columns: rows.map((r) => String(r['column_name'])),
          referredSchema:
            str(rows[0]!['referred_schema']) === schema ? undefined : str(rows[0]!['referred_schema']),
          referredTable: String(rows[0]!['referred_table']),
          referredColumns: rows.map((r) => String(r['referred_column'])),
          onDelete: ACTIONS[String(rows[0]!['on_delete'])],
          onUpdate: undefined,
        })),
        uniques: ofType('U').map(([uqName, rows]) => ({
          name: uqName,
          columns: rows.map((r) => String(r['column_name'])),
        })),
        indexes,
        // NOT NULL columns show up as system-named checks `"col" IS NOT NULL`.
        checks: ofType('C')
          .filter(
            ([, rows]) =>
              !(
                rows[0]!['generated'] === 'GENERATED NAME' &&
                /^"[^"]+" IS NOT NULL$/.test(String(rows[0]!['condition']))
              ),
          )
          .map(([ckName, rows]) => ({ name: ckName, sql: String(rows[0]!['condition']) })),
        comment: str(t['comment']),
        sqlite: {},
      };
    });
    return { schema: options.schema, tables, enums: [], views, triggers: [] };
  },
  canonicalType: canonicalOracleType,
  canonicalDefault: canonicalOracleDefault,
  canonicalExpression: squashExpression,
  canonicalAction: (a: ReferentialAction | undefined) => (a === 'NO ACTION' ? undefined : a),
});
