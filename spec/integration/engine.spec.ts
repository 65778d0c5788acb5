import { column, compile, insert, MetaData, select, table, text, types } from '../../lib/sql';
import { createEngine } from '../../lib/drivers';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('engine: events, echo, executeMany, createAll', (d) => {
  const { notes } = d.defineTables((metadata, name) => ({
    notes: table(
      name('notes'),
      {
        id: column(types.integer(), { primaryKey: true }),
        body: column(types.string(50), { nullable: false, index: true }),
        at: column(types.dateTime()),
      },
      { metadata },
    ),
  }));

  it('resolves the dialect from the server', () => {
    if (d.target === 'mysql') expect(['mysql', 'mariadb']).toContain(d.dialect);
    else if (d.target !== 'mysql8') expect(d.dialect).toBe(d.target);
    else expect(d.dialect).toBe('mysql');
  });

  it('emits connect / checkout / beforeExecute / afterExecute / checkin in order', async () => {
    const engine = d.newEngine();
    const seen: string[] = [];
    engine.on('connect', (e) => seen.push(`connect ${e.dialect}`));
    engine.on('checkout', () => seen.push('checkout'));
    engine.on('beforeExecute', (e) => seen.push(`before ${e.sql.slice(0, 6)}`));
    engine.on('afterExecute', (e) => seen.push(`after ${e.rowCount >= 0 && e.durationMillis >= 0}`));
    engine.on('checkin', () => seen.push('checkin'));
    // SQLite's in-memory database belongs to one engine: query something every engine has.
    await engine.execute(select(compileOne()));
    expect(seen).toEqual([
      `connect ${engine.dialect.name}`,
      'checkout',
      'before SELECT',
      'after true',
      'checkin',
    ]);
  });

  it('echo logs SQL and parameters to the given logger', async () => {
    const logs: string[] = [];
    const engine = d.newEngine({ echo: (m) => logs.push(m) });
    await engine.execute(select(compileOne()));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^SELECT/);
  });

  it('executeMany runs one statement for many parameter sets, converting values', async () => {
    const conn = await d.engine.connect();
    try {
      const q = compile(insert(notes).values({ body: 'b0', at: new Date(0) }), conn.dialect);
      const stamp = (i: number): unknown =>
        compile(insert(notes).values({ body: `b${i}`, at: new Date(i * 1000) }), conn.dialect).params;
      const sets = Array.from({ length: 20 }, (_, i) => stamp(i + 1) as unknown[]);
      const r = await conn.executeMany(q, sets);
      expect(r.rowCount).toBe(20);
      const rows = (await conn.execute(select(notes.c.body, notes.c.at).orderBy(notes.c.id))).all();
      expect(rows).toHaveLength(20);
      expect(rows[19]).toEqual({ body: 'b20', at: new Date(20000) });
    } finally {
      await conn.close();
    }
  });

  it('createAll is idempotent (IF NOT EXISTS), indexes included', async () => {
    const md = new MetaData();
    const again = table(
      notes.name,
      { id: column(types.integer(), { primaryKey: true }), body: column(types.string(50), { index: true }) },
      { metadata: md },
    );
    await md.createAll(d.engine);
    expect(again.name).toBe(notes.name);
  });

  function compileOne() {
    return text('1').asExpression(types.integer()).as('one');
  }
});

describe('SQLite pools', () => {
  it('an in-memory database is one connection shared by every checkout', async () => {
    const engine = createEngine('sqlite://');
    const md = new MetaData();
    const t = table('shared', { id: column(types.integer(), { primaryKey: true }) }, { metadata: md });
    await md.createAll(engine);
    await engine.execute(insert(t).values({}));
    await Promise.all([1, 2, 3].map(() => engine.transaction((c) => c.execute(insert(t).values({})))));
    expect((await engine.execute(select(t.c.id))).all()).toHaveLength(4);
    expect(engine.poolStatus.max).toBe(1);
    await engine.dispose();
  });
});
