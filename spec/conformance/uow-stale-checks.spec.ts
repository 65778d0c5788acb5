/**
 * Row counts the flush checks, and how it batches INSERTs, from SQLAlchemy's
 * test/orm/test_unitofworkv2.py (BasicStaleChecksTest, BatchInsertsTest): an UPDATE that matches
 * fewer rows than it names raises StaleDataError; a DELETE that does warns once and goes on.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { StaleDataError } from '../../lib/errors';
import { attrs } from '../../lib/mapper';
import { func, literal, select, text, types } from '../../lib/sql';
import { warningsOf } from './cascade-helpers';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { make } from './uow-helpers';

conformanceSuite('test_unitofworkv2.py BasicStaleChecksTest', (c) => {
  const { Parent, Child, Lenient } = c.entities((registry, name) => {
    @Table(name('parent'), { registry })
    class Parent {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true }) data!: number | null;
      @Relationship(() => Child, { uselist: false, cascade: 'all, delete-orphan', backPopulates: 'parent' })
      child!: Child | null;
    }
    @Table(name('child'), { registry })
    class Child {
      @Column({ primaryKey: true, autoincrement: false, foreignKey: () => Parent }) id!: number;
      @Column({ type: types.integer(), nullable: true }) data!: number | null;
      @Relationship(() => Parent, { backPopulates: 'child' }) parent!: Parent | null;
    }
    // SQLAlchemy's fixture mapped with confirm_deleted_rows=False.
    @Table(name('lenient_parent'), { registry, confirmDeletedRows: false })
    class Lenient {
      @Column({ primaryKey: true, autoincrement: false }) id!: number;
      @Column({ type: types.integer(), nullable: true }) data!: number | null;
    }
    return { Parent, Child, Lenient };
  });

  afterEach(() => c.clear(Child, Parent, Lenient));

  /** Deletes every parent row behind the session's back, inside its transaction. */
  const deleteAllParents = async (s: ReturnType<typeof c.session>): Promise<void> => {
    const conn = await s.connection();
    await conn.execute(text(`DELETE FROM ${c.tableOf(Parent)}`));
  };

  it('an UPDATE of a row deleted meanwhile raises StaleDataError [test_unitofworkv2.py::BasicStaleChecksTest::test_update_single_missing]', async () => {
    const s = c.session();
    const p1 = make(Parent, { id: 1, data: 2 });
    s.add(p1);
    await s.flush();
    await deleteAllParents(s);
    p1.data = 3;
    const error = await s.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StaleDataError);
    expect((error as Error).message).toMatch(/expected to update 1 row\(s\); 0 were matched/);
  });

  it('the message names the table and the counts [test_unitofworkv2.py::BasicStaleChecksTest::test_update_single_broken_multi_rowcount_still_raises]', async () => {
    const s = c.session();
    const p1 = make(Parent, { id: 1, data: 2, child: null });
    s.add(p1);
    await s.flush();
    await deleteAllParents(s);
    p1.data = 3;
    const error = await s.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StaleDataError);
    expect((error as Error).message).toContain(
      `UPDATE statement on table '${c.tableOf(Parent).replace(/[`"]/g, '')}' expected to update 1 row(s); 0 were matched`,
    );
  });

  // SQLAlchemy's "broken multi rowcount" dialects cannot count an executemany, so a missed row
  // among several passes silently; Athanor's batched UPDATE is one statement whose row count every
  // supported driver reports, so a miss among several rows raises too.
  it('a batched UPDATE that misses one of its rows raises [test_unitofworkv2.py::BasicStaleChecksTest::test_update_multi_broken_multi_rowcount_doesnt_raise]', async () => {
    const s = c.session();
    const p1 = make(Parent, { id: 1, data: 2, child: null });
    const p2 = make(Parent, { id: 2, data: 3, child: null });
    s.addAll([p1, p2]);
    await s.flush();
    const conn = await s.connection();
    await conn.execute(text(`DELETE FROM ${c.tableOf(Parent)} WHERE id = 1`));
    p1.data = 3;
    p2.data = 4;
    await expect(s.flush()).rejects.toThrow(/expected to update 2 row\(s\); 1 were matched/);
    await s.rollback();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Parent)}`)).toEqual([]);
  });

  it('deleting a row twice warns once, at the second flush [test_unitofworkv2.py::BasicStaleChecksTest::test_delete_twice]', async () => {
    const s = c.session();
    const p1 = make(Parent, { id: 1, data: 2, child: null });
    s.add(p1);
    await s.commit();
    const warnings = warningsOf(s);
    s.delete(p1);
    await s.flush();
    expect(warnings).toEqual([]);
    s.delete(p1); // deleted, not yet committed: deleted again at the next flush
    await s.commit();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /DELETE statement on table '\S+' expected to delete 1 row\(s\); 0 were matched/,
    );
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Parent)}`)).toEqual([]);
  });

  it('a DELETE that matches none of its rows warns once and goes on [test_unitofworkv2.py::BasicStaleChecksTest::test_delete_multi_missing_warning]', async () => {
    const s = c.session();
    const warnings = warningsOf(s);
    const p1 = make(Parent, { id: 1, data: 2, child: null });
    const p2 = make(Parent, { id: 2, data: 3, child: null });
    s.addAll([p1, p2]);
    await s.flush();
    await deleteAllParents(s);
    s.delete(p1);
    s.delete(p2);
    await s.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /DELETE statement on table '\S+' expected to delete 2 row\(s\); 0 were matched/,
    );
    await s.commit();
  });

  it('with confirmDeletedRows false, a DELETE that matches none of its rows neither warns nor fails [test_unitofworkv2.py::BasicStaleChecksTest::test_delete_multi_missing_allow]', async () => {
    const s = c.session();
    const warnings = warningsOf(s);
    const p1 = make(Lenient, { id: 1, data: 2 });
    const p2 = make(Lenient, { id: 2, data: 3 });
    s.addAll([p1, p2]);
    await s.flush();
    const conn = await s.connection();
    await conn.execute(text(`DELETE FROM ${c.tableOf(Lenient)}`));
    s.delete(p1);
    s.delete(p2);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE lenient_parent ×2']);
    expect(warnings).toEqual([]);
    expect(s.contains(p1) || s.contains(p2)).toBe(false);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Lenient)}`)).toEqual([]);
  });

  it('a single-row DELETE that misses warns [test_unitofworkv2.py::BasicStaleChecksTest::test_delete_single_broken_multi_rowcount_still_warns]', async () => {
    const s = c.session();
    const warnings = warningsOf(s);
    const p1 = make(Parent, { id: 1, data: 2, child: null });
    s.add(p1);
    await s.flush();
    await s.flush();
    await deleteAllParents(s);
    s.delete(p1);
    await s.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/expected to delete 1 row\(s\); 0 were matched/);
  });
});

conformanceSuite('test_unitofworkv2.py BatchInsertsTest', (c) => {
  const { T } = c.entities((registry, name) => {
    @Table(name('t'), { registry })
    class T {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(50), nullable: true }) data!: string | null;
      @Column({ type: types.string(50), nullable: true, serverDefault: 'def1' }) def_!: string | null;
    }
    return { T };
  });

  afterEach(() => c.clear(T));

  // Consecutive rows that give the same columns go together, in add order (the table generates
  // its key): SQLAlchemy's executemany groups are Athanor's multi-row INSERTs. t6's SQL expression
  // (a statement of its own in SQLAlchemy) is written into its row of the VALUES list, and the
  // value it produced is read back.
  it('groups consecutive rows that give the same columns into one statement each [test_unitofworkv2.py::BatchInsertsTest::test_batch_interaction]', async () => {
    const s = c.session();
    const rows: Partial<InstanceType<typeof T>>[] = [
      { data: 't1' },
      { data: 't2' },
      { id: 3, data: 't3' },
      { id: 4, data: 't4' },
      { id: 5, data: 't5' },
      { id: 6, data: func.lower(literal('T6')) as never },
      { id: 7, data: 't7' },
      { id: 8, data: 't8' },
      { id: 9, data: 't9', def_: 'def2' },
      { id: 10, data: 't10', def_: 'def3' },
      { id: 11, data: 't11' },
    ];
    const objects = rows.map((r) => make(T, r));
    s.addAll(objects);
    c.sql.start();
    await s.flush();
    expect(objects[5]!.data).toBe('t6');
    expect(flushShape(c.sql.stop()).filter((l) => l.startsWith('INSERT'))).toEqual([
      'INSERT t (data) ×2',
      'INSERT t (data, id) ×6',
      'INSERT t (data, def_, id) ×2',
      'INSERT t (data, id) ×1',
    ]);
    await s.commit();
    expect(await c.readBack(`SELECT id, data, def_ FROM ${c.tableOf(T)} ORDER BY id`)).toEqual(
      rows.map((r, i) => ({ id: i + 1, data: i === 5 ? 't6' : r.data, def_: r.def_ ?? 'def1' })),
    );
    const s2 = c.session();
    expect((await s2.scalars(select(T).where(attrs(T).id.eq(9))))[0]!.def_).toBe('def2');
  });
});
