// Services: each public method is a transaction (@Transactional), and the services they call
// join it — the session is ambient, not passed around or request-scoped.
import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { attrs, select, selectinload, type Session } from '../../lib';
import { InjectRepository, InjectSession, Repository, Transactional } from '../../lib/entries/nestjs';
import { Comment, Post, Tag, User } from '../express/entities';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  @Transactional()
  async create(email: string, name: string): Promise<User> {
    const user = Object.assign(new User(), { email, name });
    this.users.add(user);
    await this.users.flush(); // a duplicate email fails here: IntegrityError → 409
    return user;
  }

  @Transactional({ propagation: 'supports' })
  list(): Promise<User[]> {
    return this.users.find();
  }

  /** Joins the caller's transaction (mandatory: it makes no sense alone). */
  @Transactional({ propagation: 'mandatory' })
  async existing(id: number): Promise<User> {
    const user = await this.users.get(id);
    if (user === null) throw new UnprocessableEntityException(`user ${id} does not exist`);
    return user;
  }
}

@Injectable()
export class PostsService {
  private readonly p = attrs(Post);
  private readonly t = attrs(Tag);

  constructor(
    @InjectSession() private readonly session: Session,
    private readonly users: UsersService,
  ) {}

  @Transactional()
  async create(authorId: number, title: string, body: string, tagNames: readonly string[]): Promise<Post> {
    const author = await this.users.existing(authorId); // joins this transaction
    const names = [...new Set(tagNames)];
    const known = names.length ? await this.session.scalars(select(Tag).where(this.t.name.in(names))) : [];
    const post = Object.assign(new Post(), { title, body, author });
    post.tags = names.map(
      (name) => known.find((tag) => tag.name === name) ?? Object.assign(new Tag(), { name }),
    );
    this.session.add(post);
    await this.session.flush();
    return post;
  }

  @Transactional({ propagation: 'supports' })
  async list(tag?: string): Promise<Post[]> {
    let query = select(Post)
      .options(selectinload(this.p.author), selectinload(this.p.tags))
      .orderBy(this.p.id);
    if (tag !== undefined) query = query.where(this.p.tags.any(this.t.name.eq(tag)));
    return this.session.scalars(query);
  }

  @Transactional({ propagation: 'supports' })
  async get(id: number): Promise<Post> {
    const [post] = await this.session.scalars(
      select(Post)
        .where(this.p.id.eq(id))
        .options(selectinload(this.p.author), selectinload(this.p.tags), selectinload(this.p.comments)),
    );
    if (post === undefined) throw new NotFoundException(`post ${id} not found`);
    return post;
  }

  @Transactional()
  async remove(id: number): Promise<void> {
    this.session.delete(await this.get(id));
  }

  @Transactional()
  async comment(postId: number, authorId: number, body: string): Promise<Comment> {
    const post = await this.get(postId);
    await this.users.existing(authorId);
    const comment = Object.assign(new Comment(), { body, authorId });
    post.comments.push(comment);
    await this.session.flush();
    return comment;
  }

  @Transactional({ propagation: 'supports' })
  async tags(): Promise<string[]> {
    return (await this.session.scalars(select(Tag).orderBy(this.t.name))).map((tag) => tag.name);
  }
}
