import { inspect } from '../../lib/mapper';
import { insert, type Table } from '../../lib/sql';
import type { DialectContext } from '../support/dialects';
import type { defineBlog } from '../session/fixtures';

type Blog = ReturnType<typeof defineBlog>;
type Row = Record<string, unknown>;

export const USERS = 100;
export const POSTS_PER_USER = 10;
export const TAGS_PER_POST = 3;
export const TAGS = 40;

/** Users whose id is a multiple of 10 have no posts. */
export const hasPosts = (userId: number): boolean => userId % 10 !== 0;

async function insertChunked(d: DialectContext, table: Table, rows: Row[]): Promise<void> {
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(Math.min(d.engine.dialect.capabilities.maxParams - 10, 2000) / perRow));
  for (let i = 0; i < rows.length; i += size) {
    await d.engine.execute(insert(table as never).values(rows.slice(i, i + size) as never));
  }
}

/**
 * Seeds 100 users × 10 posts × 3 tags with Core inserts: users 10, 20, … have no posts; 40 tags
 * shared between posts (each tag is on about 70 posts). Returns the expected counts.
 */
export async function seedGraph(d: DialectContext, blog: Blog): Promise<{ posts: number; links: number }> {
  const users: Row[] = [];
  const posts: Row[] = [];
  const tags: Row[] = [];
  const links: Row[] = [];
  const tagsProp = inspect(blog.Post).relationshipsByKey.get('tags')!;
  const secondary = tagsProp.secondary!;
  const postCol = tagsProp.pairs[0]!.dest.key;
  const tagCol = tagsProp.secondaryPairs[0]!.dest.key;
  for (let t = 1; t <= TAGS; t++) tags.push({ id: t, name: `tag-${t}` });
  let postId = 0;
  for (let u = 1; u <= USERS; u++) {
    users.push({ id: u, email: `user${u}@example.com`, nickname: u % 3 === 0 ? null : `nick${u}` });
    if (!hasPosts(u)) continue;
    for (let k = 0; k < POSTS_PER_USER; k++) {
      const id = ++postId;
      posts.push({ id, title: `post ${id} by ${u}`, authorId: u });
      for (let j = 0; j < TAGS_PER_POST; j++)
        links.push({ [postCol]: id, [tagCol]: ((id * 7 + j * 13) % TAGS) + 1 });
    }
  }
  await insertChunked(d, inspect(blog.User).table, users);
  await insertChunked(d, inspect(blog.Tag).table, tags);
  await insertChunked(d, inspect(blog.Post).table, posts);
  await insertChunked(d, secondary, links);
  return { posts: posts.length, links: links.length };
}

interface UserLike {
  id: number;
  email: string;
  posts: { id: number; title: string; authorId: number; tags: { id: number; name: string }[] }[];
}

/** A plain description of the loaded graph (tags sorted: that collection has no order_by). */
export function graphOf(users: readonly UserLike[]): unknown {
  return [...users]
    .sort((a, b) => a.id - b.id)
    .map((u) => ({
      id: u.id,
      email: u.email,
      posts: u.posts.map((p) => ({
        id: p.id,
        title: p.title,
        authorId: p.authorId,
        tags: p.tags.map((t) => `${t.id}:${t.name}`).sort(),
      })),
    }));
}
