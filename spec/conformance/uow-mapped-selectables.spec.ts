/**
 * Classes mapped to a SELECT or to a join of two tables (`@Table({ mappedTo })`): reads go through
 * the subquery or the join, the flush writes each column to its own table. Ported from
 * SQLAlchemy's test/orm/test_versioning.py VersioningMappedSelectTest (a versioned class mapped to
 * a select of its table) and test/orm/test_unitofwork.py SaveTest::test_multi_table_selectable
 * (one object writing a row of each table of a join, the joined key column synchronised).
 */
import { Column, Table } from '../../lib/decorators';
import { inspect, type Registry } from '../../lib/mapper';
import { attrs, column, joinTables, select, table, text, types, type Session } from '../../lib/index';
import { conformanceSuite, type ConformanceContext } from './support';

function versionedSelect(c: ConformanceContext, version: true | 'manual') {
  return c.entities((registry: Registry, name) => {
    const versionTable = table(
      name('version_table'),
      {
        id: column(types.integer(), { primaryKey: true }),
        version_id: column(types.integer(), { nullable: false }),
        value: column(types.string(40), { nullable: false }),
      },
      { metadata: registry.metadata },
    );
    const current = select(versionTable).where(versionTable.c.id.gt(0)).subquery('current_table');
    @Table({ registry, mappedTo: current })
    class Foo {
      @Column() id!: number;
      @Column({ mapsTo: versionTable.c.version_id, version }) version_id!: number;
      @Column() value!: string;
    }
    return { Foo, versionTable };
  });
}

const foo = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);

/** `s1.query(Foo.id, Foo.value, Foo.version_id).order_by(Foo.id)`, through the mapped select. */
async function idValueVersion(
  s: Session,
  Foo: new () => { id: number; value: string; version_id: number },
): Promise<unknown[][]> {
  const f = attrs(Foo);
  const rows = await s.execute(select(f.id, f.value, f.version_id).orderBy(f.id));
  return rows.all().map((r) => [...r]);
}

/** The flush's UPDATEs write the base table (never the subquery) and name the version in WHERE. */
function expectVersionedUpdates(c: ConformanceContext, quotedTable: string): void {
  const updates = c.sql.all.filter((q) => /^UPDATE/.test(q.sql));
  expect(updates.length).toBeGreaterThan(0);
  for (const q of updates) {
    expect(q.sql.startsWith(`UPDATE ${quotedTable}`)).toBe(true);
    expect(q.sql).not.toMatch(/current_table/);
    expect(q.sql).toMatch(/WHERE .*version_id/);
  }
}

conformanceSuite('test_versioning.py VersioningMappedSelectTest (counter)', (c) => {
  const { Foo, versionTable } = versionedSelect(c, true);
  afterEach(() => c.clear(Foo));
  const table_ = (): string =>
    c.dialect === 'mysql' || c.dialect === 'mariadb' ? `\`${versionTable.name}\`` : `"${versionTable.name}"`;

  it('counts versions of a class mapped to a select, writing its table [test_versioning.py::VersioningMappedSelectTest::test_implicit]', async () => {
    const s1 = c.session();
    const f1 = foo(Foo, { value: 'f1' });
    const f2 = foo(Foo, { value: 'f2' });
    s1.addAll([f1, f2]);
    c.sql.start();
    await s1.flush();
    const ids = [f1.id, f2.id];
    await s1.commit();
    // The INSERTs write the table the select reads.
    const inserts = c.sql.all.filter((q) => /^INSERT/.test(q.sql));
    expect(inserts.length).toBeGreaterThan(0);
    for (const q of inserts) expect(q.sql).toContain(`INSERT INTO ${table_()}`);

    f1.value = 'f1rev2';
    f2.value = 'f2rev2';
    c.sql.start();
    await s1.commit();
    // The UPDATEs write the table and check the version the session last saw (1).
    expectVersionedUpdates(c, table_());

    expect(await idValueVersion(c.session(), Foo)).toEqual([
      [ids[0], 'f1rev2', 2],
      [ids[1], 'f2rev2', 2],
    ]);
    expect(await c.readBack(`SELECT id, value, version_id FROM ${table_()} ORDER BY id`)).toEqual([
      { id: ids[0], value: 'f1rev2', version_id: 2 },
      { id: ids[1], value: 'f2rev2', version_id: 2 },
    ]);
  });

  it('the version the INSERT gave is known without a SELECT [test_versioning.py::VersioningMappedSelectTest::test_implicit_no_readonly]', async () => {
    const s1 = c.session();
    const f1 = foo(Foo, { value: 'f1' });
    s1.add(f1);
    await s1.flush();
    // Every attribute of the mapped select is written by the flush (none is read-only).
    expect(inspect(Foo).columnProps.map((p) => [p.key, p.columns.map((col) => col.table)])).toEqual([
      ['id', [versionTable]],
      ['version_id', [versionTable]],
      ['value', [versionTable]],
    ]);
    c.sql.start();
    expect(f1.version_id).toBe(1);
    expect(c.sql.all).toHaveLength(0);
  });
});

conformanceSuite('test_versioning.py VersioningMappedSelectTest (manual)', (c) => {
  const { Foo, versionTable } = versionedSelect(c, 'manual');
  afterEach(() => c.clear(Foo));
  const table_ = (): string =>
    c.dialect === 'mysql' || c.dialect === 'mariadb' ? `\`${versionTable.name}\`` : `"${versionTable.name}"`;

  it('writes versions the application gives through a mapped select [test_versioning.py::VersioningMappedSelectTest::test_explicit]', async () => {
    const s1 = c.session();
    const f1 = foo(Foo, { value: 'f1', version_id: 1 });
    const f2 = foo(Foo, { value: 'f2', version_id: 1 });
    s1.addAll([f1, f2]);
    await s1.flush();

    f1.value = 'f1rev2';
    f1.version_id = 2;
    f2.value = 'f2rev2';
    f2.version_id = 2;
    c.sql.start();
    await s1.flush();
    expectVersionedUpdates(c, table_());

    expect(await idValueVersion(s1, Foo)).toEqual([
      [f1.id, 'f1rev2', 2],
      [f2.id, 'f2rev2', 2],
    ]);
    const ids = [f1.id, f2.id];
    await s1.commit();
    expect(await c.readBack(`SELECT id, value, version_id FROM ${table_()} ORDER BY id`)).toEqual([
      { id: ids[0], value: 'f1rev2', version_id: 2 },
      { id: ids[1], value: 'f2rev2', version_id: 2 },
    ]);
  });

  it('a version assigned over an expired one checks the version loaded through the select [test_versioning.py::VersioningMappedSelectTest::test_explicit_assign_from_expired]', async () => {
    const s1 = c.session();
    const f1 = foo(Foo, { value: 'f1', version_id: 1 });
    s1.add(f1);
    await s1.flush();
    const id = f1.id;

    s1.expireAll();
    f1.value = 'f2';
    f1.version_id = 2;
    c.sql.start();
    await s1.flush();
    // The version expired with the object is the one the UPDATE checks (no SELECT needed).
    expect(c.sql.all.filter((q) => /^SELECT/.test(q.sql))).toHaveLength(0);
    const update = c.sql.all.find((q) => /^UPDATE/.test(q.sql))!;
    expect(update.sql).toContain(`UPDATE ${table_()} SET`);
    expect(update.params).toEqual(['f2', 2, id, 1]);
    await s1.commit();
    expect(await c.readBack(`SELECT id, value, version_id FROM ${table_()}`)).toEqual([
      { id, value: 'f2', version_id: 2 },
    ]);
  });
});

conformanceSuite('test_unitofwork.py SaveTest (a class mapped to a join)', (c) => {
  const { User, users, addresses } = c.entities((registry: Registry, name) => {
    const users = table(
      name('users'),
      {
        id: column(types.integer(), { primaryKey: true }),
        name: column(types.string(30), { nullable: false }),
      },
      { metadata: registry.metadata },
    );
    const addresses = table(
      name('addresses'),
      {
        id: column(types.integer(), { primaryKey: true }),
        user_id: column(types.integer(), { nullable: false, foreignKey: users.c.id }),
        email_address: column(types.string(50), { nullable: false }),
      },
      { metadata: registry.metadata },
    );
    const usersAddresses = joinTables(users, addresses, users.c.id.eq(addresses.c.user_id));
    @Table({ registry, mappedTo: usersAddresses })
    class User {
      @Column({ mapsTo: [users.c.id, addresses.c.user_id] }) foo_id!: number;
      @Column() name!: string;
      @Column({ mapsTo: addresses.c.id }) id!: number;
      @Column({ mapsTo: addresses.c.email_address }) email!: string;
    }
    return { User, users, addresses };
  });
  const quote = (n: string): string =>
    c.dialect === 'mysql' || c.dialect === 'mariadb' ? `\`${n}\`` : `"${n}"`;
  afterEach(async () => {
    await c.engine.execute(text(`DELETE FROM ${quote(addresses.name)}`));
    await c.engine.execute(text(`DELETE FROM ${quote(users.name)}`));
  });

  it('one object writes a row of each joined table, the joined key in both [test_unitofwork.py::SaveTest::test_multi_table_selectable]', async () => {
    const m = inspect(User);
    const session = c.session({ expireOnCommit: false });
    let u = foo(User, { name: 'multitester', email: 'multi@test.org' });
    session.add(u);
    c.sql.start();
    await session.flush();
    // users first (its key is generated), then addresses with that key in user_id.
    const inserts = c.sql.all.filter((q) => /^INSERT/.test(q.sql)).map((q) => q.sql);
    expect(inserts).toHaveLength(2);
    expect(inserts[0]).toContain(`INSERT INTO ${quote(users.name)}`);
    expect(inserts[1]).toContain(`INSERT INTO ${quote(addresses.name)}`);
    await session.commit();
    session.expungeAll();

    // The identity is the key of each table, in join order.
    expect(m.primaryKeyProps.map((p) => p.key)).toEqual(['foo_id', 'id']);
    const id_ = m.primaryKeyOf(u);
    u = (await session.get(User, id_ as [number, number]))!;
    expect(u.name).toBe('multitester');

    const userRows = (): Promise<Record<string, unknown>[]> =>
      c.readBack(`SELECT id, name FROM ${quote(users.name)} WHERE id = ${u.foo_id}`);
    const addressRows = (): Promise<Record<string, unknown>[]> =>
      c.readBack(`SELECT id, user_id, email_address FROM ${quote(addresses.name)} WHERE id = ${u.id}`);
    expect(await userRows()).toEqual([{ id: u.foo_id, name: 'multitester' }]);
    expect(await addressRows()).toEqual([{ id: u.id, user_id: u.foo_id, email_address: 'multi@test.org' }]);

    u.email = 'lala@hey.com';
    u.name = 'imnew';
    c.sql.start();
    await session.flush();
    const updates = c.sql.all.filter((q) => /^UPDATE/.test(q.sql)).map((q) => q.sql);
    expect(updates).toHaveLength(2);
    expect(updates[0]).toContain(`UPDATE ${quote(users.name)}`);
    expect(updates[1]).toContain(`UPDATE ${quote(addresses.name)}`);
    await session.commit();

    expect(await userRows()).toEqual([{ id: u.foo_id, name: 'imnew' }]);
    expect(await addressRows()).toEqual([{ id: u.id, user_id: u.foo_id, email_address: 'lala@hey.com' }]);

    session.expungeAll();
    u = (await session.get(User, id_ as [number, number]))!;
    expect(u.name).toBe('imnew');
    expect(u.email).toBe('lala@hey.com');
  });
});
