import {
  canonicalNumber,
  collapseSpaces,
  mapOutsideQuotes,
  squashExpression,
} from '../../sql/reflection/canonical';
import type { ReflectOptions, SchemaInspector, SchemaQueries } from '../../sql/reflection/inspector';
import type {
  ReflectedColumn,
  ReflectedEnum,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedSchema,
  ReflectedTable,
} from '../../sql/reflection/model';
import type { ReferentialAction } from '../../sql/schema/schema-options';
import { types } from '../../sql/types';
import type { SqlType } from '../../sql/types/sql-type';

type Row = Record<string, unknown>;

/** The catalog queries, exported so their SQL can be checked without a server. */
export const POSTGRESQL_CATALOG = Object.freeze({
  defaultSchema: 'SELECT current_schema() AS name',
  tables: `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = $1 AND NOT c.relispartition
ORDER BY c.relname`,
  columns: `SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
  t.typtype AS typtype, et.typtype AS elem_typtype, NOT a.attnotnull AS nullable,
  pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity, a.attgenerated AS generated,
  col_description(c.oid, a.attnum) AS comment,
  CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
  s.seqstart AS seq_start, s.seqincrement AS seq_increment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN LATERAL (SELECT sq.seqstart, sq.seqincrement FROM pg_depend dep
  JOIN pg_sequence sq ON sq.seqrelid = dep.objid
  WHERE dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_class'::regclass
    AND dep.deptype IN ('a', 'i') LIMIT 1) s ON true
WHERE n.nspname = $1 AND c.relname = ANY($2) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`,
  constraints: `SELECT c.relname AS table_name, con.conname AS name, con.contype AS type,
  pg_get_constraintdef(con.oid, true) AS definition,
  ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS columns,
  ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text[] AS referred_columns,
  rc.relname AS referred_table, rn.nspname AS referred_schema,
  con.confdeltype AS on_delete, con.confupdtype AS on_update
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE n.nspname = $1 AND c.relname = ANY($2) AND con.contype IN ('p', 'f', 'u', 'c')
ORDER BY c.relname, con.conname`,
  indexes: `SELECT t.relname AS table_name, i.relname AS name, ix.indisunique AS is_unique, am.amname AS method,
  pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
  ARRAY(SELECT CASE WHEN (ix.indkey::int2[])[k - 1] = 0 THEN '(' || pg_get_indexdef(ix.indexrelid, k, true) || ')'
      ELSE (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = (ix.indkey::int2[])[k - 1]) END
    FROM generate_series(1, ix.indnkeyatts) k ORDER BY k)::text[] AS elements
FROM pg_index ix
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE n.nspname = $1 AND t.relname = ANY($2) AND NOT ix.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY t.relname, i.relname`,
  enums: `SELECT t.typname AS name, ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND n.nspname = $1
ORDER BY t.typname`,
  views: `SELECT c.relname AS name, pg_get_viewdef(c.oid, true) AS definition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = $1
ORDER BY c.relname`,
});

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  a: undefined,
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Type names PostgreSQL accepts for one type, mapped to one spelling. */
const TYPE_ALIASES: readonly [RegExp, string][] = [
  [/^(int|int4|integer|serial|serial4)$/, 'integer'],
  [/^(int8|bigint|bigserial|serial8)$/, 'bigint'],
  [/^(int2|smallint|smallserial|serial2)$/, 'smallint'],
  [/^(character varying|varchar)(\(\d+\))?$/, 'varchar$2'],
  [/^(character|char|bpchar)(\(\d+\))?$/, 'char$2'],
  [/^(timestamp)(\(\d+\))? with time zone$|^timestamptz(\(\d+\))?$/, 'timestamptz$2$3'],
  [/^(timestamp)(\(\d+\))?( without time zone)?$/, 'timestamp$2'],
  [/^(time)(\(\d+\))? with time zone$|^timetz(\(\d+\))?$/, 'timetz$2$3'],
  [/^(time)(\(\d+\))?( without time zone)?$/, 'time$2'],
  [/^(double precision|float8|float)$/, 'float8'],
  [/^(real|float4)$/, 'float4'],
  [/^(decimal|numeric)(\(\d+(,\d+)?\))?$/, 'numeric$2'],
  [/^(bool|boolean)$/, 'boolean'],
];

/** PostgreSQL's canonical spelling of a type: `VARCHAR(50)` and `character varying(50)` → `varchar(50)`. */
export function canonicalPostgresType(sql: string): string {
  let s = collapseSpaces(sql.replace(/"/g, '')).toLowerCase();
  s = s
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')');
  let suffix = '';
  while (s.endsWith('[]')) {
    suffix += '[]';
    s = s.slice(0, -2).trim();
  }
  // numeric(p) is numeric(p,0)
  s = s.replace(/^(numeric|decimal)\((\d+)\)$/, '$1($2,0)');
  for (const [re, to] of TYPE_ALIASES) {
    if (re.test(s)) {
      s = s.replace(re, to);
      break;
    }
  }
  return s + suffix;
}

/** PostgreSQL's canonical spelling of a server default. */
export function canonicalPostgresDefault(sql: string | undefined): string | undefined {
  if (sql === undefined || sql === null) return undefined;
  let s = collapseSpaces(sql);
  if (/^null(::.*)?$/i.test(s)) return undefined;
  // A sequence's next value: PostgreSQL writes nextval('name'::regclass), quoting the name only
  // where it must; the DDL writes nextval('"name"').
  const sequence = /^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$/i.exec(s);
  if (sequence) return `nextval('${sequence[1]!.replace(/"/g, '')}')`;
  // Casts PostgreSQL adds to literals ('x'::character varying, '{}'::jsonb, '-1'::integer).
  let previous;
  do {
    previous = s;
    s = s.replace(/^\((.*)\)$/s, '$1').trim();
    s = s.replace(
      /::\s*(?:"[^"]+"|character varying|double precision|(?:timestamp|time)(?:\s*\(\d+\))?\s+with(?:out)?\s+time\s+zone|[A-Za-z_][A-Za-z0-9_.]*)(?:\s*\([0-9,\s]*\))?(?:\[\])*$/,
      '',
    );
  } while (s !== previous);
  // A quoted number is the number ('-1'::integer, '0'::numeric).
  const quotedNumber = /^'(-?\d+(\.\d+)?)'$/.exec(s);
  if (quotedNumber) s = quotedNumber[1]!;
  if (/^-?\d+(\.\d+)?$/.test(s)) return canonicalNumber(s);
  s = mapOutsideQuotes(s, (run) =>
    run
      .toLowerCase()
      .replace(/\bnow\(\)/g, 'current_timestamp')
      .replace(/\s+/g, ''),
  );
  return s;
}

/** The Athanor type of a PostgreSQL column type (`enums` gives named enum types their values). */
export function postgresTypeOf(
  canonical: string,
  enums: ReadonlyMap<string, readonly string[]>,
): SqlType<unknown> {
  if (canonical.endsWith('[]')) return types.array(postgresTypeOf(canonical.slice(0, -2), enums));
  const m = /^([a-z0-9_ ]+)(?:\((\d+)(?:,(\d+))?\))?$/.exec(canonical);
  const base = m?.[1] ?? canonical;
  const p = m?.[2] === undefined ? undefined : Number(m[2]);
  const s = m?.[3] === undefined ? undefined : Number(m[3]);
  switch (base) {
    case 'integer':
      return types.integer();
    case 'bigint':
      return types.bigInteger();
    case 'smallint':
      return types.smallInteger();
    case 'varchar':
      return types.string(p);
    case 'text':
      return types.text();
    case 'boolean':
      return types.boolean();
    case 'float8':
      return types.float();
    case 'numeric':
      return p === undefined ? types.numeric() : types.numeric(p, s ?? 0);
    case 'date':
      return types.date();
    case 'timestamp':
      return types.dateTime({ precision: p });
    case 'timestamptz':
      return types.dateTime({ timezone: true, precision: p });
    case 'time':
      return p === undefined ? types.time() : types.custom(`TIME(${p})`, { affinity: 'time' });
    case 'jsonb':
      return types.json();
    case 'json':
      return types.custom('JSON', { affinity: 'json' });
    case 'uuid':
      return types.uuid();
    case 'bytea':
      return types.binary();
    case 'char':
      return types.custom(`CHAR(${p ?? 1})`, { affinity: 'string' });
  }
  const values = enums.get(canonical);
  if (values !== undefined) return types.enum(values, { name: canonical });
  return types.custom(canonical);
}

function str(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  // pg returns text[] as arrays; a driver that does not sends the literal {a,b}.
  const s = String(v ?? '');
  if (s === '{}' || s === '') return [];
  return s
    .slice(1, -1)
    .split(',')
    .map((x) => x.replace(/^"(.*)"$/, '$1'));
}

/** The expression of `CHECK (…)` as pg_get_constraintdef prints it. */
function checkExpression(definition: string): string {
  const m = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(definition);
  return m === null ? definition : m[1]!;
}

/** An expression squashed for comparison, with `x = ANY (ARRAY[…])` read as `x IN (…)`. */
export function canonicalPostgresExpression(sql: string): string {
  return squashExpression(sql).replace(/=anyarray\[([^\]]*)\]/g, 'in$1');
}

async function defaultSchema(q: SchemaQueries): Promise<string | undefined> {
  const rows = await q.query(POSTGRESQL_CATALOG.defaultSchema);
  return str(rows[0]?.['name']);
}

/** Reads PostgreSQL's catalog (pg_catalog). */
export const postgresqlInspector: SchemaInspector = Object.freeze({
  traits: Object.freeze({
    reflectsAutoincrement: true,
    uniquesAreIndexes: false,
    partialIndexes: true,
    comments: true,
    namedForeignKeys: true,
    namedEnums: true,
  }),

  defaultSchema,

  async tableNames(q: SchemaQueries, schema?: string): Promise<string[]> {
    const s = schema ?? (await defaultSchema(q));
    return (await q.query(POSTGRESQL_CATALOG.tables, [s])).map((r) => String(r['name']));
  },

  async reflect(q: SchemaQueries, options: ReflectOptions = {}): Promise<ReflectedSchema> {
    const schema = options.schema ?? (await defaultSchema(q));
    const tableRows = await q.query(POSTGRESQL_CATALOG.tables, [schema]);
    const wanted = options.tables === undefined ? undefined : new Set(options.tables);
    const tables = tableRows.filter((r) => wanted === undefined || wanted.has(String(r['name'])));
    const names = tables.map((r) => String(r['name']));
    const enumRows = await q.query(POSTGRESQL_CATALOG.enums, [schema]);
    const enums: ReflectedEnum[] = enumRows.map((r) => ({
      schema: options.schema,
      name: String(r['name']),
      values: strings(r['values']),
    }));
    const enumValues = new Map(enums.map((e) => [e.name.toLowerCase(), e.values]));
    const [columnRows, constraintRows, indexRows, viewRows] = names.length
      ? await Promise.all([
          q.query(POSTGRESQL_CATALOG.columns, [schema, names]),
          q.query(POSTGRESQL_CATALOG.constraints, [schema, names]),
          q.query(POSTGRESQL_CATALOG.indexes, [schema, names]),
          q.query(POSTGRESQL_CATALOG.views, [schema]),
        ])
      : [[], [], [], await q.query(POSTGRESQL_CATALOG.views, [schema])];
    const byTable = <T>(rows: Row[], map: (r: Row) => T): Map<string, T[]> => {
      const out = new Map<string, T[]>();
      for (const r of rows) {
        const key = String(r['table_name']);
        out.set(key, [...(out.get(key) ?? []), map(r)]);
      }
      return out;
    };
    const columns = byTable(columnRows, (r) => postgresColumn(r, enumValues));
    const constraints = byTable(constraintRows, (r) => r);
    const indexes = byTable(indexRows, postgresIndex);
    const reflected: ReflectedTable[] = tables.map((t) => {
      const name = String(t['name']);
      const cons = constraints.get(name) ?? [];
      const pk = cons.find((c) => c['type'] === 'p');
      return {
        schema: options.schema,
        name,
        columns: columns.get(name) ?? [],
        primaryKey: pk === undefined ? undefined : { name: str(pk['name']), columns: strings(pk['columns']) },
        foreignKeys: cons.filter((c) => c['type'] === 'f').map(postgresForeignKey),
        uniques: cons
          .filter((c) => c['type'] === 'u')
          .map((c) => ({ name: str(c['name']), columns: strings(c['columns']) })),
        indexes: indexes.get(name) ?? [],
        checks: cons
          .filter((c) => c['type'] === 'c')
          .map((c) => ({ name: str(c['name']), sql: checkExpression(String(c['definition'])) })),
        comment: str(t['comment']),
        sqlite: {},
      };
    });
    return {
      schema: options.schema,
      tables: reflected,
      enums,
      views: viewRows.map((r) => ({
        schema: options.schema,
        name: String(r['name']),
        definition: String(r['definition']).trim(),
      })),
      triggers: [],
    };
  },

  canonicalType: canonicalPostgresType,
  canonicalDefault: canonicalPostgresDefault,
  canonicalExpression: canonicalPostgresExpression,
  canonicalAction: (action: ReferentialAction | undefined) => (action === 'NO ACTION' ? undefined : action),
});

function postgresColumn(r: Row, enums: ReadonlyMap<string, readonly string[]>): ReflectedColumn {
  const dbType = canonicalPostgresType(String(r['type']));
  const identity = str(r['identity']) ?? '';
  const generated = str(r['generated']) ?? '';
  const rawDefault = str(r['default']);
  // A serial's default takes from a sequence the column owns; another sequence's is a default.
  const owned = r['seq_start'] !== null && r['seq_start'] !== undefined;
  const serial = owned && rawDefault !== undefined && /^nextval\(/i.test(rawDefault);
  const isIdentity = identity === 'a' || identity === 'd';
  const start = r['seq_start'] === null || r['seq_start'] === undefined ? 1 : Number(r['seq_start']);
  const increment =
    r['seq_increment'] === null || r['seq_increment'] === undefined ? 1 : Number(r['seq_increment']);
  return {
    name: String(r['name']),
    dbType,
    type: postgresTypeOf(dbType, enums),
    nullable: r['nullable'] === true,
    default: generated === 's' || serial ? undefined : rawDefault,
    autoincrement: isIdentity || serial,
    identity:
      isIdentity && (identity === 'a' || start !== 1 || increment !== 1)
        ? {
            ...(identity === 'a' ? { always: true } : {}),
            ...(start !== 1 ? { start } : {}),
            ...(increment !== 1 ? { increment } : {}),
          }
        : undefined,
    computed: generated === 's' && rawDefault !== undefined ? { sql: rawDefault, stored: true } : undefined,
    comment: str(r['comment']),
    collation: str(r['collation']),
  };
}

function postgresForeignKey(c: Row): ReflectedForeignKey {
  return {
    name: str(c['name']),
    columns: strings(c['columns']),
    referredSchema: undefined,
    referredTable: String(c['referred_table']),
    referredColumns: strings(c['referred_columns']),
    onDelete: ACTIONS[String(c['on_delete'])],
    onUpdate: ACTIONS[String(c['on_update'])],
  };
}

function postgresIndex(r: Row): ReflectedIndex {
  const method = String(r['method']);
  return {
    name: String(r['name']),
    unique: r['is_unique'] === true,
    elements: strings(r['elements']).map((e) =>
      e.startsWith('(') && e.endsWith(')') ? { sql: e.slice(1, -1) } : e,
    ),
    where: str(r['predicate']),
    using: method === 'btree' ? undefined : method,
    implicit: false,
  };
}
