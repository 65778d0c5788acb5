/**
 * ORM bulk UPDATE/DELETE of an aliased entity, with other tables in the WHERE clause or the SET
 * list, and with dialect options, from SQLAlchemy's test/orm/dml/test_orm_upd_del_basic.py
 * (UpdateDeleteFromTest, ExpressionUpdateDeleteTest).
 */
import { CompileError } from '../../lib/errors';
import { aliased, attrs } from '../../lib/mapper';
import { executeBulk, ormDelete, ormUpdate, type SynchronizeSession } from '../../lib/session';
import { func, select } from '../../lib/sql';
import { dataFixture, documentsFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';
import { make } from './uow-helpers';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteFromTest: targets', (c) => {
  const { User, Document } = documentsFixture(c);
  const u = attrs(User);
  const d = attrs(Document);
  const mysqlFamily = () => c.dialect === 'mysql' || c.dialect === 'mariadb';
  /** An identifier quoted for this database. */
  const q = (name: string) => (mysqlFamily() ? `\`${name}\`` : `"${name}"`);
  const docs = () => c.tableOf(Document);
  const users = () => c.tableOf(User);

  async function docRows(): Promise<[number, boolean | null, string | null][]> {
    const rows = await c.readBack(`SELECT id, flag, samename FROM ${docs()} ORDER BY id`);
    return rows.map((r) => [
      r['id'] as number,
      r['flag'] === null ? null : Boolean(r['flag']),
      r['samename'] as string | null,
    ]);
  }
  const marker = (dialect: string) => (dialect === 'postgresql' ? (i: number) => `$${i}` : () => '?');

  it.each<[SynchronizeSession]>([[false], ['fetch'], ['auto']])(
    'UPDATE documents AS documents_1 (synchronizeSession %s) [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_update_from_alias]',
    async (sync) => {
      const s = c.session();
      const [, , baz] = await s.scalars(select(Document).orderBy(d.id));
      const d1 = aliased(Document, 'documents_1');
      const a = attrs(d1);
      c.sql.start();
      await executeBulk(s, ormUpdate(d1).where(a.title.eq('baz')).values({ flag: true }), {
        synchronizeSession: sync,
      });
      const sent = c.sql.stop().filter((st) => /^\s*(UPDATE|SELECT)/i.test(st.sql));
      const p = marker(c.dialect);
      const update = `UPDATE ${docs()} AS ${q('documents_1')} SET ${q('flag')} = ${p(1)} WHERE ${q('documents_1')}.${q('title')} = ${p(2)}`;
      if (sync === false) expect(sent.map((st) => st.sql)).toEqual([update]);
      else if (c.dialect === 'mariadb') {
        // No UPDATE … RETURNING: the matching keys are read first.
        expect(sent.map((st) => st.sql)).toEqual([
          `SELECT ${q('documents_1')}.${q('id')} FROM ${docs()} AS ${q('documents_1')} WHERE ${q('documents_1')}.${q('title')} = ?`,
          update,
        ]);
      } else expect(sent.map((st) => st.sql)).toEqual([`${update} RETURNING ${q('id')}`]);
      // The loaded object follows the row unless synchronization is off.
      expect(baz!.flag).toBe(sync === false ? null : true);
      await s.commit();
      expect((await docRows()).filter(([, flag]) => flag)).toEqual([[3, true, null]]);
    },
  );

  it.each<[SynchronizeSession]>([[false], ['fetch'], ['auto']])(
    'DELETE FROM documents AS documents_1 (synchronizeSession %s) [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_delete_using_alias]',
    async (sync) => {
      const s = c.session();
      const [, , baz] = await s.scalars(select(Document).orderBy(d.id));
      const d1 = aliased(Document, 'documents_1');
      const a = attrs(d1);
      c.sql.start();
      await executeBulk(s, ormDelete(d1).where(a.title.eq('baz')), { synchronizeSession: sync });
      const sent = c.sql.stop().filter((st) => /^\s*(DELETE|SELECT)/i.test(st.sql));
      const p = marker(c.dialect);
      const where = `WHERE ${q('documents_1')}.${q('title')} = ${p(1)}`;
      if (mysqlFamily()) {
        // MariaDB names an alias only in the multi-table form, which has no RETURNING.
        const del = `DELETE FROM ${q('documents_1')} USING ${docs()} AS ${q('documents_1')} ${where}`;
        expect(sent.map((st) => st.sql)).toEqual(
          sync === false
            ? [del]
            : [`SELECT ${q('documents_1')}.${q('id')} FROM ${docs()} AS ${q('documents_1')} ${where}`, del],
        );
      } else {
        const del = `DELETE FROM ${docs()} AS ${q('documents_1')} ${where}`;
        expect(sent.map((st) => st.sql)).toEqual([sync === false ? del : `${del} RETURNING ${q('id')}`]);
      }
      expect(s.contains(baz!)).toBe(sync === false);
      await s.commit();
      expect((await docRows()).map(([id]) => id)).toEqual([1, 2, 4, 5, 6]);
    },
  );

  it('DELETE of the rows a grouped subquery in the WHERE clause matches: USING, multi-table DELETE or EXISTS [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_delete_using_joined_subq_test]', async () => {
    const s = c.session();
    const subq = select(func.max(d.title).as('title')).groupBy(d.userId).subquery('subq');
    c.sql.start();
    await executeBulk(s, ormDelete(Document).where(d.title.eq(subq.c.title)), { synchronizeSession: false });
    const [sent] = c.sql.stop().filter((st) => /^\s*DELETE/i.test(st.sql));
    const expected = {
      postgresql: `DELETE FROM ${docs()} USING (`,
      mariadb: `DELETE FROM ${docs()} USING ${docs()}, (`,
      mysql: `DELETE FROM ${docs()} USING ${docs()}, (`,
      sqlite: `DELETE FROM ${docs()} WHERE EXISTS (SELECT 1 FROM (`,
    }[c.dialect as 'postgresql' | 'mariadb' | 'mysql' | 'sqlite'];
    expect(sent!.sql.startsWith(expected)).toBe(true);
    await s.commit();
    expect((await docRows()).map(([id]) => id)).toEqual([2, 3, 6]);
  });

  it("UPDATE of users setting another entity's column: MySQL's multi-table SET, a CompileError elsewhere [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_multi_table_criteria_ok_wo_eval]", async () => {
    const s = c.session();
    const stmt = ormUpdate(User)
      .where(d.userId.eq(u.id))
      .values([[d.samename, 'ed']]);
    if (!mysqlFamily()) {
      await expect(executeBulk(s, stmt, { synchronizeSession: 'fetch' })).rejects.toThrow(CompileError);
      await expect(executeBulk(s, stmt, { synchronizeSession: 'fetch' })).rejects.toThrow(
        /an UPDATE setting columns of several tables is not supported/,
      );
      await s.rollback();
      expect((await docRows()).every(([, , same]) => same === null)).toBe(true);
      return;
    }
    c.sql.start();
    await executeBulk(s, stmt, { synchronizeSession: 'fetch' });
    const [sent] = c.sql.stop().filter((st) => /^\s*UPDATE/i.test(st.sql));
    expect(sent!.sql).toBe(
      `UPDATE ${users()}, ${docs()} SET ${docs()}.${q('samename')} = ? WHERE ${docs()}.${q('userId')} = ${users()}.${q('id')}`,
    );
    await s.commit();
    const rows = await c.readBack(
      `SELECT u.id, d.samename AS dsame, u.samename AS usame FROM ${users()} u, ${docs()} d WHERE u.id = d.userId ORDER BY u.id, d.id`,
    );
    expect(rows.map((r) => [r['id'], r['dsame'], r['usame']])).toEqual([
      [1, 'ed', null],
      [1, 'ed', null],
      [2, 'ed', null],
      [2, 'ed', null],
      [3, 'ed', null],
      [3, 'ed', null],
    ]);
  });

  it('UPDATE setting same-named columns of two entities at once [test_orm_upd_del_basic.py::UpdateDeleteFromTest::test_update_from_multitable_same_names]', async () => {
    const s = c.session();
    const stmt = ormUpdate(Document)
      .where(d.userId.eq(u.id), u.id.eq(2))
      .values([
        [d.samename, 'd_samename'],
        [u.samename, 'u_samename'],
      ]);
    if (!mysqlFamily()) {
      await expect(executeBulk(s, stmt, { synchronizeSession: false })).rejects.toThrow(CompileError);
      return;
    }
    c.sql.start();
    await executeBulk(s, stmt, { synchronizeSession: false });
    const [sent] = c.sql.stop().filter((st) => /^\s*UPDATE/i.test(st.sql));
    expect(sent!.sql).toBe(
      `UPDATE ${docs()}, ${users()} SET ${docs()}.${q('samename')} = ?, ${users()}.${q('samename')} = ? ` +
        `WHERE ${docs()}.${q('userId')} = ${users()}.${q('id')} AND ${users()}.${q('id')} = ?`,
    );
    expect(sent!.params).toEqual(['d_samename', 'u_samename', 2]);
    await s.commit();
    const rows = await c.readBack(
      `SELECT u.id, d.samename AS dsame, u.samename AS usame FROM ${users()} u, ${docs()} d WHERE u.id = d.userId ORDER BY u.id, d.id`,
    );
    expect(rows.map((r) => [r['id'], r['dsame'], r['usame']])).toEqual([
      [1, null, null],
      [1, null, null],
      [2, 'd_samename', 'u_samename'],
      [2, 'd_samename', 'u_samename'],
      [3, null, null],
      [3, null, null],
    ]);
  });
});

conformanceSuite('test_orm_upd_del_basic.py ExpressionUpdateDeleteTest: dialect options', (c) => {
  const { Data } = dataFixture(c);
  const a = attrs(Data);
  const mysqlFamily = () => c.dialect === 'mysql' || c.dialect === 'mariadb';
  beforeEach(async () => {
    const s = c.session();
    s.addAll([1, 2, 3].map((id) => make(Data, { id, cnt: 0 })));
    await s.commit();
    await s.close();
  });

  it('the mysql limit option reaches the UPDATE: LIMIT 1 on MySQL and MariaDB, ignored elsewhere [test_orm_upd_del_basic.py::ExpressionUpdateDeleteTest::test_update_args]', async () => {
    const s = c.session();
    c.sql.start();
    const n = await executeBulk(
      s,
      ormUpdate(Data)
        .values({ cnt: a.cnt.add(1) })
        .dialectOptions({ mysql: { limit: 1 } }),
      { synchronizeSession: false },
    );
    const [sent] = c.sql.stop().filter((st) => /^\s*UPDATE/i.test(st.sql));
    expect(sent!.sql.endsWith(' LIMIT 1')).toBe(mysqlFamily());
    expect(n).toBe(mysqlFamily() ? 1 : 3);
    await s.commit();
    const rows = await c.readBack(`SELECT counter FROM ${c.tableOf(Data)} WHERE counter = 1`);
    expect(rows.length).toBe(mysqlFamily() ? 1 : 3);
  });

  it('the mysql limit option reaches the DELETE: LIMIT 1 on MySQL and MariaDB, ignored elsewhere [test_orm_upd_del_basic.py::ExpressionUpdateDeleteTest::test_delete_args]', async () => {
    const s = c.session();
    c.sql.start();
    const n = await executeBulk(s, ormDelete(Data).dialectOptions({ mysql: { limit: 1 } }), {
      synchronizeSession: false,
    });
    const [sent] = c.sql.stop().filter((st) => /^\s*DELETE/i.test(st.sql));
    expect(sent!.sql.endsWith(' LIMIT 1')).toBe(mysqlFamily());
    expect(n).toBe(mysqlFamily() ? 1 : 3);
    await s.commit();
    const rows = await c.readBack(`SELECT id FROM ${c.tableOf(Data)}`);
    expect(rows.length).toBe(mysqlFamily() ? 2 : 0);
  });
});
