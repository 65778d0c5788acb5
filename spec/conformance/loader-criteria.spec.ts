/**
 * withLoaderCriteria(): criteria for every load of an entity by a statement, from SQLAlchemy's
 * test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest, ORM UPDATE/DELETE) and core scenarios
 * of test/orm/test_relationship_criteria.py (LoaderCriteriaTest: top-level selects, joins,
 * aliases, joined and selectin loads).
 */
import { ArgumentError } from '../../lib/errors';
import { aliased, attrs, inspect } from '../../lib/mapper';
import {
  executeBulk,
  joinedload,
  ormDelete,
  ormUpdate,
  selectinload,
  subqueryload,
  withLoaderCriteria,
  type SynchronizeSession,
} from '../../lib/session';
import { applyLoaderCriteria, loaderCriteriaOf } from '../../lib/session/loading/loader-criteria';
import { select, type Select } from '../../lib/sql';
import { expectCompiled } from '../sql/helpers';
import { usersFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';

/** The statement an ORM select runs, as far as loader criteria go (no eager joins). */
const withCriteria = <I extends readonly unknown[]>(stmt: Select<I>) =>
  applyLoaderCriteria(stmt, loaderCriteriaOf(stmt.statementOptions));

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest: withLoaderCriteria', (c) => {
  const { User, loadUsers, agesInDb } = usersFixture(c);
  const u = attrs(User);
  const janeOrJill = withLoaderCriteria(User, (x) => x.name.in(['jill', 'jane']));

  for (const sync of ['fetch', 'evaluate'] as SynchronizeSession[]) {
    it(`an UPDATE with loader criteria changes only the rows both select (${String(sync)}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_with_loader_criteria]`, async () => {
      const s = c.session();
      const [john, jack, jill, jane] = await loadUsers(s);
      const stmt = ormUpdate(User)
        .options(janeOrJill)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) });
      expect(await executeBulk(s, stmt, { synchronizeSession: sync })).toBe(1);
      expect([john!.age, jack!.age, jill!.age, jane!.age]).toEqual([25, 47, 29, 27]);
      const ages = await s.execute(select(u.age).orderBy(u.id));
      expect(ages.all().map((r) => r[0])).toEqual([25, 47, 29, 27]);
      await s.commit();
      expect(await agesInDb()).toEqual([25, 47, 29, 27]);
    });

    it(`a DELETE with loader criteria deletes only the rows both select (${String(sync)}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_delete_with_loader_criteria]`, async () => {
      const s = c.session();
      const [, jack, , jane] = await loadUsers(s);
      await executeBulk(s, ormDelete(User).options(janeOrJill).where(u.age.gt(29)), {
        synchronizeSession: sync,
      });
      expect(s.contains(jane!)).toBe(false);
      expect(s.contains(jack!)).toBe(true);
      const ages = await s.execute(select(u.age).orderBy(u.id));
      expect(ages.all().map((r) => r[0])).toEqual([25, 47, 29]);
      await s.commit();
      expect(await agesInDb()).toEqual([25, 47, 29]);
    });
  }

  it('compiles the loader criteria into the WHERE clause of ORM UPDATE and DELETE on every dialect [test_orm_upd_del_basic.py::UpdateDeleteTest::test_update_with_loader_criteria]', () => {
    const t = inspect(User).table.name;
    const upd = () =>
      ormUpdate(User)
        .options(janeOrJill)
        .where(u.age.gt(29))
        .values({ age: u.age.sub(10) })
        .toCore();
    const q = (d: '"' | '`' | '[') => (name: string) => (d === '[' ? `[${name}]` : `${d}${name}${d}`);
    const expectUpdate = (d: '"' | '`' | '[', p: (i: number) => string) => {
      const n = q(d);
      return {
        sql: `UPDATE ${n(t)} SET ${n('age_int')} = ${n(t)}.${n('age_int')} - ${p(1)} WHERE ${n(t)}.${n('age_int')} > ${p(2)} AND ${n(t)}.${n('name')} IN (${p(3)}, ${p(4)})`,
        params: [10, 29, 'jill', 'jane'],
      };
    };
    expectCompiled(upd, {
      sqlite: expectUpdate('"', () => '?'),
      postgresql: expectUpdate('"', (i) => `$${i}`),
      mysql: expectUpdate('`', () => '?'),
      mariadb: expectUpdate('`', () => '?'),
      mssql: expectUpdate('[', (i) => `@p${i}`),
      oracle: expectUpdate('"', (i) => `:${i}`),
    });
    const del = () => ormDelete(User).options(janeOrJill).where(u.age.gt(29)).toCore();
    const expectDelete = (d: '"' | '`' | '[', p: (i: number) => string) => {
      const n = q(d);
      return {
        sql: `DELETE FROM ${n(t)} WHERE ${n(t)}.${n('age_int')} > ${p(1)} AND ${n(t)}.${n('name')} IN (${p(2)}, ${p(3)})`,
        params: [29, 'jill', 'jane'],
      };
    };
    expectCompiled(del, {
      sqlite: expectDelete('"', () => '?'),
      postgresql: expectDelete('"', (i) => `$${i}`),
      mysql: expectDelete('`', () => '?'),
      mariadb: expectDelete('`', () => '?'),
      mssql: expectDelete('[', (i) => `@p${i}`),
      oracle: expectDelete('"', (i) => `:${i}`),
    });
  });
});

conformanceSuite('test_relationship_criteria.py LoaderCriteriaTest (core scenarios)', (c) => {
  const { User, Address, insertAddresses } = usersFixture(c);
  const u = attrs(User);
  const a = attrs(Address);
  /** The logged SQL with this run's unique table names replaced by users / addresses. */
  const plain = (sql: string): string =>
    sql.split(inspect(User).table.name).join('users').split(inspect(Address).table.name).join('addresses');
  const notJo2 = withLoaderCriteria(Address, (x) => x.email.ne('jo2'));

  beforeEach(async () => {
    await insertAddresses();
  });

  it('a top-level select of the entity gets the criteria in WHERE, ANDed with its own [test_relationship_criteria.py::LoaderCriteriaTest::test_select_mapper_mapper_criteria]', async () => {
    const s = c.session();
    const stmt = select(User)
      .where(u.age.gt(26))
      .options(withLoaderCriteria(User, (x) => x.name.ne('jack')))
      .orderBy(u.id);
    expect((await s.scalars(stmt)).map((x) => x.name)).toEqual(['jill', 'jane']);
    const t = inspect(User).table.name;
    expectCompiled(
      () => withCriteria(select(u.id).options(withLoaderCriteria(User, (x) => x.name.ne('name')))),
      {
        sqlite: { sql: `SELECT "${t}"."id" FROM "${t}" WHERE "${t}"."name" <> ?`, params: ['name'] },
        postgresql: { sql: `SELECT "${t}"."id" FROM "${t}" WHERE "${t}"."name" <> $1`, params: ['name'] },
        mysql: { sql: `SELECT \`${t}\`.\`id\` FROM \`${t}\` WHERE \`${t}\`.\`name\` <> ?`, params: ['name'] },
        mariadb: {
          sql: `SELECT \`${t}\`.\`id\` FROM \`${t}\` WHERE \`${t}\`.\`name\` <> ?`,
          params: ['name'],
        },
        mssql: { sql: `SELECT [${t}].[id] FROM [${t}] WHERE [${t}].[name] <> @p1`, params: ['name'] },
        oracle: { sql: `SELECT "${t}"."id" FROM "${t}" WHERE "${t}"."name" <> :1`, params: ['name'] },
      },
    );
  });

  it('a join to the entity gets the criteria in its ON clause [test_relationship_criteria.py::LoaderCriteriaTest::test_select_join_mapper_mapper_criteria]', async () => {
    const s = c.session();
    const stmt = select(u.name, a.email).join(u.addresses).options(notJo2).orderBy(a.id);
    c.sql.start();
    const rows = (await s.execute(stmt)).all();
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['john', 'jo1'],
      ['jack', 'ja1'],
      ['jill', 'ji1'],
      ['jane', 'jan1'],
    ]);
    const q = c.dialect === 'mysql' || c.dialect === 'mariadb' ? '`' : '"';
    const p = c.dialect === 'postgresql' ? '$1' : '?';
    const n = (x: string) => `${q}${x}${q}`;
    expect(c.sql.dml().map(plain)).toEqual([
      `SELECT ${n('users')}.${n('name')}, ${n('addresses')}.${n('email')} FROM ${n('users')} JOIN ${n('addresses')} ON ${n('users')}.${n('id')} = ${n('addresses')}.${n('userId')} AND ${n('addresses')}.${n('email')} <> ${p} ORDER BY ${n('addresses')}.${n('id')}`,
    ]);
  });

  it('an aliased entity is filtered with includeAliases, and not without it [test_relationship_criteria.py::LoaderCriteriaTest::test_select_aliased_inclaliased_criteria]', async () => {
    const s = c.session();
    const u1 = aliased(User, 'u1');
    const base = select(u1).orderBy(u1.id);
    const included = await s.scalars(
      base.options(withLoaderCriteria(User, (x) => x.name.ne('john'), { includeAliases: true })),
    );
    expect(included.map((x) => x.name)).toEqual(['jack', 'jill', 'jane']);
    const ignored = await s.scalars(base.options(withLoaderCriteria(User, (x) => x.name.ne('john'))));
    expect(ignored.map((x) => x.name)).toEqual(['john', 'jack', 'jill', 'jane']);
  });

  it('a joined eager load gets the criteria in the ON clause of its alias [test_relationship_criteria.py::LoaderCriteriaTest::test_select_joinedload_mapper_mapper_criteria]', async () => {
    const s = c.session();
    c.sql.start();
    const users = await s.scalars(select(User).options(joinedload(u.addresses), notJo2).orderBy(u.id));
    expect(users.map((x) => x.addresses.map((ad) => ad.email))).toEqual([
      ['jo1'],
      ['ja1'],
      ['ji1'],
      ['jan1'],
    ]);
    expect(c.sql.dml()).toHaveLength(1);
    expect(plain(c.sql.dml()[0]!)).toMatch(
      /LEFT OUTER JOIN .addresses. AS .eager_1. ON .* AND .eager_1.\..email. <> /,
    );
  });

  for (const [name, loader] of [
    ['selectin', selectinload],
    ['subquery', subqueryload],
  ] as const) {
    it(`a ${name} load issued by the statement carries the criteria [test_relationship_criteria.py::LoaderCriteriaTest::test_select_selectinload_mapper_mapper_criteria]`, async () => {
      const s = c.session();
      c.sql.start();
      const users = await s.scalars(select(User).options(loader(u.addresses), notJo2).orderBy(u.id));
      expect(users.map((x) => x.addresses.map((ad) => ad.email))).toEqual([
        ['jo1'],
        ['ja1'],
        ['ji1'],
        ['jan1'],
      ]);
      const sql = c.sql.dml().map(plain);
      expect(sql).toHaveLength(2);
      expect(sql[0]).not.toMatch(/email/);
      expect(sql[1]).toMatch(/.addresses.\..email. <> /);
    });
  }

  it('propagateToLoaders: false keeps the criteria to the statement itself [test_relationship_criteria.py::LoaderCriteriaTest::test_select_selectinload_mapper_mapper_criteria]', async () => {
    const s = c.session();
    const users = await s.scalars(
      select(User)
        .options(
          selectinload(u.addresses),
          withLoaderCriteria(Address, (x) => x.email.ne('jo2'), { propagateToLoaders: false }),
        )
        .orderBy(u.id),
    );
    expect(users[0]!.addresses.map((ad) => ad.email).sort()).toEqual(['jo1', 'jo2']);
  });

  it('refuses a criteria argument that is not a function, naming it', () => {
    expect(() => withLoaderCriteria(User, 'name = 1' as never)).toThrow(
      new ArgumentError(
        "withLoaderCriteria(): the criteria must be a function of the entity's attributes, got string",
      ),
    );
    expect(() => withCriteria(select(User).options(withLoaderCriteria(User, () => 'x' as never)))).toThrow(
      ArgumentError,
    );
  });
});
