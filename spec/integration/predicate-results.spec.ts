import { and, column, exists, insert, not, or, select, table, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/**
 * A comparison (or any predicate) in a select list reads back as a boolean on every database, as
 * SQLAlchemy types it Boolean: MySQL and SQLite give 1/0 for it, PostgreSQL true/false. A NULL
 * result stays null.
 */
describeEachDialect(
  'predicates in a select list read back as booleans',
  (d) => {
    const { users } = d.defineTables((metadata, name) => ({
      users: table(
        name('pred_users'),
        {
          id: column(types.integer(), { primaryKey: true }),
          name: column(types.string(20), { nullable: true }),
        },
        { metadata },
      ),
    }));
    beforeAll(() =>
      d.engine.execute(
        insert(users).values([
          { id: 1, name: 'ann' },
          { id: 2, name: null },
        ]),
      ),
    );
    const c = users.c;

    it('comparisons, LIKE, IN, IS NULL, BETWEEN, EXISTS and their AND/OR/NOT come back as true/false', async () => {
      const row = (
        await d
          .newEngine()
          .execute(
            select(
              c.id.eq(1),
              c.id.ne(1),
              c.id.lt(2),
              c.name.like('a%'),
              c.id.in([1, 3]),
              c.name.isNull(),
              c.id.between(0, 5),
              exists(select(users.c.id).where(c.id.eq(2))),
              and(c.id.eq(1), c.name.eq('ann')),
              or(c.id.eq(2), c.name.eq('bob')),
              not(c.id.eq(1)),
            ).where(c.id.eq(1)),
          )
      ).all()[0];
      expect(Object.values(row!)).toEqual([
        true,
        false,
        true,
        true,
        true,
        false,
        true,
        true,
        true,
        false,
        false,
      ]);
    });

    it('a comparison with NULL stays null; an arithmetic expression stays a number', async () => {
      const rows = (await d.engine.execute(select(c.id, c.name.eq('ann'), c.id.add(1)).orderBy(c.id))).all();
      expect(rows.map((r) => Object.values(r))).toEqual([
        [1, true, 2],
        [2, null, 3],
      ]);
    });
  },
  // Oracle and SQL Server take no predicate as a select-list value.
  { only: ['sqlite', 'postgresql', 'mysql', 'mysql8'], sqliteFile: true },
);
