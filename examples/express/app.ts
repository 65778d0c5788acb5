// A small REST API on athanor/express: every request runs in its own transaction, committed just
// before the response is sent (rolled back on an error or a 4xx/5xx status).
import express, { type NextFunction, type Request, type Response } from 'express';
import { attrs, IntegrityError, select, selectinload } from '../../lib';
import { SessionContext, sessionMiddleware } from '../../lib/entries/express';
import { Comment, Post, Tag, User } from './entities';

/** A 4xx answer with a message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function required(body: unknown, ...fields: string[]): Record<string, unknown> {
  const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const missing = fields.filter((f) => values[f] === undefined || values[f] === '');
  if (missing.length > 0) throw new HttpError(422, `missing: ${missing.join(', ')}`);
  return values;
}

function idParam(req: Request): number {
  const id = Number(req.params['id']);
  if (!Number.isInteger(id)) throw new HttpError(404, 'not found');
  return id;
}

const postJson = (post: Post) => ({
  id: post.id,
  title: post.title,
  body: post.body,
  author: { id: post.author.id, name: post.author.name },
  tags: post.tags.map((t) => t.name).sort(),
});

export function createApp(context: SessionContext): express.Express {
  const app = express();
  app.use(express.json());
  app.use(sessionMiddleware(context));
  const u = attrs(User);
  const p = attrs(Post);
  const t = attrs(Tag);

  const loadPost = async (id: number): Promise<Post> => {
    const [post] = await context.session.scalars(
      select(Post)
        .where(p.id.eq(id))
        .options(selectinload(p.author), selectinload(p.tags), selectinload(p.comments)),
    );
    if (post === undefined) throw new HttpError(404, `post ${id} not found`);
    return post;
  };

  app.post('/users', async (req, res) => {
    const { email, name } = required(req.body, 'email', 'name');
    const user = Object.assign(new User(), { email: String(email), name: String(name) });
    context.session.add(user);
    await context.session.flush(); // the id now; a duplicate email fails here (409)
    res.status(201).json(user); // COMMIT runs just before this response leaves
  });

  app.get('/users', async (_req, res) => {
    res.json(await context.session.scalars(select(User).orderBy(u.id)));
  });

  app.get('/users/:id', async (req, res) => {
    const user = await context.session.get(User, idParam(req));
    if (user === null) throw new HttpError(404, 'user not found');
    res.json(user);
  });

  app.post('/posts', async (req, res) => {
    const { authorId, title, body, tags } = required(req.body, 'authorId', 'title', 'body');
    const author = await context.session.get(User, Number(authorId));
    if (author === null) throw new HttpError(422, `author ${String(authorId)} does not exist`);
    const names = [...new Set(Array.isArray(tags) ? tags.map(String) : [])];
    const existing = names.length ? await context.session.scalars(select(Tag).where(t.name.in(names))) : [];
    const post = Object.assign(new Post(), { title: String(title), body: String(body), author });
    post.tags = names.map(
      (name) => existing.find((tag) => tag.name === name) ?? Object.assign(new Tag(), { name }),
    );
    context.session.add(post);
    await context.session.flush();
    res.status(201).json(postJson(post));
  });

  app.get('/posts', async (req, res) => {
    let query = select(Post).options(selectinload(p.author), selectinload(p.tags)).orderBy(p.id);
    if (typeof req.query['tag'] === 'string') query = query.where(p.tags.any(t.name.eq(req.query['tag'])));
    res.json((await context.session.scalars(query)).map(postJson));
  });

  app.get('/posts/:id', async (req, res) => {
    const post = await loadPost(idParam(req));
    res.json({
      ...postJson(post),
      comments: post.comments.map((c) => ({ id: c.id, body: c.body, authorId: c.authorId })),
    });
  });

  app.delete('/posts/:id', async (req, res) => {
    const post = await loadPost(idParam(req));
    context.session.delete(post);
    res.status(204).end();
  });

  app.post('/posts/:id/comments', async (req, res) => {
    const post = await loadPost(idParam(req));
    const { authorId, body } = required(req.body, 'authorId', 'body');
    if ((await context.session.get(User, Number(authorId))) === null)
      throw new HttpError(422, 'unknown author');
    const comment = Object.assign(new Comment(), { body: String(body), authorId: Number(authorId) });
    post.comments.push(comment);
    await context.session.flush();
    res.status(201).json({ id: comment.id, body: comment.body, postId: post.id });
  });

  app.get('/tags', async (_req, res) => {
    res.json((await context.session.scalars(select(Tag).orderBy(t.name))).map((tag) => tag.name));
  });

  // Errors become statuses; the middleware rolls back every 4xx and 5xx.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) res.status(err.status).json({ error: err.message });
    else if (err instanceof IntegrityError) res.status(409).json({ error: 'conflicts with existing data' });
    else res.status(500).json({ error: 'internal error' });
  });
  return app;
}
