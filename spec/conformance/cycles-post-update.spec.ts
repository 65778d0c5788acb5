/**
 * Two tables that refer to each other (person.favorite_ball_id → ball, ball.person_id → person):
 * the rows are ordered by their dependencies, and a relationship with `postUpdate` writes its key
 * with a second UPDATE so that two rows may refer to each other. From SQLAlchemy's
 * test/orm/test_cycles.py (OneToManyManyToOneTest). SQLAlchemy runs each test twice, with its
 * internal `_legacy_inactive_history_style` flag on and off; Athanor has no such flag, so each is
 * ported once. SQLAlchemy's executemany of N rows is one multi-row statement here (`×N`).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { select, types } from '../../lib/sql';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { exec, ident, make } from './uow-helpers';

type PostUpdateSide = 'none' | 'favorite' | 'balls';

/** Person and Ball, with `postUpdate` on the relationship(s) named. */
function personAndBall(
  c: Parameters<Parameters<typeof conformanceSuite>[1]>[0],
  options: { postUpdate: PostUpdateSide; ballsCascade?: string; backref?: boolean; noBalls?: boolean },
) {
  return c.entities((registry, name) => {
    const onFavorite = options.postUpdate === 'favorite';
    const onBalls = options.postUpdate === 'balls';
    @Table(name('person'), { registry })
    class Person {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Ball }) favoriteBallId!:
        number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Relationship(() => Ball, {
        foreignKey: 'personId',
        postUpdate: onBalls,
        ...(options.ballsCascade === undefined ? {} : { cascade: options.ballsCascade }),
        ...(options.backref === true ? { backPopulates: 'person' } : {}),
        // A mapping without Person.balls: a view-only one is never written nor cascaded.
        ...(options.noBalls === true ? { viewonly: true } : {}),
      })
      balls!: Ball[];
      @Relationship(() => Ball, { foreignKey: 'favoriteBallId', postUpdate: onFavorite })
      favorite!: Ball | null;
    }
    @Table(name('ball'), { registry })
    class Ball {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Person }) personId!: number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Relationship(() => Person, {
        foreignKey: 'personId',
        postUpdate: onBalls,
        // Without the backref the mapping has no Ball.person: a view-only one never writes.
        ...(options.backref === true ? { backPopulates: 'balls' } : { viewonly: true }),
      })
      person!: Person | null;
    }
    return { Person, Ball };
  });
}

/** Empties both tables: the keys first, since the rows may refer to each other. */
async function clearBoth(
  c: Parameters<Parameters<typeof conformanceSuite>[1]>[0],
  Person: abstract new (...args: never[]) => object,
  Ball: abstract new (...args: never[]) => object,
): Promise<void> {
  await exec(c, `UPDATE ${c.tableOf(Person)} SET ${ident(c, 'favoriteBallId')} = NULL`);
  await exec(c, `UPDATE ${c.tableOf(Ball)} SET ${ident(c, 'personId')} = NULL`);
  await c.clear(Ball, Person);
}

conformanceSuite('test_cycles.py OneToManyManyToOneTest (no post-update)', (c) => {
  const { Person, Ball } = personAndBall(c, { postUpdate: 'none' });
  afterEach(() => clearBoth(c, Person, Ball));

  it('tables that refer to each other: the rows that do not are ordered by dependency [test_cycles.py::OneToManyManyToOneTest::test_cycle]', async () => {
    const s = c.session();
    const b = new Ball();
    const p = new Person();
    p.balls.push(b);
    s.add(p);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT person (data, favoriteBallId) ×1',
      'INSERT ball (data, personId) ×1',
    ]);
    await s.commit();
    expect(await c.readBack(`SELECT ${ident(c, 'personId')} AS pid FROM ${c.tableOf(Ball)}`)).toEqual([
      { pid: p.id },
    ]);
  });
});

conformanceSuite('test_cycles.py OneToManyManyToOneTest (post-update on the many-to-one only)', (c) => {
  const { Person, Ball } = personAndBall(c, { postUpdate: 'favorite', noBalls: true });
  afterEach(() => clearBoth(c, Person, Ball));

  it('deleting the row nulls its post-updated key first [test_cycles.py::OneToManyManyToOneTest::test_post_update_m2o_no_cascade]', async () => {
    const s = c.session();
    const b = make(Ball, { data: 'some data' });
    const p = make(Person, { data: 'some data' });
    p.favorite = b;
    s.add(b);
    s.add(p);
    await s.flush();
    s.delete(p);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE person SET favoriteBallId ×1', 'DELETE person ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Person)}`)).toEqual([]);
    expect(await c.readBack(`SELECT ${ident(c, 'personId')} AS pid FROM ${c.tableOf(Ball)}`)).toEqual([
      { pid: null },
    ]);
  });
});

conformanceSuite('test_cycles.py OneToManyManyToOneTest (post-update on the many-to-one)', (c) => {
  const { Person, Ball } = personAndBall(c, { postUpdate: 'favorite', ballsCascade: 'all, delete-orphan' });
  afterEach(() => clearBoth(c, Person, Ball));

  it('two rows that refer to each other: INSERTs, then the post-update; on delete the reverse [test_cycles.py::OneToManyManyToOneTest::test_post_update_m2o]', async () => {
    const s = c.session();
    const b = make(Ball, { data: 'some data' });
    const p = make(Person, { data: 'some data' });
    p.balls.push(b);
    for (let i = 0; i < 3; i++) p.balls.push(make(Ball, { data: 'some data' }));
    p.favorite = b;
    s.add(b);
    s.add(p);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT person (data, favoriteBallId) ×1',
      'INSERT ball (data, personId) ×4',
      'UPDATE person SET favoriteBallId ×1',
    ]);
    await s.commit();
    expect(
      await c.readBack(`SELECT id, ${ident(c, 'favoriteBallId')} AS fav FROM ${c.tableOf(Person)}`),
    ).toEqual([{ id: p.id, fav: b.id }]);

    const s2 = c.session();
    const [p2] = await s2.scalars(select(Person));
    await s2.load(p2!, 'balls');
    s2.delete(p2!);
    c.sql.start();
    await s2.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'UPDATE person SET favoriteBallId ×1',
      'DELETE ball ×4',
      'DELETE person ×1',
    ]);
    await s2.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Ball)}`)).toEqual([]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Person)}`)).toEqual([]);
  });
});

conformanceSuite(
  'test_cycles.py OneToManyManyToOneTest (post-update on both sides of the one-to-many)',
  (c) => {
    const { Person, Ball } = personAndBall(c, { postUpdate: 'balls', backref: true });
    afterEach(() => clearBoth(c, Person, Ball));

    // Athanor reads relationships only when asked: the collection appended to after a commit is
    // loaded first, and the many-to-one is checked through the row (SQLAlchemy loads both lazily).
    it('moving a row between parents through either side of a post-updated pair [test_cycles.py::OneToManyManyToOneTest::test_post_update_backref]', async () => {
      const s = c.session();
      const p1 = make(Person, { data: 'p1' });
      const p2 = make(Person, { data: 'p2' });
      const p3 = make(Person, { data: 'p3' });
      const b1 = make(Ball, { data: 'b1' });
      b1.person = p1;
      s.addAll([p1, p2, p3]);
      await s.commit();
      const personOfBall = async (): Promise<unknown> =>
        (await c.readBack(`SELECT ${ident(c, 'personId')} AS pid FROM ${c.tableOf(Ball)}`))[0]!.pid;
      expect(await personOfBall()).toBe(p1.id);

      b1.person = p2;
      await s.commit();
      expect(await personOfBall()).toBe(p2.id);
      await s.load(b1, 'person');
      expect(b1.person).toBe(p2);

      await s.load(p3, 'balls');
      p3.balls.push(b1);
      await s.commit();
      expect(await personOfBall()).toBe(p3.id);
      await s.load(b1, 'person');
      expect(b1.person).toBe(p3);
    });
  },
);

conformanceSuite('test_cycles.py OneToManyManyToOneTest (post-update on the one-to-many)', (c) => {
  const { Person, Ball } = personAndBall(c, {
    postUpdate: 'balls',
    ballsCascade: 'all, delete-orphan',
    backref: true,
  });
  afterEach(() => clearBoth(c, Person, Ball));

  it('the children go first without their key, the parent refers to one, then the post-update links them; on delete the reverse [test_cycles.py::OneToManyManyToOneTest::test_post_update_o2m]', async () => {
    const s = c.session({ expireOnCommit: false });
    const b = make(Ball, { data: 'some data' });
    const p = make(Person, { data: 'some data' });
    p.balls.push(b);
    const b2 = make(Ball, { data: 'some data' });
    const b3 = make(Ball, { data: 'some data' });
    const b4 = make(Ball, { data: 'some data' });
    p.balls.push(b2, b3, b4);
    p.favorite = b;
    s.addAll([b, p, b2, b3, b4]);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT ball (data, personId) ×4',
      'INSERT person (data, favoriteBallId) ×1',
      'UPDATE ball SET personId ×4',
    ]);
    await s.commit();
    expect(
      await c.readBack(`SELECT ${ident(c, 'personId')} AS pid FROM ${c.tableOf(Ball)} ORDER BY id`),
    ).toEqual([{ pid: p.id }, { pid: p.id }, { pid: p.id }, { pid: p.id }]);

    s.delete(p);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'UPDATE ball SET personId ×4',
      'DELETE person ×1',
      'DELETE ball ×4',
    ]);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Ball)}`)).toEqual([]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Person)}`)).toEqual([]);
  });
});

conformanceSuite('test_cycles.py OneToManyManyToOneTest (post-updated many-to-one only)', (c) => {
  const { Person, Ball } = c.entities((registry, name) => {
    @Table(name('person'), { registry })
    class Person {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Ball }) favoriteBallId!:
        number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
    }
    @Table(name('ball'), { registry })
    class Ball {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => Person }) personId!: number | null;
      @Column({ type: types.string(30), nullable: true }) data!: string | null;
      @Relationship(() => Person, { foreignKey: 'personId', postUpdate: true }) person!: Person | null;
    }
    return { Person, Ball };
  });
  afterEach(() => clearBoth(c, Person, Ball));

  it('setting an unloaded post-updated many-to-one to null writes the NULL [test_cycles.py::OneToManyManyToOneTest::test_post_update_m2o_detect_none]', async () => {
    const s = c.session({ expireOnCommit: true });
    const p1 = new Person();
    s.add(make(Ball, { person: p1 }));
    await s.commit();
    const [b1] = await s.scalars(select(Ball));
    b1!.person = null;
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['UPDATE ball SET personId ×1']);
    expect(b1!.person).toBeNull();
    await s.commit();
    expect(await c.readBack(`SELECT ${ident(c, 'personId')} AS pid FROM ${c.tableOf(Ball)}`)).toEqual([
      { pid: null },
    ]);
  });
});
