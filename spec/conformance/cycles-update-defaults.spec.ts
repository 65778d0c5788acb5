/**
 * Client-side `updateDefault`s (SQLAlchemy's `onupdate`) on rows a post-update writes: the UPDATE
 * that breaks a cycle writes them as any UPDATE does, the object gets the values, and a value the
 * application gave is kept. From SQLAlchemy's test/orm/test_cycles.py (PostUpdatePrefetchTest,
 * PostUpdateOnUpdateTest). SQLAlchemy expires an `onupdate` given as SQL and loads it on access;
 * Athanor loads nothing on access, so the flush reads it back (as with eager defaults); the
 * `refreshFlush` event therefore names both attributes, where SQLAlchemy names `updated` and reports
 * `updated_db` through the `expire` event — Athanor's flush expires nothing.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { inspect } from '../../lib/mapper';
import { literal, types } from '../../lib/sql';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { exec, ident, make } from './uow-helpers';

conformanceSuite('test_cycles.py PostUpdatePrefetchTest', (c) => {
  const counter = { next: 1 };
  const { Parent, Related } = c.entities((registry, name) => {
    @Table(name('parent'), { registry })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Related, { foreignKey: 'parentId', postUpdate: true }) related!: Related[];
    }
    @Table(name('related'), { registry })
    class Related {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Parent }) parentId!: number | null;
      @Column({ type: types.integer(), nullable: true, updateDefault: () => counter.next++ }) counter!:
        number | null;
    }
    return { Parent, Related };
  });
  afterEach(async () => {
    counter.next = 1;
    await c.clear(Related, Parent);
  });

  it('each post-updated row gets its own value of the default, in order [test_cycles.py::PostUpdatePrefetchTest::test_update_counter]', async () => {
    const p1 = make(Parent, { related: [new Related(), new Related(), new Related()] });
    const s = c.session({ expireOnCommit: false });
    s.add(p1);
    c.sql.start();
    await s.commit();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT parent () ×1',
      'INSERT related (counter, parentId) ×3',
      'UPDATE related SET counter, parentId ×3',
    ]);
    expect(p1.related.map((r) => r.counter)).toEqual([1, 2, 3]);
    expect(
      await c.readBack(
        `SELECT id, ${ident(c, 'parentId')} AS pid, counter FROM ${c.tableOf(Related)} ORDER BY id`,
      ),
    ).toEqual(p1.related.map((r) => ({ id: r.id, pid: p1.id, counter: r.counter })));
  });
});

conformanceSuite('test_cycles.py PostUpdateOnUpdateTest', (c) => {
  const counters = { updated: 0, db: 0 };
  const { A, B } = c.entities((registry, name) => {
    @Table(name('a'), { registry })
    class A {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true }) data!: number | null;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => B }) favoriteBId!: number | null;
      @Relationship(() => B, { foreignKey: 'aId' }) bs!: B[];
      @Relationship(() => B, { foreignKey: 'favoriteBId', postUpdate: true }) favoriteB!: B | null;
      @Column({ type: types.integer(), nullable: true, updateDefault: () => counters.updated++ })
      updated!: number | null;
      // An SQL expression, evaluated by the database: SQLAlchemy's bindparam with a callable.
      @Column({ type: types.integer(), nullable: true, updateDefault: () => literal(counters.db++) })
      updatedDb!: number | null;
    }
    @Table(name('b'), { registry })
    class B {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => A }) aId!: number | null;
    }
    return { A, B };
  });
  afterEach(async () => {
    counters.updated = 0;
    counters.db = 0;
    await exec(c, `UPDATE ${c.tableOf(A)} SET ${ident(c, 'favoriteBId')} = NULL`);
    await c.clear(B, A);
  });

  const rowOfA = (id: number): Promise<Record<string, unknown>[]> =>
    c.readBack(
      `SELECT updated, ${ident(c, 'updatedDb')} AS db, ${ident(c, 'favoriteBId')} AS fav FROM ${c.tableOf(A)} WHERE id = ${id}`,
    );

  /** a1 with b1 in its collection and as its post-updated favourite, flushed. */
  async function flushedCycle() {
    const s = c.session();
    const a1 = new A();
    const b1 = new B();
    a1.bs.push(b1);
    a1.favoriteB = b1;
    s.add(a1);
    c.sql.start();
    await s.flush();
    return { s, a1, b1, sent: flushShape(c.sql.stop()) };
  }

  it('the post-update writes the defaults and the object has them [test_cycles.py::PostUpdateOnUpdateTest::test_update_defaults]', async () => {
    const { s, a1, b1, sent } = await flushedCycle();
    expect(sent.filter((l) => !l.startsWith('SELECT'))).toEqual([
      'INSERT a (data, favoriteBId, updated, updatedDb) ×1',
      'INSERT b (aId) ×1',
      'UPDATE a SET favoriteBId, updated, updatedDb ×1',
    ]);
    expect(a1.updated).toBe(0);
    expect(a1.updatedDb).toBe(0);
    await s.commit();
    expect(await rowOfA(a1.id)).toEqual([{ updated: 0, db: 0, fav: b1.id }]);
  });

  /** Records A's refreshFlush and expire events until the test ends. */
  function canary(): unknown[][] {
    const calls: unknown[][] = [];
    const mapper = inspect(A);
    const offs = [
      mapper.on('refreshFlush', (obj, _m, keys) => void calls.push(['refreshFlush', obj, keys])),
      mapper.on('expire', (obj, _m, keys) => void calls.push(['expire', obj, keys])),
    ];
    afterCleanup.push(() => offs.forEach((off) => off()));
    return calls;
  }
  const afterCleanup: (() => void)[] = [];
  afterEach(() => afterCleanup.splice(0).forEach((f) => f()));

  it('refreshFlush names the attributes the post-update wrote from their defaults [test_cycles.py::PostUpdateOnUpdateTest::test_update_defaults_refresh_flush_event]', async () => {
    const calls = canary();
    const { a1 } = await flushedCycle();
    expect([a1.updated, a1.updatedDb]).toEqual([0, 0]);
    expect(calls).toEqual([['refreshFlush', a1, ['updated', 'updatedDb']]]);
  });

  it('refreshFlush names the attributes an ordinary UPDATE wrote from their defaults [test_cycles.py::PostUpdateOnUpdateTest::test_update_defaults_refresh_flush_event_no_postupdate]', async () => {
    const calls = canary();
    const s = c.session();
    const a1 = new A();
    s.add(a1);
    await s.flush();
    expect([a1.updated, a1.updatedDb]).toEqual([null, null]);
    expect(calls).toEqual([]);
    a1.data = 5;
    await s.flush();
    expect([a1.updated, a1.updatedDb]).toEqual([0, 0]);
    expect(calls).toEqual([['refreshFlush', a1, ['updated', 'updatedDb']]]);
    // Expiring attributes reports them; expiring the object reports every attribute it expired.
    s.expire(a1, ['data']);
    s.expire(a1);
    // (Compared by identity: reading an expired object's attributes raises.)
    expect(calls.slice(1).map(([event, obj, keys]) => [event, obj === a1, keys])).toEqual([
      ['expire', true, ['data']],
      ['expire', true, ['data', 'favoriteBId', 'updated', 'updatedDb', 'bs', 'favoriteB']],
    ]);
  });

  it('deleting the row after the post-update keeps the values it had; the UPDATE before the DELETE still computes them [test_cycles.py::PostUpdateOnUpdateTest::test_update_defaults_dont_expire_on_delete]', async () => {
    const { s, a1, b1 } = await flushedCycle();
    expect([a1.updated, a1.updatedDb]).toEqual([0, 0]);
    s.delete(a1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'UPDATE b SET aId ×1',
      'UPDATE a SET favoriteBId, updated, updatedDb ×1',
      'DELETE a ×1',
    ]);
    expect(s.contains(a1)).toBe(false);
    expect([a1.updated, a1.updatedDb]).toEqual([0, 0]);
    // Called once by each flush's post-update.
    expect(counters.updated).toBe(2);
    await s.commit();
    expect(await rowOfA(a1.id)).toEqual([]);
    expect(await c.readBack(`SELECT id, ${ident(c, 'aId')} AS aid FROM ${c.tableOf(B)}`)).toEqual([
      { id: b1.id, aid: null },
    ]);
  });

  it('an ordinary UPDATE writes the defaults; deleting afterwards keeps them [test_cycles.py::PostUpdateOnUpdateTest::test_update_defaults_dont_expire_on_delete_no_postupdate]', async () => {
    const s = c.session();
    const a1 = new A();
    s.add(a1);
    await s.flush();
    // An INSERT does not apply them.
    expect([a1.updated, a1.updatedDb]).toEqual([null, null]);
    a1.data = 5;
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop()).filter((l) => !l.startsWith('SELECT'))).toEqual([
      'UPDATE a SET data, updated, updatedDb ×1',
    ]);
    expect([a1.updated, a1.updatedDb]).toEqual([0, 0]);
    s.delete(a1);
    c.sql.start();
    await s.flush();
    // (Athanor reads a1.bs first, to set their key to NULL: a1 never loaded it.)
    expect(flushShape(c.sql.stop())).toEqual(['SELECT b', 'DELETE a ×1']);
    expect(s.contains(a1)).toBe(false);
    expect([a1.updated, a1.updatedDb]).toEqual([0, 0]);
    expect(counters.updated).toBe(1);
    await s.commit();
    expect(await rowOfA(a1.id)).toEqual([]);
  });

  it('values the application gives are kept by the post-update [test_cycles.py::PostUpdateOnUpdateTest::test_update_defaults_can_set_value]', async () => {
    const s = c.session();
    const a1 = make(A, { updated: 5, updatedDb: 7 });
    const b1 = new B();
    a1.bs.push(b1);
    a1.favoriteB = b1;
    s.add(a1);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT a (data, favoriteBId, updated, updatedDb) ×1',
      'INSERT b (aId) ×1',
      'UPDATE a SET favoriteBId ×1',
    ]);
    s.expunge(a1);
    expect([a1.updated, a1.updatedDb]).toEqual([5, 7]);
    expect(counters.updated).toBe(0);
    await s.commit();
    expect(await rowOfA(a1.id)).toEqual([{ updated: 5, db: 7, fav: b1.id }]);
  });
});
