import { Column, Relationship, Table } from '../../lib/decorators';
import { Registry } from '../../lib/mapper';
import { types } from '../../lib/sql';
import type { DialectContext } from '../support/dialects';

/**
 * Whether this file was compiled with `useDefineForClassFields` (the jest project says so, and
 * `compiled-semantics.spec.ts` checks it against what the compiled code does).
 */
export const DEFINE_CLASS_FIELDS =
  (globalThis as { DEFINE_CLASS_FIELDS?: boolean }).DEFINE_CLASS_FIELDS === true;

/** `useDefineForClassFields: true` or `false`, for test titles. */
export const fieldsMode = `useDefineForClassFields: ${DEFINE_CLASS_FIELDS}`;

/** How many times field initializers ran: loading rows must never run them. */
export const initializerRuns = { createdAt: 0 };

export const CREATED_AT = new Date('2024-05-06T07:08:09.000Z');

function stamp(): Date {
  initializerRuns.createdAt++;
  return new Date(CREATED_AT);
}

/**
 * Entities written the way `tsc --init` and framework starters lead people to write them: field
 * initializers for columns and collections, a constructor, an unmapped field, single-table and
 * joined inheritance, and a class mapped with `registry.map()` instead of decorators. Compiled by
 * both jest projects: once with class fields as assignments, once as own-property definitions.
 */
export function defineLibrary(d: DialectContext) {
  const registry = new Registry();
  const n = (base: string): string => d.uniqueName(base);
  const bookTags = n('book_tags');

  @Table(n('authors'), { registry })
  class Author {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(80) }) email!: string;
    @Column({ type: types.string(50), nullable: true }) nickname!: string | null;
    @Column({ type: types.dateTime({ timezone: true }) }) createdAt = stamp();
    @Column({ type: types.integer() }) rating = 3;
    @Relationship(() => Book, { backPopulates: 'author', cascade: 'all, delete-orphan', orderBy: 'id' })
    books: Book[] = [];
    /** Not mapped: an own property under both settings. */
    note = 'unmapped';

    constructor(email?: string) {
      if (email !== undefined) this.email = email;
    }
  }

  @Table(n('books'), { registry })
  class Book {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(200) }) title!: string;
    @Column({ type: types.string(200), nullable: true }) subtitle!: string | null;
    @Column({ foreignKey: () => Author, onDelete: 'CASCADE' }) authorId!: number;
    @Relationship(() => Author, { backPopulates: 'books' }) author!: Author | null;
    @Relationship(() => Tag, { secondary: bookTags, backPopulates: 'books' }) tags: Tag[] = [];
  }

  @Table(n('tags'), { registry })
  class Tag {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(50) }) name!: string;
    @Relationship(() => Book, { secondary: bookTags, backPopulates: 'tags' }) books: Book[] = [];
  }

  @Table(n('staff'), { registry, polymorphicOn: 'kind', polymorphicIdentity: 'staff' })
  class Staff {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(20) }) kind!: string;
    @Column({ type: types.string(50) }) name!: string;
  }

  /** Single-table inheritance: its column lives in the staff table. */
  @Table({ registry, polymorphicIdentity: 'manager' })
  class Manager extends Staff {
    @Column({ type: types.integer(), nullable: true }) level = 1;
  }

  /** Joined-table inheritance: its own table, keyed by the staff row. */
  @Table(n('engineers'), { registry, polymorphicIdentity: 'engineer' })
  class Engineer extends Staff {
    @Column({ type: types.string(30) }) language = 'typescript';
  }

  /** Mapped without decorators: nothing wraps its constructor. */
  class Memo {
    id!: number;
    body!: string;
  }
  registry.map(Memo, {
    table: { name: n('memos') },
    columns: new Map([
      ['id', { primaryKey: true, type: types.integer() }],
      ['body', { type: types.string(100) }],
    ]),
    relationships: new Map(),
  });

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(d.engine);
  });
  afterAll(() => registry.metadata.dropAll(d.engine));
  return { registry, Author, Book, Tag, Staff, Manager, Engineer, Memo };
}
