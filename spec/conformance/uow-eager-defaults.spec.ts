/**
 * Values the database makes, read back by the flush itself — ported from SQLAlchemy's
 * test/orm/test_unitofworkv2.py (EagerDefaultsTest, EagerDefaultsSettingTest).
 *
 * SQLAlchemy reads them back eagerly when the mapper says `eager_defaults` (and for INSERTs, by
 * default, where RETURNING serves several rows); otherwise it expires them and loads them on
 * access. Athanor cannot load on access, so it always reads them back: server defaults after an
 * INSERT that gave no value, and computed or `serverOnUpdate` columns after an UPDATE that did not
 * set them — in the statement's RETURNING where the dialect can return them (PostgreSQL; SQLite
 * only for computed columns, its RETURNING runs before AFTER triggers; MariaDB has no UPDATE …
 * RETURNING), else by one SELECT by key. The `bar` column here is changed by a trigger (to
 * `foo * 10` when an UPDATE leaves it as it was), so reading it back is visible; SQLAlchemy's
 * fixture only marks the column.
 */
import { Column, Table } from '../../lib/decorators';
import { instanceState } from '../../lib/mapper';
import { func, literalColumn, text, types } from '../../lib/sql';
import { conformanceSuite, type ConformanceContext } from './support';

const make = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);

/** A trigger making `bar = foo * 10` on every UPDATE of `table` that leaves `bar` as it was. */
async function barTrigger(c: ConformanceContext, table: string, bare: string): Promise<void> {
  const run = (sql: string): Promise<unknown> => c.engine.execute(text(sql));
  if (c.dialect === 'postgresql') {
    await run(
      `CREATE FUNCTION ${bare}_bar() RETURNS trigger AS $$ BEGIN IF NEW.bar IS NOT DISTINCT FROM OLD.bar THEN NEW.bar := NEW.foo * 10; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await run(
      `CREATE TRIGGER ${bare}_bar BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${bare}_bar()`,
    );
  } else if (c.dialect === 'sqlite') {
    await run(
      `CREATE TRIGGER ${bare}_bar AFTER UPDATE ON ${table} FOR EACH ROW WHEN NEW.bar IS OLD.bar ` +
        `BEGIN UPDATE ${table} SET bar = NEW.foo * 10 WHERE id = NEW.id; END`,
    );
  } else {
    await run(
      `CREATE TRIGGER ${bare}_bar BEFORE UPDATE ON ${table} FOR EACH ROW SET NEW.bar = IF(NEW.bar <=> OLD.bar, NEW.foo * 10, NEW.bar)`,
    );
  }
}

conformanceSuite('test_unitofworkv2.py EagerDefaultsTest', (c) => {
  let bare2 = '';
  const { Thing, Thing2, Thing3, Thing4, Gauge } = c.entities((registry, name) => {
    @Table(name('test'), { registry })
    class Thing {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, serverDefault: 3 }) foo!: number | null;
    }
    bare2 = name('test2');
    @Table(bare2, { registry })
    class Thing2 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true }) foo!: number | null;
      @Column({ type: types.integer(), nullable: true, serverOnUpdate: true }) bar!: number | null;
    }
    @Table(name('test3'), { registry })
    class Thing3 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      // A default function may return an SQL expression: the INSERT writes it as SQL.
      @Column({ type: types.string(50), default: (() => func.lower('HI')) as unknown as () => string })
      foo!: string;
    }
    @Table(name('gauge'), { registry })
    class Gauge {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer() }) n!: number;
      @Column({ type: types.integer(), computed: { sql: 'n * 2' } }) doubled!: number;
    }
    @Table(name('test4'), { registry })
    class Thing4 {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true }) foo!: number | null;
      // A client-side default of every UPDATE, given as SQL (SQLAlchemy's onupdate=text("5 + 3")).
      @Column({
        type: types.integer(),
        nullable: true,
        updateDefault: () => literalColumn('5 + 3', types.integer()),
      })
      bar!: number | null;
    }
    return { Thing, Thing2, Thing3, Thing4, Gauge };
  });
  beforeAll(() => barTrigger(c, c.tableOf(Thing2), bare2));
  afterAll(async () => {
    if (c.dialect === 'postgresql')
      await c.engine.execute(text(`DROP FUNCTION IF EXISTS ${bare2}_bar() CASCADE`));
  });
  afterEach(() => c.clear(Thing, Thing2, Thing3, Thing4, Gauge));
  const selects = (sql: readonly string[]): number => sql.filter((s) => /^\s*SELECT/i.test(s)).length;
  /** Reading the attributes sends nothing. */
  const readsWithoutSql = <T>(read: () => T): T => {
    c.sql.start();
    const value = read();
    expect(c.sql.stop()).toEqual([]);
    return value;
  };

  it('values the objects give are written and nothing is fetched [test_unitofworkv2.py::EagerDefaultsTest::test_server_insert_defaults_present]', async () => {
    const s = c.session();
    const t1 = make(Thing, { id: 1, foo: 5 });
    const t2 = make(Thing, { id: 2, foo: 10 });
    s.addAll([t1, t2]);
    c.sql.start();
    await s.flush();
    const dml = c.sql.dml();
    expect(dml).toHaveLength(1);
    expect(dml[0]).toMatch(/^INSERT INTO/);
    expect(dml[0]).not.toMatch(/RETURNING/);
    expect(readsWithoutSql(() => [t1.foo, t2.foo])).toEqual([5, 10]);
  });

  it('a value given as an SQL expression is written as SQL and its result read back [test_unitofworkv2.py::EagerDefaultsTest::test_server_insert_defaults_present_as_expr]', async () => {
    const s = c.session();
    const t1 = make(Thing, { id: 1, foo: literalColumn<number>('2 + 5', types.integer()) as never });
    const t2 = make(Thing, { id: 2, foo: literalColumn<number>('5 + 5', types.integer()) as never });
    s.addAll([t1, t2]);
    c.sql.start();
    await s.flush();
    expect(
      c.sql
        .dml()
        .filter((sql) => /^INSERT/.test(sql))
        .every((sql) => /2 \+ 5|5 \+ 5/.test(sql)),
    ).toBe(true);
    expect(readsWithoutSql(() => [t1.foo, t2.foo])).toEqual([7, 10]);
    await s.commit();
    expect(await c.readBack(`SELECT id, foo FROM ${c.tableOf(Thing)} ORDER BY id`)).toEqual([
      { id: 1, foo: 7 },
      { id: 2, foo: 10 },
    ]);
  });

  it('a server default the INSERT did not write comes back with it (RETURNING) [test_unitofworkv2.py::EagerDefaultsTest::test_server_insert_defaults_nonpresent]', async () => {
    const s = c.session({ expireOnCommit: false });
    const t1 = make(Thing, { id: 1 });
    const t2 = make(Thing, { id: 2 });
    s.addAll([t1, t2]);
    c.sql.start();
    await s.commit();
    const dml = c.sql.dml();
    // SQLite, PostgreSQL and MariaDB all have INSERT … RETURNING.
    expect(dml.every((sql) => /^INSERT INTO .* RETURNING .*foo/.test(sql))).toBe(true);
    expect(selects(dml)).toBe(0);
    expect(readsWithoutSql(() => [t1.foo, t2.foo])).toEqual([3, 3]);
  });

  it('a client-side SQL default is written as SQL and its result read back [test_unitofworkv2.py::EagerDefaultsTest::test_clientsql_insert_defaults_nonpresent]', async () => {
    const s = c.session({ expireOnCommit: false });
    const t1 = make(Thing3, { id: 1 });
    const t2 = make(Thing3, { id: 2 });
    s.addAll([t1, t2]);
    c.sql.start();
    await s.commit();
    expect(
      c.sql
        .dml()
        .filter((sql) => /^INSERT/.test(sql))
        .every((sql) => /lower\(/i.test(sql)),
    ).toBe(true);
    expect(readsWithoutSql(() => [t1.foo, t2.foo])).toEqual(['hi', 'hi']);
    expect(await c.readBack(`SELECT foo FROM ${c.tableOf(Thing3)} ORDER BY id`)).toEqual([
      { foo: 'hi' },
      { foo: 'hi' },
    ]);
  });

  /** Four rows of Thing2, flushed; returns them. */
  async function fourThings(s: ReturnType<typeof c.session>): Promise<InstanceType<typeof Thing2>[]> {
    const things = [1, 2, 3, 4].map((id) => make(Thing2, { id, foo: id, bar: id + 1 }));
    s.addAll(things);
    await s.flush();
    return things;
  }

  /** The statements of the flush reading back `bar`: RETURNING on PostgreSQL, else a SELECT. */
  function expectBarReadBack(dml: readonly string[], updates: number): void {
    const updateSql = dml.filter((sql) => /^UPDATE/.test(sql));
    expect(updateSql).toHaveLength(updates);
    if (c.dialect === 'postgresql') {
      expect(updateSql.some((sql) => /RETURNING .*bar/.test(sql))).toBe(true);
      expect(selects(dml)).toBe(0);
    } else {
      expect(updateSql.some((sql) => /RETURNING/.test(sql))).toBe(false);
      expect(selects(dml)).toBe(1);
    }
  }

  it('a server-on-update column the UPDATE does not set is read back; one it sets is not [test_unitofworkv2.py::EagerDefaultsTest::test_server_update_defaults_nonpresent]', async () => {
    const s = c.session({ expireOnCommit: false });
    const [t1, t2, t3, t4] = await fourThings(s);
    Object.assign(t1!, { foo: 5 });
    Object.assign(t2!, { foo: 6, bar: 10 });
    Object.assign(t3!, { foo: 7 });
    Object.assign(t4!, { foo: 8, bar: 12 });
    c.sql.start();
    await s.flush();
    // Rows setting the same columns share a statement: {foo} for t1, t3; {foo, bar} for t2, t4.
    expectBarReadBack(c.sql.dml(), 2);
    expect(readsWithoutSql(() => [t1!.bar, t2!.bar, t3!.bar, t4!.bar])).toEqual([50, 10, 70, 12]);
    expect(s.dirty).toEqual([]);
    await s.commit();
    expect(await c.readBack(`SELECT id, bar FROM ${c.tableOf(Thing2)} ORDER BY id`)).toEqual([
      { id: 1, bar: 50 },
      { id: 2, bar: 10 },
      { id: 3, bar: 70 },
      { id: 4, bar: 12 },
    ]);
  });

  it('a server-on-update column set to an SQL expression is read back from the expression [test_unitofworkv2.py::EagerDefaultsTest::test_update_defaults_present_as_expr]', async () => {
    const s = c.session({ expireOnCommit: false });
    const [t1, t2, t3, t4] = await fourThings(s);
    Object.assign(t1!, { foo: 5, bar: literalColumn('1 + 10', types.integer()) });
    Object.assign(t2!, { foo: 6, bar: 10 });
    Object.assign(t3!, { foo: 7 });
    Object.assign(t4!, { foo: 8, bar: literalColumn('5 + 7', types.integer()) });
    await s.flush();
    expect(readsWithoutSql(() => [t1!.bar, t2!.bar, t3!.bar, t4!.bar])).toEqual([11, 10, 70, 12]);
    await s.commit();
    expect(await c.readBack(`SELECT id, bar FROM ${c.tableOf(Thing2)} ORDER BY id`)).toEqual([
      { id: 1, bar: 11 },
      { id: 2, bar: 10 },
      { id: 3, bar: 70 },
      { id: 4, bar: 12 },
    ]);
  });

  it('an UPDATE that does not set a column with a client-side update default writes its SQL and reads the result back [test_unitofworkv2.py::EagerDefaultsTest::test_clientsql_update_defaults_nonpresent]', async () => {
    const s = c.session({ expireOnCommit: false });
    const [t1, t2, t3, t4] = [1, 2, 3, 4].map((id) => make(Thing4, { id, foo: id }));
    s.addAll([t1!, t2!, t3!, t4!]);
    await s.flush();
    // An INSERT does not apply it.
    expect(readsWithoutSql(() => t1!.bar)).toBeNull();
    Object.assign(t1!, { foo: 5 });
    Object.assign(t2!, { foo: 6, bar: 10 });
    Object.assign(t3!, { foo: 7 });
    Object.assign(t4!, { foo: 8, bar: 12 });
    c.sql.start();
    await s.flush();
    const updates = c.sql.dml().filter((sql) => /^UPDATE/.test(sql));
    // Every row sets foo and bar: the default where the object gave none, as SQL.
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((sql) => /5 \+ 3/.test(sql))).toBe(true);
    expect(readsWithoutSql(() => [t1!.bar, t2!.bar, t3!.bar, t4!.bar])).toEqual([8, 10, 8, 12]);
    await s.commit();
    expect(await c.readBack(`SELECT id, foo, bar FROM ${c.tableOf(Thing4)} ORDER BY id`)).toEqual([
      { id: 1, foo: 5, bar: 8 },
      { id: 2, foo: 6, bar: 10 },
      { id: 3, foo: 7, bar: 8 },
      { id: 4, foo: 8, bar: 12 },
    ]);
  });

  it('UPDATEs that set the server-on-update column themselves fetch nothing [test_unitofworkv2.py::EagerDefaultsTest::test_update_defaults_present]', async () => {
    const s = c.session({ expireOnCommit: false });
    const t1 = make(Thing2, { id: 1, foo: 1, bar: 2 });
    const t2 = make(Thing2, { id: 2, foo: 2, bar: 3 });
    s.addAll([t1, t2]);
    await s.flush();
    t1.bar = 5;
    t2.bar = 10;
    c.sql.start();
    await s.commit();
    const dml = c.sql.dml();
    expect(dml.filter((sql) => /^UPDATE/.test(sql)).length).toBeGreaterThan(0);
    expect(dml.some((sql) => /RETURNING/.test(sql))).toBe(false);
    expect(selects(dml)).toBe(0);
    expect([t1.bar, t2.bar]).toEqual([5, 10]);
  });

  it('an INSERT giving every column fetches nothing, not even a server-on-update column [test_unitofworkv2.py::EagerDefaultsTest::test_insert_dont_fetch_nondefaults]', async () => {
    const s = c.session();
    const t1 = make(Thing2, { id: 1, bar: 2 });
    s.add(t1);
    c.sql.start();
    await s.flush();
    const dml = c.sql.dml();
    expect(dml).toHaveLength(1);
    expect(dml[0]).toMatch(/^INSERT INTO \S+ \(\S*id\S*, \S*foo\S*, \S*bar\S*\) VALUES/);
    expect(dml[0]).not.toMatch(/RETURNING/);
    expect(readsWithoutSql(() => [t1.foo, t1.bar])).toEqual([null, 2]);
  });

  it('an expired column that the database does not change is not fetched by the UPDATE [test_unitofworkv2.py::EagerDefaultsTest::test_update_dont_fetch_nondefaults]', async () => {
    const s = c.session();
    const t1 = make(Thing2, { id: 1, bar: 2 });
    s.add(t1);
    await s.flush();
    s.expire(t1, ['foo']);
    t1.bar = 3;
    c.sql.start();
    await s.flush();
    const dml = c.sql.dml();
    expect(dml).toHaveLength(1);
    expect(dml[0]).toMatch(/^UPDATE \S+ SET \S*bar\S* = /);
    expect(dml[0]).not.toMatch(/RETURNING/);
    expect(instanceState(t1).isExpired('foo')).toBe(true);
  });

  it('a computed column is read back after an UPDATE of the columns it is computed from', async () => {
    const s = c.session({ expireOnCommit: false });
    const g1 = make(Gauge, { id: 1, n: 2 });
    const g2 = make(Gauge, { id: 2, n: 3 });
    s.addAll([g1, g2]);
    await s.flush();
    expect(readsWithoutSql(() => [g1.doubled, g2.doubled])).toEqual([4, 6]);
    g1.n = 10;
    g2.n = 20;
    c.sql.start();
    await s.flush();
    const dml = c.sql.dml();
    // A computed column is in RETURNING wherever UPDATE … RETURNING exists (SQLite computes it
    // there too); MariaDB reads it with one SELECT.
    expect(selects(dml)).toBe(c.dialect === 'postgresql' || c.dialect === 'sqlite' ? 0 : 1);
    expect(readsWithoutSql(() => [g1.doubled, g2.doubled])).toEqual([20, 40]);
    await s.commit();
    expect(await c.readBack(`SELECT id, doubled FROM ${c.tableOf(Gauge)} ORDER BY id`)).toEqual([
      { id: 1, doubled: 20 },
      { id: 2, doubled: 40 },
    ]);
  });
});

conformanceSuite('test_unitofworkv2.py EagerDefaultsSettingTest', (c) => {
  let bare = '';
  const { Thing } = c.entities((registry, name) => {
    bare = name('test');
    @Table(bare, { registry })
    class Thing {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, serverDefault: 3 }) foo!: number | null;
      @Column({ type: types.integer(), nullable: true, serverOnUpdate: true }) bar!: number | null;
    }
    return { Thing };
  });
  beforeAll(() => barTrigger(c, c.tableOf(Thing), bare));
  afterAll(async () => {
    if (c.dialect === 'postgresql')
      await c.engine.execute(text(`DROP FUNCTION IF EXISTS ${bare}_bar() CASCADE`));
  });
  afterEach(() => c.clear(Thing));

  it('INSERTs with given keys return the server default in RETURNING [test_unitofworkv2.py::EagerDefaultsSettingTest::test_eager_default_setting_inserts]', async () => {
    const s = c.session();
    const t1 = make(Thing, { id: 1, bar: 6 });
    const t2 = make(Thing, { id: 2, bar: 6 });
    s.addAll([t1, t2]);
    c.sql.start();
    await s.flush();
    const dml = c.sql.dml();
    expect(dml.every((sql) => /^INSERT INTO .* RETURNING .*foo/.test(sql))).toBe(true);
    expect(dml.some((sql) => /RETURNING .*\bid\b/.test(sql.replace(/"|`/g, '')))).toBe(false);
    expect([t1.foo, t2.foo, t1.bar, t2.bar]).toEqual([3, 3, 6, 6]);
  });

  it('INSERTs with generated keys return the key and the server default [test_unitofworkv2.py::EagerDefaultsSettingTest::test_eager_default_setting_inserts_no_pks]', async () => {
    const s = c.session();
    const t1 = make(Thing, { bar: 6 });
    const t2 = make(Thing, { bar: 6 });
    s.addAll([t1, t2]);
    c.sql.start();
    await s.flush();
    const dml = c.sql.dml().map((sql) => sql.replace(/"|`/g, ''));
    expect(dml.every((sql) => /^INSERT INTO .* RETURNING .*\bid\b.*foo/.test(sql))).toBe(true);
    expect(t2.id).toBeGreaterThan(t1.id);
    expect([t1.foo, t2.foo]).toEqual([3, 3]);
  });

  it('UPDATEs read back the column the database changes [test_unitofworkv2.py::EagerDefaultsSettingTest::test_eager_default_setting_updates]', async () => {
    const s = c.session();
    const t1 = make(Thing, { id: 1, foo: 5 });
    const t2 = make(Thing, { id: 2, foo: 5 });
    s.addAll([t1, t2]);
    await s.flush();
    expect([t1.bar, t2.bar]).toEqual([null, null]);
    t1.foo = 7;
    t2.foo = 12;
    c.sql.start();
    await s.flush();
    const dml = c.sql.dml();
    const updates = dml.filter((sql) => /^UPDATE/.test(sql));
    expect(updates.every((sql) => /RETURNING .*bar/.test(sql))).toBe(c.dialect === 'postgresql');
    expect(dml.filter((sql) => /^\s*SELECT/i.test(sql)).length).toBe(c.dialect === 'postgresql' ? 0 : 1);
    expect([t1.bar, t2.bar]).toEqual([70, 120]);
  });
});
