/**
 * Type-level tests: compiled by `tsc --noEmit -p .` (run first by `npm test`), never executed.
 * Each `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
 */
import { column, func, insert, select, table, types, update, type RowObject } from '../../lib/sql';

const users = table('users', {
  id: column(types.integer(), { primaryKey: true }),
  name: column(types.string(50), { nullable: false }),
  email: column(types.string(100)),
  born: column(types.date()),
  balance: column(types.numeric(10, 2)),
  visits: column(types.bigInteger()),
  role: column(types.enum(['admin', 'user'])),
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T => true as T;

// Comparisons take the column's value type.
users.c.name.eq('sandy');
users.c.id.in([1, 2]);
users.c.email.eq(null);
// @ts-expect-error a string column is not compared with a number
users.c.name.eq(5);
// @ts-expect-error nor an integer column with a string
users.c.id.gt('5');
// @ts-expect-error in() lists values of the column's type
users.c.id.in(['a']);
// @ts-expect-error like() is for strings only
users.c.id.like('1%');
// @ts-expect-error arithmetic is for numbers only
users.c.name.add(1);
// @ts-expect-error an enum column takes only its values
users.c.role.eq('guest');
users.c.role.eq('admin');

// Nullability: primary keys and nullable: false are non-null; everything else may be null.
assert<Equal<(typeof users.c.id)['__value'], number | undefined>>();
assert<Equal<NonNullable<(typeof users.c.name)['__value']>, string>>();
type EmailValue = typeof users.c.email extends { __value?: infer T } ? T : never;
assert<Equal<EmailValue, string | null>>();

// Rows of a SELECT are typed by key.
const _q = select(users.c.id, users.c.email, func.count().as('n'));
type Row = NonNullable<(typeof _q)['__row']>;
assert<Equal<Row, { id: number; email: string | null; n: number }>>();
type Whole = RowObject<[typeof users]>;
assert<Equal<Whole['balance'], string | null>>();
assert<Equal<Whole['visits'], bigint | null>>();
assert<Equal<Whole['born'], string | null>>();
// @ts-expect-error no such key in the row
const missing: Row['nope'] = 1;
void missing;

// INSERT / UPDATE values are typed by column key.
insert(users).values({ name: 'sandy', email: null });
insert(users).values([{ name: 'a' }, { name: 'b', visits: 10n }]);
// @ts-expect-error name is a string
insert(users).values({ name: 5 });
// @ts-expect-error no column called nickname
insert(users).values({ nickname: 'x' });
// @ts-expect-error visits is a bigint by default
insert(users).values({ name: 'a', visits: 'ten' });
update(users).set({ name: users.c.name.concat('!') });
// @ts-expect-error an expression of the wrong type
update(users).set({ name: users.c.id });

// RETURNING types its rows.
const _ins = insert(users).values({ name: 'a' }).returning(users.c.id, users.c.name);
assert<Equal<NonNullable<(typeof _ins)['__row']>, { id: number; name: string }>>();
