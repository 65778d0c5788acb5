import { column, func, insert, select, table, text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { HOSTILE_VALUES } from '../support/hostile-values';

/**
 * Every adapter binds values (pg's extended protocol, mysql2's prepared statements, sqlite3's
 * bind calls): hostile strings leak no row through any comparison, and come back byte for byte.
 */
describeEachDialect(
  'hostile values are bound, never spliced, on every driver',
  (d) => {
    const { notes } = d.defineTables((metadata, name) => ({
      notes: table(
        name('bound_notes'),
        {
          id: column(types.integer(), { primaryKey: true }),
          body: column(types.text(), { nullable: false }),
        },
        { metadata },
      ),
    }));
    beforeAll(() => d.engine.execute(insert(notes).values({ id: 1, body: 'private' })));

    // PostgreSQL text cannot hold U+0000: it is refused (naming the column) instead of stored.
    const storable = (v: string): boolean => !(d.dialect === 'postgresql' && v.includes('\u0000'));

    it('no comparison with a hostile value matches the stored row', async () => {
      for (const v of HOSTILE_VALUES.filter(storable)) {
        const queries = [
          select(notes.c.id).where(notes.c.body.eq(v)),
          // An explicit escape character, so a trailing backslash is an ordinary character everywhere.
          select(notes.c.id).where(notes.c.body.like(v, '!')),
          select(notes.c.id).where(notes.c.body.in([v, `${v}x`])),
          text(`SELECT id FROM ${notes.name} WHERE body = :v`, { v }),
        ];
        for (const q of queries)
          expect({ v, rows: (await d.engine.execute(q)).all() }).toEqual({ v, rows: [] });
      }
    });

    it('hostile values round-trip exactly, through insert() and text()', async () => {
      const values = HOSTILE_VALUES.filter(storable);
      await d.engine.transaction(async (conn) => {
        for (const [i, v] of values.entries()) {
          if (i % 2 === 0) await conn.execute(insert(notes).values({ id: 10 + i, body: v }));
          else
            await conn.execute(
              text(`INSERT INTO ${notes.name} (id, body) VALUES (:id, :v)`, { id: 10 + i, v }),
            );
        }
      });
      const other = d.newEngine();
      const back = (
        await other.execute(select(notes.c.body).where(notes.c.id.ge(10)).orderBy(notes.c.id))
      ).scalars();
      expect(back).toEqual(values);
      const total = Number((await other.execute(select(func.count()).from(notes))).scalar());
      expect(total).toBe(1 + values.length);
    });

    it('PostgreSQL refuses a NUL character, naming the column, rather than storing something else', async () => {
      if (d.dialect !== 'postgresql') return;
      await expect(d.engine.execute(insert(notes).values({ id: 999, body: 'a\u0000b' }))).rejects.toThrow(
        new RegExp(`column ${notes.name}\\.body .*NUL character`),
      );
    });
  },
  { sqliteFile: true },
);
