/**
 * A mapper key with some parts NULL (`allowPartialPks`, SQLAlchemy's `allow_partial_pks`): by
 * default such a row is an object and `get()` finds it with IS NULL; with the option false the
 * row names no object and `get()` refuses the key.
 */
import { Column, Table } from '../../lib/decorators';
import { ArgumentError, attrs, Registry, select, text, types } from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { sessionOpener } from './fixtures';

describeEachDialect('Mapper keys with a NULL part', (d) => {
  const registry = new Registry();
  const looseName = d.uniqueName('loose_pairs');
  const strictName = d.uniqueName('strict_pairs');
  // The tables have no primary key of their own, so a key column may hold NULL on every database.
  @Table(looseName, { registry, primaryKey: ['a', 'b'] })
  class LoosePair {
    @Column({ type: types.integer() }) a!: number;
    @Column({ type: types.string(10), nullable: true }) b!: string | null;
    @Column({ type: types.string(20), nullable: true }) note!: string | null;
  }
  @Table(strictName, { registry, primaryKey: ['a', 'b'], allowPartialPks: false })
  class StrictPair {
    @Column({ type: types.integer() }) a!: number;
    @Column({ type: types.string(10), nullable: true }) b!: string | null;
    @Column({ type: types.string(20), nullable: true }) note!: string | null;
  }
  const newSession = sessionOpener(d);
  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
    for (const name of [looseName, strictName])
      await d.engine.execute(
        text(`INSERT INTO ${name} (a, b, note) VALUES (1, NULL, 'partial'), (2, 'x', 'full')`),
      );
  });
  afterAll(async () => {
    await registry.metadata.dropAll(d.engine);
  });

  it('by default a row whose key is partly NULL is an object, and get() finds it with IS NULL', async () => {
    const s = newSession();
    const rows = await s.scalars(select(LoosePair).orderBy(attrs(LoosePair).a));
    expect(rows.map((r) => [r.a, r.b, r.note])).toEqual([
      [1, null, 'partial'],
      [2, 'x', 'full'],
    ]);
    const got = await s.get(LoosePair, [1, null]);
    expect(got).toBe(rows[0]);
    await s.close();
    const other = newSession();
    expect((await other.get(LoosePair, [1, null]))?.note).toBe('partial');
    expect(await other.get(LoosePair, [3, null])).toBeNull();
  });

  it('with allowPartialPks: false such a row names no object, and get() refuses the key', async () => {
    const s = newSession();
    const rows = await s.scalars(select(StrictPair));
    expect(rows.map((r) => (r === null ? null : r.note)).sort()).toEqual(['full', null].sort());
    await expect(s.get(StrictPair, [1, null])).rejects.toThrow(ArgumentError);
  });
});
