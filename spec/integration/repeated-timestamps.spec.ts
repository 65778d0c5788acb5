/**
 * Timestamps repeated on consecutive rows (the parent columns of a joined load): every row reads
 * its own Date of the right time, and on PostgreSQL a text equal to the previous row's is not
 * parsed again.
 */
import { createRequire } from 'node:module';
import { deleteFrom, insert, select, table, column, types } from '../../lib/sql';
import type { Engine } from '../../lib/drivers';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('timestamps repeated on consecutive rows', (d) => {
  const { events } = d.defineTables((metadata, name) => ({
    events: table(
      name('events'),
      {
        id: column(types.integer(), { primaryKey: true, autoincrement: false }),
        at: column(types.dateTime()),
        atTz: column(types.dateTime({ timezone: true }), { name: 'at_tz' }),
      },
      { metadata },
    ),
  }));

  const first = new Date('2024-03-10T02:30:00.123Z');
  const second = new Date('2024-03-11T04:00:00.000Z');
  // first, first, second, second, null, first: repeats, a change, a NULL between two equal values.
  const times = [first, first, second, second, null, first];

  beforeAll(async () => {
    await d.engine.execute(insert(events).values(times.map((t, i) => ({ id: i + 1, at: t, atTz: t }))));
  });

  const readAll = async (engine = d.engine) =>
    (await engine.execute(select(events.c.at, events.c.atTz).orderBy(events.c.id))).all();

  it('gives every row a Date of its own, of the time stored', async () => {
    const rows = await readAll();
    expect(rows.map((r) => r.at)).toEqual(times);
    expect(rows.map((r) => r.atTz)).toEqual(times);
    expect(rows[1]!.at).not.toBe(rows[0]!.at);
    expect(rows[1]!.atTz).not.toBe(rows[0]!.atTz);
    // A Date changed by the application changes no other row's, nor the rows of the next read.
    rows[0]!.atTz!.setUTCFullYear(1990);
    expect(rows[1]!.atTz).toEqual(first);
    expect((await readAll()).map((r) => r.atTz)).toEqual(times);
  });

  if (d.target === 'postgresql') {
    /** Runs `fn` with pg's own timestamptz parser wrapped to record the texts it is given. */
    const withParseLog = async (fn: (engine: Engine, parsed: string[]) => Promise<void>): Promise<void> => {
      // The driver loads pg outside the test runner's module registry: so does the spec.
      const pg = createRequire(__filename)('pg') as typeof import('pg');
      const parse = pg.types.getTypeParser(1184, 'text');
      const parsed: string[] = [];
      pg.types.setTypeParser(1184, 'text', (s: string) => {
        parsed.push(s);
        return parse(s);
      });
      const engine = d.newEngine();
      try {
        await fn(engine, parsed);
      } finally {
        pg.types.setTypeParser(1184, 'text', parse);
        await engine.dispose();
      }
    };

    it("reads the common timestamptz text without pg's general parser", () =>
      withParseLog(async (engine, parsed) => {
        const rows = await readAll(engine);
        expect(rows.map((r) => r.atTz)).toEqual(times);
        expect(parsed).toEqual([]);
      }));

    it('parses a timestamptz text once while the next rows repeat it', () =>
      withParseLog(async (engine, parsed) => {
        // Years before 1000 are not of the common shape: pg's own parser reads them.
        const early = new Date('0900-03-10T02:30:00.123Z');
        const later = new Date('0901-03-11T04:00:00.000Z');
        const oldTimes = [early, early, later, later, null, early];
        await engine.execute(
          insert(events).values(oldTimes.map((t, i) => ({ id: 101 + i, at: t, atTz: t }))),
        );
        try {
          const rows = (
            await engine.execute(select(events.c.atTz).where(events.c.id.gt(100)).orderBy(events.c.id))
          ).all();
          expect(rows.map((r) => r.atTz)).toEqual(oldTimes);
          // early, later, early again after the NULL: three parses for five timestamps.
          expect(parsed).toHaveLength(3);
        } finally {
          await engine.execute(deleteFrom(events).where(events.c.id.gt(100)));
        }
      }));
  }
});
