/**
 * `types.decorated()`: a column of the application's own values stored as another type. Its DDL
 * is the stored type's on every dialect; its conversions run before the stored type's on the way
 * in and after them on the way out; rows written through it read back as the stored type on
 * another connection.
 */
import { DIALECT_NAMES } from '../../lib/dialects';
import { ArgumentError } from '../../lib/errors';
import {
  bindProcessorOf,
  column,
  compile,
  createTable,
  getDialect,
  insert,
  renderTypeDdl,
  resultProcessorOf,
  select,
  table,
  text,
  types,
  type SqlType,
} from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { expectCompiled } from './helpers';

/** An amount of money in cents, stored as a decimal string. */
class Money {
  constructor(readonly cents: number) {}
  toString(): string {
    return (this.cents / 100).toFixed(2);
  }
  static parse(text: string): Money {
    return new Money(Math.round(Number(text) * 100));
  }
}

const money = (): SqlType<Money> =>
  types.decorated<Money, string>(types.numeric(12, 2), {
    toDriver: (m) => m.toString(),
    fromDriver: (s) => Money.parse(String(s)),
    name: 'money',
  });

/** 'yes' / 'no' stored as a boolean: the stored type's own conversion (0/1 on SQLite) still applies. */
const yesNo = (): SqlType<'yes' | 'no'> =>
  types.decorated<'yes' | 'no', boolean>(types.boolean(), {
    toDriver: (v) => v === 'yes',
    fromDriver: (b) => (b ? 'yes' : 'no'),
  });

describe('types.decorated() compiled', () => {
  it.each(DIALECT_NAMES)('%s writes the stored type in DDL and CAST', (d) => {
    const dialect = getDialect(d);
    expect(renderTypeDdl(dialect.types, money())).toBe(renderTypeDdl(dialect.types, types.numeric(12, 2)));
    expect(renderTypeDdl(dialect.types, yesNo())).toBe(renderTypeDdl(dialect.types, types.boolean()));
  });

  it.each(DIALECT_NAMES)('%s converts with its own function, then the stored type’s', (d) => {
    const dialect = getDialect(d);
    const inner = bindProcessorOf(dialect.types, types.boolean());
    const outer = bindProcessorOf(dialect.types, yesNo())!;
    expect(outer('yes')).toEqual(inner === undefined ? true : inner(true));
    expect(outer('no')).toEqual(inner === undefined ? false : inner(false));
    expect(outer(null)).toBeNull();
    const read = resultProcessorOf(dialect.types, yesNo())!;
    expect(read(d === 'sqlite' || d === 'oracle' ? 1 : true)).toBe('yes');
    expect(read(null)).toBeNull();
  });

  it('binds converted values in INSERT and WHERE, on every dialect', () => {
    const prices = table('prices', {
      id: column(types.integer(), { primaryKey: true }),
      amount: column(money()),
      open: column(yesNo()),
    });
    expectCompiled(insert(prices).values({ id: 1, amount: new Money(1250), open: 'no' }), {
      postgresql: {
        sql: 'INSERT INTO "prices" ("id", "amount", "open") VALUES ($1, $2, $3)',
        params: [1, '12.50', false],
      },
      mysql: {
        sql: 'INSERT INTO `prices` (`id`, `amount`, `open`) VALUES (?, ?, ?)',
        params: [1, '12.50', false],
      },
      mariadb: {
        sql: 'INSERT INTO `prices` (`id`, `amount`, `open`) VALUES (?, ?, ?)',
        params: [1, '12.50', false],
      },
      sqlite: {
        sql: 'INSERT INTO "prices" ("id", "amount", "open") VALUES (?, ?, ?)',
        params: [1, '12.50', 0],
      },
      mssql: {
        sql: 'INSERT INTO [prices] ([id], [amount], [open]) VALUES (@p1, @p2, @p3)',
        params: [1, '12.50', false],
      },
      oracle: {
        sql: 'INSERT INTO "prices" ("id", "amount", "open") VALUES (:1, :2, :3)',
        params: [1, '12.50', 0],
      },
    });
    const where = select(prices.c.id).where(prices.c.amount.gt(new Money(1000)));
    for (const d of DIALECT_NAMES) expect(compile(where, d).params).toEqual(['10.00']);
  });

  it('a null-processing type binds null through its conversion; undefined stays NULL', () => {
    const t = table('t', {
      id: column(types.integer(), { primaryKey: true }),
      label: column(
        types.decorated<string | null, string>(types.string(20), {
          toDriver: (v) => v ?? '(none)',
          processesNull: true,
        }),
      ),
    });
    expect(compile(insert(t).values({ id: 1, label: null }), 'postgresql')).toMatchObject({
      sql: 'INSERT INTO "t" ("id", "label") VALUES ($1, $2)',
      params: [1, '(none)'],
    });
    expect(compile(insert(t).values({ id: 1, label: undefined }), 'postgresql').sql).toBe(
      'INSERT INTO "t" ("id", "label") VALUES ($1, NULL)',
    );
    // The statement cache re-binds a second statement of the same shape through the conversion too.
    expect(compile(insert(t).values({ id: 2, label: null }), 'postgresql').params).toEqual([2, '(none)']);
  });

  it('a cached statement of the same shape binds null as JSON null again (types.json({ nullAsJson }))', () => {
    const docs = table('docs', {
      id: column(types.integer(), { primaryKey: true }),
      doc: column(types.json({ nullAsJson: true }), { nullable: true }),
    });
    expect(compile(insert(docs).values({ id: 1, doc: { a: 1 } }), 'postgresql').params).toEqual([
      1,
      '{"a":1}',
    ]);
    expect(compile(insert(docs).values({ id: 2, doc: null }), 'postgresql').params).toEqual([2, 'null']);
    expect(compile(insert(docs).values({ id: 3, doc: null }), 'postgresql').params).toEqual([3, 'null']);
  });

  it('refuses a stored type that is not a type, and processesNull without toDriver', () => {
    expect(() => types.decorated(undefined as unknown as SqlType<string>, {})).toThrow(ArgumentError);
    expect(() => types.decorated(types.string(5), { processesNull: true })).toThrow(
      /processesNull needs a toDriver/,
    );
  });

  it('CREATE TABLE names the stored type', () => {
    const t = table('wallet', {
      id: column(types.integer(), { primaryKey: true }),
      balance: column(money()),
    });
    expect(compile(createTable(t), 'postgresql').sql).toBe(
      'CREATE TABLE "wallet" ("id" INTEGER GENERATED BY DEFAULT AS IDENTITY NOT NULL, "balance" NUMERIC(12, 2), PRIMARY KEY ("id"))',
    );
  });
});

describeEachDialect(
  'types.decorated() stored and read back',
  (d) => {
    const { wallets } = d.defineTables((metadata, name) => ({
      wallets: table(
        name('wallets'),
        {
          id: column(types.integer(), { primaryKey: true }),
          balance: column(money(), { nullable: true }),
          open: column(yesNo(), { nullable: true }),
        },
        { metadata },
      ),
    }));

    it('writes value objects as the stored type and reads them back as value objects', async () => {
      await d.engine.execute(
        insert(wallets).values([
          { id: 1, balance: new Money(1999), open: 'yes' },
          { id: 2, balance: null, open: 'no' },
        ]),
      );
      const rows = (await d.engine.execute(select(wallets).orderBy(wallets.c.id))).all();
      expect(rows[0]!.balance).toEqual(new Money(1999));
      expect(rows[0]!.open).toBe('yes');
      expect(rows[1]!.balance).toBeNull();
      expect(rows[1]!.open).toBe('no');
      const found = await d.engine.execute(select(wallets.c.id).where(wallets.c.balance.eq(new Money(1999))));
      expect(found.scalars()).toEqual([1]);

      const other = d.newEngine();
      const raw = (
        await other.execute(
          text(
            `SELECT balance, ${d.target === 'mysql' ? '`open`' : '"open"'} AS o FROM ${wallets.fullName} ORDER BY id`,
          ),
        )
      ).all() as { balance: unknown; o: unknown }[];
      expect(raw.map((r) => (r.balance === null ? null : Number(r.balance)))).toEqual([19.99, null]);
      expect(raw.map((r) => Boolean(Number(r.o)))).toEqual([true, false]);
    });
  },
  { sqliteFile: true },
);
