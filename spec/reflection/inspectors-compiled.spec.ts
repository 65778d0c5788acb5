/**
 * The SQL Server and Oracle inspectors without a server: their catalog queries (placeholders,
 * filters) and how they read catalog rows, given rows shaped as those servers return them.
 * The canonical spellings of every dialect are checked here too.
 */
import {
  MSSQL_CATALOG,
  mssqlInspector,
  canonicalMssqlDefault,
  canonicalMssqlType,
} from '../../lib/dialects/mssql/inspector';
import { canonicalMysqlDefault, canonicalMysqlType } from '../../lib/dialects/mysql/inspector';
import {
  ORACLE_CATALOG,
  canonicalOracleDefault,
  canonicalOracleType,
  oracleInspector,
} from '../../lib/dialects/oracle/inspector';
import {
  canonicalPostgresDefault,
  canonicalPostgresExpression,
  canonicalPostgresType,
} from '../../lib/dialects/postgresql/inspector';
import { canonicalSqliteDefault, canonicalSqliteType } from '../../lib/dialects/sqlite/inspector';
import { parseCreateIndex, parseCreateTable } from '../../lib/dialects/sqlite/schema-sql';
import {
  getDialect,
  type DdlCompiler,
  type Dialect,
  type SchemaQueries,
  MetaData,
  table,
  column,
  types,
} from '../../lib/sql';

/** The dialect's own DDL compiler (the canonical spellings are its DDL). */
const ddlCompilerOf = (d: Dialect): DdlCompiler => new d.ddlCompiler(d) as DdlCompiler;

type Row = Record<string, unknown>;

/** Answers each catalog query with the rows given for it, recording what was asked. */
function cannedQueries(
  answers: ReadonlyMap<string, Row[]>,
): SchemaQueries & { asked: [string, readonly unknown[]][] } {
  const asked: [string, readonly unknown[]][] = [];
  return {
    asked,
    query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      asked.push([sql, params]);
      const rows = answers.get(sql);
      if (rows === undefined) throw new Error(`unexpected catalog query: ${sql.slice(0, 80)}`);
      return Promise.resolve(rows);
    },
  };
}

describe('SQL Server inspector (compiled level)', () => {
  const answers = new Map<string, Row[]>([
    [MSSQL_CATALOG.defaultSchema, [{ name: 'dbo' }]],
    [
      MSSQL_CATALOG.tables,
      [
        { name: 'orders', comment: 'all orders' },
        { name: 'other', comment: null },
      ],
    ],
    [MSSQL_CATALOG.views, [{ name: 'v_orders', definition: 'CREATE VIEW v_orders AS SELECT 1 AS x' }]],
    [
      MSSQL_CATALOG.columns(1),
      [
        {
          table_name: 'orders',
          name: 'id',
          type_name: 'int',
          max_length: 4,
          precision: 10,
          scale: 0,
          nullable: false,
          dflt: null,
          is_identity: true,
          seed: 100,
          increment: 1,
          computed: null,
          persisted: null,
          collation: null,
          db_collation: 'SQL_Latin1_General_CP1_CI_AS',
          comment: null,
        },
        {
          table_name: 'orders',
          name: 'title',
          type_name: 'nvarchar',
          max_length: 100,
          precision: 0,
          scale: 0,
          nullable: true,
          dflt: "(N'new')",
          is_identity: false,
          seed: null,
          increment: null,
          computed: null,
          persisted: null,
          collation: 'Latin1_General_BIN',
          db_collation: 'SQL_Latin1_General_CP1_CI_AS',
          comment: 'shown',
        },
        {
          table_name: 'orders',
          name: 'total',
          type_name: 'decimal',
          max_length: 9,
          precision: 10,
          scale: 2,
          nullable: false,
          dflt: '((0))',
          is_identity: false,
          seed: null,
          increment: null,
          computed: null,
          persisted: null,
          collation: null,
          db_collation: 'x',
          comment: null,
        },
        {
          table_name: 'orders',
          name: 'at',
          type_name: 'datetimeoffset',
          max_length: 10,
          precision: 0,
          scale: 3,
          nullable: true,
          dflt: '(getdate())',
          is_identity: false,
          seed: null,
          increment: null,
          computed: null,
          persisted: null,
          collation: null,
          db_collation: 'x',
          comment: null,
        },
        {
          table_name: 'orders',
          name: 'doubled',
          type_name: 'int',
          max_length: 4,
          precision: 10,
          scale: 0,
          nullable: true,
          dflt: null,
          is_identity: false,
          seed: null,
          increment: null,
          computed: '([id]*(2))',
          persisted: true,
          collation: null,
          db_collation: 'x',
          comment: null,
        },
      ],
    ],
    [
      MSSQL_CATALOG.keys(1),
      [
        { table_name: 'orders', name: 'PK_orders', type: 'PK', column_name: 'id' },
        { table_name: 'orders', name: 'uq_title', type: 'UQ', column_name: 'title' },
      ],
    ],
    [
      MSSQL_CATALOG.foreignKeys(1),
      [
        {
          table_name: 'orders',
          name: 'fk_user',
          column_name: 'total',
          referred_table: 'users',
          referred_schema: 'dbo',
          referred_column: 'id',
          on_delete: 'CASCADE',
          on_update: 'NO_ACTION',
        },
      ],
    ],
    [
      MSSQL_CATALOG.indexes(1),
      [
        {
          table_name: 'orders',
          name: 'ix_live',
          is_unique: false,
          filter: '([total]>(0))',
          column_name: 'title',
        },
      ],
    ],
    [MSSQL_CATALOG.checks(1), [{ table_name: 'orders', name: 'ck_total', definition: '([total]>=(0))' }]],
  ]);

  it('asks sys views with @p placeholders, the schema first and one parameter per table', async () => {
    const q = cannedQueries(answers);
    await mssqlInspector.reflect(q, { tables: ['orders'] });
    expect(q.asked[0]).toEqual([MSSQL_CATALOG.defaultSchema, []]);
    const columns = q.asked.find(([sql]) => sql === MSSQL_CATALOG.columns(1))!;
    expect(columns[1]).toEqual(['dbo', 'orders']);
    expect(MSSQL_CATALOG.columns(3)).toContain('s.name = @p1 AND t.name IN (@p2, @p3, @p4)');
    expect(MSSQL_CATALOG.indexes(1)).toContain('i.is_primary_key = 0 AND i.is_unique_constraint = 0');
  });

  it('reads columns, identity, computed columns, keys, filtered indexes and checks', async () => {
    const schema = await mssqlInspector.reflect(cannedQueries(answers), { tables: ['orders'] });
    const t = schema.tables[0]!;
    expect(t.name).toBe('orders');
    expect(t.comment).toBe('all orders');
    expect(t.columns.map((c) => [c.name, c.dbType, c.nullable])).toEqual([
      ['id', 'int', false],
      ['title', 'nvarchar(50)', true],
      ['total', 'decimal(10,2)', false],
      ['at', 'datetimeoffset(3)', true],
      ['doubled', 'int', true],
    ]);
    expect(t.columns[0]).toMatchObject({ autoincrement: true, identity: { start: 100 } });
    expect(t.columns[1]).toMatchObject({
      collation: 'Latin1_General_BIN',
      comment: 'shown',
      default: "(N'new')",
    });
    expect(t.columns[4]!.computed).toEqual({ sql: '[id]*(2)', stored: true });
    expect(t.primaryKey).toEqual({ name: 'PK_orders', columns: ['id'] });
    expect(t.uniques).toEqual([{ name: 'uq_title', columns: ['title'] }]);
    expect(t.foreignKeys).toEqual([
      {
        name: 'fk_user',
        columns: ['total'],
        referredSchema: undefined,
        referredTable: 'users',
        referredColumns: ['id'],
        onDelete: 'CASCADE',
        onUpdate: undefined,
      },
    ]);
    expect(t.indexes).toEqual([
      {
        name: 'ix_live',
        unique: false,
        elements: ['title'],
        where: '[total]>(0)',
        using: undefined,
        implicit: false,
      },
    ]);
    expect(mssqlInspector.canonicalExpression(t.checks[0]!.sql)).toBe(
      mssqlInspector.canonicalExpression('total >= 0'),
    );
    expect(schema.views.map((v) => v.name)).toEqual(['v_orders']);
  });

  it("canonical spellings match Athanor's DDL", () => {
    const compiler = ddlCompilerOf(getDialect('mssql'));
    const md = new MetaData();
    const t = table(
      't',
      {
        a: column(types.integer()),
        b: column(types.numeric(10, 2)),
        c: column(types.string(50)),
        d: column(types.dateTime({ timezone: true })),
      },
      { metadata: md },
    );
    expect(t.columns.map((c) => canonicalMssqlType(compiler.columnTypeSql(c)))).toEqual([
      'int',
      'decimal(10,2)',
      'nvarchar(50)',
      'datetimeoffset(3)',
    ]);
    expect(canonicalMssqlDefault('((0))')).toBe('0');
    expect(canonicalMssqlDefault("(N'new')")).toBe(canonicalMssqlDefault("N'new'"));
    expect(canonicalMssqlDefault('(getdate())')).toBe('current_timestamp');
  });
});

describe('Oracle inspector (compiled level)', () => {
  const answers = new Map<string, Row[]>([
    [ORACLE_CATALOG.defaultSchema, [{ name: 'APP' }]],
    [ORACLE_CATALOG.tables, [{ name: 'orders', comment: null }]],
    [ORACLE_CATALOG.views, []],
    [
      ORACLE_CATALOG.columns(1),
      [
        {
          table_name: 'orders',
          name: 'id',
          data_type: 'NUMBER',
          char_length: 0,
          char_used: null,
          data_length: 22,
          precision: 10,
          scale: 0,
          nullable: 'N',
          dflt: '"APP"."ISEQ$$_1".nextval',
          identity: 'YES',
          virtual: 'NO',
          generation: 'BY DEFAULT',
          identity_options: 'START WITH: 1, INCREMENT BY: 1, MAX_VALUE: 9999',
          comment: null,
        },
        {
          table_name: 'orders',
          name: 'title',
          data_type: 'VARCHAR2',
          char_length: 50,
          char_used: 'C',
          data_length: 200,
          precision: null,
          scale: null,
          nullable: 'Y',
          dflt: "'new' ",
          identity: 'NO',
          virtual: 'NO',
          generation: null,
          identity_options: null,
          comment: 'shown',
        },
        {
          table_name: 'orders',
          name: 'total',
          data_type: 'NUMBER',
          char_length: 0,
          char_used: null,
          data_length: 22,
          precision: 10,
          scale: 2,
          nullable: 'N',
          dflt: '0',
          identity: 'NO',
          virtual: 'NO',
          generation: null,
          identity_options: null,
          comment: null,
        },
        {
          table_name: 'orders',
          name: 'at',
          data_type: 'TIMESTAMP(3) WITH TIME ZONE',
          char_length: 0,
          char_used: null,
          data_length: 13,
          precision: null,
          scale: 3,
          nullable: 'Y',
          dflt: 'SYSTIMESTAMP',
          identity: 'NO',
          virtual: 'NO',
          generation: null,
          identity_options: null,
          comment: null,
        },
      ],
    ],
    [
      ORACLE_CATALOG.constraints(1),
      [
        {
          table_name: 'orders',
          name: 'SYS_C001',
          type: 'C',
          condition: '"id" IS NOT NULL',
          generated: 'GENERATED NAME',
          on_delete: null,
          column_name: 'id',
          referred_table: null,
          referred_schema: null,
          referred_column: null,
        },
        {
          table_name: 'orders',
          name: 'ck_total',
          type: 'C',
          condition: '"total" >= 0',
          generated: 'USER NAME',
          on_delete: null,
          column_name: 'total',
          referred_table: null,
          referred_schema: null,
          referred_column: null,
        },
        {
          table_name: 'orders',
          name: 'pk_orders',
          type: 'P',
          condition: null,
          generated: 'USER NAME',
          on_delete: null,
          column_name: 'id',
          referred_table: null,
          referred_schema: null,
          referred_column: null,
        },
        {
          table_name: 'orders',
          name: 'fk_u',
          type: 'R',
          condition: null,
          generated: 'USER NAME',
          on_delete: 'SET NULL',
          column_name: 'total',
          referred_table: 'users',
          referred_schema: 'APP',
          referred_column: 'id',
        },
      ],
    ],
    [
      ORACLE_CATALOG.indexes(1),
      [
        {
          table_name: 'orders',
          name: 'ix_lower',
          uniqueness: 'NONUNIQUE',
          column_name: 'SYS_NC0001$',
          expression: 'LOWER("title")',
        },
      ],
    ],
  ]);

  it('asks ALL_* views with :n placeholders, owner first', async () => {
    const q = cannedQueries(answers);
    await oracleInspector.reflect(q, { tables: ['orders'] });
    expect(q.asked.find(([sql]) => sql === ORACLE_CATALOG.columns(1))![1]).toEqual(['APP', 'orders']);
    expect(ORACLE_CATALOG.columns(2)).toContain(
      "c.owner = :1 AND c.table_name IN (:2, :3) AND c.hidden_column = 'NO'",
    );
  });

  it("reads the table's comment from ALL_TAB_COMMENTS and the columns' from ALL_COL_COMMENTS (none: undefined)", async () => {
    expect(ORACLE_CATALOG.tables).toContain('c.comments AS "comment"');
    expect(ORACLE_CATALOG.tables).toContain(
      'LEFT JOIN all_tab_comments c ON c.owner = t.owner AND c.table_name = t.table_name',
    );
    expect(ORACLE_CATALOG.columns(1)).toContain('cm.comments AS "comment"');
    expect(ORACLE_CATALOG.columns(1)).toContain(
      'LEFT JOIN all_col_comments cm ON cm.owner = c.owner AND cm.table_name = c.table_name AND cm.column_name = c.column_name',
    );
    const commented = new Map(answers);
    commented.set(ORACLE_CATALOG.tables, [{ name: 'orders', comment: "every order's row" }]);
    const q = cannedQueries(commented);
    const t = (await oracleInspector.reflect(q, { tables: ['orders'] })).tables[0]!;
    expect(q.asked.find(([sql]) => sql === ORACLE_CATALOG.tables)![1]).toEqual(['APP']);
    expect(t.comment).toBe("every order's row");
    expect(t.columns.map((c) => [c.name, c.comment])).toEqual([
      ['id', undefined],
      ['title', 'shown'],
      ['total', undefined],
      ['at', undefined],
    ]);
    // Oracle stores an empty comment as NULL: the table without one reads as undefined.
    const plain = (await oracleInspector.reflect(cannedQueries(answers), { tables: ['orders'] })).tables[0]!;
    expect(plain.comment).toBeUndefined();
  });

  it('reads identity, defaults, keys, function-based indexes and drops the NOT NULL checks', async () => {
    const t = (await oracleInspector.reflect(cannedQueries(answers), { tables: ['orders'] })).tables[0]!;
    expect(
      t.columns.map((c) => [c.name, c.dbType, c.nullable, oracleInspector.canonicalDefault(c.default)]),
    ).toEqual([
      ['id', 'NUMBER(10)', false, undefined],
      ['title', 'VARCHAR2(50 CHAR)', true, "'new'"],
      ['total', 'NUMBER(10,2)', false, '0'],
      ['at', 'TIMESTAMP(3) WITH TIME ZONE', true, 'current_timestamp'],
    ]);
    expect(t.columns[0]).toMatchObject({ autoincrement: true, identity: undefined });
    expect(t.primaryKey).toEqual({ name: 'pk_orders', columns: ['id'] });
    expect(t.checks).toEqual([{ name: 'ck_total', sql: '"total" >= 0' }]);
    expect(t.foreignKeys[0]).toMatchObject({
      name: 'fk_u',
      referredTable: 'users',
      referredSchema: undefined,
      onDelete: 'SET NULL',
    });
    expect(t.indexes[0]!.elements).toEqual([{ sql: 'LOWER("title")' }]);
  });

  it("canonical spellings match Athanor's DDL", () => {
    const compiler = ddlCompilerOf(getDialect('oracle'));
    const md = new MetaData();
    const t = table(
      't',
      {
        a: column(types.integer()),
        b: column(types.numeric(10, 2)),
        c: column(types.string(50)),
        d: column(types.dateTime({ timezone: true })),
      },
      { metadata: md },
    );
    expect(t.columns.map((c) => canonicalOracleType(compiler.columnTypeSql(c)))).toEqual([
      'NUMBER(10)',
      'NUMBER(10,2)',
      'VARCHAR2(50 CHAR)',
      'TIMESTAMP(3) WITH TIME ZONE',
    ]);
    expect(canonicalOracleDefault("'new' \n")).toBe("'new'");
  });
});

describe('canonical spellings of the live dialects', () => {
  it.each([
    ['INTEGER', 'int4', 'integer'],
    ['VARCHAR(50)', 'character varying(50)', 'varchar(50)'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamp with time zone', 'timestamptz'],
    ['TIMESTAMP(0)', 'timestamp(0) without time zone', 'timestamp(0)'],
    ['NUMERIC(10, 2)', 'numeric(10,2)', 'numeric(10,2)'],
    ['DOUBLE PRECISION', 'float8', 'float8'],
    ['TEXT[]', 'text[]', 'text[]'],
    ['"Mood"', 'Mood', 'mood'],
  ])('PostgreSQL: %s and %s are %s', (ours, theirs, canonical) => {
    expect(canonicalPostgresType(ours)).toBe(canonical);
    expect(canonicalPostgresType(theirs)).toBe(canonical);
  });

  it.each([
    ["'hello'::character varying", "'hello'"],
    ["'-1'::integer", '-1'],
    ['now()', 'current_timestamp'],
    ["'{}'::jsonb", "'{}'"],
    ['\'happy\'::"Mood"', "'happy'"],
    ['NULL::character varying', undefined],
  ])('PostgreSQL default %s is %s', (sql, canonical) => {
    expect(canonicalPostgresDefault(sql)).toBe(canonical);
  });

  it('PostgreSQL reads `= ANY (ARRAY[…])` as IN', () => {
    expect(
      canonicalPostgresExpression(
        "mood::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])",
      ),
    ).toBe(canonicalPostgresExpression(`"mood" IN ('a', 'b')`));
    expect(canonicalPostgresExpression('price > 0::numeric AND qty > 1')).toBe('price>0andqty>1');
  });

  it.each([
    ['BOOLEAN', 'tinyint(1)', 'boolean'],
    ['INTEGER', 'int(11)', 'int'],
    ['INTEGER UNSIGNED', 'int(10) unsigned', 'int unsigned'],
    ['BIGINT', 'bigint(20)', 'bigint'],
    ['DECIMAL(10, 2)', 'decimal(10,2)', 'decimal(10,2)'],
    ["ENUM('a', 'b c')", "enum('a','b c')", "enum('a','b c')"],
    ['DATETIME(0)', 'datetime', 'datetime'],
  ])('MariaDB: %s and %s are %s', (ours, theirs, canonical) => {
    expect(canonicalMysqlType(ours)).toBe(canonical);
    expect(canonicalMysqlType(theirs)).toBe(canonical);
  });

  it('MariaDB defaults', () => {
    expect(canonicalMysqlDefault('current_timestamp()')).toBe('current_timestamp');
    expect(canonicalMysqlDefault('0.00')).toBe('0');
    expect(canonicalMysqlDefault('NULL')).toBeUndefined();
    expect(canonicalMysqlDefault("'a b'")).toBe("'a b'");
  });

  it('SQLite types and defaults', () => {
    expect(canonicalSqliteType('NUMERIC(10, 2)')).toBe('NUMERIC(10,2)');
    expect(canonicalSqliteType('nvarchar(160)')).toBe('VARCHAR(160)');
    expect(canonicalSqliteDefault("('x')")).toBe("'x'");
    expect(canonicalSqliteDefault('CURRENT_TIMESTAMP')).toBe('current_timestamp');
  });

  it('SQLite schema text: checks, names, collations, generated columns, partial and expression indexes', () => {
    const parsed = parseCreateTable(
      `CREATE TABLE "t" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(20) COLLATE NOCASE CHECK (length(name) > 0), ` +
        `"d" INTEGER GENERATED ALWAYS AS (id * 2) STORED, CONSTRAINT "uq_t" UNIQUE ("name", "d"), ` +
        `CONSTRAINT ck_d CHECK (d >= 0), FOREIGN KEY ("d") REFERENCES "p" ("id")) STRICT`,
    );
    expect(parsed.columns).toEqual([
      { name: 'id', collation: undefined, generated: undefined },
      { name: 'name', collation: 'NOCASE', generated: undefined },
      { name: 'd', collation: undefined, generated: { sql: 'id * 2', stored: true } },
    ]);
    expect(parsed.constraints.map((c) => [c.kind, c.name, c.sql || c.columns.join(',')])).toEqual([
      ['primaryKey', undefined, 'id'],
      ['check', undefined, 'length(name) > 0'],
      ['unique', 'uq_t', 'name,d'],
      ['check', 'ck_d', 'd >= 0'],
      ['foreignKey', undefined, 'd'],
    ]);
    expect(parseCreateIndex('CREATE INDEX "ix" ON "t" (lower(name), "d" DESC) WHERE d > 0')).toEqual({
      elements: ['lower(name)', '"d" DESC'],
      where: 'd > 0',
    });
  });
});
