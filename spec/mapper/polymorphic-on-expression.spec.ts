/**
 * `polymorphicOn` given as an SQL expression (SQLAlchemy's `polymorphic_on=case(...)`): every
 * entity SELECT computes it, loads pick each row's class from it, a single-table subclass's
 * SELECT filters on it, and the flush writes the column under it as the application set it —
 * on SQLite, PostgreSQL and MySQL/MariaDB.
 */
import { Column, ExpressionProperty, Table } from '../../lib/decorators';
import { InvalidRequestError } from '../../lib/errors';
import { aliased, attrs, inspect, type Attrs } from '../../lib/mapper';
import { caseWhen, insert, literalColumn, select, types } from '../../lib/sql';
import { make } from '../conformance/cascade-helpers';
import { conformanceSuite } from '../conformance/support';
import { configurationErrorOf } from '../support/configuration-error';

const selects = (sent: readonly { sql: string }[]): string[] =>
  sent.map((s) => s.sql).filter((sql) => /^\s*SELECT/i.test(sql));

conformanceSuite('polymorphicOn as an SQL expression', (c) => {
  const { Staff, Boss, Worker } = c.entities((registry, name) => {
    @Table(name('staff'), {
      registry,
      // A code per kind, several codes for one class; an unknown code is no class at all.
      polymorphicOn: (s: Attrs<Staff>) =>
        caseWhen(s.code)
          .when('S', 'staff')
          .when('B', 'boss')
          .when('W', 'worker')
          .when('A', 'worker')
          .when('X', 'ghost'),
      polymorphicIdentity: 'staff',
    })
    class Staff {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(1) }) code!: string;
      @Column({ type: types.string(30) }) name!: string;
      @ExpressionProperty((s: Attrs<Staff>) => s.name.concat(literalColumn<string>("'*'"))) starred!: string;
    }
    @Table({ registry, polymorphicIdentity: 'boss' })
    class Boss extends Staff {
      @Column({ type: types.integer(), nullable: true }) budget!: number | null;
    }
    @Table({ registry, polymorphicIdentity: 'worker' })
    class Worker extends Staff {}
    return { Staff, Boss, Worker };
  });
  const table = () => inspect(Staff).table;

  beforeEach(async () => {
    await c.clear(Staff);
    await c.engine.execute(
      insert(table()).values([
        { id: 1, code: 'S', name: 'sam', budget: null },
        { id: 2, code: 'B', name: 'bea', budget: 10 },
        { id: 3, code: 'W', name: 'wil', budget: null },
        { id: 4, code: 'A', name: 'ann', budget: null },
        { id: 5, code: 'Q', name: 'quo', budget: null },
      ] as never),
    );
  });

  it('a load computes the expression and makes each row an object of its class', async () => {
    const s = c.session();
    c.sql.start();
    const all = await s.scalars(select(Staff).where(attrs(Staff).id.le(4)).orderBy(attrs(Staff).id));
    const [sql] = selects(c.sql.stop());
    expect(sql).toMatch(/CASE .*code.* END AS .polymorphic_on./i);
    expect(all.map((x) => [x.constructor, x.name])).toEqual([
      [Staff, 'sam'],
      [Boss, 'bea'],
      [Worker, 'wil'],
      [Worker, 'ann'],
    ]);
    expect((all[1] as InstanceType<typeof Boss>).budget).toBe(10);
    // No attribute holds the computed value.
    expect(Object.keys(JSON.parse(JSON.stringify(all[1])) as object).sort()).toEqual([
      'budget',
      'code',
      'id',
      'name',
      'starred',
    ]);
    // A code the expression maps to nothing (NULL) is the base class, as for a NULL column.
    expect((await s.get(Staff, 5))!.constructor).toBe(Staff);
  });

  it("a subclass's SELECT filters on the expression; an alias computes it over itself", async () => {
    const s = c.session();
    c.sql.start();
    const workers = await s.scalars(select(Worker).orderBy(attrs(Worker).id));
    const [sql] = selects(c.sql.stop());
    expect(sql!.split('WHERE')[1]).toMatch(/CASE .*code.* END (=|IN)/i);
    expect(workers.map((w) => [w.constructor, w.name])).toEqual([
      [Worker, 'wil'],
      [Worker, 'ann'],
    ]);
    expect((await s.scalars(select(Boss))).map((b) => b.name)).toEqual(['bea']);

    const other = aliased(Staff, 'other');
    c.sql.start();
    const found = await s.scalars(
      select(other)
        .where(other.id.in([2, 4]))
        .orderBy(other.id),
    );
    const [aliasSql] = selects(c.sql.stop());
    expect(aliasSql).toMatch(/CASE .other.\..code./i);
    expect(found.map((x) => x.constructor)).toEqual([Boss, Worker]);
  });

  it('the flush writes the column as the application set it, and reads back the class it maps to', async () => {
    const s = c.session();
    s.add(make(Worker, { id: 10, code: 'A', name: 'new' }));
    s.add(make(Boss, { id: 11, code: 'B', name: 'top', budget: 5 }));
    c.sql.start();
    await s.commit();
    const inserts = c.sql.dml().filter((sql) => /^INSERT/i.test(sql));
    c.sql.stop();
    expect(inserts.join(' ')).not.toMatch(/polymorphic_on|CASE/i);
    expect(await c.readBack(`SELECT id, code FROM ${c.tableOf(Staff)} WHERE id >= 10 ORDER BY id`)).toEqual([
      { id: 10, code: 'A' },
      { id: 11, code: 'B' },
    ]);
    const s2 = c.session();
    const back = await s2.scalars(select(Staff).where(attrs(Staff).id.ge(10)).orderBy(attrs(Staff).id));
    expect(back.map((x) => x.constructor)).toEqual([Worker, Boss]);
  });

  it('a value the expression gives that no class has raises, naming the expression', async () => {
    await c.engine.execute(
      insert(table()).values([{ id: 6, code: 'X', name: 'odd', budget: null }] as never),
    );
    const s = c.session();
    await expect(s.get(Staff, 6)).rejects.toThrow(InvalidRequestError);
    await expect(s.get(Staff, 6)).rejects.toThrow(/"ghost" \(discriminator the polymorphicOn expression\)/);
  });
});

describe('polymorphicOn as an SQL expression: configuration', () => {
  it('a function that returns no SQL expression, or an option of another kind, is refused', () => {
    expect(
      configurationErrorOf((registry) => {
        @Table('odd_a', {
          registry,
          polymorphicOn: (() => 'code') as unknown as () => never,
          polymorphicIdentity: 'a',
        })
        class A {
          @Column({ primaryKey: true }) id!: number;
          @Column() code!: string;
        }
        @Table({ registry, polymorphicIdentity: 'b' })
        class B extends A {}
        void B;
      }),
    ).toBe("A: polymorphicOn's function must return an SQL expression, got string");
    expect(
      configurationErrorOf((registry) => {
        @Table('odd_c', { registry, polymorphicOn: 5 as unknown as string, polymorphicIdentity: 'c' })
        class C {
          @Column({ primaryKey: true }) id!: number;
        }
        void C;
      }),
    ).toBe(
      "C: polymorphicOn must be a column's property key or a function returning an SQL expression, got number",
    );
  });
});
