/**
 * ORM bulk UPDATE/DELETE against related tables, subqueries and loader settings, from SQLAlchemy's
 * test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteIgnoresLoadersTest, UpdateDeleteFromTest,
 * ExpressionUpdateDeleteTest).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { InvalidRequestError } from '../../lib/errors';
import { attrs, inspect } from '../../lib/mapper';
import { executeBulk, ormDelete, ormUpdate } from '../../lib/session';
import { caseWhen, cast, func, insert, literal, select, types } from '../../lib/sql';
import { dataFixture, documentsFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteIgnoresLoadersTest', (c) => {
  const { User, Document } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(32), nullable: true }) name!: string | null;
      @Column({ type: types.integer(), nullable: true }) age!: number | null;
      @Relationship(() => Document, { backPopulates: 'user', lazy: 'select' }) documents!: Document[];
    }
    @Table(name('documents'), { registry })
    class Document {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(32), nullable: true }) title!: string | null;
      @Relationship(() => User, { backPopulates: 'documents', lazy: 'joined' }) user!: User | null;
    }
    return { User, Document };
  });
  const d = attrs(Document);

  beforeEach(async () => {
    await c.engine.execute(
      insert(inspect(User).table).values([
        { id: 1, name: 'john', age: 25 },
        { id: 2, name: 'jack', age: 47 },
        { id: 3, name: 'jill', age: 29 },
        { id: 4, name: 'jane', age: 37 },
      ] as never),
    );
    await c.engine.execute(
      insert(inspect(Document).table).values([
        { id: 1, userId: 1, title: 'foo' },
        { id: 2, userId: 1, title: 'bar' },
        { id: 3, userId: 2, title: 'baz' },
      ] as never),
    );
  });
  afterEach(() => c.clear(Document, User));

  it('an entity with a joined-loading default updates like any other [test_orm_upd_del_basic.py::UpdateDeleteIgnoresLoadersTest::test_update_with_eager_relationships]', async () => {
    const s = c.session();
    const [foo, bar, baz] = await s.scalars(select(Document).orderBy(d.id));
    await executeBulk(
      s,
      ormUpdate(Document)
        .where(d.userId.eq(1))
        .values({ title: d.title.concat(d.title) }),
      {
        synchronizeSession: 'fetch',
      },
    );
    expect([foo!.title, bar!.title, baz!.title]).toEqual(['foofoo', 'barbar', 'baz']);
    expect(await s.scalars(select(d.title).orderBy(d.id))).toEqual(['foofoo', 'barbar', 'baz']);
  });

  it('an entity with a joined-loading default deletes like any other [test_orm_upd_del_basic.py::UpdateDeleteIgnoresLoadersTest::test_delete_with_eager_relationships]', async () => {
    const s = c.session();
    await executeBulk(s, ormDelete(Document).where(d.userId.eq(1)), { synchronizeSession: false });
    expect(await s.scalars(select(d.title))).toEqual(['baz']);
  });
});

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteFromTest', (c) => {
  const { User, Document } = documentsFixture(c);
  const u = attrs(User);
  const d = attrs(Document);

  /** The highest title per user. */
  function maxTitles() {
    return select(func.max(d.title)).groupBy(d.userId);
  }

  async function flags(): Promise<[number, boolean | null][]> {
    const rows = await c.readBack(`SELECT id, flag FROM ${c.tableOf(Document)} ORDER BY id`);
    return rows.map((r) => [r['id'] as number, r['flag'] === null ? null : Boolean(r['flag'])]);
  }

  it('a WHERE clause over another entity cannot be evaluated [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_no_eval_against_multi_table_criteria]', async () => {
    const s = c.session();
    await expect(
      executeBulk(s, ormUpdate(User).where(d.userId.eq(u.id)).values({ samename: 'ed' }), {
        synchronizeSession: 'evaluate',
      }),
    ).rejects.toThrow(InvalidRequestError);
    expect(await c.readBack(`SELECT samename FROM ${c.tableOf(User)} WHERE samename IS NOT NULL`)).toEqual(
      [],
    );
  });

  it('UPDATE … WHERE title IN (subquery) [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_update_using_in]', async () => {
    const s = c.session();
    await executeBulk(s, ormUpdate(Document).where(d.title.in(maxTitles())).values({ flag: true }), {
      synchronizeSession: false,
    });
    await s.commit();
    expect(await flags()).toEqual([
      [1, true],
      [2, null],
      [3, null],
      [4, true],
      [5, true],
      [6, null],
    ]);
  });

  it('UPDATE … FROM a grouped subquery named in the WHERE clause [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_update_from_joined_subq_test]', async () => {
    const s = c.session();
    const subq = select(func.max(d.title).as('title')).groupBy(d.userId).subquery('subq');
    c.sql.start();
    await executeBulk(s, ormUpdate(Document).where(d.title.eq(subq.c.title)).values({ flag: true }), {
      synchronizeSession: false,
    });
    const [sent] = c.sql.stop().filter((st) => /^\s*UPDATE/i.test(st.sql));
    expect(sent!.sql).toMatch(/subq/);
    await s.commit();
    expect(await flags()).toEqual([
      [1, true],
      [2, null],
      [3, null],
      [4, true],
      [5, true],
      [6, null],
    ]);
  });

  it('UPDATE … SET flag = CASE WHEN title IN (subquery) [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_update_using_case]', async () => {
    const s = c.session();
    // PostgreSQL types a CASE's bound THEN values as text: cast them.
    const bool = (v: boolean) => cast(literal(v), types.boolean());
    const flag = caseWhen().when(d.title.in(maxTitles()), bool(true)).else(bool(false));
    await executeBulk(s, ormUpdate(Document).values({ flag: flag as never }), { synchronizeSession: false });
    await s.commit();
    expect(await flags()).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
      [5, true],
      [6, false],
    ]);
  });
});

conformanceSuite('test_orm_upd_del_basic.py ExpressionUpdateDeleteTest', (c) => {
  const { Data } = dataFixture(c);
  const a = attrs(Data);

  // d1 is expired by the commit: SQLAlchemy reloads it on access, the port refreshes it.
  it('SETs an attribute whose column has another name, evaluated then fetched [test_orm_upd_del_basic.py::ExpressionUpdateDeleteTest::test_update_attr_names]', async () => {
    const s = c.session();
    const d1 = new Data();
    s.add(d1);
    await s.commit();
    await s.refresh(d1);
    expect(d1.cnt).toBe(0);
    await executeBulk(s, ormUpdate(Data).values({ cnt: a.cnt.add(1) }), { synchronizeSession: 'evaluate' });
    await s.flush();
    expect(d1.cnt).toBe(1);
    await executeBulk(s, ormUpdate(Data).values({ cnt: a.cnt.add(1) }), { synchronizeSession: 'fetch' });
    await s.flush();
    expect(d1.cnt).toBe(2);
    await s.commit();
    expect(await c.readBack(`SELECT counter FROM ${c.tableOf(Data)}`)).toEqual([{ counter: 2 }]);
  });
});
