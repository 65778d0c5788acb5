/**
 * `createAll` / `dropAll` of tables whose foreign keys form a cycle (person → ball → person), as
 * SQLAlchemy's `use_alter`: the keys of the cycle join no CREATE TABLE; they are added with
 * ALTER TABLE … ADD CONSTRAINT once every table exists, and dropped before the tables. SQLite has
 * no such ALTER and needs none (a key may name a table created later), so it keeps them inline.
 */
import { IntegrityError } from '../../lib/errors';
import { column, insert, MetaData, table, text, types, update, type Table } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('createAll and dropAll with foreign keys forming a cycle', (d) => {
  const metadata = new MetaData();
  const person = table(
    d.uniqueName('person'),
    {
      id: column(types.integer(), { primaryKey: true, autoincrement: false }),
      favoriteBallId: column(types.integer(), { foreignKey: () => ball.c.id }),
    },
    { metadata },
  );
  const ball: Table = table(
    d.uniqueName('ball'),
    {
      id: column(types.integer(), { primaryKey: true, autoincrement: false }),
      personId: column(types.integer(), { foreignKey: () => person.c.id }),
    },
    { metadata },
  );
  // Outside the cycle: refers to person, created after it, keeps its key inline.
  const tag = table(
    d.uniqueName('tag'),
    {
      id: column(types.integer(), { primaryKey: true, autoincrement: false }),
      personId: column(types.integer(), { foreignKey: () => person.c.id }),
    },
    { metadata },
  );
  const alters = d.dialect !== 'sqlite';
  const sent: string[] = [];
  const record = (): (() => void) => {
    sent.length = 0;
    return d.engine.on('beforeExecute', (e) => sent.push(e.sql));
  };
  afterAll(() => metadata.dropAll(d.engine));

  it('sortedTables still names the cycle; createOrder defers exactly its keys', () => {
    expect(() => metadata.sortedTables).toThrow(/foreign keys form a cycle between tables/);
    const { tables, deferredForeignKeys } = metadata.createOrder;
    expect(tables.indexOf(tag)).toBeGreaterThan(tables.indexOf(person));
    expect(deferredForeignKeys.map((fk) => fk.table).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [ball, person].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('creates the tables, then adds the keys of the cycle; the keys are enforced', async () => {
    const off = record();
    await metadata.createAll(d.engine);
    off();
    const creates = sent.filter((s) => /^CREATE TABLE/.test(s));
    expect(creates).toHaveLength(3);
    const addKeys = sent.filter((s) => /^ALTER TABLE .* ADD CONSTRAINT .* FOREIGN KEY/.test(s));
    expect(addKeys).toHaveLength(alters ? 2 : 0);
    // The tables of the cycle carry their key inline only where no ALTER is needed.
    const personCreate = creates.find((s) => s.includes(person.name) && !s.includes(tag.name))!;
    expect(/FOREIGN KEY/.test(personCreate)).toBe(!alters);
    expect(creates.find((s) => s.includes(tag.name))).toMatch(/FOREIGN KEY/);
    if (alters) expect(sent.indexOf(addKeys[0]!)).toBeGreaterThan(sent.indexOf(creates[2]!));

    await d.engine.execute(insert(person).values({ id: 1, favoriteBallId: null }));
    await d.engine.execute(insert(ball).values({ id: 10, personId: 1 }));
    await d.engine.execute(update(person).set({ favoriteBallId: 10 }).where(person.c.id.eq(1)));
    await expect(d.engine.execute(insert(ball).values({ id: 11, personId: 99 }))).rejects.toThrow(
      IntegrityError,
    );
    await expect(
      d.engine.execute(update(person).set({ favoriteBallId: 99 }).where(person.c.id.eq(1))),
    ).rejects.toThrow(IntegrityError);
  });

  it('createAll again creates nothing and adds no key twice', async () => {
    const off = record();
    await metadata.createAll(d.engine);
    off();
    expect(sent.filter((s) => /^ALTER TABLE/.test(s))).toEqual([]);
  });

  it('dropAll drops the keys of the cycle, then the tables', async () => {
    await d.engine.execute(update(person).set({ favoriteBallId: null }).where(person.c.id.eq(1)));
    await d.engine.execute(
      text(
        `DELETE FROM ${d.dialect === 'postgresql' || d.dialect === 'sqlite' ? `"${ball.name}"` : `\`${ball.name}\``}`,
      ),
    );
    const off = record();
    await metadata.dropAll(d.engine);
    off();
    const dropKeys = sent.filter((s) => /^ALTER TABLE .* DROP (CONSTRAINT|FOREIGN KEY)/.test(s));
    expect(dropKeys).toHaveLength(alters ? 2 : 0);
    const drops = sent.filter((s) => /^DROP TABLE/.test(s));
    expect(drops).toHaveLength(3);
    if (alters) expect(sent.indexOf(dropKeys[1]!)).toBeLessThan(sent.indexOf(drops[0]!));
    // dropAll again (checkFirst): nothing left to drop a key from.
    const again = record();
    await metadata.dropAll(d.engine);
    again();
    expect(sent.filter((s) => /^ALTER TABLE/.test(s))).toEqual([]);
  });
});
