import { attrs, insert, inspect, LazyLoadError, select, update } from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, statementCounter, sessionOpener } from './fixtures';

describeEachDialect('Session identity map, autoflush and expiry', (d) => {
  const { User, Post } = defineBlog(d);
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}-${d.target}@im.example`;

  it('never hydrates a row twice: unflushed changes survive a query; populateExisting overwrites', async () => {
    const session = newSession({ expireOnCommit: false, autoflush: false });
    const u = Object.assign(new User(), { email: email('twice'), nickname: 'db' });
    session.add(u);
    await session.commit();
    u.nickname = 'memory';
    const [again] = await session.scalars(select(User).where(attrs(User).id.eq(u.id)));
    expect(again).toBe(u);
    expect(u.nickname).toBe('memory');
    expect(session.isModified(u)).toBe(true);
    await session.scalars(select(User).where(attrs(User).id.eq(u.id)), { populateExisting: true });
    // populateExisting overwrites what is unchanged; the pending change is kept.
    expect(u.nickname).toBe('memory');
    // A Core UPDATE the identity map does not know about (same connection: SQLite has one).
    await session.execute(
      update(inspect(User).table)
        .set({ email: `${u.email}.x` } as never)
        .where(attrs(User).id.eq(u.id)),
    );
    await session.scalars(select(User).where(attrs(User).id.eq(u.id)));
    expect(u.email).not.toMatch(/\.x$/);
    await session.scalars(select(User).where(attrs(User).id.eq(u.id)), { populateExisting: true });
    expect(u.email).toMatch(/\.x$/);
    await session.close();
  });

  it('get() answers from the map without a query, loads once otherwise, and null for no row', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('get') });
    session.add(u);
    await session.commit();
    session.expungeAll();
    counter.start();
    const loaded = (await session.get(User, u.id))!;
    const again = await session.get(User, { id: u.id });
    const third = await session.getOrThrow(User, [u.id]);
    counter.stop();
    expect(loaded).not.toBe(u);
    expect(again).toBe(loaded);
    expect(third).toBe(loaded);
    expect(counter.count('SELECT')).toBe(1);
    expect(await session.get(User, -1)).toBeNull();
    await expect(session.getOrThrow(User, -1)).rejects.toThrow(/no User with primary key -1/);
    // A fully NULL key matches nothing: a warning and null (SQLAlchemy's rule).
    const warnings: string[] = [];
    const off = session.on('warning', (w) => void warnings.push(w.message));
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(await session.get(User, null)).toBeNull();
    emitWarning.mockRestore();
    off();
    expect(warnings).toEqual([expect.stringMatching(/fully NULL primary key identity cannot load any User/)]);
    await session.close();
  });

  it('autoflushes before a query so the query sees pending changes; autoflush: false does not', async () => {
    const session = newSession();
    const u = Object.assign(new User(), { email: email('auto') });
    session.add(u);
    const found = await session.scalars(select(User).where(attrs(User).email.eq(u.email)));
    expect(found).toEqual([u]);
    expect(session.new).toEqual([]);
    await session.rollback();
    await session.close();

    const manual = newSession({ autoflush: false });
    const v = Object.assign(new User(), { email: email('manual') });
    manual.add(v);
    expect(await manual.scalars(select(User).where(attrs(User).email.eq(v.email)))).toEqual([]);
    expect(manual.new).toEqual([v]);
    await manual.close();
  });

  it('expires on commit; refresh() reloads columns and the relationships that were loaded', async () => {
    const session = newSession({ expireOnCommit: true });
    const u = Object.assign(new User(), { email: email('refresh') });
    u.posts = [Object.assign(new Post(), { title: 'p1' })];
    session.add(u);
    await session.commit();
    expect(() => u.email).toThrow(LazyLoadError);
    expect(() => u.email).toThrow('await session.refresh(user)');
    expect(() => u.posts).toThrow(LazyLoadError);
    counter.start();
    await session.refresh(u);
    counter.stop();
    expect(u.email).toMatch(/^refresh-/);
    expect(u.posts.map((p) => p.title)).toEqual(['p1']);
    expect(counter.count('SELECT')).toBe(2);
    await session.close();
  });

  it('expireOnCommit: false keeps values readable after commit', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('keep') });
    session.add(u);
    await session.commit();
    expect(u.email).toMatch(/^keep-/);
    await session.close();
  });

  it('expire(obj, keys) expires some attributes; refresh() discards unflushed changes', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('some'), nickname: 'n' });
    session.add(u);
    await session.commit();
    session.expire(u, ['nickname']);
    expect(u.email).toMatch(/^some-/);
    expect(() => u.nickname).toThrow(LazyLoadError);
    // get() of an expired object refreshes it.
    expect(await session.get(User, u.id)).toBe(u);
    expect(u.nickname).toBe('n');
    u.nickname = 'unflushed';
    await session.refresh(u);
    expect(u.nickname).toBe('n');
    expect(session.isModified(u)).toBe(false);
    session.expireAll();
    expect(() => u.email).toThrow(LazyLoadError);
    expect(typeof u.id).toBe('number');
    await session.close();
  });

  it('hydrates rows inserted by Core once per key and joins them to the map', async () => {
    const prefix = email('core');
    await d.engine.execute(
      insert(inspect(User).table).values(
        [0, 1, 2].map((i) => ({ email: `${prefix}-${i}`, createdAt: new Date() })) as never,
      ),
    );
    const session = newSession();
    const byLike = select(User).where(attrs(User).email.like(`${prefix}-%`));
    const first = await session.scalars(byLike.orderBy(attrs(User).email));
    const second = await session.scalars(byLike.orderBy(attrs(User).email));
    expect(first).toHaveLength(3);
    second.forEach((u, i) => expect(u).toBe(first[i]));
    expect(session.identityMap.size).toBe(3);
    await session.close();
  });
});
