/**
 * A JSON column that stores `null` as the JSON value null, distinct from SQL NULL — ported from
 * SQLAlchemy's test/orm/test_unitofworkv2.py (NullEvaluatingTest::test_json_none_as_null).
 *
 * SQLAlchemy's `JSON(none_as_null=True).evaluates_none()` is Athanor's
 * `types.json({ nullAsJson: true })`; a plain `types.json()` writes `null` as SQL NULL. Both read
 * back as `null`, so the rows are told apart in SQL: CAST to a string gives 'null' for the JSON
 * value and NULL for SQL NULL, and `IS NULL` is true for SQL NULL only.
 */
import { Column, Table } from '../../lib/decorators';
import { attrs } from '../../lib/mapper';
import { cast, nullValue, select, types } from '../../lib/sql';
import { conformanceSuite } from './support';

conformanceSuite('test_unitofworkv2.py NullEvaluatingTest (JSON)', (c) => {
  const { JsonThing } = c.entities((registry, name) => {
    @Table(name('test_has_json'), { registry })
    class JsonThing {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.json({ nullAsJson: true }), nullable: true }) data?: unknown;
      @Column({ name: 'data_null', type: types.json(), nullable: true }) dataNull?: unknown;
    }
    return { JsonThing };
  });
  afterEach(() => c.clear(JsonThing));

  /** For each row (by id): whether `data` / `data_null` hold SQL NULL, read on another connection. */
  async function sqlNulls(): Promise<{ id: number; data: string; dataNull: string }[]> {
    const rows = await c.readBack(
      `SELECT id, CASE WHEN data IS NULL THEN 'sql null' ELSE 'value' END AS d, ` +
        `CASE WHEN data_null IS NULL THEN 'sql null' ELSE 'value' END AS dn FROM ${c.tableOf(JsonThing)} ORDER BY id`,
    );
    return rows.map((r) => ({ id: Number(r.id), data: String(r.d), dataNull: String(r.dn) }));
  }

  it('null is stored as JSON null in a nullAsJson column and as SQL NULL in a plain one [test_unitofworkv2.py::NullEvaluatingTest::test_json_none_as_null]', async () => {
    const s = c.session();
    const f1 = Object.assign(new JsonThing(), { id: 1, data: null, dataNull: null });
    s.add(f1);
    c.sql.start();
    await s.commit();
    const [insert] = c.sql.dml();
    expect(insert).toMatch(/^INSERT INTO/);
    // The JSON column's null is a bound 'null' document; the plain column's is the NULL keyword.
    const sent = c.sql.stop().find((st) => /^INSERT/.test(st.sql))!;
    expect(sent.params).toContain('null');
    expect(sent.sql).toMatch(/NULL\)/);

    const t = attrs(JsonThing);
    const s2 = c.session();
    expect(await s2.scalar(select(cast(t.data, types.string(20))))).toBe('null');
    expect(await s2.scalar(select(cast(t.dataNull, types.string(20))))).toBeNull();
    expect(await sqlNulls()).toEqual([{ id: 1, data: 'value', dataNull: 'sql null' }]);

    // Both read back as null.
    const loaded = await s2.get(JsonThing, 1);
    expect(loaded?.data).toBeNull();
    expect(loaded?.dataNull).toBeNull();
  });

  it('a nullAsJson column not given a value, or given nullValue(), is SQL NULL; an UPDATE to null writes JSON null', async () => {
    const s = c.session();
    s.addAll([
      Object.assign(new JsonThing(), { id: 1 }),
      Object.assign(new JsonThing(), { id: 2, data: nullValue() }),
      Object.assign(new JsonThing(), { id: 3, data: { a: 1 } }),
      Object.assign(new JsonThing(), { id: 4, data: [1] }),
    ]);
    await s.commit();
    expect(await sqlNulls()).toEqual([
      { id: 1, data: 'sql null', dataNull: 'sql null' },
      { id: 2, data: 'sql null', dataNull: 'sql null' },
      { id: 3, data: 'value', dataNull: 'sql null' },
      { id: 4, data: 'value', dataNull: 'sql null' },
    ]);

    const s2 = c.session();
    const rows = await s2.scalars(select(JsonThing).orderBy(attrs(JsonThing).id));
    expect(rows.map((r) => r.data)).toEqual([null, null, { a: 1 }, [1]]);
    // Several rows updated in one flush (the batched UPDATE path) and a single one.
    rows[0]!.data = null;
    rows[2]!.data = null;
    rows[3]!.data = null;
    await s2.commit();
    // Row 1 read back null and was set to null: no change, so no UPDATE (SQL NULL stays).
    expect(await sqlNulls()).toEqual([
      { id: 1, data: 'sql null', dataNull: 'sql null' },
      { id: 2, data: 'sql null', dataNull: 'sql null' },
      { id: 3, data: 'value', dataNull: 'sql null' },
      { id: 4, data: 'value', dataNull: 'sql null' },
    ]);
    const one = await s2.get(JsonThing, 3);
    one!.data = nullValue();
    await s2.commit();
    expect((await sqlNulls())[2]).toEqual({ id: 3, data: 'sql null', dataNull: 'sql null' });

    // A comparison with the JSON null matches only the JSON null rows.
    const t = attrs(JsonThing);
    expect(
      await s2.scalars(
        select(t.id)
          .where(cast(t.data, types.string(20)).eq('null'))
          .orderBy(t.id),
      ),
    ).toEqual([4]);
  });
});
