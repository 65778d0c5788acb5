import { insert, select, table, text, update } from '../../lib/sql';
import { types } from '../../lib/sql/types';
import { describeEachDialect, type TestTarget } from '../support/dialects';
import { valueColumns } from './value-columns';

/**
 * −0 in a float column, read back on another connection. PostgreSQL's DOUBLE PRECISION keeps the
 * sign (Athanor binds −0 as the text '-0': `pg` would send `String(-0)`, which is '0'). SQLite
 * writes a REAL without a fractional part as an integer, and MariaDB's DOUBLE stores −0 as 0, so
 * both give back +0 however the value is bound (a literal `-0e0` included); the value compares
 * equal either way.
 */
const KEEPS_SIGN: Partial<Record<TestTarget, boolean>> = { postgresql: true, sqlite: false, mysql: false };

describeEachDialect(
  'a float −0 written and read back on another connection',
  (d) => {
    const { t } = d.defineTables((metadata, name) => ({
      t: table(name('rel_negzero'), valueColumns(10), { metadata }),
    }));

    const readBack = async (id: number): Promise<unknown> =>
      (await d.newEngine().execute(select(t.c.ratio).where(t.c.id.eq(id)))).scalar();

    it('INSERT and UPDATE … SET keep the sign where the database does', async () => {
      await d.engine.execute(insert(t).values({ id: 1, ratio: -0 }));
      await d.engine.execute(insert(t).values({ id: 2, ratio: 1.5 }));
      await d.engine.execute(update(t).set({ ratio: -0 }).where(t.c.id.eq(2)));
      for (const id of [1, 2]) {
        const back = await readBack(id);
        expect(typeof back).toBe('number');
        expect(back === 0).toBe(true);
        const keeps = KEEPS_SIGN[d.target];
        if (keeps !== undefined) expect(Object.is(back, -0)).toBe(keeps);
      }
    });

    it('−0 and 0 match each other in a comparison', async () => {
      await d.engine.execute(insert(t).values({ id: 3, ratio: 0 }));
      const ids = (await d.engine.execute(select(t.c.id).where(t.c.ratio.eq(-0)).orderBy(t.c.id))).scalars();
      expect(ids).toEqual([1, 2, 3]);
    });

    it('an untyped text() parameter −0 keeps its sign where the database does', async () => {
      const pg = d.target === 'postgresql';
      // An untyped parameter: on PostgreSQL the server infers float8 from the column.
      await d.engine.execute(text(`INSERT INTO ${t.name} (id, ratio) VALUES (:id, :r)`, { id: 5, r: -0 }));
      const back = (
        await d.newEngine().execute(
          text(`SELECT ${pg ? 'CAST(ratio AS float8)' : 'ratio'} AS r FROM ${t.name} WHERE id = 5`).columns({
            r: types.float(),
          }),
        )
      ).scalar();
      expect(back === 0).toBe(true);
      const keeps = KEEPS_SIGN[d.target];
      if (keeps !== undefined) expect(Object.is(back, -0)).toBe(keeps);
      if (pg) {
        // A parameter whose type the server infers as float8, and one inside an array.
        const direct = await d
          .newEngine()
          .execute(text('SELECT CAST(:v AS float8) AS v, CAST(:a AS float8[]) AS a', { v: -0, a: [1, -0] }));
        const row = direct.first() as { v: number; a: number[] };
        expect(Object.is(row.v, -0)).toBe(true);
        expect(Object.is(row.a[1], -0)).toBe(true);
      }
    });
  },
  { sqliteFile: true },
);
