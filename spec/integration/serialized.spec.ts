import { select, literal, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('statements on one connection', (d) => {
  it('run one after another when callers do not wait, in call order', async () => {
    const conn = await d.engine.connect();
    const events: string[] = [];
    const offBefore = d.engine.on('beforeExecute', (e) => events.push(`start ${String(e.params[0])}`));
    const offAfter = d.engine.on('afterExecute', (e) => events.push(`end ${String(e.params[0])}`));
    try {
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((i) =>
          conn.execute(select(literal(i, types.integer()).as('v'))).then((r) => Number(r.scalar())),
        ),
      );
      expect(results).toEqual([1, 2, 3, 4, 5]);
      // Each statement ends before the next one starts.
      expect(events).toEqual([1, 2, 3, 4, 5].flatMap((i) => [`start ${i}`, `end ${i}`]));
    } finally {
      offBefore();
      offAfter();
      await conn.close();
    }
  });
});
