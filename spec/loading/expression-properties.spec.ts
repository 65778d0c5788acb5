/**
 * Expression attributes (`@ExpressionProperty`) in queries: read with the row, compared and
 * ordered by through `attrs()`, selected on their own, over aliases and eager joins, deferred
 * into a group, and refreshed by name — on SQLite, PostgreSQL and MariaDB.
 */
import { Column, ExpressionProperty, Relationship, Table } from '../../lib/decorators';
import { ArgumentError, ConfigurationError, UnloadedAttributeError } from '../../lib/errors';
import { aliased, attrs, instanceState, Registry, type Attrs } from '../../lib/mapper';
import { defer, joinedload, selectinload, subqueryload, undefer, undeferGroup } from '../../lib/session';
import { func, insert, literalColumn, select, types } from '../../lib/sql';
import { inspect } from '../../lib/mapper';
import { conformanceSuite } from '../conformance/support';

const selects = (sent: readonly { sql: string }[]): string[] =>
  sent.map((s) => s.sql).filter((sql) => /^\s*SELECT/i.test(sql));

conformanceSuite('expression attributes in queries', (c) => {
  const { Person, Note } = c.entities((registry, name) => {
    @Table(name('people'), { registry })
    class Person {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) first!: string;
      @Column({ type: types.string(30) }) last!: string;
      @ExpressionProperty((p: Attrs<Person>) => p.first.concat(literalColumn<string>("' '")).concat(p.last))
      fullName!: string;
      @ExpressionProperty(
        (p: Attrs<Person>) =>
          select(func.count(attrs(Note).id))
            .where(attrs(Note).personId.eq(p.id))
            .scalarSubquery<number>(),
        { deferred: 'stats' },
      )
      noteCount!: number;
      @Relationship(() => Note, { backPopulates: 'person' }) notes!: Note[];
    }
    @Table(name('notes'), { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => Person }) personId!: number;
      @Column({ type: types.string(30) }) body!: string;
      @Relationship(() => Person, { backPopulates: 'notes' }) person!: Person;
    }
    return { Person, Note };
  });
  const p = attrs(Person);

  beforeAll(async () => {
    await c.engine.execute(
      insert(inspect(Person).table).values([
        { id: 1, first: 'ann', last: 'lee' },
        { id: 2, first: 'bob', last: 'ray' },
      ] as never),
    );
    await c.engine.execute(
      insert(inspect(Note).table).values([
        { id: 1, personId: 1, body: 'x' },
        { id: 2, personId: 1, body: 'y' },
        { id: 3, personId: 2, body: 'z' },
      ] as never),
    );
  });

  it('is read with the row, compared and ordered by as its expression, and selected on its own', async () => {
    const s = c.session();
    c.sql.start();
    const people = await s.scalars(select(Person).where(p.fullName.eq('bob ray')).orderBy(p.fullName));
    const [sql] = selects(c.sql.stop());
    expect(people.map((x) => x.fullName)).toEqual(['bob ray']);
    // The select list labels it; WHERE and ORDER BY repeat the expression, not the label.
    expect(sql).toMatch(/ AS .fullName./);
    expect(sql!.split('WHERE')[1]).not.toMatch(/fullName/);
    expect(sql).not.toMatch(/noteCount/);
    expect(instanceState(people[0]!).isDeferred('noteCount')).toBe(true);
    expect(() => people[0]!.noteCount).toThrow(UnloadedAttributeError);

    const names = await s.scalars(select(p.fullName).orderBy(p.fullName.desc()));
    expect(names).toEqual(['bob ray', 'ann lee']);
    const rows = await s.execute(select(p.id, p.fullName).orderBy(p.id));
    expect(rows.all().map((r) => [r.id, r.fullName])).toEqual([
      [1, 'ann lee'],
      [2, 'bob ray'],
    ]);
  });

  it('a deferred correlated subquery loads with undeferGroup(), undefer() or refresh by name; defer() leaves one out', async () => {
    const s = c.session();
    const [ann] = await s.scalars(select(Person).where(p.id.eq(1)).options(undeferGroup('stats')));
    expect(Number(ann!.noteCount)).toBe(2);
    const [bob] = await s.scalars(select(Person).where(p.id.eq(2)).options(undefer(p.noteCount)));
    expect(Number(bob!.noteCount)).toBe(1);
    await s.close();

    const s2 = c.session();
    c.sql.start();
    const [plain] = await s2.scalars(select(Person).where(p.id.eq(1)).options(defer(p.fullName)));
    expect(instanceState(plain!).isDeferred('fullName')).toBe(true);
    await s2.refresh(plain!, ['noteCount', 'fullName']);
    const [, load] = selects(c.sql.stop());
    expect(load).toMatch(/count/i);
    expect(Number(plain!.noteCount)).toBe(2);
    expect(plain!.fullName).toBe('ann lee');
  });

  it('an alias computes it over its own table; an eager join loads it for the related object', async () => {
    const s = c.session();
    const other = aliased(Person, 'other');
    c.sql.start();
    const found = await s.scalars(select(other).where(other.fullName.eq('ann lee')));
    const [sql] = selects(c.sql.stop());
    expect(found.map((x) => x.fullName)).toEqual(['ann lee']);
    expect(sql).toMatch(/.other.\..first./);
    expect(sql).not.toMatch(/people_[0-9a-f]+[`"]\./);
    await s.close();

    const s2 = c.session();
    const notes = await s2.scalars(
      select(Note)
        .options(joinedload(attrs(Note).person))
        .orderBy(attrs(Note).id),
    );
    expect(notes.map((n) => n.person.fullName)).toEqual(['ann lee', 'ann lee', 'bob ray']);
  });

  it("defer() and undeferGroup() inside selectinload(…).options() shape the related objects' SELECT", async () => {
    const n = attrs(Note);
    const s = c.session();
    c.sql.start();
    const people = await s.scalars(
      select(Person)
        .orderBy(p.id)
        .options(selectinload(p.notes).options(defer(n.body))),
    );
    const [, notesSql] = selects(c.sql.stop());
    expect(notesSql).not.toMatch(/body/);
    expect(people[0]!.notes.map((x) => instanceState(x).isDeferred('body'))).toEqual([true, true]);
    await s.close();

    const s2 = c.session();
    const notes = await s2.scalars(
      select(Note)
        .orderBy(n.id)
        .options(subqueryload(n.person).options(undeferGroup('stats'))),
    );
    expect(notes.map((x) => Number(x.person.noteCount))).toEqual([2, 2, 1]);
    expect(() => joinedload(n.person).options(defer(p.fullName))).toThrow(ArgumentError);
  });

  it('is assignable in memory and never written; the next load computes it again', async () => {
    const s = c.session();
    const bob = (await s.get(Person, 2))!;
    bob.fullName = 'someone else';
    c.sql.start();
    await s.flush();
    expect(c.sql.dml().filter((x) => /^(INSERT|UPDATE)/i.test(x))).toEqual([]);
    c.sql.stop();
    expect(bob.fullName).toBe('someone else');
    await s.rollback();
    expect(await s.get(Person, 2)).toBe(bob);
    expect(bob.fullName).toBe('bob ray');
  });
});

conformanceSuite('deferred attributes of a joined-inheritance subclass', (c) => {
  const { Employee, Engineer } = c.entities((registry, name) => {
    @Table(name('employees'), { registry, polymorphicOn: 'type', polymorphicIdentity: 'employee' })
    class Employee {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) type!: string;
      @Column({ type: types.string(30) }) name!: string;
    }
    @Table(name('engineers'), { registry, polymorphicIdentity: 'engineer' })
    class Engineer extends Employee {
      @Column({ type: types.text(), nullable: true, deferred: true }) resume!: string | null;
      @ExpressionProperty((e: Attrs<Engineer>) => e.name.concat(literalColumn<string>("'!'")), {
        deferred: true,
      })
      shout!: string;
    }
    return { Employee, Engineer };
  });

  it('refresh by name reads a deferred column and a deferred expression of the subclass', async () => {
    const s = c.session();
    s.add(Object.assign(new Engineer(), { id: 1, name: 'eve', resume: 'long text' }));
    await s.commit();
    s.expungeAll();
    const eng = (await s.get(Engineer, 1))!;
    expect(instanceState(eng).isDeferred('resume')).toBe(true);
    expect(() => eng.resume).toThrow(UnloadedAttributeError);
    await s.refresh(eng, ['resume', 'shout']);
    expect(eng.resume).toBe('long text');
    expect(eng.shout).toBe('eve!');
    const [emp] = await s.scalars(select(Employee));
    expect(emp).toBe(eng);
  });
});

describe('@ExpressionProperty configuration', () => {
  it('refuses a function that returns no SQL expression, naming the attribute', () => {
    const registry = new Registry();
    @Table('xp_bad', { registry })
    class Bad {
      @Column({ primaryKey: true }) id!: number;
      @ExpressionProperty(() => 'id' as never) label!: string;
    }
    expect(() => registry.configure()).toThrow(ConfigurationError);
    expect(() => inspect(Bad)).toThrow(
      /Bad\.label: @ExpressionProperty's function must return an SQL expression/,
    );
  });

  it('refuses a property that is also a column', () => {
    expect(() => {
      class Twice {
        @ExpressionProperty((t: Attrs<Twice>) => t.id)
        @Column({ primaryKey: true })
        id!: number;
      }
      return Twice;
    }).toThrow(/Twice\.id: the property is decorated twice/);
  });
});
