import { attrs, inspect, select } from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { defineBlog, statementCounter, sessionOpener } from './fixtures';

describeEachDialect('Session cascades and flush order', (d) => {
  const { User, Post, Tag, Category, Employee } = defineBlog(d);
  const newSession = sessionOpener(d);
  const counter = statementCounter(d);
  let seq = 0;
  const email = (tag: string): string => `${tag}-${seq++}-${d.target}@cascade.example`;
  const tables = (): Record<string, string> => ({
    users: inspect(User).table.name,
    posts: inspect(Post).table.name,
    tags: inspect(Tag).table.name,
  });
  /** The table each INSERT/DELETE statement touched, in order. */
  const writes = (verb: string): string[] =>
    counter.all
      .filter((s) => s.startsWith(verb))
      .map((s) => Object.entries(tables()).find(([, t]) => s.includes(t))?.[0] ?? '?');

  it('inserts parents before children and deletes children before parents', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('order') });
    // The child is added first: the flush still orders by dependency.
    const p = Object.assign(new Post(), { title: 'child', author: u });
    session.add(p);
    expect(session.new).toEqual(expect.arrayContaining([p, u]));
    counter.start();
    await session.flush();
    counter.stop();
    expect(writes('INSERT')).toEqual(['users', 'posts']);
    expect(p.authorId).toBe(u.id);
    session.delete(u);
    counter.start();
    await session.flush();
    counter.stop();
    expect(writes('DELETE')).toEqual(['posts', 'users']);
    await session.close();
  });

  it('save-update cascades through collections and references; FKs follow object references', async () => {
    const session = newSession({ expireOnCommit: false });
    const a = Object.assign(new User(), { email: email('a') });
    const b = Object.assign(new User(), { email: email('b') });
    const p = Object.assign(new Post(), { title: 'moves' });
    a.posts = [p];
    session.add(a);
    session.add(b);
    await session.flush();
    expect(p.authorId).toBe(a.id);
    // Moving the post by reference: back-population moves it between collections too.
    p.author = b;
    await session.flush();
    expect(p.authorId).toBe(b.id);
    await session.commit();
    const check = newSession();
    const [row] = await check.scalars(select(Post).where(attrs(Post).id.eq(p.id)));
    expect(row!.authorId).toBe(b.id);
    await check.close();
    await session.close();
  });

  it('delete cascades to children, loading a collection that is not loaded', async () => {
    const session = newSession();
    const u = Object.assign(new User(), { email: email('del') });
    u.posts = [Object.assign(new Post(), { title: 'x' }), Object.assign(new Post(), { title: 'y' })];
    session.add(u);
    await session.flush();
    const ids = u.posts.map((p) => p.id);
    await session.commit();
    session.expungeAll();
    const fresh = (await session.get(User, u.id))!;
    session.delete(fresh);
    counter.start();
    await session.commit();
    counter.stop();
    expect(counter.count('DELETE')).toBe(2); // posts IN (…), then users
    expect(await session.scalars(select(Post).where(attrs(Post).id.in(ids)))).toEqual([]);
    await session.close();
  });

  it('delete-orphan deletes a member removed from its collection', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('orphan') });
    const keep = Object.assign(new Post(), { title: 'keep' });
    const drop = Object.assign(new Post(), { title: 'drop' });
    u.posts = [keep, drop];
    session.add(u);
    await session.commit();
    u.posts.splice(1, 1);
    counter.start();
    await session.commit();
    counter.stop();
    expect(counter.count('DELETE')).toBe(1);
    expect(counter.count('UPDATE')).toBe(0);
    const left = await session.scalars(select(Post).where(attrs(Post).authorId.eq(u.id)));
    expect(left.map((p) => p.title)).toEqual(['keep']);
    await session.close();
  });

  it('many-to-many: association rows follow members added and removed, in batches', async () => {
    const session = newSession({ expireOnCommit: false });
    const u = Object.assign(new User(), { email: email('m2m') });
    const [t1, t2, t3] = ['t1', 't2', 't3'].map((name) => Object.assign(new Tag(), { name }));
    const posts = [0, 1, 2].map((i) => Object.assign(new Post(), { title: `m${i}`, tags: [t1!, t2!] }));
    u.posts = posts;
    session.add(u);
    counter.start();
    await session.commit();
    counter.stop();
    // users, posts, tags, one multi-row INSERT for the six association rows.
    expect(counter.count('INSERT')).toBe(4);
    posts[0]!.tags.splice(0, 1);
    posts[1]!.tags.push(t3!);
    posts[2]!.tags.splice(0, 2);
    counter.start();
    await session.commit();
    counter.stop();
    expect(counter.count('INSERT')).toBe(2); // the tag t3, its association row
    expect(counter.count('DELETE')).toBe(1); // one DELETE for the three removed pairs
    session.expungeAll();
    const check = await session.scalars(
      select(Post)
        .where(attrs(Post).id.in(posts.map((p) => p.id)))
        .orderBy(attrs(Post).id),
    );
    const names = await Promise.all(
      check.map(async (p) => (await session.load(p!, 'tags')).map((t) => t.name).sort()),
    );
    expect(names).toEqual([['t2'], ['t1', 't2', 't3'], []]);
    // Deleting a post deletes its association rows (the table's FK cascades), not the tags.
    session.delete(check[1]!);
    await session.commit();
    const tagsLeft = await session.scalars(select(Tag).where(attrs(Tag).id.in([t1!.id, t2!.id, t3!.id])));
    expect(tagsLeft).toHaveLength(3);
    expect(
      await session.load(
        tagsLeft.find((t) => t.name === 't3')!,
        'posts',
      ),
    ).toEqual([]);
    await session.close();
  });

  it('inserts a four-level self-referential tree in one flush, level by level, and deletes it', async () => {
    const session = newSession({ expireOnCommit: false });
    const make = (name: string, children: InstanceType<typeof Category>[] = []) =>
      Object.assign(new Category(), { name: `${name}-${d.target}`, children });
    const root = make('root', [
      make('a', [make('a1', [make('a1x'), make('a1y')]), make('a2')]),
      make('b', [make('b1', [make('b1x')])]),
    ]);
    session.add(root);
    counter.start();
    await session.flush();
    counter.stop();
    expect(counter.count('INSERT')).toBe(4); // one multi-row INSERT per level
    expect(counter.count('UPDATE')).toBe(0);
    const a = root.children[0]!;
    const a1x = a.children[0]!.children[0]!;
    expect(root.parentId).toBeNull();
    expect(a.parentId).toBe(root.id);
    expect(a1x.parentId).toBe(a.children[0]!.id);
    expect(a1x.parent).toBe(a.children[0]);
    await session.commit();
    session.expungeAll();
    const fresh = (await session.get(Category, root.id))!;
    session.delete(fresh);
    counter.start();
    await session.commit();
    counter.stop();
    expect(counter.count('DELETE')).toBe(4); // leaves first, one DELETE per level
    const left = await session.scalars(select(Category).where(attrs(Category).name.like(`%-${d.target}`)));
    expect(left).toEqual([]);
    await session.close();
  });

  it('breaks a two-row cycle with postUpdate: INSERT both, then UPDATE the keys; delete clears them first', async () => {
    const session = newSession({ expireOnCommit: false });
    const ann = Object.assign(new Employee(), { name: 'ann' });
    const bob = Object.assign(new Employee(), { name: 'bob', mentor: ann });
    ann.mentor = bob;
    session.add(ann);
    counter.start();
    await session.flush();
    counter.stop();
    expect(counter.count('INSERT')).toBe(1);
    expect(counter.count('UPDATE')).toBe(1); // both keys in one CASE UPDATE
    expect(ann.mentorId).toBe(bob.id);
    expect(bob.mentorId).toBe(ann.id);
    await session.commit();
    session.expungeAll();
    const [a, b] = await session.scalars(
      select(Employee)
        .where(attrs(Employee).id.in([ann.id, bob.id]))
        .orderBy(attrs(Employee).id),
    );
    expect(a!.mentorId).toBe(b!.id);
    session.delete(a!);
    session.delete(b!);
    counter.start();
    await session.commit();
    counter.stop();
    expect(counter.count('UPDATE')).toBe(1);
    expect(counter.count('DELETE')).toBe(1);
    expect(await session.scalars(select(Employee).where(attrs(Employee).id.in([ann.id, bob.id])))).toEqual(
      [],
    );
    await session.close();
  });
});
