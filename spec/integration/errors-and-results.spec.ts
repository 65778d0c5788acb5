import { column, func, insert, select, table, text, types, update } from '../../lib/sql';
import {
  IntegrityError,
  MultipleResultsError,
  NoResultError,
  ProgrammingError,
  StatementError,
} from '../../lib/errors';
import { describeEachDialect } from '../support/dialects';

describeEachDialect('results, RETURNING and error translation', (d) => {
  const { parents, children } = d.defineTables((metadata, name) => {
    const parents = table(
      name('parents'),
      {
        id: column(types.integer(), { primaryKey: true }),
        code: column(types.string(20), { nullable: false, unique: true }),
      },
      { metadata },
    );
    const children = table(
      name('children'),
      {
        id: column(types.integer(), { primaryKey: true }),
        parentId: column(types.integer(), {
          name: 'parent_id',
          nullable: false,
          foreignKey: () => parents.c.id,
        }),
      },
      { metadata },
    );
    return { parents, children };
  });

  let parentId = 0;
  beforeAll(async () => {
    const r = await d.engine.execute(insert(parents).values({ code: 'p1' }));
    parentId = Number(r.lastInsertId ?? 1);
    await d.engine.execute(insert(parents).values([{ code: 'p2' }, { code: 'p3' }]));
  });

  it('one / first / oneOrNull / scalar / scalars', async () => {
    const all = await d.engine.execute(select(parents.c.id, parents.c.code).orderBy(parents.c.code));
    expect(all.all().map((r) => r.code)).toEqual(['p1', 'p2', 'p3']);
    expect(all.first()?.code).toBe('p1');
    expect(all.rowCount).toBe(3);
    expect(() => all.one()).toThrow(MultipleResultsError);
    expect(() => all.oneOrNull()).toThrow(MultipleResultsError);
    const none = await d.engine.execute(select(parents.c.id).where(parents.c.code.eq('nope')));
    expect(() => none.one()).toThrow(NoResultError);
    expect(none.oneOrNull()).toBeNull();
    expect(none.first()).toBeUndefined();
    expect(none.scalar()).toBeNull();
    const codes = await d.engine.execute(select(parents.c.code).orderBy(parents.c.code.desc()));
    expect(codes.scalars()).toEqual(['p3', 'p2', 'p1']);
    const n = await d.engine.execute(select(func.count().as('n')).from(parents));
    expect(Number(n.scalar())).toBe(3);
  });

  it('reports affected rows of UPDATE', async () => {
    const r = await d.engine.execute(
      update(parents).set({ code: parents.c.code }).where(parents.c.code.ne('p1')),
    );
    // MySQL counts changed rows only unless told otherwise; matched rows here are unchanged.
    expect([0, 2]).toContain(r.rowCount);
    const r2 = await d.engine.execute(update(parents).set({ code: 'p3b' }).where(parents.c.code.eq('p3')));
    expect(r2.rowCount).toBe(1);
    await d.engine.execute(update(parents).set({ code: 'p3' }).where(parents.c.code.eq('p3b')));
  });

  it('returns rows from INSERT … RETURNING where the dialect has it', async () => {
    if (d.engine.dialect.capabilities.returning === 'none') {
      // MySQL: the generated key comes back as lastInsertId.
      const r = await d.engine.execute(insert(parents).values({ code: 'r1' }));
      expect(Number(r.lastInsertId)).toBeGreaterThan(0);
      return;
    }
    const r = await d.engine.execute(
      insert(parents).values({ code: 'r1' }).returning(parents.c.id, parents.c.code),
    );
    const row = r.one();
    expect(row.code).toBe('r1');
    expect(typeof row.id).toBe('number');
    const back = await d.engine.execute(select(parents.c.code).where(parents.c.id.eq(row.id)));
    expect(back.scalar()).toBe('r1');
  });

  it('unique violation → IntegrityError with SQL, params and the driver error as cause', async () => {
    const err = await d.engine.execute(insert(parents).values({ code: 'p1' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    const e = err as IntegrityError;
    expect(e.sql).toMatch(/INSERT INTO/);
    expect(e.params).toContain('p1');
    expect((e.cause as { message?: unknown }).message).toEqual(expect.any(String));
    expect(e.message).toMatch(/\[SQL: INSERT INTO/);
  });

  it('foreign key violation → IntegrityError', async () => {
    await expect(d.engine.execute(insert(children).values({ parentId: 987654 }))).rejects.toBeInstanceOf(
      IntegrityError,
    );
    await d.engine.execute(insert(children).values({ parentId }));
  });

  it('not-null violation → IntegrityError', async () => {
    await expect(
      d.engine.execute(text(`INSERT INTO ${quote(parents.name)} (code) VALUES (NULL)`)),
    ).rejects.toBeInstanceOf(IntegrityError);
  });

  it('unknown table → ProgrammingError', async () => {
    await expect(d.engine.execute(text('SELECT * FROM no_such_table_athanor'))).rejects.toBeInstanceOf(
      ProgrammingError,
    );
  });

  it('redactParams hides parameters in errors, events and echo', async () => {
    const logs: string[] = [];
    const engine = d.newEngine({ redactParams: true, echo: (m) => logs.push(m) });
    const handled: unknown[] = [];
    engine.on('handleError', ({ params }) => handled.push(params));
    const statement = text('SELECT * FROM no_such_table_athanor WHERE x = :secret', { secret: 'hunter2' });
    const err = (await engine.execute(statement).catch((e: unknown) => e)) as StatementError;
    expect(err).toBeInstanceOf(ProgrammingError);
    expect(err.params).toEqual(['[redacted]']);
    expect(err.message).not.toContain('hunter2');
    expect(handled).toEqual([['[redacted]']]);
    expect(logs.join('\n')).toContain('no_such_table_athanor');
    expect(logs.join('\n')).not.toContain('hunter2');
  });

  it('a failed statement inside a transaction leaves the connection usable after rollback', async () => {
    const conn = await d.engine.connect();
    try {
      await conn.begin();
      await expect(conn.execute(insert(parents).values({ code: 'p1' }))).rejects.toBeInstanceOf(
        IntegrityError,
      );
      await conn.rollback();
      expect((await conn.execute(select(parents.c.code).where(parents.c.code.eq('p2')))).scalar()).toBe('p2');
    } finally {
      await conn.close();
    }
  });

  function quote(name: string): string {
    if (d.dialect === 'mysql' || d.dialect === 'mariadb') return `\`${name}\``;
    if (d.dialect === 'mssql') return `[${name}]`;
    return `"${name}"`;
  }
});
