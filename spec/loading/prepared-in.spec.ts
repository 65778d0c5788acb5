/**
 * A selectin load with no options below it, and `session.load()`, bind each chunk's keys into an
 * IN select the relationship prepares once per dialect and chunk length
 * (lib/session/loading/prepared-in.ts).
 * Bound, it must give exactly the SQL and parameters of the select the generic path builds for
 * those keys, on every dialect: one-to-many with an order and a joined default below, a composite
 * key, many-to-many through a secondary table, a many-to-one.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { DIALECT_NAMES } from '../../lib/dialects';
import { inspect, Registry, type Mapper } from '../../lib/mapper';
import { compile, getDialect, select, types, type Select } from '../../lib/sql';
import { applyColumnOptions } from '../../lib/session/loading/column-options';
import { planEager } from '../../lib/session/loading/joined';
import { emptyTree } from '../../lib/session/loading/load-tree';
import { preparedIn, slotValues } from '../../lib/session/loading/prepared-in';
import { inSelectParts } from '../../lib/session/loading/relationship-loader';

const registry = new Registry();

@Table('pin_authors', { registry })
class Author {
  @Column({ primaryKey: true }) id!: number;
  @Relationship(() => Book, { backPopulates: 'author', orderBy: 'id' }) books!: Book[];
}

@Table('pin_books', { registry })
class Book {
  @Column({ primaryKey: true }) id!: number;
  @Column({ foreignKey: () => Author }) authorId!: number;
  @Column({ type: types.dateTime({ timezone: true }) }) at!: Date;
  @Relationship(() => Author, { backPopulates: 'books', lazy: 'joined' }) author!: Author | null;
  @Relationship(() => Genre, { secondary: 'pin_book_genres', backPopulates: 'books' }) genres!: Genre[];
}

@Table('pin_genres', { registry })
class Genre {
  @Column({ primaryKey: true }) id!: number;
  @Relationship(() => Book, { secondary: 'pin_book_genres', backPopulates: 'genres' }) books!: Book[];
}

@Table('pin_shelves', { registry })
class Shelf {
  @Column({ primaryKey: true, type: types.string(10) }) code!: string;
  @Column({ primaryKey: true }) num!: number;
  @Relationship(() => Slot, { backPopulates: 'shelf' }) slots!: Slot[];
}

@Table('pin_slots', {
  registry,
  foreignKeys: [{ columns: ['shelfCode', 'shelfNum'], references: () => Shelf }],
})
class Slot {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(10) }) shelfCode!: string;
  @Column() shelfNum!: number;
  @Relationship(() => Shelf, { backPopulates: 'slots' }) shelf!: Shelf | null;
}

/** The select the generic path (loadBySelectIn, then runWithTrees) runs for `keys`. */
function generic(prop: Parameters<typeof inSelectParts>[0], keys: unknown[][]): Select<readonly unknown[]> {
  const { items, where, orderBy } = inSelectParts(prop, keys);
  let stmt = select(...items).where(where) as Select<readonly unknown[]>;
  if (orderBy.length) stmt = stmt.orderBy(...orderBy.flat());
  const statement = applyColumnOptions(stmt);
  return planEager(statement, new Map([[0, emptyTree()]])).statement;
}

const propOf = (cls: object, key: string) =>
  (inspect(cls as never) as Mapper<object>).relationshipsByKey.get(key)!;

describe('the prepared IN select of a selectin load', () => {
  beforeAll(() => registry.configure());

  const cases: [string, () => ReturnType<typeof propOf>, unknown[][], unknown[][]][] = [
    [
      'one-to-many, ordered, a joined default below',
      () => propOf(Author, 'books'),
      [[1], [2], [3]],
      [[7], [9], [8]],
    ],
    [
      'composite key',
      () => propOf(Shelf, 'slots'),
      [
        ['a', 1],
        ['b', 2],
      ],
      [
        ['x', 5],
        ['a', 7],
      ],
    ],
    ['many-to-many', () => propOf(Book, 'genres'), [[1], [2]], [[4], [3]]],
    // session.load() of a reference takes the same prepared select.
    ['many-to-one', () => propOf(Book, 'author'), [[1]], [[6]]],
  ];

  for (const name of DIALECT_NAMES) {
    it.each(cases)(
      `binds keys as the generic select of them compiles (%s, ${name})`,
      (_, prop, sample, other) => {
        const dialect = getDialect(name);
        const prepared = preparedIn(prop(), dialect, sample)!;
        expect(prepared).toBeDefined();
        for (const keys of [other, sample]) {
          const bound = prepared.prepared.bind(slotValues(keys));
          expect(bound).toEqual(compile(generic(prop(), keys), name));
        }
        // Another chunk length is another statement.
        expect(preparedIn(prop(), dialect, sample.slice(1))).not.toBe(prepared);
        expect(preparedIn(prop(), dialect, other)).toBe(prepared);
      },
    );
  }
});
