/**
 * How objects move between transient, pending, persistent, deleted and detached through add,
 * delete, expunge, close and the make-transient helpers, and what `get()` returns — ported from
 * SQLAlchemy's test/orm/test_session.py (SessionUtilTest, SessionStateTest,
 * SessionStateWFixtureTest).
 *
 * Adaptations: `u in session` is `s.contains(u)`; `object_session(u)` is `objectSession(u)`;
 * `was_deleted(u)` is the `deleted` status; reading an expired attribute needs
 * `await s.refresh(obj)`; `get_one` is `getOrThrow`.
 */
import { ArgumentError, InvalidRequestError, NoResultError } from '../../lib/errors';
import { attrs, inspect, instanceState, type Mapper } from '../../lib/mapper';
import {
  makeTransient,
  makeTransientToDetached,
  objectSession,
  Session,
  sessionFactory,
} from '../../lib/session';
import { insert, select, update } from '../../lib/sql';
import { countRows, make, warningsOf } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

const status = (obj: object) => instanceState(obj).status;
const tableOf = (cls: abstract new (...args: never[]) => object) => (inspect(cls as never) as Mapper).table;

conformanceSuite('test_session.py SessionUtilTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));
  const user = (name: string, id?: number) => make(User, id === undefined ? { name } : { id, name });

  it('objectSession() of an object that is not mapped raises [test_session.py::SessionUtilTest::test_object_session_raises]', () => {
    expect(() => objectSession({})).toThrow(ArgumentError);
    class NotMapped {
      name = 'x';
    }
    expect(() => objectSession(new NotMapped())).toThrow(ArgumentError);
    expect(objectSession(user('u'))).toBeUndefined();
  });

  it('makeTransient() takes loaded, expunged, expired and deleted objects back to transient; add() inserts them again [test_session.py::SessionUtilTest::test_make_transient]', async () => {
    const s = c.session({ autoflush: false });
    s.add(user('test'));
    await s.flush();

    let u1 = (await s.scalar(select(User)))!;
    makeTransient(u1);
    expect(s.contains(u1)).toBe(false);
    s.add(u1);
    expect(s.new).toContain(u1);

    u1 = (await s.scalar(select(User)))!;
    s.expunge(u1);
    makeTransient(u1);
    s.add(u1);
    expect(s.new).toContain(u1);

    // expired attributes become unset, the primary key too
    u1 = (await s.scalar(select(User)))!;
    s.expire(u1);
    makeTransient(u1);
    expect(instanceState(u1).key).toBeUndefined();
    expect(instanceState(u1).isLoaded('name')).toBe(false);
    makeTransient(u1); // works twice
    expect(status(u1)).toBe('transient');

    await s.close();
    u1.name = 'test2';
    s.add(u1);
    await s.flush();
    expect(s.contains(u1)).toBe(true);
    s.delete(u1);
    await s.flush();
    expect(s.contains(u1)).toBe(false);
    expect(() => s.add(u1)).toThrow(InvalidRequestError);
    makeTransient(u1);
    s.add(u1);
    await s.flush();
    expect(s.contains(u1)).toBe(true);
    await s.commit();
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'test2' }]);
  });

  it('an object made transient after its delete was flushed stays transient through rollback [test_session.py::SessionUtilTest::test_make_transient_plus_rollback]', async () => {
    const s = c.session();
    const u1 = user('test');
    s.add(u1);
    await s.commit();
    s.delete(u1);
    await s.flush();
    makeTransient(u1);
    await s.rollback();
    expect(status(u1)).toBe('transient');
    expect(s.contains(u1)).toBe(false);
  });

  it('makeTransientToDetached() gives a bare object its identity; once added, its other attributes load [test_session.py::SessionUtilTest::test_make_transient_to_detached]', async () => {
    const s = c.session();
    s.add(user('test', 1));
    await s.commit();
    await s.close();
    const u2 = make(User, { id: 1 });
    makeTransientToDetached(u2);
    expect(instanceState(u2).isLoaded('id')).toBe(true);
    expect(status(u2)).toBe('detached');
    s.add(u2);
    expect(status(u2)).toBe('persistent');
    await s.refresh(u2); // SQLAlchemy loads the expired attribute on access
    expect(u2.name).toBe('test');
  });

  it('makeTransientToDetached() refuses a pending object [test_session.py::SessionUtilTest::test_make_transient_to_detached_no_session_allowed]', () => {
    const s = c.session();
    const u1 = user('test', 1);
    s.add(u1);
    expect(() => makeTransientToDetached(u1)).toThrow(InvalidRequestError);
    expect(() => makeTransientToDetached(u1)).toThrow('User object must be transient');
  });

  it('makeTransientToDetached() refuses a detached object [test_session.py::SessionUtilTest::test_make_transient_to_detached_no_key_allowed]', async () => {
    const s = c.session();
    const u1 = user('test', 1);
    s.add(u1);
    await s.commit();
    s.expunge(u1);
    expect(() => makeTransientToDetached(u1)).toThrow('User object must be transient');
  });

  it('get() returns the one object of a key from the identity map, a new one after expungeAll() [test_session.py::SessionUtilTest::test_get]', async () => {
    const s = c.session();
    await s.execute(
      insert(tableOf(User)).values([
        { id: 7, name: '7' },
        { id: 19, name: '19' },
      ]),
    );
    expect(await s.get(User, 19)).not.toBeNull();
    const u = await s.get(User, 7);
    c.sql.start();
    const u2 = await s.get(User, 7);
    expect(c.sql.stop()).toEqual([]);
    expect(u).not.toBeNull();
    expect(u2).toBe(u);
    s.expungeAll();
    const u3 = await s.get(User, 7);
    expect(u3).not.toBe(u);
    expect(u3!.name).toBe('7');
  });

  it('getOrThrow() returns the identity map object, and raises NoResultError without a row [test_session.py::SessionUtilTest::test_get_one] [test_session.py::SessionUtilTest::test_get_one_2]', async () => {
    const s = c.session();
    await s.execute(
      insert(tableOf(User)).values([
        { id: 7, name: '7' },
        { id: 19, name: '19' },
      ]),
    );
    const u = await s.getOrThrow(User, 7);
    expect(await s.getOrThrow(User, 7)).toBe(u);
    s.expungeAll();
    expect(await s.getOrThrow(User, 7)).not.toBe(u);
    await expect(s.getOrThrow(User, 2)).rejects.toThrow(NoResultError);
    await expect(s.getOrThrow(User, 2)).rejects.toThrow('no User with primary key 2');
  });

  it('deleteAll() deletes each object [test_session.py::SessionUtilTest::test_delete_all]', async () => {
    const s = c.session();
    s.addAll([user('u1', 1), user('u2', 2)]);
    await s.commit();
    await s.close();
    const [ua, ub] = await s.scalars(select(User).orderBy(attrs(User).id));
    expect([s.contains(ua!), s.contains(ub!)]).toEqual([true, true]);
    s.deleteAll([ua!, ub!]);
    await s.flush();
    expect([s.contains(ua!), s.contains(ub!)]).toEqual([false, false]);
    expect(await s.scalars(select(User))).toEqual([]);
  });
});

conformanceSuite('test_session.py SessionStateTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));
  const user = (name: string, id?: number) => make(User, id === undefined ? { name } : { id, name });

  it('session.info starts from the factory’s info, per-session info overrides it, and each session has its own [test_session.py::SessionStateTest::test_info]', () => {
    expect(c.session().info).toEqual({});
    const maker = sessionFactory(c.engine, { info: { global: true, s1: 5 } });
    const s1 = maker();
    const s2 = maker({ info: { s1: 6, s2: true } });
    expect(s1.info).toEqual({ global: true, s1: 5 });
    expect(s2.info).toEqual({ global: true, s1: 6, s2: true });
    s2.info.global = false;
    s2.info.s1 = 7;
    expect(maker().info).toEqual({ global: true, s1: 5 });
    expect(sessionFactory(c.engine)({ info: { s4: 8 } }).info).toEqual({ s4: 8 });
  });

  it('get() reloads an object in the session only with populateExisting [test_session.py::SessionStateTest::test_get_populate_existing]', async () => {
    for (const [inSession, populateExisting, expected] of [
      [true, undefined, 'name'],
      [true, false, 'name'],
      [true, true, 'newname'],
      [false, undefined, 'newname'],
      [false, true, 'newname'],
    ] as const) {
      const s = c.session();
      s.add(user('name', 1));
      await s.commit();
      await s.close();
      const held = inSession ? await s.get(User, 1) : undefined;
      await (
        await s.connection()
      ).execute(
        update(tableOf(User))
          .set({ name: 'newname' } as never)
          .where(attrs(User).id.eq(1)),
      );
      const res = await s.get(User, 1, populateExisting === undefined ? undefined : { populateExisting });
      expect(res!.name).toBe(expected);
      if (held !== undefined) expect(res).toBe(held);
      await s.rollback();
      await s.close();
      await c.clear(User);
    }
  });

  it('noAutoflush() keeps a query from flushing; the next query flushes [test_session.py::SessionStateTest::test_with_no_autoflush]', async () => {
    const s = c.session();
    const u = user('ed');
    s.add(u);
    await s.noAutoflush(async () => {
      expect(await s.scalars(select(User))).not.toContain(u);
    });
    expect(s.new).toContain(u);
    expect(await s.scalars(select(User))).toContain(u);
    expect(s.new).not.toContain(u);
  });

  it('autoflush is back on after a noAutoflush() callback throws [test_session.py::SessionStateTest::test_with_no_autoflush_after_exception]', async () => {
    const s = c.session();
    await expect(
      s.noAutoflush(async () => {
        throw new RangeError('division by zero');
      }),
    ).rejects.toThrow(RangeError);
    expect(s.autoflush).toBe(true);
    const u = user('ed');
    s.add(u);
    await s.scalars(select(User));
    expect(s.new).not.toContain(u);
  });

  it('an object whose delete was flushed cannot be added until makeTransient(); rollback brings it back [test_session.py::SessionStateTest::test_deleted_flag]', async () => {
    const s = c.session();
    const u1 = user('u1');
    s.add(u1);
    await s.commit();

    s.delete(u1);
    await s.flush();
    expect(s.contains(u1)).toBe(false);
    expect(() => s.add(u1)).toThrow(InvalidRequestError);
    expect(s.inTransaction()).toBe(true);
    await s.rollback();
    expect(s.contains(u1)).toBe(true);

    s.delete(u1);
    await s.commit();
    expect(s.contains(u1)).toBe(false);
    expect(() => s.add(u1)).toThrow(InvalidRequestError);
    // The deleted object is not served from the identity map: get() asks the database.
    c.sql.start();
    expect(await s.get(User, u1.id)).toBeNull();
    expect(c.sql.stop().filter((x) => /^\s*SELECT/i.test(x.sql))).toHaveLength(1);

    // SQLAlchemy's flush of the DELETE loads the object the rollback expired; Athanor does not
    // load on access, so its name is unset once transient and is given again.
    makeTransient(u1);
    u1.name = 'u1';
    s.add(u1);
    await s.commit();
    expect(await countRows(s, User)).toBe(1);
    expect(await c.readBack(`SELECT name FROM ${c.tableOf(User)}`)).toEqual([{ name: 'u1' }]);
  });

  it('deleting again an object whose delete was flushed puts it back; its second DELETE matches no row and warns [test_session.py::SessionStateTest::test_deleted_adds_to_imap_unconditionally]', async () => {
    const s = c.session();
    const u1 = user('u1');
    s.add(u1);
    await s.commit();
    s.delete(u1);
    await s.flush();
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBe(s); // still attached
    s.delete(u1);
    expect(s.contains(u1)).toBe(true);
    const warnings = warningsOf(s);
    await s.commit();
    expect(warnings).toEqual([
      expect.stringMatching(/DELETE statement on table '\w+' expected to delete 1 row\(s\); 0 were matched/),
    ]);
  });

  it('add and delete across expunge, detached changes, and two sessions [test_session.py::SessionStateTest::test_add_delete]', async () => {
    const s = c.session();
    let u = user('u1');
    expect(() => s.delete(u)).toThrow(/is not persisted/);
    s.add(u);
    await s.commit();
    u = (await s.scalar(select(User)))!;
    s.expunge(u);
    expect(s.contains(u)).toBe(false);

    // changed while detached: the change is kept and written
    u.name = 'fred';
    s.add(u);
    expect(s.contains(u)).toBe(true);
    expect(s.dirty).toContain(u);
    await s.commit();
    expect(await countRows(s, User)).toBe(1);
    u = (await s.scalar(select(User)))!;
    expect(u.name).toBe('fred');

    // not dirty when nothing changed
    s.expungeAll();
    expect(s.contains(u)).toBe(false);
    s.add(u);
    expect(s.contains(u)).toBe(true);
    expect(s.dirty).not.toContain(u);

    // A second engine: SQLite's file pool has one connection, which `s` holds.
    const s2 = new Session(c.newEngine(), { expireOnCommit: true });
    expect(() => s2.delete(u)).toThrow(/is already attached to another session/);
    const u2 = (await s2.get(User, u.id))!;
    s2.expunge(u2);
    await s2.close();
    expect(() => s.delete(u2)).toThrow(/another User object with the same primary key is already present/);
    s.expire(u);
    s.expunge(u);
    expect(s.contains(u)).toBe(false);
    s.delete(u);
    expect(s.contains(u)).toBe(true);
    await s.flush();
    expect(s.contains(u)).toBe(false);
    expect(await countRows(s, User)).toBe(0);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)}`)).toEqual([]);
  });

  it('an object in one session cannot be added to another [test_session.py::SessionStateTest::test_already_attached]', () => {
    const s1 = c.session();
    const s2 = c.session();
    const u1 = user('u1', 1);
    makeTransientToDetached(u1);
    s1.add(u1);
    expect(() => s2.add(u1)).toThrow(/User object is already attached to another session/);
    expect(s2.contains(u1)).toBe(false);
    expect(s2.identityMap.size).toBe(0);
  });

  it('a detached object cannot be added while another object holds its key; once that one leaves, its change is written [test_session.py::SessionStateTest::test_duplicate_update]', async () => {
    const s = c.session();
    const u1 = user('u1');
    s.add(u1);
    await s.flush();
    expect(u1.id).toBeDefined();
    s.expunge(u1);
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBeUndefined();

    const u2 = (await s.get(User, u1.id))!;
    expect(u2).not.toBe(u1);
    expect(s.contains(u2)).toBe(true);
    expect(() => s.add(u1)).toThrow(
      /another User object with the same primary key is already present in this session/,
    );

    s.expunge(u2);
    expect(s.contains(u2)).toBe(false);
    expect(objectSession(u2)).toBeUndefined();
    u1.name = 'John';
    u2.name = 'Doe';
    s.add(u1);
    expect(s.contains(u1)).toBe(true);
    expect(objectSession(u1)).toBe(s);
    await s.flush();
    s.expungeAll();
    const u3 = (await s.get(User, u1.id))!;
    expect(u3).not.toBe(u1);
    expect(u3).not.toBe(u2);
    expect(u3.name).toBe('John');
  });

  it('an object whose delete was flushed leaves the session but stays attached until commit [test_session.py::SessionStateTest::test_deleted_auto_expunged]', async () => {
    const s = c.session();
    s.add(user('x'));
    await s.commit();
    const u1 = (await s.scalar(select(User)))!;
    s.delete(u1);
    expect(status(u1)).toBe('persistent');
    await s.flush();
    expect(status(u1)).toBe('deleted');
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBe(s);
    await s.commit();
    expect(objectSession(u1)).toBeUndefined();
    expect(status(u1)).toBe('detached');
  });

  it('a pending object expunged after its flush stays out of the session through rollback [test_session.py::SessionStateTest::test_explicit_expunge_pending]', async () => {
    const s = c.session();
    const u1 = user('x');
    s.add(u1);
    await s.flush();
    s.expunge(u1);
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBeUndefined();
    await s.rollback();
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBeUndefined();
  });

  it('a deleted object expunged before rollback stays deleted and out of the session [test_session.py::SessionStateTest::test_explicit_expunge_deleted]', async () => {
    const s = c.session();
    s.add(user('x'));
    await s.commit();
    const u1 = (await s.scalar(select(User)))!;
    s.delete(u1);
    await s.flush();
    expect(status(u1)).toBe('deleted');
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBe(s);
    s.expunge(u1);
    expect(instanceState(u1).wasDeleted).toBe(true);
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBeUndefined();
    await s.rollback();
    expect(instanceState(u1).wasDeleted).toBe(true);
    expect(s.contains(u1)).toBe(false);
    expect(objectSession(u1)).toBeUndefined();
  });

  for (const closeResetsOnly of [true, false, undefined]) {
    for (const method of ['close', 'reset'] as const) {
      it(`${method}() takes objects out; the session is used again unless closed with closeResetsOnly false [test_session.py::SessionStateTest::test_session_close_resets_only] (${method}, closeResetsOnly ${closeResetsOnly})`, async () => {
        const s = c.session(closeResetsOnly === undefined ? {} : { closeResetsOnly });
        const u1 = make(User);
        s.add(u1);
        expect(s.contains(u1)).toBe(true);
        await s[method]();
        expect(s.contains(u1)).toBe(false);
        const u2 = make(User);
        if (method === 'close' && closeResetsOnly === false) {
          expect(() => s.add(u2)).toThrow(/this session has been permanently closed/);
          expect(s.contains(u2)).toBe(false);
        } else {
          s.add(u2);
          expect(s.contains(u2)).toBe(true);
        }
      });
    }
  }
});

conformanceSuite('test_session.py SessionStateWFixtureTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));

  it('rollback undoes an attribute change and a collection append; the pending member keeps its values [test_session.py::SessionStateWFixtureTest::test_autoflush_rollback]', async () => {
    const seed = c.session();
    seed.add(
      make(User, {
        id: 8,
        name: 'ed',
        addresses: [2, 3, 4].map((id) => make(Address, { id, emailAddress: `e${id}` })),
      }),
    );
    await seed.commit();

    const s = c.session();
    const u = (await s.get(User, 8))!;
    await s.load(u, 'addresses');
    const newad = make(Address, { emailAddress: 'a new address' });
    u.addresses.push(newad);
    u.name = 'some new name';
    expect(u.name).toBe('some new name');
    expect(u.addresses).toHaveLength(4);
    await s.rollback();
    await s.refresh(u); // SQLAlchemy loads the expired attributes on access
    expect(u.name).toBe('ed');
    expect(u.addresses).toHaveLength(3);
    expect(u.addresses).not.toContain(newad);
    expect(newad.emailAddress).toBe('a new address');
    expect(status(newad)).toBe('transient');
  });
});
