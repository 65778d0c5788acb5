/** One connection runs statements one after another, even when callers do not wait. */
import { createEngine } from '../../lib/drivers';
import { column, insert, MetaData, select, table, text, types } from '../../lib/sql';

const metadata = new MetaData();
const items = table(
  'queue_items',
  { id: column(types.integer(), { primaryKey: true }), tag: column(types.string(20)) },
  { metadata },
);

describe('connection statement queue', () => {
  it('runs statements sent without waiting strictly one after another, in order', async () => {
    const engine = createEngine('sqlite://');
    await metadata.createAll(engine);
    const log: string[] = [];
    engine.on('beforeExecute', ({ sql }) => log.push(`start ${sql.slice(0, 6)}`));
    engine.on('afterExecute', ({ sql }) => log.push(`end ${sql.slice(0, 6)}`));
    const conn = await engine.connect();
    try {
      const [, , rows] = await Promise.all([
        conn.execute(insert(items).values({ tag: 'a' })),
        conn.execute(insert(items).values({ tag: 'b' })),
        conn.execute(select(items.c.tag).orderBy(items.c.id)),
      ]);
      expect(rows.all()).toEqual([{ tag: 'a' }, { tag: 'b' }]);
      expect(log).toEqual([
        'start INSERT',
        'end INSERT',
        'start INSERT',
        'end INSERT',
        'start SELECT',
        'end SELECT',
      ]);
    } finally {
      await conn.close();
      await engine.dispose();
    }
  });

  it('a failing statement fails alone: the ones queued behind it still run', async () => {
    const engine = createEngine('sqlite://');
    await metadata.createAll(engine);
    const conn = await engine.connect();
    try {
      const results = await Promise.allSettled([
        conn.execute(insert(items).values({ tag: 'x' })),
        conn.execute(text('SELECT * FROM no_such_table')),
        conn.execute(select(items.c.tag)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseFulfilledResult<{ all(): unknown[] }>).value.all()).toEqual([
        { tag: 'x' },
      ]);
      // Idle again: the next statement starts at once and succeeds.
      expect((await conn.execute(select(items.c.tag))).all()).toHaveLength(1);
    } finally {
      await conn.close();
      await engine.dispose();
    }
  });
});
