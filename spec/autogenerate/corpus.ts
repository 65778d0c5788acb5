import { column, sqlDefault, table, types, type MetaData, type SqlType, type Table } from '../../lib/sql';

/** Which database's awkward types the corpus adds to the tables every database shares. */
export type CorpusFlavour = 'postgresql' | 'mysql' | 'sqlite';

/** Names the corpus made besides its tables: the enum types a comparison owns. */
export interface Corpus {
  readonly tables: Table[];
  readonly enumNames: string[];
}

/** Scalar types every database has, each a table with a nullable and a NOT NULL defaulted column. */
const SCALARS: readonly [string, SqlType<unknown>, string | number | boolean | { sql: string }][] = [
  ['int', types.integer(), 7],
  ['small', types.smallInteger(), -3],
  ['big', types.bigInteger(), 0],
  ['flt', types.float(), 1.5],
  ['num', types.numeric(10, 2), 0],
  ['num6', types.numeric(18, 6), 1.25],
  ['num0', types.numeric(12, 0), 42],
  ['str1', types.string(1), 'x'],
  ['str255', types.string(255), ''],
  ['str40', types.string(40), "it's"],
  ['txt', types.text(), 'note'],
  ['uuid', types.uuid(), '00000000-0000-0000-0000-000000000000'],
  ['bool', types.boolean(), false],
  ['boolt', types.boolean(), true],
  ['date', types.date(), '2020-01-01'],
  ['dt', types.dateTime(), { sql: 'CURRENT_TIMESTAMP' }],
  ['dt0', types.dateTime({ precision: 0 }), { sql: 'CURRENT_TIMESTAMP' }],
  ['dt6', types.dateTime({ precision: 6 }), '2020-01-01 00:00:00'],
  ['dtz', types.dateTime({ timezone: true }), { sql: 'CURRENT_TIMESTAMP' }],
  ['time', types.time(), '12:00:00'],
  ['enum', types.enum(['low', 'mid', 'high']), 'mid'],
];

/**
 * The zero-churn corpus: at least 60 tables per database, built under unique names in `metadata`.
 * Every table is something a real schema has; the flavour adds the database's awkward types.
 */
export function buildCorpus(
  metadata: MetaData,
  name: (base: string) => string,
  flavour: CorpusFlavour,
): Corpus {
  const tables: Table[] = [];
  const enumNames: string[] = [];
  const add = <T extends Table>(t: T): T => {
    tables.push(t);
    return t;
  };
  const id = () => column(types.integer(), { primaryKey: true });

  for (const [label, type, dflt] of SCALARS) {
    const serverDefault = typeof dflt === 'object' ? sqlDefault(dflt.sql) : dflt;
    add(
      table(
        name(`z_${label}`),
        {
          id: id(),
          value: column(type),
          valueNn: column(type, { name: 'value_nn', nullable: false, serverDefault }),
        },
        { metadata },
      ),
    );
  }
  // Types without defaults (TEXT, JSON and BLOB take none on MySQL)
  add(
    table(
      name('z_json'),
      { id: id(), doc: column(types.json()), req: column(types.json(), { nullable: false }) },
      { metadata },
    ),
  );
  add(
    table(
      name('z_bin'),
      { id: id(), blob: column(types.binary()), fixed: column(types.binary(16)) },
      { metadata },
    ),
  );

  // Keys and constraints
  const parent = add(
    table(
      name('z_parent'),
      {
        id: id(),
        code: column(types.string(20), { nullable: false, unique: true }),
        label: column(types.string(80), { index: true }),
      },
      { metadata, comment: flavour === 'sqlite' ? undefined : 'the parent table' },
    ),
  );
  for (const action of ['CASCADE', 'SET NULL', 'RESTRICT'] as const) {
    add(
      table(
        name(`z_fk_${action.replace(' ', '').toLowerCase()}`),
        {
          id: id(),
          parentId: column(types.integer(), {
            name: 'parent_id',
            foreignKey: () => parent.c.id,
            onDelete: action,
            onUpdate: action === 'CASCADE' ? 'CASCADE' : undefined,
          }),
        },
        { metadata },
      ),
    );
  }
  add(
    table(
      name('z_fk_plain'),
      {
        id: id(),
        parentId: column(types.integer(), {
          name: 'parent_id',
          nullable: false,
          foreignKey: () => parent.c.id,
        }),
      },
      { metadata },
    ),
  );
  const composite = add(
    table(
      name('z_cpk'),
      {
        a: column(types.integer(), { primaryKey: true }),
        b: column(types.string(10), { primaryKey: true }),
        note: column(types.text()),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_cfk'),
      {
        id: id(),
        a: column(types.integer(), { nullable: false }),
        b: column(types.string(10), { nullable: false }),
      },
      {
        metadata,
        foreignKeys: [
          {
            name: name('fk_cfk'),
            columns: ['a', 'b'],
            references: [() => composite.c.a, () => composite.c.b],
            onDelete: 'CASCADE',
          },
        ],
      },
    ),
  );
  add(
    table(
      name('z_uq'),
      {
        id: id(),
        first: column(types.string(30)),
        last: column(types.string(30)),
        email: column(types.string(120), { unique: true }),
      },
      { metadata, uniques: [{ name: name('uq_names'), columns: ['first', 'last'] }] },
    ),
  );
  add(
    table(
      name('z_ix'),
      { id: id(), a: column(types.integer()), b: column(types.string(20)), c: column(types.dateTime()) },
      {
        metadata,
        indexes: [
          { name: name('ix_ab'), columns: ['a', 'b'] },
          { name: name('ix_uc'), columns: ['c'], unique: true },
          { name: name('ix_ba'), columns: ['b', 'a'] },
        ],
      },
    ),
  );
  add(
    table(
      name('z_ck'),
      {
        id: id(),
        qty: column(types.integer(), { nullable: false, serverDefault: 1 }),
        price: column(types.numeric(8, 2)),
      },
      {
        metadata,
        checks: [
          { name: name('ck_qty'), sql: 'qty > 0' },
          { name: name('ck_price'), sql: 'price >= 0 AND price < 100000' },
        ],
      },
    ),
  );
  add(
    table(
      name('z_comment'),
      {
        id: id(),
        body: column(types.text(), { comment: flavour === 'sqlite' ? undefined : "the body's text" }),
      },
      { metadata, comment: flavour === 'sqlite' ? undefined : 'commented table' },
    ),
  );
  add(
    table(
      name('z_computed'),
      {
        id: id(),
        net: column(types.integer(), { nullable: false }),
        tax: column(types.integer(), { nullable: false }),
        gross: column(types.integer(), { computed: { sql: 'net + tax', stored: true } }),
      },
      { metadata },
    ),
  );
  const treeName = name('z_tree');
  add(
    table(
      treeName,
      {
        id: id(),
        parentId: column(types.integer(), {
          name: 'parent_id',
          foreignKey: `${treeName}.id`,
          onDelete: 'CASCADE',
        }),
        name: column(types.string(50), { nullable: false }),
      },
      { metadata },
    ),
  );
  const tag = add(
    table(
      name('z_tag'),
      { id: id(), name: column(types.string(40), { nullable: false, unique: true }) },
      { metadata },
    ),
  );
  const post = add(
    table(
      name('z_post'),
      { id: id(), title: column(types.string(200), { nullable: false }), body: column(types.text()) },
      { metadata },
    ),
  );
  add(
    table(
      name('z_post_tag'),
      {
        postId: column(types.integer(), {
          name: 'post_id',
          primaryKey: true,
          foreignKey: () => post.c.id,
          onDelete: 'CASCADE',
        }),
        tagId: column(types.integer(), {
          name: 'tag_id',
          primaryKey: true,
          foreignKey: () => tag.c.id,
          onDelete: 'CASCADE',
        }),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_natural'),
      {
        code: column(types.string(3), { primaryKey: true }),
        name: column(types.string(60), { nullable: false }),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_bigpk'),
      {
        id: column(types.bigInteger(), { primaryKey: true }),
        at: column(types.dateTime(), { nullable: false, serverDefault: sqlDefault('CURRENT_TIMESTAMP') }),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_nopk_auto'),
      {
        id: column(types.integer(), { primaryKey: true, autoincrement: false }),
        v: column(types.string(10)),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_defaults'),
      {
        id: id(),
        status: column(types.string(12), { nullable: false, serverDefault: 'new' }),
        retries: column(types.integer(), { nullable: false, serverDefault: 0 }),
        ratio: column(types.numeric(5, 3), { serverDefault: 0.5 }),
        active: column(types.boolean(), { nullable: false, serverDefault: true }),
        neg: column(types.integer(), { serverDefault: -1 }),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_wide'),
      Object.fromEntries([
        ['id', id()],
        ...Array.from({ length: 12 }, (_, i) => [
          `c${i}`,
          column((i % 2 ? types.string(20 + i) : types.integer()) as SqlType<unknown>),
        ]),
      ]),
      { metadata },
    ),
  );
  add(
    table(
      name('z_orders'),
      {
        id: id(),
        customer: column(types.string(60), { nullable: false }),
        total: column(types.numeric(12, 2), { nullable: false, serverDefault: 0 }),
        placedAt: column(types.dateTime(), {
          name: 'placed_at',
          nullable: false,
          serverDefault: sqlDefault('CURRENT_TIMESTAMP'),
        }),
      },
      {
        metadata,
        indexes: [{ name: name('ix_orders_cust'), columns: ['customer', 'placedAt'] }],
        checks: [{ name: name('ck_total'), sql: 'total >= 0' }],
      },
    ),
  );

  const user = add(
    table(
      name('z_user'),
      {
        id: id(),
        email: column(types.string(120), { nullable: false, unique: true }),
        createdAt: column(types.dateTime(), {
          name: 'created_at',
          nullable: false,
          serverDefault: sqlDefault('CURRENT_TIMESTAMP'),
        }),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_account'),
      {
        id: id(),
        userId: column(types.integer(), {
          name: 'user_id',
          foreignKey: () => user.c.id,
          onDelete: 'SET NULL',
          index: true,
        }),
        balance: column(types.numeric(14, 2), { nullable: false, serverDefault: 0 }),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_audit'),
      {
        id: column(types.bigInteger(), { primaryKey: true }),
        userId: column(types.integer(), { name: 'user_id', foreignKey: () => user.c.id }),
        payload: column(types.json()),
        at: column(types.dateTime({ timezone: true })),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_session'),
      {
        token: column(types.string(64), { primaryKey: true }),
        userId: column(types.integer(), {
          name: 'user_id',
          nullable: false,
          foreignKey: () => user.c.id,
          onDelete: 'CASCADE',
        }),
        expires: column(types.dateTime(), { nullable: false }),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_stock'),
      {
        id: id(),
        sku: column(types.string(32), { nullable: false }),
        site: column(types.smallInteger(), { nullable: false }),
        qty: column(types.integer(), { nullable: false, serverDefault: 0 }),
      },
      {
        metadata,
        uniques: [{ name: name('uq_stock'), columns: ['sku', 'site'] }],
        checks: [{ name: name('ck_stock'), sql: 'qty >= 0' }],
      },
    ),
  );
  add(
    table(
      name('z_price'),
      {
        id: id(),
        amount: column(types.numeric(10, 4), { nullable: false }),
        currency: column(types.string(3), { nullable: false, serverDefault: 'EUR' }),
        valid: column(types.date()),
      },
      { metadata },
    ),
  );
  add(
    table(
      name('z_setting'),
      {
        key: column(types.string(64), { primaryKey: true }),
        value: column(types.text(), { nullable: false }),
        enabled: column(types.boolean(), { serverDefault: true }),
      },
      { metadata },
    ),
  );

  if (flavour === 'postgresql') {
    const mood = name('z_mood');
    const color = name('z_color');
    enumNames.push(mood, color);
    const moodType = types.enum(['sad', 'ok', 'happy'], { name: mood });
    add(
      table(
        name('z_pg_enum'),
        {
          id: id(),
          mood: column(moodType),
          moodNn: column(moodType, { name: 'mood_nn', nullable: false, serverDefault: 'ok' }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_pg_enum2'),
        {
          id: id(),
          color: column(types.enum(['red', 'green', 'blue'], { name: color })),
          mood: column(moodType),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_pg_arrays'),
        {
          id: id(),
          tags: column(types.array(types.text())),
          nums: column(types.array(types.integer())),
          colors: column(types.array(types.enum(['red', 'green', 'blue'], { name: color }))),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_pg_jsonb'),
        { id: id(), doc: column(types.json(), { nullable: false, serverDefault: '{}' }) },
        { metadata, indexes: [{ name: name('ix_jsonb_gin'), columns: ['doc'], using: 'gin' }] },
      ),
    );
    add(
      table(
        name('z_pg_tstz'),
        {
          id: id(),
          at: column(types.dateTime({ timezone: true }), {
            nullable: false,
            serverDefault: sqlDefault('now()'),
          }),
          at3: column(types.dateTime({ timezone: true, precision: 3 })),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_pg_identity'),
        {
          id: column(types.bigInteger(), {
            primaryKey: true,
            identity: { always: true, start: 100, increment: 5 },
          }),
          v: column(types.text()),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_pg_partial'),
        {
          id: id(),
          email: column(types.string(100)),
          deleted: column(types.boolean(), { nullable: false, serverDefault: false }),
        },
        {
          metadata,
          indexes: [
            { name: name('ix_live_email'), columns: ['email'], unique: true, where: 'NOT deleted' },
            { name: name('ix_lower_email'), columns: [{ sql: 'lower(email)' }] },
          ],
        },
      ),
    );
    add(
      table(
        name('z_pg_collate'),
        {
          id: id(),
          code: column(types.string(20), { collation: 'C' }),
          txt: column(types.text(), { collation: 'POSIX' }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_pg_custom'),
        {
          id: id(),
          ip: column(types.custom('inet')),
          span: column(types.custom('interval')),
          money: column(types.numeric()),
          tsv: column(types.custom('tsvector')),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_pg_uuid'),
        {
          id: column(types.uuid(), { primaryKey: true, serverDefault: sqlDefault('gen_random_uuid()') }),
          v: column(types.text()),
        },
        { metadata },
      ),
    );
  }
  if (flavour === 'mysql') {
    add(
      table(
        name('z_my_unsigned'),
        {
          id: column(types.integer({ unsigned: true }), { primaryKey: true }),
          big: column(types.bigInteger({ unsigned: true })),
          small: column(types.smallInteger({ unsigned: true }), { nullable: false, serverDefault: 0 }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_tinyint'),
        {
          id: id(),
          flag: column(types.custom('TINYINT(1)')),
          tiny: column(types.custom('TINYINT', { affinity: 'integer' })),
          medium: column(types.custom('MEDIUMINT UNSIGNED', { affinity: 'integer' })),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_json'),
        { id: id(), doc: column(types.json()), other: column(types.json(), { nullable: false }) },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_enum'),
        {
          id: id(),
          size: column(types.enum(['s', 'm', 'l', 'xl']), { nullable: false, serverDefault: 'm' }),
          quoted: column(types.enum(["it's", 'plain'])),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_now'),
        {
          id: id(),
          at: column(types.dateTime({ precision: 0 }), { serverDefault: sqlDefault('current_timestamp()') }),
          at6: column(types.dateTime({ precision: 6 }), {
            nullable: false,
            serverDefault: sqlDefault('CURRENT_TIMESTAMP'),
          }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_collate'),
        {
          id: id(),
          code: column(types.string(20), { collation: 'utf8mb4_bin' }),
          ci: column(types.string(20), { collation: 'utf8mb4_unicode_ci' }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_texts'),
        {
          id: id(),
          m: column(types.custom('MEDIUMTEXT', { affinity: 'string' })),
          t: column(types.custom('TINYTEXT', { affinity: 'string' })),
          c: column(types.custom('CHAR(2)', { affinity: 'string' })),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_double'),
        {
          id: id(),
          d: column(types.custom('DOUBLE')),
          dec: column(types.custom('DECIMAL(9,4)')),
          y: column(types.custom('YEAR')),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_virtual'),
        {
          id: id(),
          a: column(types.integer()),
          twice: column(types.integer(), { computed: { sql: 'a * 2', stored: false } }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_my_blobs'),
        { id: id(), vb: column(types.binary(32)), lb: column(types.custom('MEDIUMBLOB')) },
        { metadata },
      ),
    );
  }
  if (flavour === 'sqlite') {
    add(
      table(
        name('z_lt_strict'),
        { id: id(), n: column(types.integer()), s: column(types.text()), r: column(types.float()) },
        { metadata, sqlite: { strict: true } },
      ),
    );
    add(
      table(
        name('z_lt_norowid'),
        { code: column(types.string(10), { primaryKey: true }), v: column(types.integer()) },
        { metadata, sqlite: { withoutRowid: true } },
      ),
    );
    add(
      table(
        name('z_lt_both'),
        { a: column(types.integer(), { primaryKey: true, autoincrement: false }), b: column(types.text()) },
        { metadata, sqlite: { strict: true, withoutRowid: true } },
      ),
    );
    add(
      table(
        name('z_lt_affinity'),
        {
          id: id(),
          d: column(types.custom('DOUBLE')),
          nv: column(types.custom('NVARCHAR(20)')),
          dec: column(types.custom('DECIMAL(8,3)')),
          any: column(types.custom('BLOB')),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_lt_nocase'),
        {
          id: id(),
          name: column(types.text(), { collation: 'NOCASE' }),
          rtrim: column(types.string(10), { collation: 'RTRIM' }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_lt_partial'),
        {
          id: id(),
          email: column(types.string(100)),
          deleted: column(types.boolean(), { nullable: false, serverDefault: false }),
        },
        {
          metadata,
          indexes: [
            { name: name('ix_lt_live'), columns: ['email'], unique: true, where: 'deleted = 0' },
            { name: name('ix_lt_lower'), columns: [{ sql: 'lower(email)' }] },
          ],
        },
      ),
    );
    add(
      table(
        name('z_lt_virtual'),
        {
          id: id(),
          a: column(types.integer()),
          twice: column(types.integer(), { computed: { sql: 'a * 2', stored: false } }),
        },
        { metadata },
      ),
    );
    add(
      table(
        name('z_lt_datetime'),
        { id: id(), at: column(types.dateTime(), { serverDefault: sqlDefault("(datetime('now'))") }) },
        { metadata },
      ),
    );
    add(
      table(
        name('z_lt_int_pk'),
        { id: column(types.custom('INT'), { primaryKey: true }), v: column(types.custom('VARCHAR')) },
        { metadata },
      ),
    );
    add(
      table(
        name('z_lt_numeric'),
        { id: id(), n: column(types.custom('NUMERIC')), b: column(types.custom('BOOLEAN')) },
        { metadata },
      ),
    );
  }
  return { tables, enumNames };
}
