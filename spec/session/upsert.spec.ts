import { Column, Relationship, Table } from '../../lib/decorators';
import {
  ArgumentError,
  attrs,
  getOrCreate,
  IntegrityError,
  Registry,
  Session,
  select,
  types,
  upsert,
} from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { sessionOpener, statementCounter } from './fixtures';

describeEachDialect('ORM upsert and getOrCreate', (d) => {
  const registry = new Registry();

  @Table(d.uniqueName('ups_accounts'), { registry })
  class Account {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(80), unique: true }) email!: string;
    @Column({ type: types.string(50), nullable: true }) nickname!: string | null;
    @Column({ type: types.integer(), default: 0 }) logins!: number;
    @Relationship(() => Badge, { backPopulates: 'account' }) badges!: Badge[];
  }

  @Table(d.uniqueName('ups_badges'), { registry })
  class Badge {
    @Column({ primaryKey: true, autoincrement: false }) code!: number;
    @Column({ type: types.string(40) }) label!: string;
    @Column({ type: types.integer(), nullable: true, foreignKey: () => Account }) accountId!: number | null;
    @Relationship(() => Account, { backPopulates: 'badges' }) account!: Account | null;
  }

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
  });
  afterAll(() => registry.metadata.dropAll(d.engine));

  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  const a = attrs(Account);
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}@ups.example`;
  /** The rows as another session reads them from the database. */
  const stored = async (emails: string[]) => {
    const s = newSession();
    const rows = await s.scalars(select(Account).where(a.email.in(emails)).orderBy(a.email));
    await s.close();
    return rows.map((r) => ({ email: r.email, nickname: r.nickname, logins: r.logins }));
  };

  it('inserts new rows and updates existing ones by a unique key, keeping loaded objects in step', async () => {
    const [e1, e2] = [email('up-a'), email('up-b')];
    const s = newSession();
    const first = Object.assign(new Account(), { email: e1, nickname: 'old' });
    s.add(first);
    await s.commit();

    const result = await upsert(
      s,
      Account,
      [
        { email: e2, nickname: 'new', logins: 1 },
        { email: e1, nickname: 'renamed', logins: 5 },
      ],
      { onConflict: ['email'] },
    );
    expect(result.map((r) => [r.email, r.nickname, r.logins])).toEqual([
      [e2, 'new', 1],
      [e1, 'renamed', 5],
    ]);
    expect(result[1]).toBe(first); // the identity map's object, refreshed
    expect(s.contains(result[0]!)).toBe(true);
    expect(typeof result[0]!.id).toBe('number');
    await s.commit();
    expect(await stored([e1, e2])).toEqual([
      { email: e1, nickname: 'renamed', logins: 5 },
      { email: e2, nickname: 'new', logins: 1 },
    ]);
  });

  it("update: 'nothing' keeps the existing row; an update list changes only those attributes", async () => {
    const e1 = email('up-keep');
    const s = newSession();
    await upsert(s, Account, { email: e1, nickname: 'kept', logins: 3 }, { onConflict: ['email'] });
    await s.commit();
    const [same] = await upsert(
      s,
      Account,
      { email: e1, nickname: 'ignored' },
      { onConflict: ['email'], update: 'nothing' },
    );
    expect(same!.nickname).toBe('kept');
    await upsert(
      s,
      Account,
      { email: e1, nickname: 'ignored', logins: 9 },
      { onConflict: ['email'], update: ['logins'] },
    );
    await s.commit();
    expect(await stored([e1])).toEqual([{ email: e1, nickname: 'kept', logins: 9 }]);
  });

  it('takes the primary key as the conflict key by default, and flushes pending objects first', async () => {
    const s = newSession();
    const code = 7000 + (seq++ % 1000);
    s.add(Object.assign(new Badge(), { code, label: 'pending' }));
    counter.start();
    const [badge] = await upsert(s, Badge, { code, label: 'upserted' });
    const sql = counter.stop().filter((q) => /^(INSERT|UPDATE|SELECT|MERGE)/.test(q));
    expect(sql[0]).toMatch(/^INSERT INTO \S+ \([^)]+\) VALUES \([^)]+\)$/); // the autoflush of the pending badge
    expect(sql[1]).toMatch(/^(INSERT|MERGE)/); // the upsert
    expect(badge!.label).toBe('upserted');
    await s.commit();
    const other = newSession();
    expect((await other.get(Badge, code))!.label).toBe('upserted');
  });

  it('rejects bad input with ArgumentError naming the entity and attribute, writing nothing', async () => {
    const s = newSession();
    const e1 = email('up-bad');
    const cases: [() => Promise<unknown>, RegExp][] = [
      [
        () => upsert(s, Account, { email: e1, nope: 1 } as never, { onConflict: ['email'] }),
        /Account\.nope is not a mapped attribute/,
      ],
      [
        () => upsert(s, Account, { email: e1, badges: [] } as never, { onConflict: ['email'] }),
        /Account\.badges is a relationship/,
      ],
      [
        () => upsert(s, Account, [{ email: e1 }, { nickname: 'x' }], { onConflict: ['email'] }),
        /row 2 gives no value for conflict attribute 'email'/,
      ],
      [
        () => upsert(s, Account, [{ email: e1 }, { email: e1 }], { onConflict: ['email'] }),
        /rows 1 and 2 have the same conflict key/,
      ],
      [
        () => upsert(s, Account, { email: e1 }, { onConflict: ['badges' as never] }),
        /onConflict: Account\.badges is a relationship/,
      ],
    ];
    for (const [run, message] of cases) {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toMatch(message);
    }
    await s.commit();
    expect(await stored([e1])).toEqual([]);
  });

  it('getOrCreate returns the existing object, else inserts one from lookup and defaults', async () => {
    const e1 = email('goc');
    const s = newSession();
    const [made, created] = await getOrCreate(s, Account, { email: e1 }, { nickname: 'fresh' });
    expect([created, made.nickname, typeof made.id]).toEqual([true, 'fresh', 'number']);
    const [again, createdAgain] = await getOrCreate(s, Account, { email: e1 }, { nickname: 'other' });
    expect([createdAgain, again]).toEqual([false, made]);
    await s.commit();
    expect(await stored([e1])).toEqual([{ email: e1, nickname: 'fresh', logins: 0 }]);
  });

  it('getOrCreate rethrows an integrity error that is not a conflict on the lookup', async () => {
    const s = newSession();
    const error = await getOrCreate(s, Badge, { code: 9999 }, { label: 'x', accountId: -42 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IntegrityError);
    expect(s.isActive).toBe(true); // only the savepoint was rolled back
    expect(await s.get(Badge, 9999)).toBeNull();
  });

  if (d.target !== 'sqlite') {
    it('getOrCreate under concurrency: one row, exactly one caller told it created it', async () => {
      const e1 = email('goc-race');
      const sessions: Session[] = [newSession(), newSession(), newSession(), newSession()];
      // The first session inserts and holds its transaction open while the others try.
      const [winner, winnerCreated] = await getOrCreate(sessions[0]!, Account, { email: e1 });
      const others = sessions.slice(1).map((s) =>
        getOrCreate(s, Account, { email: e1 }, { nickname: 'loser' }).then(async (r) => {
          await s.commit();
          return r;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 150)); // the others block on the unique key
      await sessions[0]!.commit();
      const results = await Promise.all(others);
      expect(winnerCreated).toBe(true);
      expect(results.map(([obj, created]) => [obj.id, created])).toEqual(
        results.map(() => [winner.id, false]),
      );
      // And all at once, nobody holding a transaction open.
      const e2 = email('goc-burst');
      const burst = await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const s = newSession();
          const r = await getOrCreate(s, Account, { email: e2 });
          await s.commit();
          return r;
        }),
      );
      expect(burst.filter(([, created]) => created)).toHaveLength(1);
      expect(new Set(burst.map(([obj]) => obj.id)).size).toBe(1);
      expect(await stored([e1, e2])).toEqual([
        { email: e2, nickname: null, logins: 0 },
        { email: e1, nickname: null, logins: 0 },
      ]);
    });
  }
});
