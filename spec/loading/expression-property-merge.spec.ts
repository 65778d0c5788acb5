/**
 * Expression attributes (`@ExpressionProperty`) read as their expression's type, and copied by
 * `merge()` as columns are (SQLAlchemy merges a loaded `column_property` value with `load` true
 * or false) — on SQLite, PostgreSQL and MySQL/MariaDB.
 */
import { Column, ExpressionProperty, Table } from '../../lib/decorators';
import { UnloadedAttributeError } from '../../lib/errors';
import { attrs, inspect, instanceState, type Attrs } from '../../lib/mapper';
import { undefer } from '../../lib/session';
import { func, insert, literalColumn, select, types } from '../../lib/sql';
import { conformanceSuite } from '../conformance/support';

const selects = (sent: readonly { sql: string }[]): string[] =>
  sent.map((s) => s.sql).filter((sql) => /^\s*SELECT/i.test(sql));

conformanceSuite('expression attributes: result types and merge()', (c) => {
  const { Team, Member } = c.entities((registry, name) => {
    @Table(name('teams'), { registry })
    class Team {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) title!: string;
      @Column() size!: number;
      // count(*) is a bigint PostgreSQL sends as text; a text fragment has no type of its own.
      @ExpressionProperty(
        () =>
          literalColumn<number>(
            `(SELECT count(*) FROM ${inspect(Member).table.name} m WHERE m.team_id = ${inspect(Team).table.name}.id)`,
            types.integer(),
          ),
        { deferred: true },
      )
      memberCount!: number;
      // MySQL and SQLite send a comparison as 1 or 0.
      @ExpressionProperty((t: Attrs<Team>) => t.size.gt(3)) large!: boolean;
      @ExpressionProperty((t: Attrs<Team>) => t.title.concat(literalColumn<string>("'!'"))) shout!: string;
      // A label inside the subquery: the expression's type comes from the SQL.
      @ExpressionProperty((t: Attrs<Team>) =>
        select(func.count(attrs(Member).id).as('n'))
          .where(attrs(Member).teamId.eq(t.id))
          .scalarSubquery<number>(),
      )
      counted!: number;
    }
    @Table(name('members'), { registry })
    class Member {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => Team, name: 'team_id' }) teamId!: number;
    }
    return { Team, Member };
  });
  const t = attrs(Team);

  beforeEach(async () => {
    await c.clear(Member, Team);
    await c.engine.execute(
      insert(inspect(Team).table).values([
        { id: 1, title: 'red', size: 5 },
        { id: 2, title: 'blue', size: 2 },
      ] as never),
    );
    await c.engine.execute(
      insert(inspect(Member).table).values([
        { id: 1, teamId: 1 },
        { id: 2, teamId: 1 },
        { id: 3, teamId: 2 },
      ] as never),
    );
  });

  it('a typed expression is read as its type: a count as a number, a comparison as a boolean', async () => {
    const s = c.session();
    const teams = await s.scalars(select(Team).orderBy(t.id).options(undefer(t.memberCount)));
    expect(teams.map((x) => [x.memberCount, x.large, x.counted])).toEqual([
      [2, true, 2],
      [1, false, 1],
    ]);
    // Selected on their own, and labelled by the application, as well.
    const rows = await s.execute(select(t.memberCount, t.large.as('big')).orderBy(t.id));
    expect(rows.all().map((r) => [r.memberCount, r.big])).toEqual([
      [2, true],
      [1, false],
    ]);
    await s.close();
    // A refresh by name reads the same way.
    const s2 = c.session();
    const [red] = await s2.scalars(select(Team).where(t.id.eq(1)));
    expect(instanceState(red!).isDeferred('memberCount')).toBe(true);
    await s2.refresh(red!, ['memberCount']);
    expect(red!.memberCount).toBe(2);
  });

  it('merge() copies loaded expression values onto the persistent object; the flush writes none of them', async () => {
    const s = c.session();
    const [red] = await s.scalars(select(Team).where(t.id.eq(1)).options(undefer(t.memberCount)));
    await s.close();
    // Values the detached object holds win over those the merge reads, as for columns.
    red!.shout = 'changed';
    red!.memberCount = 9;
    const s2 = c.session();
    c.sql.start();
    const merged = await s2.merge(red!);
    expect(merged).not.toBe(red);
    expect([merged.shout, merged.memberCount, merged.large, merged.counted]).toEqual(['changed', 9, true, 2]);
    await s2.flush();
    expect(c.sql.dml().filter((sql) => /^(INSERT|UPDATE|DELETE)/i.test(sql))).toEqual([]);
    c.sql.stop();
    await s2.commit();
    expect(await c.readBack(`SELECT title, size FROM ${c.tableOf(Team)} WHERE id = 1`)).toEqual([
      { title: 'red', size: 5 },
    ]);
  });

  it('merge() of an object without an expression value leaves the one the merge reads', async () => {
    const s = c.session();
    const [red] = await s.scalars(select(Team).where(t.id.eq(1)));
    expect(instanceState(red!).isLoaded('memberCount')).toBe(false);
    await s.close();
    const s2 = c.session();
    const merged = await s2.merge(red!);
    expect(merged.shout).toBe('red!');
    expect(instanceState(merged).isDeferred('memberCount')).toBe(true);
  });

  it('merge(obj, { load: false }) takes the expression values as loaded, and leaves a deferred one deferred', async () => {
    const s = c.session();
    const [red] = await s.scalars(select(Team).where(t.id.eq(1)));
    await s.close();
    const s2 = c.session();
    c.sql.start();
    const merged = await s2.merge(red!, { load: false });
    expect(selects(c.sql.stop())).toEqual([]);
    expect([merged.shout, merged.large, merged.counted]).toEqual(['red!', true, 2]);
    expect(instanceState(merged).hasCommitted('shout')).toBe(false);
    expect(instanceState(merged).isDeferred('memberCount')).toBe(true);
    expect(() => merged.memberCount).toThrow(UnloadedAttributeError);
    await s2.refresh(merged, ['memberCount']);
    expect(merged.memberCount).toBe(2);
  });
});
