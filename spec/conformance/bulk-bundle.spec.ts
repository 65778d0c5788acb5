/**
 * bundle(): columns grouped into one nested record per row, in ORM selects and in the RETURNING of
 * ORM UPDATE and DELETE, from SQLAlchemy's test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest).
 */
import { ArgumentError, CompileError } from '../../lib/errors';
import { attrs } from '../../lib/mapper';
import { executeBulk, ormDelete, ormUpdate, type SynchronizeSession } from '../../lib/session';
import { bundle, select } from '../../lib/sql';
import { usersFixture } from './bulk-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_orm_upd_del_basic.py UpdateDeleteTest: bundles', (c) => {
  const { User, agesInDb } = usersFixture(c);
  const u = attrs(User);

  for (const crud of ['update', 'delete'] as const) {
    for (const sync of ['auto', 'evaluate', 'fetch', false] as SynchronizeSession[]) {
      it(`${crud.toUpperCase()} … RETURNING bundle(id, age), name (${String(sync)}) [test_orm_upd_del_basic.py::UpdateDeleteTest::test_crud_returning_bundle]`, async () => {
        const s = c.session();
        const returned = [bundle('mybundle', u.id, u.age), u.name] as const;
        const stmt =
          crud === 'update'
            ? ormUpdate(User)
                .where(u.age.gt(29))
                .values({ age: u.age.sub(10) })
                .returning(...returned)
            : ormDelete(User)
                .where(u.age.gt(29))
                .returning(...returned);
        const unsupported = c.dialect === 'mysql' || (crud === 'update' && c.dialect === 'mariadb');
        if (unsupported) {
          await expect(executeBulk(s, stmt, { synchronizeSession: sync })).rejects.toThrow(CompileError);
          return;
        }
        const rows = (await executeBulk(s, stmt, { synchronizeSession: sync })).all();
        const expected =
          crud === 'update'
            ? [
                [[2, 37], 'jack'],
                [[4, 27], 'jane'],
              ]
            : [
                [[2, 47], 'jack'],
                [[4, 37], 'jane'],
              ];
        expect(rows.map((r) => [[...r[0]], r[1]]).sort()).toEqual(expected);
        // The record reads by key too, as does the row.
        const jack = rows.find((r) => r.name === 'jack')!;
        expect([jack.mybundle.id, jack.mybundle.age]).toEqual(expected[0]![0]);
        await s.commit();
        expect(await agesInDb()).toEqual(crud === 'update' ? [25, 37, 29, 27] : [25, 29]);
      });
    }
  }

  it('a bundle in an ORM select: one nested record per row, typed, beside other items', async () => {
    const s = c.session();
    const who = bundle('who', u.id, u.name);
    const rows = (await s.execute(select(who, u.age).where(u.age.lt(30)).orderBy(u.id))).all();
    const first: { who: { id: number; name: string | null }; age: number | null } = rows[0]!;
    expect(first.who.name).toBe('john');
    expect(rows.map((r) => [[...r[0]], r[1]])).toEqual([
      [[1, 'john'], 25],
      [[3, 'jill'], 29],
    ]);
    const only = await s.scalars(select(bundle('pair', u.name, u.age)).where(u.id.eq(2)));
    expect([...only[0]!]).toEqual(['jack', 47]);
    expect(only[0]!.age).toBe(47);
  });

  it('refuses a bundle without a name or columns, naming it', () => {
    expect(() => bundle('empty')).toThrow(new ArgumentError('bundle(empty) names no column'));
    expect(() => bundle('b', 'id' as never)).toThrow(
      new ArgumentError('bundle(b): item 1 is not a column or expression'),
    );
    expect(() => bundle('' as string, u.id)).toThrow(ArgumentError);
  });
});
