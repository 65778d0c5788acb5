import { column, deleteFrom, func, insert, select, table, types } from '../../lib/sql';
import { InvalidRequestError } from '../../lib/errors';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('transactions and savepoints', (d) => {
  const { items } = d.defineTables((metadata, name) => ({
    items: table(
      name('items'),
      {
        id: column(types.integer(), { primaryKey: true }),
        label: column(types.string(40), { nullable: false }),
      },
      { metadata },
    ),
  }));

  const labels = async (): Promise<string[]> =>
    (await d.engine.execute(select(items.c.label).orderBy(items.c.label))).scalars();

  beforeEach(async () => {
    await d.engine.execute(deleteFrom(items));
  });

  it('engine.transaction commits when the function resolves', async () => {
    const out = await d.engine.transaction(async (conn) => {
      await conn.execute(insert(items).values({ label: 'a' }));
      return 'done';
    });
    expect(out).toBe('done');
    expect(await labels()).toEqual(['a']);
  });

  it('engine.transaction rolls back when the function throws', async () => {
    await expect(
      d.engine.transaction(async (conn) => {
        await conn.execute(insert(items).values({ label: 'lost' }));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await labels()).toEqual([]);
  });

  it('conn.begin / rollback discards, and the other connection never saw it', async () => {
    const conn = await d.engine.connect();
    try {
      const tx = await conn.begin();
      await conn.execute(insert(items).values({ label: 'x' }));
      expect(Number((await conn.execute(select(func.count()).from(items))).scalar())).toBe(1);
      await tx.rollback();
      expect(tx.isActive).toBe(false);
      await expect(tx.commit()).rejects.toThrow(InvalidRequestError);
    } finally {
      await conn.close();
    }
    expect(await labels()).toEqual([]);
  });

  it('nested savepoints: rolling back an inner one keeps the outer work', async () => {
    const conn = await d.engine.connect();
    try {
      await conn.begin();
      await conn.execute(insert(items).values({ label: 'outer' }));
      const sp1 = await conn.beginNested();
      await conn.execute(insert(items).values({ label: 'kept' }));
      const sp2 = await conn.beginNested();
      await conn.execute(insert(items).values({ label: 'discarded' }));
      await sp2.rollback();
      await sp1.commit();
      const sp3 = await conn.beginNested();
      await conn.execute(insert(items).values({ label: 'also discarded' }));
      await sp3.rollback();
      await conn.commit();
    } finally {
      await conn.close();
    }
    expect(await labels()).toEqual(['kept', 'outer']);
  });

  it('rolling back an outer savepoint ends the inner ones', async () => {
    const conn = await d.engine.connect();
    try {
      await conn.begin();
      const outer = await conn.beginNested();
      const inner = await conn.beginNested();
      await conn.execute(insert(items).values({ label: 'gone' }));
      await outer.rollback();
      expect(inner.isActive).toBe(false);
      await expect(inner.rollback()).rejects.toThrow(InvalidRequestError);
      await conn.commit();
    } finally {
      await conn.close();
    }
    expect(await labels()).toEqual([]);
  });

  it('conn.transaction inside a transaction uses a savepoint', async () => {
    await d.engine.transaction(async (conn) => {
      await conn.execute(insert(items).values({ label: 'top' }));
      await expect(
        conn.transaction(async () => {
          await conn.execute(insert(items).values({ label: 'inner' }));
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
    });
    expect(await labels()).toEqual(['top']);
  });

  it('close() rolls back an open transaction', async () => {
    const conn = await d.engine.connect();
    await conn.begin();
    await conn.execute(insert(items).values({ label: 'unfinished' }));
    await conn.close();
    expect(await labels()).toEqual([]);
    await expect(conn.execute(select(items.c.id))).rejects.toThrow(InvalidRequestError);
  });

  it('begin() twice is refused', async () => {
    const conn = await d.engine.connect();
    try {
      await conn.begin();
      await expect(conn.begin()).rejects.toThrow(InvalidRequestError);
    } finally {
      await conn.close();
    }
  });

  it('runs with an isolation level, and every control statement goes through the events', async () => {
    const seen: string[] = [];
    const off = d.engine.on('beforeExecute', ({ sql }) => seen.push(sql));
    try {
      const level = d.dialect === 'oracle' ? 'SERIALIZABLE' : 'REPEATABLE READ';
      await d.engine.transaction(
        async (conn) => {
          await conn.execute(insert(items).values({ label: 'iso' }));
          const sp = await conn.beginNested();
          await sp.rollback();
        },
        { isolationLevel: d.dialect === 'sqlite' ? undefined : level },
      );
    } finally {
      off();
    }
    expect(await labels()).toEqual(['iso']);
    const control = seen.filter((s) => !/^INSERT/.test(s));
    expect(control.some((s) => /COMMIT/.test(s))).toBe(true);
    expect(control.some((s) => /SAVE/.test(s))).toBe(true);
    expect(control.some((s) => /ROLLBACK/.test(s))).toBe(true);
    if (d.dialect !== 'sqlite') expect(control.join('\n')).toMatch(/ISOLATION LEVEL/);
  });
});
