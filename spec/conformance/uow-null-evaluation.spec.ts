/**
 * Which value an INSERT writes for an attribute that was given no value, and for one given null,
 * with and without a client-side default — ported from SQLAlchemy's
 * test/orm/test_unitofworkv2.py (NullEvaluatingTest), on a class whose attributes are named as
 * their columns and on one whose attributes are named otherwise.
 *
 * Adaptation: Python has one "no value" (None); JavaScript has two. SQLAlchemy writes None as "no
 * value" (the column default applies, or NULL) unless the type `evaluates_none()`, when it writes
 * NULL. Athanor reads `undefined` as "no value" and `null` as the SQL NULL, so the tests of plain
 * types assign `undefined` and the tests of `evaluates_none()` types assign `null` — every type
 * evaluates null. SQLAlchemy's TypeDecorator that turns None into a string is a decorated type
 * whose `toDriver` processes null (`types.decorated(…, { processesNull: true })`): assigning
 * `null` writes its string, leaving the attribute out writes nothing (NULL or the default).
 * SQLAlchemy's bulk_insert_mappings forms are ORM bulk INSERTs of parameter sets
 * (`executeBulk(session, ormInsert(Thing), { parameters })`), with the same expectations.
 */
import { Column, Table } from '../../lib/decorators';
import { attrs } from '../../lib/mapper';
import { executeBulk, ormInsert } from '../../lib/session';
import { select, types, type Column as CoreColumn, type SqlType } from '../../lib/sql';
import { conformanceSuite } from './support';

type Attr = 'noDefault' | 'withDefault' | 'evalsNullNoDefault' | 'evalsNullDefault';

/** Writes null as the string 'nothing' (SQLAlchemy's EvalsNull TypeDecorator). */
const evalsNull = (): SqlType<string | null> =>
  types.decorated<string | null, string>(types.string(50), {
    toDriver: (v) => v ?? 'nothing',
    processesNull: true,
  });

conformanceSuite('test_unitofworkv2.py NullEvaluatingTest', (c) => {
  const { Thing, AltNameThing } = c.entities((registry, name) => {
    @Table(name('test'), { registry })
    class Thing {
      @Column({ primaryKey: true }) id!: number;
      @Column({ name: 'no_default', type: types.string(50), nullable: true }) noDefault?: string | null;
      @Column({ name: 'with_default', type: types.string(50), nullable: true, default: 'default_val' })
      withDefault?: string | null;
      @Column({ name: 'evals_null_no_default', type: evalsNull(), nullable: true })
      evalsNullNoDefault?: string | null;
      @Column({ name: 'evals_null_default', type: evalsNull(), nullable: true, default: 'default_val' })
      evalsNullDefault?: string | null;
    }
    @Table(name('test_w_renames'), { registry })
    class AltNameThing {
      @Column({ primaryKey: true }) id!: number;
      @Column({ name: 'no_default', type: types.string(50), nullable: true }) fooNoDefault?: string | null;
      @Column({ name: 'with_default', type: types.string(50), nullable: true, default: 'default_val' })
      fooWithDefault?: string | null;
      @Column({ name: 'evals_null_no_default', type: evalsNull(), nullable: true })
      fooEvalsNullNoDefault?: string | null;
      @Column({ name: 'evals_null_default', type: evalsNull(), nullable: true, default: 'default_val' })
      fooEvalsNullDefault?: string | null;
    }
    return { Thing, AltNameThing };
  });
  afterEach(() => c.clear(Thing, AltNameThing));

  const renamed = {
    noDefault: 'fooNoDefault',
    withDefault: 'fooWithDefault',
    evalsNullNoDefault: 'fooEvalsNullNoDefault',
    evalsNullDefault: 'fooEvalsNullDefault',
  } as const;
  const columnNames = {
    noDefault: 'no_default',
    withDefault: 'with_default',
    evalsNullNoDefault: 'evals_null_no_default',
    evalsNullDefault: 'evals_null_default',
  } as const;

  /** Exactly one row of each table holds `expected` in the attribute's column, read by a new session. */
  async function expectColumn(attr: Attr, expected: string | null): Promise<void> {
    const s = c.session();
    for (const col of [
      attrs(Thing)[attr] as CoreColumn<string | null>,
      attrs(AltNameThing)[renamed[attr]] as CoreColumn<string | null>,
    ]) {
      const rows = (await s.execute(select(col).where(col.eq(expected)))).all();
      expect(rows).toEqual([[expected]]);
    }
    expect(await c.readBack(`SELECT ${columnNames[attr]} AS v FROM ${c.tableOf(Thing)}`)).toEqual([
      { v: expected },
    ]);
  }

  /** Inserts one object of each class with the attribute given `value` (or not given at all). */
  async function insertWith(attr: Attr, value: null | undefined | 'absent'): Promise<void> {
    const s = c.session();
    const t1 = new Thing();
    const t2 = new AltNameThing();
    if (value !== 'absent') {
      t1[attr] = value;
      t2[renamed[attr]] = value;
    }
    s.addAll([t1, t2]);
    await s.commit();
  }

  const cases: [
    test: string,
    bulkTest: string,
    attr: Attr,
    value: null | undefined | 'absent',
    expected: string | null,
  ][] = [
    [
      'test_no_evalnull_nodefault_insert',
      'test_no_evalnull_nodefault_bulk_insert',
      'noDefault',
      undefined,
      null,
    ],
    [
      'test_no_evalnull_nodefault_insert_novalue',
      'test_no_evalnull_nodefault_bulk_insert_novalue',
      'noDefault',
      'absent',
      null,
    ],
    [
      'test_no_evalnull_default_insert',
      'test_no_evalnull_default_bulk_insert',
      'withDefault',
      undefined,
      'default_val',
    ],
    [
      'test_no_evalnull_default_insert_novalue',
      'test_no_evalnull_default_bulk_insert_novalue',
      'withDefault',
      'absent',
      'default_val',
    ],
    [
      'test_builtin_evalnull_nodefault_insert',
      'test_builtin_evalnull_nodefault_bulk_insert',
      'noDefault',
      null,
      null,
    ],
    [
      'test_builtin_evalnull_nodefault_insert_novalue',
      'test_builtin_evalnull_nodefault_bulk_insert_novalue',
      'noDefault',
      'absent',
      null,
    ],
    [
      'test_builtin_evalnull_default_insert',
      'test_builtin_evalnull_default_bulk_insert',
      'withDefault',
      null,
      null,
    ],
    [
      'test_builtin_evalnull_default_insert_novalue',
      'test_builtin_evalnull_default_bulk_insert_novalue',
      'withDefault',
      'absent',
      'default_val',
    ],
    [
      'test_evalnull_nodefault_insert',
      'test_evalnull_nodefault_bulk_insert',
      'evalsNullNoDefault',
      null,
      'nothing',
    ],
    [
      'test_evalnull_nodefault_insert_novalue',
      'test_evalnull_nodefault_bulk_insert_novalue',
      'evalsNullNoDefault',
      'absent',
      null,
    ],
    [
      'test_evalnull_default_insert',
      'test_evalnull_default_bulk_insert',
      'evalsNullDefault',
      null,
      'nothing',
    ],
    [
      'test_evalnull_default_insert_novalue',
      'test_evalnull_default_bulk_insert_novalue',
      'evalsNullDefault',
      'absent',
      'default_val',
    ],
  ];
  /** Inserts one row into each table by ORM bulk INSERT of one parameter set. */
  async function bulkInsertWith(attr: Attr, value: null | undefined | 'absent'): Promise<void> {
    const s = c.session();
    await executeBulk(s, ormInsert(Thing), { parameters: [value === 'absent' ? {} : { [attr]: value }] });
    await executeBulk(s, ormInsert(AltNameThing), {
      parameters: [value === 'absent' ? {} : { [renamed[attr]]: value }],
    });
    await s.commit();
  }

  for (const [, bulkTest, attr, value, expected] of cases) {
    const given = value === 'absent' ? 'no attributes' : `${attr}: ${String(value)}`;
    it(`bulk INSERT of { ${given} } writes ${String(expected)} [test_unitofworkv2.py::NullEvaluatingTest::${bulkTest}]`, async () => {
      await bulkInsertWith(attr, value);
      await expectColumn(attr, expected);
    });
  }

  for (const [test, , attr, value, expected] of cases) {
    const given = value === 'absent' ? 'not given' : `given ${String(value)}`;
    it(`${attr} ${given} is inserted as ${String(expected)} [test_unitofworkv2.py::NullEvaluatingTest::${test}]`, async () => {
      await insertWith(attr, value);
      await expectColumn(attr, expected);
    });
  }
});
