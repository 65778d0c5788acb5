import { attrs, func, select, Session } from '../../lib';
import { describeEachDialect } from '../support/dialects';
import { defineBlog } from '../session/fixtures';
import { seedGraph } from './graph';

describeEachDialect('ORM rows of column selects, by position and by key', (d) => {
  const blog = defineBlog(d);
  const { User } = blog;
  const u = attrs(User);
  const p = attrs(blog.Post);
  const open: Session[] = [];
  const newSession = (): Session => {
    const s = new Session(d.engine);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  beforeAll(async () => {
    await seedGraph(d, blog);
  });

  it('columns are read by their attribute key; the row stays a tuple', async () => {
    const rows = (await newSession().execute(select(u.id, u.email).where(u.id.le(2)).orderBy(u.id))).all();
    expect(rows.map((r) => [r.id, r.email])).toEqual([
      [1, 'user1@example.com'],
      [2, 'user2@example.com'],
    ]);
    expect(rows[0]![1]).toBe(rows[0]!.email);
    // The names are not own properties: the row compares, spreads and serializes as a tuple.
    expect(rows[0]).toStrictEqual([1, 'user1@example.com']);
    expect(Object.keys(rows[0]!)).toEqual(['0', '1']);
    expect(JSON.stringify(rows[0])).toBe('[1,"user1@example.com"]');
    const [id, email] = rows[1]!;
    expect([id, email]).toEqual([2, 'user2@example.com']);
  });

  it('entities with labeled aggregates: the label names the value', async () => {
    const rows = (
      await newSession().execute(
        select(User, func.count(p.id).as('postCount'))
          .join(u.posts)
          .where(u.id.le(2))
          .groupBy(u.id)
          .orderBy(u.id),
      )
    ).all();
    expect(rows.map((r) => [r[0].id, Number(r.postCount)])).toEqual([
      [1, 10],
      [2, 10],
    ]);
    expect(rows[0]![0]).toBeInstanceOf(User);
  });

  it('one-column selects name their rows too (first(), one(), unique())', async () => {
    const result = await newSession().execute(select(u.nickname).where(u.id.le(4)).orderBy(u.id));
    expect(result.first()!.nickname).toBe('nick1');
    expect(result.all().map((r) => r.nickname)).toEqual(['nick1', 'nick2', null, 'nick4']);
    expect(
      result
        .unique()
        .all()
        .map((r) => r.nickname),
    ).toEqual(['nick1', 'nick2', null, 'nick4']);
    expect(result.scalars()).toEqual(['nick1', 'nick2', null, 'nick4']);
  });

  it('the first of two items sharing a key keeps it; a key an array has is left to the array', async () => {
    const rows = (
      await newSession().execute(select(u.id, p.id, p.title.as('length')).join(u.posts).where(p.id.eq(11)))
    ).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(2);
    expect(rows[0]![1]).toBe(11);
    expect(rows[0]!.length).toBe(3);
  });

  it('streamed rows are named the same way', async () => {
    const seen: string[] = [];
    for await (const row of newSession().stream(select(u.id, u.email).where(u.id.le(3)).orderBy(u.id)))
      seen.push(`${row.id}:${row.email}`);
    expect(seen).toEqual(['1:user1@example.com', '2:user2@example.com', '3:user3@example.com']);
  });

  it('selects built apart that name the same columns at the same places share one row class', async () => {
    const s = newSession();
    const byId = (id: number) => select(u.id, u.email).where(u.id.eq(id));
    const rowOf = async (id: number) => (await s.execute(byId(id))).first()!;
    const a = await rowOf(1);
    const b = await rowOf(2);
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    // Other names, or the same names elsewhere, make rows of their own kind.
    const swapped = (await s.execute(select(u.email, u.id).where(u.id.eq(1)))).first()!;
    expect(Object.getPrototypeOf(swapped)).not.toBe(Object.getPrototypeOf(a));
    expect([swapped.email, swapped.id, b.email, b.id]).toEqual([
      'user1@example.com',
      1,
      'user2@example.com',
      2,
    ]);
  });
});
