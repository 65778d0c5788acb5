/**
 * Statements routed by mapper-level binds, from SQLAlchemy's
 * test/orm/dml/test_orm_upd_del_basic.py (UpdateDeleteTest::test_get_bind_scenarios): a session
 * whose only bind for an entity is the entity's own runs Core INSERT, UPDATE and DELETE of the
 * entity's table there. Athanor's counterpart of `Session(binds={User: e})` is a ShardedSession
 * with `entityBinds`; binding the entity binds its table (SQLAlchemy's "mapper" and "both" cases;
 * its "table" case — a table bound alone — has no separate form here).
 */
import { Column, Table } from '../../lib/decorators';
import { createEngine } from '../../lib/drivers';
import { Registry } from '../../lib/mapper';
import { entityBinds, ShardedSession } from '../../lib/session';
import {
  deleteFrom,
  insert,
  text,
  types,
  update,
  type Executable,
  type Table as SqlTable,
} from '../../lib/sql';

describe('test_orm_upd_del_basic.py UpdateDeleteTest (binds)', () => {
  const registry = new Registry();

  @Table('ebb_users', { registry })
  class User {
    @Column({ primaryKey: true }) id!: number;
    @Column({ type: types.string(30) }) name!: string;
    @Column({ type: types.integer() }) age!: number;
  }

  const other = createEngine('sqlite://');
  const users = createEngine('sqlite://');
  const ran: string[] = [];
  other.on('beforeExecute', (e) => void ran.push(`other ${e.sql.split(' ')[0]}`));
  users.on('beforeExecute', (e) => void ran.push(`users ${e.sql.split(' ')[0]}`));

  beforeAll(async () => {
    registry.configure();
    await registry.metadata.createAll(users);
    // The default bind has the table too: a statement sent there by mistake would succeed.
    await registry.metadata.createAll(other);
  });
  afterAll(async () => {
    await other.dispose();
    await users.dispose();
  });

  const t = (): SqlTable => registry.metadata.tables.get('ebb_users')!;
  const statements: Record<string, () => Executable> = {
    insert: () => insert(t()).values({ id: 5, age: 25, name: 'spongebob' }),
    update: () => update(t()).where(t().c.id.eq(2)).values({ name: 'spongebob' }),
    delete: () => deleteFrom(t()),
  };

  for (const [kind, statement] of Object.entries(statements)) {
    it(`runs a Core ${kind} of a bound entity's table on the entity's database [test_orm_upd_del_basic.py::UpdateDeleteTest::test_get_bind_scenarios]`, async () => {
      await users.execute(text("INSERT INTO ebb_users (id, name, age) VALUES (2, 'jack', 47)"));
      const session = new ShardedSession({
        shards: { other, users },
        ...entityBinds('other', { users: [User] }),
      });
      ran.length = 0;
      await session.execute(statement());
      await session.commit();
      await session.close();
      expect(ran.filter((r) => !/ (BEGIN|COMMIT|ROLLBACK)/.test(r))).toEqual([
        `users ${kind === 'delete' ? 'DELETE' : kind.toUpperCase()}`,
      ]);
      // Read back on connections of their own: the users database changed, the other did not.
      const rows = (await users.execute(text('SELECT id, name FROM ebb_users ORDER BY id'))).all();
      expect(rows).toEqual(
        kind === 'insert'
          ? [
              { id: 2, name: 'jack' },
              { id: 5, name: 'spongebob' },
            ]
          : kind === 'update'
            ? [{ id: 2, name: 'spongebob' }]
            : [],
      );
      expect((await other.execute(text('SELECT count(*) AS n FROM ebb_users'))).scalar()).toBe(0);
      await users.execute(text('DELETE FROM ebb_users'));
    });
  }
});
