/**
 * Statement counts and wall times of each loading strategy on the 100 users × 10 posts × 3 tags
 * graph (not a test: a script). Run:
 *   npx ts-node --transpile-only bench/loading-strategies.ts [url]
 * Default URL: postgresql://postgres@127.0.0.1:5432/test.
 */
import 'reflect-metadata';
import { Column, Relationship, Table } from '../lib/decorators';
import { createEngine } from '../lib';
import { attrs, inspect, Registry } from '../lib/mapper';
import { insert, select, types } from '../lib/sql';
import { joinedload, selectinload, subqueryload, Session, type LoaderOption } from '../lib/session';

const registry = new Registry();
const suffix = `m${process.pid}`;

@Table(`users_${suffix}`, { registry })
class User {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(80) }) email!: string;
  @Relationship(() => Post, { backPopulates: 'author', orderBy: 'id' }) posts!: Post[];
}
@Table(`posts_${suffix}`, { registry })
class Post {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(200) }) title!: string;
  @Column({ foreignKey: () => User }) authorId!: number;
  @Relationship(() => User, { backPopulates: 'posts' }) author!: User | null;
  @Relationship(() => Tag, { secondary: `post_tags_${suffix}`, backPopulates: 'posts' }) tags!: Tag[];
}
@Table(`tags_${suffix}`, { registry })
class Tag {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(50) }) name!: string;
  @Relationship(() => Post, { secondary: `post_tags_${suffix}`, backPopulates: 'tags' }) posts!: Post[];
}

async function main(): Promise<void> {
  const url = process.argv[2] ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const engine = createEngine(url);
  registry.configure();
  await registry.metadata.createAll(engine);
  try {
    const users: Record<string, unknown>[] = [];
    const posts: Record<string, unknown>[] = [];
    const links: Record<string, unknown>[] = [];
    const tagsProp = inspect(Post).relationshipsByKey.get('tags')!;
    for (let u = 1; u <= 100; u++) {
      users.push({ id: u, email: `user${u}@example.com` });
      if (u % 10 === 0) continue;
      for (let k = 0; k < 10; k++) {
        const id: number = posts.length + 1;
        posts.push({ id, title: `post ${id}`, authorId: u });
        for (let j = 0; j < 3; j++)
          links.push({
            [tagsProp.pairs[0]!.dest.key]: id,
            [tagsProp.secondaryPairs[0]!.dest.key]: ((id * 7 + j * 13) % 40) + 1,
          });
      }
    }
    const tags = [...Array(40)].map((_, i) => ({ id: i + 1, name: `tag-${i + 1}` }));
    await engine.execute(insert(inspect(User).table as never).values(users as never));
    await engine.execute(insert(inspect(Tag).table as never).values(tags as never));
    await engine.execute(insert(inspect(Post).table as never).values(posts as never));
    await engine.execute(insert(tagsProp.secondary! as never).values(links as never));

    const u = attrs(User);
    const p = attrs(Post);
    const cases: [string, () => LoaderOption[] | 'explicit'][] = [
      ['selectinload(u.posts, p.tags)', () => [selectinload(u.posts, p.tags)]],
      ['joinedload(u.posts, p.tags)', () => [joinedload(u.posts, p.tags)]],
      ['subqueryload(u.posts, p.tags)', () => [subqueryload(u.posts, p.tags)]],
      ['selectinload(u.posts).joinedload(p.tags)', () => [selectinload(u.posts).joinedload(p.tags)]],
      ['joinedload(u.posts).selectinload(p.tags)', () => [joinedload(u.posts).selectinload(p.tags)]],
      ['explicit session.load() batches', () => 'explicit'],
    ];
    const ROUNDS = 25;
    const rows: string[] = [];
    for (const [name, make] of cases) {
      const times: number[] = [];
      let statements = 0;
      for (let r = 0; r < ROUNDS + 3; r++) {
        let count = 0;
        const off = engine.on('beforeExecute', () => count++);
        const session = new Session(engine);
        const started = process.hrtime.bigint();
        const opts = make();
        let loaded: User[];
        if (opts === 'explicit') {
          loaded = await session.scalars(select(User).orderBy(u.id));
          await Promise.all(loaded.map((x) => session.load(x, 'posts')));
          await Promise.all(loaded.flatMap((x) => x.posts).map((x) => session.load(x, 'tags')));
        } else {
          loaded = await session.scalars(
            select(User)
              .orderBy(u.id)
              .options(...opts),
          );
        }
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        off();
        const total = loaded.reduce((n, x) => n + x.posts.reduce((m, y) => m + y.tags.length, 0), 0);
        if (loaded.length !== 100 || total !== 2700)
          throw new Error(`${name}: wrong graph (${loaded.length}, ${total})`);
        await session.close();
        if (r >= 3) times.push(ms); // 3 warm-up rounds
        statements = count;
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      rows.push(`| ${name} | ${statements} | ${median.toFixed(1)} | ${times[0]!.toFixed(1)} |`);
    }
    console.log(`PostgreSQL ${url}, ${ROUNDS} rounds after 3 warm-ups, fresh session per round`);
    console.log('| strategy | statements | median ms | min ms |');
    console.log('|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    await registry.metadata.dropAll(engine);
    await engine.dispose();
  }
}

void main();
