import { attrs, select } from '../../lib';
import { Column, Table } from '../../lib/decorators';
import { instanceState, Registry, type InstanceState } from '../../lib/mapper';
import { executeFlush } from '../../lib/session/flush/flush-executor';
import { buildFlushPlan } from '../../lib/session/flush/flush-plan';
import { FlushJournal } from '../../lib/session/flush/journal';
import { PAGE_PARAMS } from '../../lib/session/flush/batches';
import { IdentityMap } from '../../lib/session/identity-map';
import { compile, getDialect, types, type CompiledQuery, type DialectName } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { sessionOpener, statementCounter } from './fixtures';

/** Five bound values per row (the key is generated): PAGE_PARAMS / 5 rows per page. */
const ROWS_PER_PAGE = PAGE_PARAMS / 5;

/**
 * How the flush splits big batches into pages: a fixed number of bound values per page (far below
 * PostgreSQL's 65,535), so every full page of a shape has the same SQL text.
 */
describe('flush pages (fake connection)', () => {
  const registry = new Registry();
  @Table('fp_items', { registry })
  class Item {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Column({ type: types.integer() }) qty!: number;
    @Column({ type: types.float() }) price!: number;
    @Column({ type: types.boolean() }) active!: boolean;
    @Column({ type: types.dateTime({ timezone: true }) }) at!: Date;
  }

  interface Sent {
    readonly q: CompiledQuery;
  }

  /** Flushes `objs` as pending (inserts) or dirty (updates) through a fake connection. */
  async function flushOn(
    dialect: DialectName,
    pendingObjs: object[],
    dirtyObjs: object[] = [],
  ): Promise<{ sent: Sent[]; journal: FlushJournal }> {
    const sent: Sent[] = [];
    let nextId = 1;
    const pending = new Set<InstanceState>(pendingObjs.map((o) => instanceState(o)));
    for (const s of pending) s.status = 'pending';
    const dirty = dirtyObjs.map((o) => instanceState(o));
    const plan = await buildFlushPlan({
      pendingStates: () => pending,
      dirtyStates: () => dirty,
      deletedStates: () => [],
      cascadeAdd: () => undefined,
      cascadeDelete: () => undefined,
      loadRelationship: async () => undefined,
    });
    const d = getDialect(dialect);
    const journal = new FlushJournal();
    const answer = (q: CompiledQuery) => {
      sent.push({ q });
      const rowCount = (q.sql.match(/\),\s*\(/g)?.length ?? 0) + 1;
      const rows = q.columns.length
        ? Array.from({ length: rowCount }, () => ({ [q.columns[0]!.name]: nextId++ }))
        : [];
      return { rows, rowCount, columns: q.columns };
    };
    await executeFlush({
      plan,
      conn: {
        dialect: d,
        run: async (stmt) => answer(compile(stmt, d)),
      },
      journal,
      identityMap: new IdentityMap(),
      synced: new Map(),
      inserted: new Set(),
    });
    return { sent, journal };
  }

  const newItems = (n: number): Item[] => {
    registry.configure();
    return Array.from({ length: n }, (_, i) =>
      Object.assign(new Item(), {
        name: `n${i}`,
        qty: i,
        price: i / 4,
        active: i % 2 === 0,
        at: new Date(Date.UTC(2024, 0, 1) + i * 1000),
      }),
    );
  };

  it('inserts in pages of PAGE_PARAMS bound values; full pages share one SQL text', async () => {
    const objs = newItems(2 * ROWS_PER_PAGE + 7);
    const { sent } = await flushOn('postgresql', objs);
    expect(sent.map((s) => s.q.params.length)).toEqual([PAGE_PARAMS, PAGE_PARAMS, 35]);
    expect(sent[0]!.q.sql).toBe(sent[1]!.q.sql);
    // Keys come back page by page, in row order.
    expect(objs.map((o) => o.id)).toEqual(objs.map((_, i) => i + 1));
  });
});

describeEachDialect('flush pages (database)', (d) => {
  const registry = new Registry();
  const counter = statementCounter(d);
  const newSession = sessionOpener(d);

  @Table(d.uniqueName('fp_rows'), { registry })
  class Row {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Column({ type: types.integer() }) qty!: number;
    @Column({ type: types.integer() }) score!: number;
    @Column({ type: types.boolean() }) active!: boolean;
    @Column({ type: types.dateTime({ timezone: true }) }) at!: Date;
  }

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
  });
  afterAll(() => registry.metadata.dropAll(d.engine));

  it('writes generated keys back across several INSERT pages, each object to its own row', async () => {
    const n = ROWS_PER_PAGE + 3;
    const objs = Array.from({ length: n }, (_, i) =>
      Object.assign(new Row(), {
        name: `r${i}`,
        qty: i,
        score: 1000 - i,
        active: i % 3 === 0,
        at: new Date(Date.UTC(2024, 0, 1) + i * 1000),
      }),
    );
    const session = newSession({ expireOnCommit: false });
    session.addAll(objs);
    counter.start();
    await session.commit();
    counter.stop();
    // Without RETURNING (MySQL) generated keys need one INSERT per row.
    if (d.engine.dialect.capabilities.returning !== 'none') expect(counter.count('INSERT')).toBe(2);
    const check = newSession();
    const rows = await check.scalars(select(Row).orderBy(attrs(Row).id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows).toHaveLength(n);
    for (const o of objs) {
      const row = byId.get(o.id)!;
      expect([row.name, row.qty, row.score, row.active]).toEqual([o.name, o.qty, o.score, o.active]);
      expect(row.at.getTime()).toBe(o.at.getTime());
    }
  });
});
