/**
 * Sequences as schema objects: CREATE / DROP SEQUENCE with their options, the next value as an
 * expression, a server default and a column's `sequence`, on all six dialects. SQLite and MySQL
 * have no sequences: every use is a SequencesNotSupportedError naming the sequence.
 */
import {
  MetaData,
  Sequence,
  column,
  compile,
  createSequence,
  createTable,
  dropSequence,
  insert,
  select,
  table,
  types,
} from '../../lib/sql';
import { ConfigurationError, SequencesNotSupportedError } from '../../lib/errors';
import { expectCompiled, same } from './helpers';

const NO_SEQUENCES = { error: /sequence '(\w+\.)?\w+': the (sqlite|mysql) dialect has no sequences/ };

describe('Sequence', () => {
  const plain = new Sequence('order_no');
  const full = new Sequence('ticket', {
    start: 100,
    increment: 5,
    minValue: 100,
    maxValue: 1000,
    cache: 20,
    cycle: true,
    schema: 'sales',
  });

  it('CREATE SEQUENCE with no options', () => {
    expectCompiled(createSequence(plain), {
      ...same(['postgresql', 'mariadb'], { sql: 'CREATE SEQUENCE "order_no"' }),
      mariadb: { sql: 'CREATE SEQUENCE `order_no`' },
      mssql: { sql: 'CREATE SEQUENCE [order_no] START WITH 1' },
      oracle: { sql: 'CREATE SEQUENCE "order_no"' },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
  });

  it('CREATE SEQUENCE with every option, schema-qualified', () => {
    const opts = ' INCREMENT BY 5 START WITH 100 MINVALUE 100 MAXVALUE 1000 CACHE 20 CYCLE';
    expectCompiled(createSequence(full), {
      postgresql: { sql: `CREATE SEQUENCE "sales"."ticket"${opts}` },
      mariadb: { sql: `CREATE SEQUENCE \`sales\`.\`ticket\`${opts}` },
      mssql: { sql: `CREATE SEQUENCE [sales].[ticket]${opts}` },
      oracle: { sql: `CREATE SEQUENCE "sales"."ticket"${opts}` },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
  });

  it('IF NOT EXISTS / IF EXISTS, emulated on SQL Server and Oracle', () => {
    expectCompiled(createSequence(plain, { ifNotExists: true }), {
      postgresql: { sql: 'CREATE SEQUENCE IF NOT EXISTS "order_no"' },
      mariadb: { sql: 'CREATE SEQUENCE IF NOT EXISTS `order_no`' },
      mssql: { sql: "IF OBJECT_ID(N'[order_no]', N'SO') IS NULL CREATE SEQUENCE [order_no] START WITH 1" },
      oracle: {
        sql: `BEGIN EXECUTE IMMEDIATE 'CREATE SEQUENCE "order_no"'; EXCEPTION WHEN OTHERS THEN IF SQLCODE != -955 THEN RAISE; END IF; END;`,
      },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
    expectCompiled(dropSequence(plain, { ifExists: true }), {
      postgresql: { sql: 'DROP SEQUENCE IF EXISTS "order_no"' },
      mariadb: { sql: 'DROP SEQUENCE IF EXISTS `order_no`' },
      mssql: { sql: 'DROP SEQUENCE IF EXISTS [order_no]' },
      oracle: {
        sql: `BEGIN EXECUTE IMMEDIATE 'DROP SEQUENCE "order_no"'; EXCEPTION WHEN OTHERS THEN IF SQLCODE != -2289 THEN RAISE; END IF; END;`,
      },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
  });

  it('a descending sequence on SQL Server gets no START WITH 1', () => {
    expect(compile(createSequence(new Sequence('down', { increment: -1 })), 'mssql').sql).toBe(
      'CREATE SEQUENCE [down] INCREMENT BY -1',
    );
  });

  it('nextValue() is an expression in each dialect’s form', () => {
    expectCompiled(select(plain.nextValue()), {
      postgresql: { sql: `SELECT nextval('"order_no"') AS "anon_1"` },
      mariadb: { sql: 'SELECT nextval(`order_no`) AS `anon_1`' },
      mssql: { sql: 'SELECT NEXT VALUE FOR [order_no] AS [anon_1]' },
      oracle: { sql: 'SELECT "order_no".NEXTVAL AS "anon_1" FROM DUAL' },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
    expectCompiled(select(full.nextValue().add(1).as('n')), {
      postgresql: { sql: `SELECT nextval('"sales"."ticket"') + $1 AS "n"`, params: [1] },
      mariadb: { sql: 'SELECT nextval(`sales`.`ticket`) + ? AS `n`', params: [1] },
      mssql: { sql: 'SELECT NEXT VALUE FOR [sales].[ticket] + @p1 AS [n]', params: [1] },
      oracle: { sql: 'SELECT "sales"."ticket".NEXTVAL + :1 AS "n" FROM DUAL', params: [1] },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
  });

  it('two sequences of one shape do not share a cached statement', () => {
    const a = new Sequence('seq_a');
    const b = new Sequence('seq_b');
    expect(compile(select(a.nextValue()), 'postgresql').sql).toBe(`SELECT nextval('"seq_a"') AS "anon_1"`);
    expect(compile(select(b.nextValue()), 'postgresql').sql).toBe(`SELECT nextval('"seq_b"') AS "anon_1"`);
  });

  it('as a server default, in CREATE TABLE', () => {
    const metadata = new MetaData();
    const seq = new Sequence('x_seq');
    const t = table(
      'a',
      {
        id: column(types.integer(), { nullable: false, serverDefault: seq.nextValue() }),
        v: column(types.integer()),
      },
      { metadata },
    );
    expect(t.c.id.sequence).toBe(seq);
    expect(metadata.allSequences).toEqual([seq]);
    expectCompiled(createTable(t), {
      postgresql: { sql: `CREATE TABLE "a" ("id" INTEGER DEFAULT nextval('"x_seq"') NOT NULL, "v" INTEGER)` },
      mariadb: {
        sql: 'CREATE TABLE `a` (`id` INTEGER DEFAULT nextval(`x_seq`) NOT NULL, `v` INTEGER) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
      },
      mssql: { sql: 'CREATE TABLE [a] ([id] INTEGER DEFAULT NEXT VALUE FOR [x_seq] NOT NULL, [v] INTEGER)' },
      oracle: { sql: 'CREATE TABLE "a" ("id" NUMBER(10) DEFAULT "x_seq".NEXTVAL NOT NULL, "v" NUMBER(10))' },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
  });

  it("a column's sequence: no identity, and an INSERT that sets nothing writes the next value", () => {
    const metadata = new MetaData();
    const seq = new Sequence('item_id_seq', { metadata });
    const items = table(
      'items',
      {
        id: column(types.integer(), { primaryKey: true, sequence: seq }),
        name: column(types.string(20)),
      },
      { metadata },
    );
    expect(items.c.id.autoincrement).toBe(false);
    expect(items.c.id.sequence).toBe(seq);
    expect(metadata.allSequences).toEqual([seq]);
    expect(compile(createTable(items), 'postgresql').sql).toBe(
      'CREATE TABLE "items" ("id" INTEGER NOT NULL, "name" VARCHAR(20), PRIMARY KEY ("id"))',
    );
    expectCompiled(insert(items).values({ name: 'x' }), {
      postgresql: {
        sql: `INSERT INTO "items" ("id", "name") VALUES (nextval('"item_id_seq"'), $1)`,
        params: ['x'],
      },
      mariadb: {
        sql: 'INSERT INTO `items` (`id`, `name`) VALUES (nextval(`item_id_seq`), ?)',
        params: ['x'],
      },
      mssql: {
        sql: 'INSERT INTO [items] ([id], [name]) VALUES (NEXT VALUE FOR [item_id_seq], @p1)',
        params: ['x'],
      },
      oracle: { sql: 'INSERT INTO "items" ("id", "name") VALUES ("item_id_seq".NEXTVAL, :1)', params: ['x'] },
      ...same(['sqlite', 'mysql'], NO_SEQUENCES),
    });
    // A value given is written as it is.
    expect(compile(insert(items).values({ id: 7, name: 'x' }), 'postgresql').sql).toBe(
      'INSERT INTO "items" ("id", "name") VALUES ($1, $2)',
    );
  });

  it('the error is typed and names the sequence', () => {
    const seq = new Sequence('s1', { schema: 'app' });
    expect(() => compile(select(seq.nextValue()), 'sqlite')).toThrow(SequencesNotSupportedError);
    try {
      compile(createSequence(seq), 'mysql');
    } catch (e) {
      expect(e).toMatchObject({ sequence: 'app.s1', dialectName: 'mysql' });
    }
    expect.assertions(2);
  });

  it('bad options raise a ConfigurationError naming the sequence and the option', () => {
    expect(() => new Sequence('s', { start: 1.5 })).toThrow(
      new ConfigurationError("sequence 's': start must be an integer, got 1.5"),
    );
    expect(() => new Sequence('s', { increment: 0 })).toThrow(/sequence 's': increment must not be 0/);
    expect(() => new Sequence('s', { minValue: 5, maxValue: 1 })).toThrow(/minValue 5 is above maxValue 1/);
    expect(() => new Sequence('s', { cache: 0 })).toThrow(/cache must be at least 1/);
    expect(() => new Sequence('')).toThrow(ConfigurationError);
    const metadata = new MetaData();
    new Sequence('dup', { metadata });
    expect(() => new Sequence('dup', { metadata })).toThrow(/MetaData already has a sequence named 'dup'/);
    expect(() =>
      table('t', { id: column(types.integer(), { sequence: 'nope' as unknown as Sequence }) }),
    ).toThrow(/column 't.id': sequence must be a Sequence/);
  });
});
