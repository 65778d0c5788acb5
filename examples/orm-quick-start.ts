/**
 * The ORM in one file: decorated entities, a Session that batches the unit of work, explicit
 * relationship loading. Runs on in-memory SQLite: `npx ts-node --transpile-only examples/orm-quick-start.ts`
 * (also run by `npm run quickstart`).
 */
import 'reflect-metadata';
import {
  Column,
  Relationship,
  Registry,
  Table,
  attrs,
  createEngine,
  select,
  selectinload,
  sessionFactory,
  types,
  LazyLoadError,
} from '../lib';

const registry = new Registry();

@Table('authors', { registry })
class Author {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(80), unique: true }) email!: string;
  @Relationship(() => Book, {
    backPopulates: 'author',
    cascade: ['save-update', 'delete', 'delete-orphan'],
    orderBy: 'id',
  })
  books!: Book[];
}

@Table('books', { registry })
class Book {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(200) }) title!: string;
  @Column({ foreignKey: () => Author, onDelete: 'CASCADE' }) authorId!: number;
  @Relationship(() => Author, { backPopulates: 'books' }) author!: Author | null;
}

export async function ormQuickStart(): Promise<void> {
  const engine = createEngine('sqlite://');
  let statements = 0;
  engine.on('beforeExecute', () => statements++);
  const Session = sessionFactory(engine);
  try {
    await registry.metadata.createAll(engine);
    statements = 0;

    // One unit of work: two authors, five books; the flush inserts parents first, in batches.
    await Session.begin(async (session) => {
      for (const [email, titles] of [
        ['ursula@example.com', ['A Wizard of Earthsea', 'The Dispossessed', 'The Lathe of Heaven']],
        ['iain@example.com', ['Consider Phlebas', 'Excession']],
      ] as const) {
        const author = Object.assign(new Author(), { email });
        author.books = titles.map((title) => Object.assign(new Book(), { title }));
        session.add(author);
      }
    });
    console.log(
      `\nORM: 2 authors and 5 books written in ${statements} statements (BEGIN, 2 INSERTs, COMMIT)`,
    );

    // A relationship that was not loaded is never fetched behind your back: reading it throws.
    const other = Session();
    try {
      const [book] = await other.scalars(select(Book).where(attrs(Book).title.eq('Excession')));
      void book!.author;
    } catch (e) {
      if (!(e instanceof LazyLoadError)) throw e;
      console.log(`\n  LazyLoadError: ${e.message}`);
    } finally {
      await other.close(); // SQLite has one connection: give it back before the next session
    }

    const session = Session();
    const a = attrs(Author);
    const authors = await session.scalars(select(Author).options(selectinload(a.books)).orderBy(a.id));
    for (const author of authors) {
      console.log(`  ${author.email}: ${author.books.map((b) => b.title).join(', ')}`);
    }

    authors[1]!.books.pop(); // delete-orphan: the removed book is deleted at commit
    authors[0]!.email = 'le.guin@example.com';
    statements = 0;
    await session.commit();
    console.log(
      `  commit after an edit and a removal: ${statements} statements (BEGIN, UPDATE, DELETE, COMMIT)`,
    );
    await session.close();
  } finally {
    await engine.dispose();
  }
}

if (require.main === module) {
  ormQuickStart().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
