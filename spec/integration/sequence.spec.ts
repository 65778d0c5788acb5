/**
 * Sequences on live databases: `createAll` creates them before the tables (and `dropAll` drops
 * them after), their next value is read with `conn.scalar(seq)` / `session.scalar(seq)`, an INSERT
 * writes it for a column whose `sequence` it is, and a flush fetches it first for a primary key.
 * SQLite has none: `createAll` skips them and using one is a SequencesNotSupportedError.
 */
import { Column, Table } from '../../lib/decorators';
import { Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { SequencesNotSupportedError } from '../../lib/errors';
import { column, insert, MetaData, select, Sequence, table, text, types } from '../../lib/sql';
import { describeEachDialect, type DialectContext } from '../support/dialects';

/** Whether the database has a sequence of that name (read through the catalog). */
async function sequenceExists(d: DialectContext, name: string): Promise<boolean> {
  const sql =
    d.dialect === 'postgresql'
      ? `SELECT relname FROM pg_class WHERE relkind = 'S' AND relname = '${name}'`
      : `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'SEQUENCE' AND TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${name}'`;
  return (await d.engine.execute(text(sql))).all().length === 1;
}

describeEachDialect('Sequence', (d) => {
  const metadata = new MetaData();
  const counter = new Sequence(d.uniqueName('counter'), { metadata });
  const stepped = new Sequence(d.uniqueName('stepped'), { start: 100, increment: 5, metadata });
  const itemSeq = new Sequence(d.uniqueName('item_id'));
  const items = table(
    d.uniqueName('items'),
    {
      id: column(types.integer(), { primaryKey: true, sequence: itemSeq }),
      name: column(types.string(20)),
    },
    { metadata },
  );
  const sent: string[] = [];
  let created = false;
  beforeAll(async () => {
    const off = d.engine.on('beforeExecute', (e) => sent.push(e.sql));
    await metadata.createAll(d.engine);
    off();
    created = true;
  });
  afterAll(async () => {
    if (created) await metadata.dropAll(d.engine);
  });
  const sequences = (): boolean => d.dialect !== 'sqlite';

  it('createAll creates the sequences first, where the database has them; SQLite skips them', () => {
    const creates = sent.filter((s) => /^CREATE (SEQUENCE|TABLE)/.test(s)).map((s) => s.split(' ')[1]);
    expect(creates).toEqual(sequences() ? ['SEQUENCE', 'SEQUENCE', 'SEQUENCE', 'TABLE'] : ['TABLE']);
  });

  it('conn.scalar(seq) gives the next value, from the start and by the increment given', async () => {
    if (!sequences()) {
      await expect(d.engine.transaction((conn) => conn.scalar(counter))).rejects.toThrow(
        SequencesNotSupportedError,
      );
      return;
    }
    const conn = await d.engine.connect();
    try {
      expect([await conn.scalar(counter), await conn.scalar(counter)]).toEqual([1, 2]);
      expect([await conn.scalar(stepped), await conn.scalar(stepped)]).toEqual([100, 105]);
    } finally {
      await conn.close();
    }
  });

  it("an INSERT that gives no value writes the sequence's next value; a value given is kept", async () => {
    const stmt = insert(items).values([{ name: 'a' }, { name: 'b' }]);
    if (!sequences()) {
      await expect(d.engine.execute(stmt)).rejects.toThrow(
        /sequence '\w+': the sqlite dialect has no sequences/,
      );
      return;
    }
    await d.engine.execute(stmt);
    await d.engine.execute(insert(items).values({ id: 50, name: 'c' }));
    const reader = d.newEngine();
    const rows = (await reader.execute(select(items.c.id, items.c.name).orderBy(items.c.id))).all();
    expect(rows).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 50, name: 'c' },
    ]);
  });

  it('dropAll drops the sequences after the tables', async () => {
    if (!sequences()) return;
    const other = new MetaData();
    const seq = new Sequence(d.uniqueName('dropped'), { metadata: other });
    await other.createAll(d.engine);
    expect(await sequenceExists(d, seq.name)).toBe(true);
    await other.dropAll(d.engine);
    expect(await sequenceExists(d, seq.name)).toBe(false);
  });
});

describeEachDialect(
  'Sequence in the ORM',
  (d) => {
    const registry = new Registry();
    const ticketSeq = new Sequence(d.uniqueName('ticket_id'), { start: 10 });
    @Table(d.uniqueName('ticket'), { registry })
    class Ticket {
      @Column({ primaryKey: true, sequence: ticketSeq }) id!: number;
      @Column({ type: types.string(20) }) title!: string;
    }
    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
    });
    afterAll(() => registry.metadata.dropAll(d.engine));

    it('a flush fetches the next value of a key column first, then INSERTs it', async () => {
      const s = new Session(d.engine);
      try {
        const a = Object.assign(new Ticket(), { title: 'a' });
        const b = Object.assign(new Ticket(), { title: 'b' });
        s.addAll([a, b]);
        const sent: string[] = [];
        const off = d.engine.on('beforeExecute', (e) => sent.push(e.sql));
        await s.flush();
        off();
        expect([a.id, b.id]).toEqual([10, 11]);
        expect(sent.filter((q) => /^(SELECT|INSERT)/.test(q)).map((q) => q.split(' ')[0])).toEqual([
          'SELECT',
          'SELECT',
          'INSERT',
        ]);
        expect(await s.get(Ticket, 10)).toBe(a);
        await s.commit();
        expect(await s.scalar(ticketSeq)).toBe(12);
      } finally {
        await s.close();
      }
      const rows = (
        await d
          .newEngine()
          .execute(text(`SELECT id FROM ${registry.mapperFor(Ticket).table.name} ORDER BY id`))
      ).all();
      expect(rows).toEqual([{ id: 10 }, { id: 11 }]);
    });
  },
  { only: ['postgresql', 'mysql'] },
);
