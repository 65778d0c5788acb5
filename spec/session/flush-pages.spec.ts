import { attrs, select } from '../../lib';
import { Column, Table } from '../../lib/decorators';
import { instanceState, Registry, type InstanceState } from '../../lib/mapper';
import { executeFlush } from '../../lib/session/flush/flush-executor';
import { buildFlushPlan } from '../../lib/session/flush/flush-plan';
import { FlushJournal } from '../../lib/session/flush/journal';
import {
  deletePages,
  insertPages,
  PAGE_PARAMS,
  UPDATE_PAGE_ROWS,
  updatePages,
} from '../../lib/session/flush/batches';
import { compileStatement, type FlushStatement } from '../../lib/session/flush/page-templates';
import { IdentityMap } from '../../lib/session/identity-map';
import {
  column,
  compile,
  getDialect,
  insert,
  table,
  types,
  type CompiledQuery,
  type DialectName,
} from '../../lib/sql';
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
      contains: (s) => pending.has(s) || dirty.includes(s),
      expunge: () => undefined,
      warn: () => undefined,
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
      warn: () => undefined,
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

  it('updates in pages of at most UPDATE_PAGE_ROWS rows (PostgreSQL looks each up by key)', async () => {
    const n = 2 * UPDATE_PAGE_ROWS + 1;
    const objs = newItems(n);
    objs.forEach((o, i) => {
      const s = instanceState(o);
      s.status = 'persistent';
      s.dict['id'] = i + 1;
      s.resetCommitted();
      o.qty = n + i; // one changed column: 2 values per row, far below PAGE_PARAMS per page
    });
    const { sent } = await flushOn('postgresql', [], objs);
    expect(sent.map((s) => s.q.params.length)).toEqual([2 * UPDATE_PAGE_ROWS, 2 * UPDATE_PAGE_ROWS, 2]);
    expect(sent[0]!.q.sql).toMatch(/^UPDATE .* FROM \(VALUES /);
    expect(sent[1]!.q.sql).toBe(sent[0]!.q.sql);
  });

  it.each(['mysql', 'mariadb'] as const)(
    '%s: a page of fewer rows than updateFromMinRows is a CASE per column, a larger one a multi-table UPDATE',
    (dialect) => {
      const d = getDialect(dialect);
      const min = d.capabilities.updateFromMinRows!;
      expect(min).toBeGreaterThan(2);
      const things = table('fp_things', {
        id: column(types.integer(), { primaryKey: true }),
        qty: column(types.integer()),
      });
      const page = (n: number): CompiledQuery => {
        const values = Array.from({ length: n }, (_, i) => [i + 1, 100 + i]).flat();
        const pages = updatePages(things, [things.c.id], ['qty'], values, n, undefined, d.capabilities);
        expect(pages).toHaveLength(1);
        return compileStatement(pages[0]!.statement, d);
      };
      const few = page(min - 1);
      expect(few.sql).toMatch(/^UPDATE `fp_things` SET `qty` = CASE WHEN /);
      expect(few.sql).not.toMatch(/athanor_rows/);
      // Each row's key and new value, then the keys of the WHERE clause.
      expect(few.params.slice(0, 4)).toEqual([1, 100, 2, 101]);
      expect(few.params.slice(-2)).toEqual([min - 2, min - 1]);
      expect(page(min).sql).toMatch(/^UPDATE `fp_things`, \(SELECT .* AS `athanor_rows` SET /);
    },
  );

  it.each(['mysql', 'mariadb'] as const)(
    '%s: CASE pages of one shape are compiled once and bind like a full compile (key, values, version)',
    (dialect) => {
      const d = getDialect(dialect);
      const things = table(`fp_case_${dialect}`, {
        a: column(types.integer(), { primaryKey: true }),
        b: column(types.string(10), { primaryKey: true }),
        qty: column(types.integer()),
        at: column(types.dateTime({ timezone: true })),
        version: column(types.integer()),
      });
      const c = things.c;
      let builds = 0;
      const page = (base: number): FlushStatement => {
        // Rows: key (a, b), new at and qty (sorted keys), expected version.
        const values = [0, 1, 2]
          .map((i) => [
            base + i,
            `k${base + i}`,
            new Date(Date.UTC(2024, 0, 1, 0, 0, base + i)),
            base * 10 + i,
            i,
          ])
          .flat();
        const [only] = updatePages(things, [c.a, c.b], ['at', 'qty'], values, 3, c.version, d.capabilities);
        const stmt = only!.statement;
        expect(stmt.shape).toBeDefined();
        return { shape: stmt.shape, build: () => (builds++, stmt.build()) };
      };
      const first = page(1);
      const second = page(7);
      expect(compileStatement(first, d).sql).toMatch(/ SET `at` = CASE WHEN /);
      const viaShape = compileStatement(second, d);
      expect(builds).toBe(1);
      const full = compile(second.build(), d);
      expect(viaShape.sql).toBe(full.sql);
      expect(viaShape.params).toEqual(full.params);
    },
  );
});

const ALL_DIALECTS: DialectName[] = ['postgresql', 'sqlite', 'mysql', 'mariadb', 'mssql', 'oracle'];

/**
 * Pages of one shape are compiled once: later pages take the compiled text with their own values
 * bound. Proven against a full compile of every page, on every dialect.
 */
describe('compiled page shapes', () => {
  const things = table('cp_things', {
    id: column(types.integer(), { primaryKey: true }),
    name: column(types.string(40)),
    at: column(types.dateTime({ timezone: true })),
    flag: column(types.boolean()),
    version: column(types.integer()),
  });
  const c = things.c;
  const row = (i: number): unknown[] => [i, `n${i}`, new Date(Date.UTC(2024, 1, 1, 0, 0, i)), i % 2 === 0];

  /** Compiles every page through the shape cache and checks it against a full compile. */
  function expectSameAsFullCompile(dialect: DialectName, statements: FlushStatement[]): void {
    const d = getDialect(dialect);
    for (const stmt of statements) {
      const viaShapes = compileStatement(stmt, d);
      const full = compile(stmt.build(), d);
      expect(viaShapes.sql).toBe(full.sql);
      expect(viaShapes.params).toEqual(full.params);
      expect(viaShapes.columns).toEqual(full.columns);
    }
  }

  it.each(ALL_DIALECTS)('%s: INSERT, UPDATE and DELETE pages match a full compile', (dialect) => {
    const caps = { ...getDialect(dialect).capabilities, maxParams: 12, maxRowsPerInsert: 3 };
    const cols = [c.id, c.name, c.at, c.flag] as const;
    const values = Array.from({ length: 7 }, (_, i) => row(i + 1)).flat();
    const ret = getDialect(dialect).capabilities.returning === 'none' ? [] : [c.id];
    const ins = insertPages(things, [...cols], values, 7, ret, caps, dialect !== 'oracle');
    // pk, name, at, flag as changed columns (sorted keys), then the expected version.
    const upd = updatePages(
      things,
      [c.id],
      ['at', 'flag', 'name'],
      Array.from({ length: 7 }, (_, i) => [i + 1, new Date(i * 1000), i % 3 === 0, `u${i}`, i]).flat(),
      7,
      c.version,
      caps,
    );
    const updOne = updatePages(things, [c.id], ['name'], [5, 'five'], 1, undefined, caps);
    const del = deletePages(things, [c.id], [1, 2, 3, 4, 5, 6, 7], 7, undefined, caps);
    const all = [...ins, ...upd, ...updOne, ...updOne, ...del].map((p) => p.statement);
    expect(all.filter((s) => s.shape !== undefined).length).toBeGreaterThan(0);
    expectSameAsFullCompile(dialect, all);
  });

  it('a page holding NULL or an SQL expression has no shape (its text depends on the values)', () => {
    const caps = getDialect('postgresql').capabilities;
    const [withNull] = insertPages(things, [c.id, c.name], [1, 'a', 2, null], 2, [], caps, true);
    const [withExpr] = updatePages(
      things,
      [c.id],
      ['name'],
      [1, c.name.concat('x'), 2, 'b'],
      2,
      undefined,
      caps,
    );
    expect(withNull!.statement.shape).toBeUndefined();
    expect(withExpr!.statement.shape).toBeUndefined();
    expectSameAsFullCompile('postgresql', [withNull!.statement, withExpr!.statement]);
  });

  /** A two-row INSERT page of `name` whose shape lists (a, b); `rows` gives the order it binds. */
  function twoRowPage(name: string, rows: (a: number, b: number) => [number, number]) {
    const t = table(name, {
      id: column(types.integer(), { primaryKey: true }),
      v: column(types.text()),
    });
    let builds = 0;
    const page = (a: number, b: number): FlushStatement => ({
      build: () => {
        builds++;
        return insert(t).values(rows(a, b).map((id) => ({ id, v: `${id}` })));
      },
      shape: {
        table: t,
        key: 'insert|id,v||2',
        values: [a, `${a}`, b, `${b}`],
        from: 0,
        to: 4,
        types: [t.c.id.sqlType, t.c.v.sqlType],
      },
    });
    return { page, builds: () => builds };
  }

  it('compiles a shape once: the next page of the shape is not built', () => {
    const { page, builds } = twoRowPage('cp_once', (a, b) => [a, b]);
    const d = getDialect('postgresql');
    const first = compileStatement(page(1, 2), d);
    const second = compileStatement(page(3, 4), d);
    expect(builds()).toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(second.params).toEqual([3, '3', 4, '4']);
  });

  it('never re-uses a compiled text whose parameters are not the values in row order', () => {
    // The statement binds its values in another order than the shape lists them.
    const { page } = twoRowPage('cp_other', (a, b) => [b, a]);
    const d = getDialect('postgresql');
    compileStatement(page(1, 2), d);
    expect(compileStatement(page(3, 4), d).params).toEqual([4, '4', 3, '3']);
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

  it('updates and deletes across several pages, each row by its own key', async () => {
    const n = 2 * (PAGE_PARAMS / 3) + 5; // UPDATE … FROM VALUES binds key, qty, score per row
    const session = newSession({ expireOnCommit: false });
    const objs = Array.from({ length: n }, (_, i) =>
      Object.assign(new Row(), { name: `u${i}`, qty: 0, score: 0, active: true, at: new Date(0) }),
    );
    session.addAll(objs);
    await session.commit();
    objs.forEach((o, i) => {
      o.qty = i;
      o.score = 2 * i;
    });
    await session.commit();
    const check = newSession();
    const rows = await check.scalars(select(Row).where(attrs(Row).name.like('u%')));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const o of objs) expect([byId.get(o.id)!.qty, byId.get(o.id)!.score]).toEqual([o.qty, o.score]);
    await check.close(); // SQLite has one connection
    objs.filter((_, i) => i % 2 === 0).forEach((o) => session.delete(o));
    await session.commit();
    const left = await newSession().scalars(select(Row).where(attrs(Row).name.like('u%')));
    expect(left.map((r) => r.name).sort()).toEqual(
      objs
        .filter((_, i) => i % 2 === 1)
        .map((o) => o.name)
        .sort(),
    );
  });
});
