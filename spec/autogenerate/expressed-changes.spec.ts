/**
 * Changes autogenerate used to leave as notes for the author, now planned as operations and run
 * by the runner: a table's comment, its primary key, a column's collation, a generated column's
 * expression, constraints the schema never named, and (PostgreSQL) enum values removed or
 * reordered. Each goes up, finds nothing left to do, keeps the rows, and comes back down to the
 * catalog it started from.
 */
import type { Engine } from '../../lib/drivers';
import { MigrationRunner } from '../../lib/migrations/runner';
import { revisionOf, RevisionGraph } from '../../lib/migrations/revision-graph';
import { MetaData, column, getDialect, sqlDefault, table, text, types, type Table } from '../../lib/sql';
import { autogenerate, normalizerFor, type AutogenerateOutcome } from '../../lib/entries/migrations';
import { migrationCompiler, type MigrationOperation } from '../../lib/sql/migration';
import { catalogDump } from '../migrations/catalog';
import { describeEachDialect } from '../support/dialects';
import { detailChange } from './describe-change';
import { evaluateBody } from './run-ops';

async function generate(
  engine: Engine,
  tables: readonly Table[],
  names: readonly string[],
  enums: readonly string[] = [],
): Promise<AutogenerateOutcome> {
  const dialect = getDialect(engine.dialect.name);
  const reflected = await engine.reflectSchema({ tables: [...names] });
  return autogenerate(tables, reflected, normalizerFor(dialect, await engine.schemaInspector()), dialect, {
    allowDestructive: true,
    includeEnum: (n) => enums.includes(n),
  });
}

const kinds = (ops: readonly MigrationOperation[]): string[] =>
  ops.flatMap((op) => (op.kind === 'batch' ? op.operations.map((x) => `batch:${x.kind}`) : [op.kind]));

describeEachDialect('autogenerate expresses what it used to leave as notes', (d) => {
  let versionTable = '';
  let revision = 0;
  // Each test its own version table, so that one failing leaves the next a clean history.
  beforeEach(() => void (versionTable = d.uniqueName('mg_expr_version')));
  afterEach(async () => {
    for (const t of [versionTable, `${versionTable}_progress`])
      await d.engine.execute(text(`DROP TABLE IF EXISTS ${t}`));
  });

  /**
   * v1 created and seeded; v2 generated, run up by the runner, generated again (nothing left),
   * run down (the catalog as before, v1 generates nothing); the outcome is returned.
   */
  async function roundTrip(
    v1: (m: MetaData) => Table[],
    v2: (m: MetaData) => Table[],
    seed: string[],
    enums: readonly string[] = [],
  ): Promise<{ outcome: AutogenerateOutcome; rowsAfterUp: unknown[]; rowsAfterDown: unknown[] }> {
    const m1 = new MetaData();
    const before = v1(m1);
    const names = before.map((t) => t.name);
    await m1.createAll(d.engine);
    try {
      for (const sql of seed) await d.engine.execute(text(sql));
      const rows = async () => (await d.engine.execute(text(`SELECT * FROM ${names[0]} ORDER BY id`))).all();
      const rowsBefore = await rows();
      const dump = () => catalogDump(d.engine, [...names, ...enums]);
      const catalogBefore = await dump();
      const after = v2(new MetaData());
      const outcome = await generate(d.engine, after, names, enums);
      expect(outcome.unexpressed).toEqual([]);
      expect(outcome.upgrade).not.toContain('TODO');
      const id = `x${++revision}`;
      const down = evaluateBody(outcome.downgrade);
      const runner = new MigrationRunner(
        d.engine,
        new RevisionGraph([
          revisionOf({
            revision: id,
            downRevision: null,
            upgrade: (op) => void outcome.operations.forEach((o) => op.add(o)),
            downgrade: (op) => void down.forEach((o) => op.add(o)),
          }),
        ]),
        { versionTable },
      );
      await runner.upgrade('head');
      const again = await generate(d.engine, after, names, enums);
      expect(again.changes.map(detailChange)).toEqual([]);
      const rowsAfterUp = await rows();
      await runner.downgrade('base');
      expect(await dump()).toEqual(catalogBefore);
      expect((await generate(d.engine, before, names, enums)).changes.map(detailChange)).toEqual([]);
      const rowsAfterDown = await rows();
      expect(rowsAfterDown).toEqual(rowsBefore);
      return { outcome, rowsAfterUp, rowsAfterDown };
    } finally {
      await m1.dropAll(d.engine);
    }
  }

  it('changes a primary key in place, keeping the rows', async () => {
    const name = d.uniqueName('mg_pk');
    const shape = (m: MetaData, pk: 'id' | 'both') => [
      table(
        name,
        {
          id: column(types.integer(), { primaryKey: true, autoincrement: false }),
          code: column(types.string(10), { primaryKey: pk === 'both', nullable: false }),
          note: column(types.string(20)),
        },
        { metadata: m },
      ),
    ];
    const { outcome, rowsAfterUp } = await roundTrip(
      (m) => shape(m, 'id'),
      (m) => shape(m, 'both'),
      [`INSERT INTO ${name} (id, code, note) VALUES (1, 'a', 'x'), (2, 'b', NULL)`],
    );
    expect(kinds(outcome.operations)).toEqual([
      d.dialect === 'sqlite' ? 'batch:alterPrimaryKey' : 'alterPrimaryKey',
    ]);
    expect(rowsAfterUp).toHaveLength(2);
  });

  it("changes a column's collation", async () => {
    const name = d.uniqueName('mg_coll');
    const [c1, c2] =
      d.dialect === 'postgresql'
        ? ['C', 'POSIX']
        : d.dialect === 'sqlite'
          ? ['NOCASE', 'RTRIM']
          : ['utf8mb4_bin', 'utf8mb4_unicode_ci'];
    const shape = (m: MetaData, collation: string) => [
      table(
        name,
        {
          id: column(types.integer(), { primaryKey: true }),
          code: column(types.string(20), { collation, nullable: false, serverDefault: 'z' }),
        },
        { metadata: m },
      ),
    ];
    const { outcome, rowsAfterUp } = await roundTrip(
      (m) => shape(m, c1!),
      (m) => shape(m, c2!),
      [`INSERT INTO ${name} (id, code) VALUES (1, 'Ab'), (2, 'b')`],
    );
    expect(kinds(outcome.operations)).toEqual([d.dialect === 'sqlite' ? 'batch:alterColumn' : 'alterColumn']);
    expect(outcome.operations[0]).toMatchObject(
      d.dialect === 'sqlite' ? {} : { collation: c2, existingCollation: c1 },
    );
    expect(rowsAfterUp).toEqual([
      { id: 1, code: 'Ab' },
      { id: 2, code: 'b' },
    ]);
  });

  it("changes a generated column's expression; the values follow it", async () => {
    const name = d.uniqueName('mg_gen');
    const shape = (m: MetaData, sql: string) => [
      table(
        name,
        {
          id: column(types.integer(), { primaryKey: true }),
          a: column(types.integer(), { nullable: false }),
          derived: column(types.integer(), { computed: { sql, stored: true } }),
        },
        { metadata: m },
      ),
    ];
    const { outcome, rowsAfterUp, rowsAfterDown } = await roundTrip(
      (m) => shape(m, 'a * 2'),
      (m) => shape(m, 'a * 3'),
      [`INSERT INTO ${name} (id, a) VALUES (1, 5), (2, 7)`],
    );
    expect(kinds(outcome.operations)).toEqual([d.dialect === 'sqlite' ? 'batch:alterColumn' : 'alterColumn']);
    expect(rowsAfterUp.map((r) => Number((r as { derived: unknown }).derived))).toEqual([15, 21]);
    expect(rowsAfterDown.map((r) => Number((r as { derived: unknown }).derived))).toEqual([10, 14]);
  });

  it("changes an indexed, unique, checked and referring generated column's expression and type; its keys come back", async () => {
    const name = d.uniqueName('mg_genix');
    const parent = d.uniqueName('mg_genpa');
    const shape = (m: MetaData, sql: string, wide: boolean) => {
      const p = table(
        parent,
        { id: column(types.integer(), { primaryKey: true, autoincrement: false }) },
        { metadata: m },
      );
      const t = table(
        name,
        {
          id: column(types.integer(), { primaryKey: true }),
          a: column(types.integer(), { nullable: false }),
          derived: column(wide ? types.bigInteger({ mode: 'number' }) : types.integer(), {
            computed: { sql, stored: true },
            unique: true,
          }),
        },
        {
          metadata: m,
          indexes: [
            { name: `ix_${name}_derived`, columns: ['derived', 'a'] },
            { name: `ix_${name}_part`, columns: ['a'], where: 'derived > 0' },
          ],
          checks: [{ name: `ck_${name}_derived`, sql: 'derived >= 0' }],
          foreignKeys: [{ name: `fk_${name}_derived`, columns: ['derived'], references: [() => p.c.id] }],
        },
      );
      return [t, p];
    };
    const seed = [
      `INSERT INTO ${parent} (id) VALUES (10), (14), (15), (21)`,
      `INSERT INTO ${name} (id, a) VALUES (1, 5), (2, 7)`,
    ];
    const { outcome, rowsAfterUp } = await roundTrip(
      (m) => shape(m, 'a * 2', false),
      (m) => shape(m, 'a * 3', d.dialect === 'postgresql'),
      seed,
    );
    expect(rowsAfterUp.map((r) => Number((r as { derived: unknown }).derived))).toEqual([15, 21]);
    if (d.dialect === 'postgresql') {
      // The column is dropped and added again: each key on it is dropped first and made again after.
      expect(kinds(outcome.operations).sort()).toEqual(
        [
          'addCheck',
          'addForeignKey',
          'addUnique',
          'alterColumn',
          'createIndex',
          'createIndex',
          'dropCheck',
          'dropForeignKey',
          'dropIndex',
          'dropIndex',
          'dropUnique',
        ].sort(),
      );
      const order = outcome.operations.map((op) => op.kind);
      expect(order.indexOf('alterColumn')).toBeGreaterThan(order.lastIndexOf('dropIndex'));
      expect(order.indexOf('alterColumn')).toBeLessThan(order.indexOf('createIndex'));
    }
  });

  it("changes the type of a key other tables' foreign keys refer to, and of the referring column; the keys and rows stay", async () => {
    // SQLite keeps an INTEGER PRIMARY KEY (the rowid) as it is through a rebuild.
    if (d.dialect === 'sqlite') return;
    const parent = d.uniqueName('mg_widen');
    const child = d.uniqueName('mg_widekid');
    const shape = (m: MetaData, wide: boolean): Table[] => {
      const type = () => (wide ? types.bigInteger({ mode: 'number' }) : types.integer());
      const p = table(
        parent,
        {
          id: column(type(), { primaryKey: true, autoincrement: false }),
          // A self-reference: the key names the changing column on both sides.
          up: column(type()),
        },
        // Named keys: MariaDB names the index it makes for a key after the key once it is made
        // again, so an unnamed key's index (named after its column) would come back renamed.
        {
          metadata: m,
          foreignKeys: [{ name: `fk_${parent}_up`, columns: ['up'], references: [`${parent}.id`] }],
        },
      );
      const c = table(
        child,
        {
          id: column(types.integer(), { primaryKey: true, autoincrement: false }),
          parent_id: column(type()),
        },
        {
          metadata: m,
          foreignKeys: [
            {
              name: `fk_${child}_p`,
              columns: ['parent_id'],
              references: [() => p.c.id],
              onDelete: 'CASCADE',
            },
          ],
        },
      );
      return [c, p];
    };
    const { outcome, rowsAfterUp, rowsAfterDown } = await roundTrip(
      (m) => shape(m, false),
      (m) => shape(m, true),
      [
        `INSERT INTO ${parent} (id, up) VALUES (1, NULL), (2, 1)`,
        `INSERT INTO ${child} (id, parent_id) VALUES (1, 1), (2, 2), (3, NULL)`,
      ],
    );
    // The wider type may read back as strings: compare the values.
    const numbers = (rows: unknown[]) =>
      rows.map((r) => Object.values(r as object).map((v) => (v === null ? null : Number(v))));
    expect(numbers(rowsAfterUp)).toEqual([
      [1, 1],
      [2, 2],
      [3, null],
    ]);
    expect(numbers(rowsAfterUp)).toEqual(numbers(rowsAfterDown));
    if (d.dialect !== 'mysql') return;
    // MySQL and MariaDB refuse the new type under a key (errors 1832, 1833): each key is dropped
    // once before the first type change and made again after the last.
    const ops = outcome.operations.map((op) => [op.kind, 'table' in op ? op.table : ''] as const);
    const drops = ops.flatMap(([k, t], i) => (k === 'dropForeignKey' ? [[t, i] as const] : []));
    const adds = ops.flatMap(([k, t], i) => (k === 'addForeignKey' ? [[t, i] as const] : []));
    const alters = ops.flatMap(([k], i) => (k === 'alterColumn' ? [i] : []));
    expect(alters).toHaveLength(3);
    expect(drops.map(([t]) => t).sort()).toEqual([child, parent].sort());
    expect(adds.map(([t]) => t).sort()).toEqual([child, parent].sort());
    expect(Math.max(...drops.map(([, i]) => i))).toBeLessThan(Math.min(...alters));
    expect(Math.min(...adds.map(([, i]) => i))).toBeGreaterThan(Math.max(...alters));
  });

  it("changes the expression of a generated column other tables' foreign keys refer to; the keys and rows stay", async () => {
    const parent = d.uniqueName('mg_genref');
    const child = d.uniqueName('mg_genkid');
    const shape = (m: MetaData, sql: string) => {
      const p = table(
        parent,
        {
          id: column(types.integer(), { primaryKey: true, autoincrement: false }),
          a: column(types.integer(), { nullable: false }),
          derived: column(types.integer(), { computed: { sql, stored: true }, unique: true }),
        },
        { metadata: m },
      );
      const c = table(
        child,
        {
          id: column(types.integer(), { primaryKey: true, autoincrement: false }),
          ref: column(types.integer()),
        },
        {
          metadata: m,
          foreignKeys: [
            {
              name: `fk_${child}_ref`,
              columns: ['ref'],
              references: [() => p.c.derived],
              onDelete: 'CASCADE',
            },
          ],
        },
      );
      return [c, p];
    };
    // The same values either way, so the key holds before and after. The rows compared are the
    // referring table's.
    const { outcome, rowsAfterUp, rowsAfterDown } = await roundTrip(
      (m) => shape(m, 'a * 2'),
      (m) => shape(m, 'a + a'),
      [
        `INSERT INTO ${parent} (id, a) VALUES (1, 5), (2, 7)`,
        `INSERT INTO ${child} (id, ref) VALUES (1, 10), (2, 14), (3, NULL)`,
      ],
    );
    expect(rowsAfterUp).toEqual(rowsAfterDown);
    const ops = outcome.operations.flatMap((op) =>
      op.kind === 'batch'
        ? op.operations.map((x) => [x.kind, x.table] as const)
        : [[op.kind, 'table' in op ? op.table : ''] as const],
    );
    if (d.dialect !== 'sqlite') {
      // PostgreSQL drops the column and adds it again; MariaDB would not check the new values
      // against the key. Either way the other table's key is dropped before, made again after.
      const at = (kind: string, t: string) => ops.findIndex(([k, x]) => k === kind && x === t);
      expect(at('dropForeignKey', child)).toBeGreaterThanOrEqual(0);
      expect(at('dropForeignKey', child)).toBeLessThan(at('alterColumn', parent));
      expect(at('addForeignKey', child)).toBeGreaterThan(at('alterColumn', parent));
      expect(outcome.operations.find((op) => op.kind === 'addForeignKey')).toMatchObject({
        table: child,
        foreignKey: {
          name: `fk_${child}_ref`,
          columns: ['ref'],
          referredTable: parent,
          referredColumns: ['derived'],
          onDelete: 'CASCADE',
        },
      });
    } else {
      // SQLite rebuilds the parent, checking the keys after: the key stays.
      expect(ops.filter(([k]) => k.endsWith('ForeignKey'))).toEqual([]);
    }
    expect(rowsAfterUp).toEqual([
      { id: 1, ref: 10 },
      { id: 2, ref: 14 },
      { id: 3, ref: null },
    ]);
  });

  it('drops a UNIQUE and a CHECK the schema never named (the database named them, or, on SQLite, by a rebuild)', async () => {
    const name = d.uniqueName('mg_unnamed');
    const shape = (m: MetaData, constrained: boolean) => [
      table(
        name,
        {
          id: column(types.integer(), { primaryKey: true }),
          code: column(types.string(10), { unique: constrained }),
          qty: column(types.integer()),
        },
        { metadata: m, ...(constrained ? { checks: [{ sql: 'qty >= 0' }] } : {}) },
      ),
    ];
    const { outcome } = await roundTrip(
      (m) => shape(m, true),
      (m) => shape(m, false),
      [`INSERT INTO ${name} (id, code, qty) VALUES (1, 'a', 1), (2, 'b', 0)`],
    );
    expect(kinds(outcome.operations).sort()).toEqual(
      d.dialect === 'sqlite'
        ? ['batch:dropCheck', 'batch:dropUnique']
        : // MySQL keeps a UNIQUE as a unique index of that name.
          ['dropCheck', d.dialect === 'postgresql' ? 'dropUnique' : 'dropIndex'],
    );
    // Where the database keeps names, the drop uses the one it gave; SQLite has none to give.
    const drops: MigrationOperation[] = outcome.operations.flatMap((op) =>
      op.kind === 'batch' ? [...op.operations] : [op],
    );
    for (const op of drops) {
      if (op.kind !== 'dropUnique' && op.kind !== 'dropCheck' && op.kind !== 'dropIndex') continue;
      if (d.dialect === 'sqlite') expect(op.name).toBeUndefined();
      else expect(op.name).toEqual(expect.any(String));
    }
  });

  it("changes a table's comment where the database keeps one, and says why not where it does not", async () => {
    const name = d.uniqueName('mg_tcomment');
    if (d.dialect === 'sqlite') {
      expect(() =>
        migrationCompiler(getDialect('sqlite')).compile({
          kind: 'alterTableComment',
          table: name,
          comment: 'x',
        }),
      ).toThrow(/a comment on table '.*' is not supported by the sqlite dialect/);
      return;
    }
    const shape = (m: MetaData, comment: string | undefined) => [
      table(name, { id: column(types.integer(), { primaryKey: true }) }, { metadata: m, comment }),
    ];
    const { outcome } = await roundTrip(
      (m) => shape(m, 'old words'),
      (m) => shape(m, "new 'quoted' words"),
      [`INSERT INTO ${name} (id) VALUES (1)`],
    );
    expect(outcome.operations).toEqual([
      { kind: 'alterTableComment', table: name, comment: "new 'quoted' words", existingComment: 'old words' },
    ]);
    const removed = await roundTrip(
      (m) => shape(m, 'old words'),
      (m) => shape(m, undefined),
      [],
    );
    expect(removed.outcome.operations).toMatchObject([{ kind: 'alterTableComment', comment: null }]);
  });

  if (d.target === 'postgresql') {
    describe('enum values removed or reordered (PostgreSQL rebuilds the type)', () => {
      const mood = d.uniqueName('mg_mood');
      const name = d.uniqueName('mg_feel');
      const shape = (m: MetaData, values: string[]) => [
        table(
          name,
          {
            id: column(types.integer(), { primaryKey: true }),
            mood: column(types.enum(values, { name: mood }), { nullable: false, serverDefault: 'happy' }),
            was: column(types.enum(values, { name: mood })),
          },
          { metadata: m },
        ),
      ];

      it('reorders and removes values, converting every column and keeping its default', async () => {
        const { outcome, rowsAfterUp } = await roundTrip(
          (m) => shape(m, ['happy', 'sad', 'meh']),
          (m) => shape(m, ['meh', 'happy']),
          [`INSERT INTO ${name} (id, mood, was) VALUES (1, 'happy', 'meh'), (2, 'meh', NULL)`],
          [mood],
        );
        expect(outcome.operations).toMatchObject([
          {
            kind: 'recreateEnum',
            name: mood,
            values: ['meh', 'happy'],
            existing: ['happy', 'sad', 'meh'],
            allowDestructive: true,
          },
        ]);
        expect(rowsAfterUp).toEqual([
          { id: 1, mood: 'happy', was: 'meh' },
          { id: 2, mood: 'meh', was: null },
        ]);
      });

      it('converts array columns of the enum too (enum[]), with their defaults', async () => {
        const tags = d.uniqueName('mg_tagged');
        const arrays = (m: MetaData, values: string[]) => [
          table(
            tags,
            {
              id: column(types.integer(), { primaryKey: true }),
              moods: column(types.array(types.enum(values, { name: mood })), {
                nullable: false,
                serverDefault: sqlDefault(`'{happy}'`),
              }),
              one: column(types.enum(values, { name: mood })),
            },
            { metadata: m },
          ),
        ];
        const { outcome, rowsAfterUp, rowsAfterDown } = await roundTrip(
          (m) => arrays(m, ['happy', 'sad', 'meh']),
          (m) => arrays(m, ['meh', 'happy']),
          [`INSERT INTO ${tags} (id, moods, one) VALUES (1, '{happy,meh}', 'meh'), (2, DEFAULT, NULL)`],
          [mood],
        );
        expect(outcome.operations).toMatchObject([
          {
            kind: 'recreateEnum',
            values: ['meh', 'happy'],
            columns: [
              { table: tags, column: 'moods', array: true, serverDefault: expect.anything() },
              { table: tags, column: 'one' },
            ],
          },
        ]);
        // A raw SELECT gets an array of an enum as PostgreSQL's text form (the driver knows no such type).
        expect(rowsAfterUp).toEqual([
          { id: 1, moods: '{happy,meh}', one: 'meh' },
          { id: 2, moods: '{happy}', one: null },
        ]);
        expect(rowsAfterDown).toEqual(rowsAfterUp);
      });

      it('creates an enum array column and its type, adds a value, and then finds nothing to do', async () => {
        const tags = d.uniqueName('mg_tagged2');
        const v1 = (m: MetaData) => [
          table(
            tags,
            { id: column(types.integer(), { primaryKey: true }), note: column(types.text()) },
            { metadata: m },
          ),
        ];
        const v2 = (m: MetaData, values: string[]) => [
          table(
            tags,
            {
              id: column(types.integer(), { primaryKey: true }),
              note: column(types.text()),
              moods: column(types.array(types.enum(values, { name: mood }))),
            },
            { metadata: m },
          ),
        ];
        const { outcome } = await roundTrip(
          v1,
          (m) => v2(m, ['happy', 'sad']),
          [`INSERT INTO ${tags} (id, note) VALUES (1, 'x')`],
          [mood],
        );
        expect(outcome.operations.map((op) => op.kind)).toEqual(['createEnum', 'addColumn']);
        const m2 = new MetaData();
        v2(m2, ['happy', 'sad']);
        await m2.createAll(d.engine);
        try {
          await d.engine.execute(text(`INSERT INTO ${tags} (id, moods) VALUES (1, '{sad,happy}')`));
          const added = await generate(
            d.engine,
            v2(new MetaData(), ['happy', 'so-so', 'sad']),
            [tags],
            [mood],
          );
          expect(added.operations).toEqual([
            { kind: 'addEnumValue', name: mood, value: 'so-so', before: 'sad' },
          ]);
          expect(added.changes.map(detailChange)).toHaveLength(1);
        } finally {
          await m2.dropAll(d.engine);
        }
      });

      it('changes a text[] column to an enum[] column, converting its values', async () => {
        const tags = d.uniqueName('mg_tagged3');
        const shape = (m: MetaData, asEnum: boolean) => [
          table(
            tags,
            {
              id: column(types.integer(), { primaryKey: true }),
              moods: column(
                types.array(asEnum ? types.enum(['happy', 'sad'], { name: mood }) : types.text()),
              ),
            },
            { metadata: m },
          ),
        ];
        const { outcome, rowsAfterUp } = await roundTrip(
          (m) => shape(m, false),
          (m) => shape(m, true),
          [`INSERT INTO ${tags} (id, moods) VALUES (1, '{sad,happy}'), (2, NULL)`],
          [mood],
        );
        expect(outcome.operations.map((op) => op.kind)).toEqual(['createEnum', 'alterColumn']);
        expect(rowsAfterUp).toEqual([
          { id: 1, moods: '{sad,happy}' },
          { id: 2, moods: null },
        ]);
      });

      it('changes text columns with defaults PostgreSQL cannot cast into enum and enum[] columns, and back', async () => {
        const tags = d.uniqueName('mg_tagged4');
        const shape = (m: MetaData, asEnum: boolean) => {
          const item = asEnum ? types.enum(['happy', 'sad'], { name: mood }) : types.text();
          return [
            table(
              tags,
              {
                id: column(types.integer(), { primaryKey: true }),
                now: column(item, { nullable: false, serverDefault: 'happy' }),
                moods: column(types.array(item), { serverDefault: sqlDefault(`'{happy}'`) }),
              },
              { metadata: m },
            ),
          ];
        };
        const { outcome, rowsAfterUp, rowsAfterDown } = await roundTrip(
          (m) => shape(m, false),
          (m) => shape(m, true),
          [`INSERT INTO ${tags} (id, now, moods) VALUES (1, 'sad', '{sad,happy}'), (2, DEFAULT, DEFAULT)`],
          [mood],
        );
        expect(outcome.operations.map((op) => op.kind)).toEqual(['createEnum', 'alterColumn', 'alterColumn']);
        const sql = outcome.operations.flatMap((op) =>
          migrationCompiler(getDialect('postgresql'))
            .compile(op)
            .map((x) => x.sql),
        );
        // Each default dropped before the conversion and set again after it, of the enum type.
        expect(sql.filter((x) => / (DROP|SET) DEFAULT/.test(x))).toEqual([
          `ALTER TABLE "${tags}" ALTER COLUMN "now" DROP DEFAULT`,
          `ALTER TABLE "${tags}" ALTER COLUMN "now" SET DEFAULT 'happy'::"${mood}"`,
          `ALTER TABLE "${tags}" ALTER COLUMN "moods" DROP DEFAULT`,
          `ALTER TABLE "${tags}" ALTER COLUMN "moods" SET DEFAULT '{happy}'::"${mood}"[]`,
        ]);
        expect(rowsAfterUp).toEqual([
          { id: 1, now: 'sad', moods: '{sad,happy}' },
          { id: 2, now: 'happy', moods: '{happy}' },
        ]);
        expect(rowsAfterDown).toEqual([
          { id: 1, now: 'sad', moods: ['sad', 'happy'] },
          { id: 2, now: 'happy', moods: ['happy'] },
        ]);
      });

      it('needs consent to remove a value', async () => {
        const m1 = new MetaData();
        shape(m1, ['happy', 'sad']);
        await m1.createAll(d.engine);
        try {
          const dialect = getDialect('postgresql');
          const outcome = autogenerate(
            shape(new MetaData(), ['happy']),
            await d.engine.reflectSchema({ tables: [name] }),
            normalizerFor(dialect, await d.engine.schemaInspector()),
            dialect,
            { includeEnum: (n) => n === mood },
          );
          expect(outcome.refused).toEqual([
            {
              id: `recreateEnum:${mood}`,
              reason: `removes 'sad' from enum type '${mood}': rows holding them make it fail`,
            },
          ]);
        } finally {
          await m1.dropAll(d.engine);
        }
      });

      it('refuses, changing nothing, while a row holds a removed value', async () => {
        const m1 = new MetaData();
        const before = shape(m1, ['happy', 'sad']);
        await m1.createAll(d.engine);
        try {
          await d.engine.execute(text(`INSERT INTO ${name} (id, mood) VALUES (1, 'sad'), (2, 'happy')`));
          const catalog = await catalogDump(d.engine, [name, mood]);
          const outcome = await generate(d.engine, shape(new MetaData(), ['happy']), [name], [mood]);
          const runner = new MigrationRunner(
            d.engine,
            new RevisionGraph([
              revisionOf({
                revision: `x${++revision}`,
                downRevision: null,
                upgrade: (op) => void outcome.operations.forEach((o) => op.add(o)),
                downgrade: () => undefined,
              }),
            ]),
            { versionTable },
          );
          await expect(runner.upgrade('head')).rejects.toThrow(
            `enum type '${mood}' cannot lose 'sad': rows of ${name}.mood hold it`,
          );
          expect(await catalogDump(d.engine, [name, mood])).toEqual(catalog);
          expect(await runner.pendingCount()).toBe(1);
          expect((await generate(d.engine, before, [name], [mood])).operations).toEqual([]);
          // Once no row holds it, the same migration runs.
          await d.engine.execute(text(`UPDATE ${name} SET mood = 'happy'`));
          await runner.upgrade('head');
          expect((await d.engine.execute(text(`SELECT mood FROM ${name} ORDER BY id`))).all()).toEqual([
            { mood: 'happy' },
            { mood: 'happy' },
          ]);
        } finally {
          await m1.dropAll(d.engine);
        }
      });
    });
  }
});
