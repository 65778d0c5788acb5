import { Column, Relationship, Table } from '../../lib/decorators';
import { Registry } from '../../lib/mapper';
import { Session, type SessionOptions } from '../../lib/session';
import { types } from '../../lib/sql';
import type { DialectContext } from '../support/dialects';

/**
 * A blog model under unique table names, in its own registry, created before and dropped after
 * the suite: users → posts (one-to-many, delete-orphan) → tags (many-to-many), a self-referential
 * category tree, a versioned document, and employees mentoring each other (post-update cycle).
 */
export function defineBlog(d: DialectContext) {
  const registry = new Registry();
  const n = (base: string): string => d.uniqueName(base);
  const postTags = n('post_tags');

  @Table(n('users'), { registry })
  class User {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(80), unique: true }) email!: string;
    @Column({ type: types.string(50), nullable: true }) nickname!: string | null;
    @Column({ type: types.dateTime({ timezone: true }), default: () => new Date('2024-01-02T03:04:05.678Z') })
    createdAt!: Date;
    @Relationship(() => Post, {
      backPopulates: 'author',
      cascade: ['save-update', 'merge', 'delete', 'delete-orphan'],
      orderBy: 'id',
    })
    posts!: Post[];
  }

  @Table(n('posts'), { registry })
  class Post {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(200) }) title!: string;
    @Column({ foreignKey: () => User, onDelete: 'CASCADE' }) authorId!: number;
    @Relationship(() => User, { backPopulates: 'posts' }) author!: User | null;
    @Relationship(() => Tag, { secondary: postTags, backPopulates: 'posts' }) tags!: Tag[];
  }

  @Table(n('tags'), { registry })
  class Tag {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Relationship(() => Post, { secondary: postTags, backPopulates: 'tags' }) posts!: Post[];
  }

  @Table(n('categories'), { registry })
  class Category {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Column({ type: types.integer(), nullable: true, foreignKey: () => Category }) parentId!: number | null;
    @Relationship(() => Category, { backPopulates: 'children', remoteSide: ['id'] }) parent!: Category | null;
    @Relationship(() => Category, { backPopulates: 'parent', cascade: ['save-update', 'delete'] })
    children!: Category[];
  }

  @Table(n('documents'), { registry })
  class Document {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) body!: string;
    @Column({ version: true }) version!: number;
  }

  /** Two employees may mentor each other: a two-row cycle broken by `postUpdate`. */
  @Table(n('employees'), { registry })
  class Employee {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Column({ type: types.integer(), nullable: true, foreignKey: () => Employee }) mentorId!: number | null;
    @Relationship(() => Employee, { remoteSide: ['id'], postUpdate: true }) mentor!: Employee | null;
  }

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
  });
  afterAll(() => registry.metadata.dropAll(d.engine));
  return { registry, User, Post, Tag, Category, Document, Employee };
}

/** Counts the statements an engine runs, by first keyword. */
export function statementCounter(d: DialectContext) {
  const seen: string[] = [];
  let off: (() => void) | undefined;
  return {
    start(): void {
      off?.(); // a test that failed before stop() must not leave its listener counting twice
      seen.length = 0;
      off = d.engine.on('beforeExecute', (e) => seen.push(e.sql));
    },
    stop(): string[] {
      off?.();
      off = undefined;
      return [...seen];
    },
    count(prefix: string): number {
      return seen.filter((s) => s.trimStart().toUpperCase().startsWith(prefix)).length;
    },
    get all(): readonly string[] {
      return seen;
    },
  };
}

/**
 * Opens sessions on the suite's engine and closes the ones left open after each test, so a
 * failing test never holds SQLite's only connection for the next one.
 */
export function sessionOpener(d: DialectContext) {
  const open = new Set<Session>();
  afterEach(async () => {
    const left = [...open];
    open.clear();
    await Promise.all(left.map((s) => s.close()));
  });
  return (options?: SessionOptions): Session => {
    const s = new Session(d.engine, options);
    open.add(s);
    return s;
  };
}
