/**
 * `merge()` of objects whose primary key is not fully set, and of a JSON list value — ported from
 * SQLAlchemy's test/orm/test_merge.py (MergeTest, CompositeNullPksTest, MutableMergeTest). An
 * object whose key is incomplete cannot be in the database: merge() makes a pending copy without
 * a SELECT.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { foreign, instanceState } from '../../lib/mapper';
import { types } from '../../lib/sql';
import { make } from './cascade-helpers';
import { conformanceSuite } from './support';

const countSelects = (sent: readonly { sql: string }[]): number =>
  sent.filter((s) => /^\s*SELECT/i.test(s.sql)).length;

conformanceSuite('test_merge.py MergeTest (composite key never set)', (c) => {
  const { CompositePk } = c.entities((registry, name) => {
    @Table(name('composite_pk_table'), { registry })
    class CompositePk {
      @Column({ primaryKey: true, autoincrement: false }) i!: number;
      @Column({ primaryKey: true, autoincrement: false }) j!: number;
      @Column({ type: types.integer() }) k!: number;
    }
    return { CompositePk };
  });
  afterEach(() => c.clear(CompositePk));

  it('a key part never set sends no SELECT; the pending copy is INSERTed once completed [test_merge.py::MergeTest::test_dont_send_neverset_to_get]', async () => {
    const cp1 = make(CompositePk, { j: 1, k: 1 });
    const sess = c.session();
    c.sql.start();
    const merged = await sess.merge(cp1);
    expect(c.sql.stop()).toEqual([]);
    expect(merged).not.toBe(cp1);
    expect(instanceState(merged).status).toBe('pending');
    merged.i = 5;
    await sess.commit();
    await sess.refresh(merged);
    expect(merged.i).toBe(5);
    expect(await c.readBack(`SELECT i, j, k FROM ${c.tableOf(CompositePk)}`)).toEqual([{ i: 5, j: 1, k: 1 }]);
  });
});

conformanceSuite('test_merge.py CompositeNullPksTest', (c) => {
  const { Data, StrictData } = c.entities((registry, name) => {
    @Table(name('data'), { registry })
    class Data {
      @Column({ type: types.string(10), primaryKey: true }) pk1!: string;
      @Column({ type: types.string(10), primaryKey: true }) pk2!: string | null;
    }
    @Table(name('strict_data'), { registry, allowPartialPks: false })
    class StrictData {
      @Column({ type: types.string(10), primaryKey: true }) pk1!: string;
      @Column({ type: types.string(10), primaryKey: true }) pk2!: string | null;
    }
    return { Data, StrictData };
  });
  afterEach(() => c.clear(Data));

  it('by default a key with a NULL part is looked up: one SELECT with IS NULL, then a pending copy [test_merge.py::CompositeNullPksTest::test_merge_allow_partial]', async () => {
    const sess = c.session();
    const d1 = make(Data, { pk1: 'someval', pk2: null });
    c.sql.start();
    const merged = await sess.merge(d1);
    const sent = c.sql.stop();
    expect(sent).toHaveLength(1);
    expect(countSelects(sent)).toBe(1);
    expect(sent[0]!.sql).toMatch(/IS NULL/);
    expect(instanceState(merged).status).toBe('pending');
    expect([merged.pk1, merged.pk2]).toEqual(['someval', null]);
  });

  it('with allowPartialPks: false a key with a NULL part is never looked up: no SELECT, a pending copy [test_merge.py::CompositeNullPksTest::test_merge_disallow_partial]', async () => {
    const sess = c.session();
    const d1 = make(StrictData, { pk1: 'someval', pk2: null });
    c.sql.start();
    const merged = await sess.merge(d1);
    expect(countSelects(c.sql.stop())).toBe(0);
    expect(instanceState(merged).status).toBe('pending');
    expect([merged.pk1, merged.pk2]).toEqual(['someval', null]);
  });
});

conformanceSuite('test_merge.py MutableMergeTest', (c) => {
  const { Data } = c.entities((registry, name) => {
    @Table(name('data'), { registry })
    class Data {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.json<string[]>(), nullable: true }) data!: string[] | null;
    }
    return { Data };
  });
  afterEach(() => c.clear(Data));

  it('merging a new list value replaces the stored one [test_merge.py::MutableMergeTest::test_list]', async () => {
    const sess = c.session();
    const d = make(Data, { data: ['this', 'is', 'a', 'list'] });
    sess.add(d);
    await sess.commit();

    const d2 = make(Data, { id: d.id, data: ['this', 'is', 'another', 'list'] });
    const d3 = await sess.merge(d2);
    expect(d3).toBe(d);
    expect(d3.data).toEqual(['this', 'is', 'another', 'list']);
    await sess.commit();
    const [row] = await c.readBack(`SELECT data FROM ${c.tableOf(Data)}`);
    const stored = typeof row!['data'] === 'string' ? JSON.parse(row!['data']) : row!['data'];
    expect(stored).toEqual(['this', 'is', 'another', 'list']);
  });
});

conformanceSuite('test_merge.py MergeTest (custom join condition)', (c) => {
  const { User, CompositePk } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      // No foreign key constraint: the condition says which column refers to users.id.
      @Relationship(() => CompositePk, { primaryJoin: (u, cp) => u.id.eq(foreign(cp.i)) })
      elements!: CompositePk[];
    }
    @Table(name('composite_pk_table'), { registry })
    class CompositePk {
      @Column({ primaryKey: true, autoincrement: false }) i!: number;
      @Column({ primaryKey: true, autoincrement: false }) j!: number;
      @Column({ type: types.integer() }) k!: number;
    }
    return { User, CompositePk };
  });
  afterEach(() => c.clear(CompositePk, User));

  it("merging a new parent whose child's key part comes from the join sends one SELECT; the flush fills it [test_merge.py::MergeTest::test_dont_send_neverset_to_get_w_relationship]", async () => {
    const u1 = make(User, { id: 5, name: 'some user' });
    const cp1 = make(CompositePk, { j: 1, k: 1 });
    u1.elements = [cp1];
    const sess = c.session();
    c.sql.start();
    const u2 = await sess.merge(u1);
    const sent = c.sql.stop();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sql).toMatch(/^\s*SELECT/i);
    await sess.commit();
    // Committed objects are expired: the collection is loaded again through the join condition.
    await sess.load(u2, 'elements');
    expect(u2.elements[0]!.i).toBe(5);
    expect(u2.id).toBe(5);
    expect(await c.readBack(`SELECT i, j, k FROM ${c.tableOf(CompositePk)}`)).toEqual([{ i: 5, j: 1, k: 1 }]);
  });
});
