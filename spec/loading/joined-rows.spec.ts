import { attrs, executeBulk, joinedload, ormUpdate, select, selectinload, Session } from '../../lib';
import { instanceState } from '../../lib/mapper';
import { OrmResult } from '../../lib/session/orm-result';
import { describeEachDialect } from '../support/dialects';
import { defineBlog } from '../session/fixtures';
import { hasPosts, POSTS_PER_USER, seedGraph, TAGS_PER_POST } from './graph';

/**
 * The rows of a joined collection repeat the parent once per child: hydration reuses the previous
 * row's object for a repeated key, and de-duplicates the parents of a one-item select without a
 * tuple per row. These pin down what that must keep.
 */
describeEachDialect('joined collection rows', (d) => {
  const blog = defineBlog(d);
  const { User, Post } = blog;
  const u = attrs(User);
  const p = attrs(Post);
  const open: Session[] = [];
  const newSession = (options?: ConstructorParameters<typeof Session>[1]): Session => {
    const s = new Session(d.engine, options);
    open.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  beforeAll(async () => {
    await seedGraph(d, blog);
  });

  it('a one-item select returns each parent once, as execute() rows and as scalars', async () => {
    const s = newSession();
    const stmt = select(User).where(u.id.le(12)).orderBy(u.id).options(joinedload(u.posts));
    const users = await s.scalars(stmt);
    expect(users.map((x) => x.id)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const rows = (await s.execute(stmt)).all();
    expect(rows.map(([x]) => x)).toEqual(users);
    for (const user of users) {
      expect(user.posts).toHaveLength(hasPosts(user.id) ? POSTS_PER_USER : 0);
      for (const post of user.posts) expect(post.author).toBe(user);
    }
  });

  it('a two-item select keeps one row per distinct (parent, value) pair', async () => {
    const s = newSession();
    const rows = (
      await s.execute(select(User, u.email).where(u.id.le(3)).orderBy(u.id).options(joinedload(u.posts)))
    ).all();
    expect(rows.map(([x, email]) => [x.id, email])).toEqual([
      [1, rows[0]![0].email],
      [2, rows[1]![0].email],
      [3, rows[2]![0].email],
    ]);
    expect(rows[0]![0].posts).toHaveLength(POSTS_PER_USER);
  });

  it('refreshes an expired parent from its first row and keeps it for the repeats', async () => {
    const s = newSession({ autoflush: false });
    const [x] = await s.scalars(select(User).where(u.id.eq(4)));
    await executeBulk(s, ormUpdate(User).where(u.id.eq(4)).values({ nickname: 'renamed' }), {
      synchronizeSession: false,
    });
    s.expire(x!, ['nickname']);
    const [again] = await s.scalars(select(User).where(u.id.eq(4)).options(joinedload(u.posts)));
    expect(again).toBe(x);
    expect(x!.nickname).toBe('renamed');
    expect(x!.posts).toHaveLength(POSTS_PER_USER);
    await s.rollback();
  });

  it('populateExisting overwrites a parent read from many joined rows', async () => {
    const s = newSession({ autoflush: false });
    const [x] = await s.scalars(select(User).where(u.id.eq(7)).options(joinedload(u.posts)));
    await executeBulk(s, ormUpdate(User).where(u.id.eq(7)).values({ nickname: 'again' }), {
      synchronizeSession: false,
    });
    await s.scalars(select(User).where(u.id.eq(7)).options(joinedload(u.posts)));
    expect(x!.nickname).toBe('nick7');
    await s.scalars(select(User).where(u.id.eq(7)).options(joinedload(u.posts)), { populateExisting: true });
    expect(x!.nickname).toBe('again');
    await s.rollback();
  });

  it('still post-loads below a joined collection when an option asks for it', async () => {
    const s = newSession();
    const users = await s.scalars(
      select(User).where(u.id.le(2)).orderBy(u.id).options(joinedload(u.posts).selectinload(p.tags)),
    );
    for (const user of users) {
      for (const post of user.posts) expect(instanceState(post).isLoaded('tags')).toBe(true);
      expect(user.posts[0]!.tags).toHaveLength(TAGS_PER_POST);
    }
  });

  it('leaves the children of a joined collection alone when nothing below is asked for', async () => {
    const s = newSession();
    const [user] = await s.scalars(select(User).where(u.id.eq(1)).options(joinedload(u.posts)));
    for (const post of user!.posts) expect(instanceState(post).isLoaded('tags')).toBe(false);
    // selectinload under a joined load of the same level is unaffected.
    const [other] = await s.scalars(select(User).where(u.id.eq(2)).options(selectinload(u.posts)));
    expect(other!.posts).toHaveLength(POSTS_PER_USER);
  });
});

describe('OrmResult.unique() of one-value rows', () => {
  it('keeps the first of each object and of each equal scalar, in order', () => {
    const a = { n: 1 };
    const b = { n: 2 };
    const column = OrmResult.ofColumn<[unknown]>([a, a, b, a, null, null, 3, '3', 3, b]);
    expect(column.unique().scalars()).toEqual([a, b, null, 3, '3']);
    expect(column.unique().scalars()[0]).toBe(a);
    const tuples = new OrmResult<[unknown]>([[a], [a], [b], [null], [null], [3], ['3'], [3]]);
    expect(tuples.unique().scalars()).toEqual(column.unique().scalars());
  });
});
