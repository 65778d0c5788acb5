import { attrs, select } from '../../lib';
import { rowsPerPage } from '../../lib/session/flush/batches';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, sessionOpener, statementCounter } from './fixtures';

describeEachDialect('Session batching (statement counts)', (d) => {
  const { User, Post } = defineBlog(d);
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  let seq = 0;
  const prefix = (tag: string): string => `${tag}-${seq++}-${d.target}`;

  /** INSERT pages for `rows` rows of `params` bound values each on this dialect. */
  const pagesFor = (rows: number, params: number): number =>
    Math.ceil(rows / rowsPerPage(d.engine.dialect.capabilities, params));

  it('1,000 users with 3 posts each: one multi-row INSERT … RETURNING page per table, plus BEGIN/COMMIT', async () => {
    const session = newSession();
    const p = prefix('bulk');
    for (let i = 0; i < 1000; i++) {
      const u = Object.assign(new User(), { email: `${p}-${i}@b.example` });
      u.posts = [0, 1, 2].map((j) => Object.assign(new Post(), { title: `t${i}.${j}` }));
      session.add(u);
    }
    counter.start();
    await session.commit();
    const all = counter.stop();
    // users: email, nickname, createdAt; posts: title, authorId.
    const inserts = pagesFor(1000, 3) + pagesFor(3000, 2);
    expect(counter.count('INSERT')).toBe(inserts);
    expect(inserts).toBe(2); // every dialect here fits each table in one page
    expect(all).toHaveLength(inserts + 2);
    expect(all[0]).toMatch(/^(BEGIN|START TRANSACTION)/);
    expect(all.at(-1)).toMatch(/^COMMIT/);
    expect(all.filter((s) => s.startsWith('INSERT')).every((s) => /RETURNING/.test(s))).toBe(true);
    const check = newSession();
    const posts = await check.scalars(select(Post).where(attrs(Post).title.eq('t999.2')));
    expect(posts).toHaveLength(1);
    const owner = (await check.get(User, posts[0]!.authorId))!;
    expect(owner.email).toBe(`${p}-999@b.example`);
  });

  it('changing one column on 1,000 loaded objects runs one CASE UPDATE page, not 1,000', async () => {
    const p = prefix('upd');
    const setup = newSession();
    setup.addAll(
      Array.from({ length: 1000 }, (_, i) => Object.assign(new User(), { email: `${p}-${i}@u.example` })),
    );
    await setup.commit();
    await setup.close();
    const session = newSession();
    const users = await session.scalars(select(User).where(attrs(User).email.like(`${p}-%`)));
    expect(users).toHaveLength(1000);
    users.forEach((u, i) => (u.nickname = `n${i}`));
    counter.start();
    await session.commit();
    counter.stop();
    // Each row binds its key twice (CASE branch, WHERE) and its value once.
    expect(counter.count('UPDATE')).toBe(pagesFor(1000, 3));
    expect(counter.count('UPDATE')).toBe(1);
    const check = newSession();
    const [u500] = await check.scalars(select(User).where(attrs(User).email.eq(`${p}-500@u.example`)));
    expect(u500!.nickname).toBe(`n${users.indexOf(users.find((u) => u.id === u500!.id)!)}`);
  });

  it('deletes 1,000 objects with DELETE … WHERE id IN (…) pages', async () => {
    const p = prefix('del');
    const session = newSession({ expireOnCommit: false });
    const users = Array.from({ length: 1000 }, (_, i) =>
      Object.assign(new User(), { email: `${p}-${i}@d.example` }),
    );
    session.addAll(users);
    await session.commit();
    users.forEach((u) => session.delete(u));
    counter.start();
    await session.commit();
    counter.stop();
    // User.posts cascades deletes: one SELECT loads the (empty) collections, one DELETE per page.
    expect(counter.count('DELETE')).toBe(1);
    expect(counter.count('SELECT')).toBe(1);
    expect(counter.all.find((s) => s.startsWith('DELETE'))).toMatch(/ IN \(/);
  });

  it('rows that give different column sets go out as one INSERT per set', async () => {
    const p = prefix('sets');
    const session = newSession();
    session.addAll([
      Object.assign(new User(), { email: `${p}-a@s.example` }),
      Object.assign(new User(), { email: `${p}-b@s.example`, nickname: 'b' }),
      Object.assign(new User(), { id: 900_000 + seq, email: `${p}-c@s.example` }),
    ]);
    counter.start();
    await session.commit();
    counter.stop();
    // a and b share a column set (an unset nullable column is sent as NULL); c gives its own key.
    expect(counter.count('INSERT')).toBe(2);
  });
});
