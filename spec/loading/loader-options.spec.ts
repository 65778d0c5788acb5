/**
 * Loader options are plain values: they can be awaited, resolved and returned from async
 * functions like any object (an option with a `then` method would be taken for a promise).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, Registry } from '../../lib/mapper';
import { joinedload, LoaderOption, selectinload, subqueryload } from '../../lib/session';

const registry = new Registry();

@Table('loader_option_authors', { registry })
class Author {
  @Column({ primaryKey: true }) id!: number;
  @Relationship(() => Book, { backPopulates: 'author' }) books!: Book[];
}

@Table('loader_option_books', { registry })
class Book {
  @Column({ primaryKey: true }) id!: number;
  @Column({ foreignKey: () => Author }) authorId!: number;
  @Relationship(() => Author, { backPopulates: 'books' }) author!: Author | null;
}

describe('loader options are not thenables', () => {
  const a = attrs(Author);
  const b = attrs(Book);

  it('Promise.resolve() of an option gives the option back', async () => {
    const option = selectinload(a.books).joinedload(b.author);
    await expect(Promise.resolve(option)).resolves.toBe(option);
  });

  it('an async function can return an option', async () => {
    const pick = async (): Promise<LoaderOption> => subqueryload(a.books);
    const option = await pick();
    expect(option).toBeInstanceOf(LoaderOption);
    expect(option.toString()).toBe('subquery(Author.books)');
  });

  it('an option has no then property, chained or not', () => {
    for (const option of [joinedload(a.books), joinedload(a.books).selectinload(b.author)]) {
      expect('then' in option).toBe(false);
    }
  });
});
