/**
 * What the session does with arguments that are not mapped objects, with operations attempted
 * from mapper listeners while a flush writes, and with the results and statements it executes —
 * ported from SQLAlchemy's test/orm/test_session.py (SessionInterface, FlushWarningsTest,
 * ExecutionTest, NewStyleExecutionTest).
 *
 * Adaptations: SQLAlchemy's UnmappedInstanceError / UnmappedClassError are Athanor's
 * ArgumentError naming the value; SQLAlchemy's `after_insert` mapper event is
 * `inspect(User).on('afterInsert', …)`.
 */
import { ArgumentError, FlushError, InvalidRequestError } from '../../lib/errors';
import { attrs, inspect, instanceState, type Mapper } from '../../lib/mapper';
import type { Session } from '../../lib/session';
import { deleteFrom, insert, select, update } from '../../lib/sql';
import { make, warningsOf } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

const tableOf = (cls: abstract new (...args: never[]) => object) => (inspect(cls as never) as Mapper).table;

conformanceSuite('test_session.py SessionInterface', (c) => {
  const { User, Address } = userAddressModel(c);

  /** Every session method that takes a mapped object refuses `arg` with an ArgumentError. */
  async function expectInstanceGuards(arg: unknown): Promise<void> {
    const s = c.session();
    const value = arg as object;
    const sync: [string, () => unknown][] = [
      ['contains', () => s.contains(value)],
      ['isModified', () => s.isModified(value)],
      ['add', () => s.add(value)],
      ['delete', () => s.delete(value)],
      ['expire', () => s.expire(value)],
      ['expunge', () => s.expunge(value)],
      ['addAll', () => s.addAll([value])],
      ['deleteAll', () => s.deleteAll([value])],
    ];
    for (const [name, call] of sync) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect([name, error]).toEqual([name, expect.any(ArgumentError)]);
    }
    const async: [string, () => Promise<unknown>][] = [
      ['merge', () => s.merge(value)],
      ['refresh', () => s.refresh(value)],
      ['load', () => s.load(value as never, 'addresses' as never)],
    ];
    for (const [name, call] of async) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([name, error]).toEqual([name, expect.any(ArgumentError)]);
    }
    expect(s.new).toEqual([]);
    expect(s.identityMap.size).toBe(0);
  }

  /** Every session method that takes a mapped class refuses `arg` with an ArgumentError. */
  async function expectClassGuards(arg: unknown): Promise<void> {
    const s = c.session();
    await expect(s.get(arg as never, 1)).rejects.toThrow(ArgumentError);
    await expect(s.getOrThrow(arg as never, 1)).rejects.toThrow(ArgumentError);
  }

  it('an instance of an unmapped class is refused by every method with a clear error [test_session.py::SessionInterface::test_unmapped_instance]', async () => {
    class Unmapped {
      id = 1;
    }
    await expectInstanceGuards(new Unmapped());
    await expectClassGuards(Unmapped);
  });

  it('strings, numbers and arrays are refused [test_session.py::SessionInterface::test_unmapped_primitives]', async () => {
    for (const prim of ['doh', 123, ['t', 'u', 'p', 'l', 'e']]) {
      await expectInstanceGuards(prim);
      await expectClassGuards(prim);
    }
  });

  it('an unmapped class where an instance is expected is refused [test_session.py::SessionInterface::test_unmapped_class_for_instance]', async () => {
    class Unmapped {
      id = 1;
    }
    await expectInstanceGuards(Unmapped);
    await expectClassGuards(Unmapped);
  });

  it('a mapped class where an instance is expected is refused [test_session.py::SessionInterface::test_mapped_class_for_instance]', async () => {
    await expectInstanceGuards(User);
    await expectInstanceGuards(Address);
  });
});

conformanceSuite('test_session.py FlushWarningsTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));

  /** Commits a new user with one address while `listener` runs after the user's INSERT. */
  async function commitWith(listener: (user: InstanceType<typeof User>, s: Session) => void) {
    const s = c.session();
    const off = inspect(User).on('afterInsert', (u) => listener(u, s));
    try {
      s.add(make(User, { name: 'u1', addresses: [make(Address, { emailAddress: 'a1' })] }));
      const warnings = warningsOf(s);
      const error = await s.commit().then(
        () => undefined,
        (e: unknown) => e,
      );
      return { warnings, error };
    } finally {
      off();
    }
  }

  it('session.add() from a listener during the flush warns [test_session.py::FlushWarningsTest::test_plain_add]', async () => {
    const { warnings, error } = await commitWith((_u, s) => s.add(make(Address, { emailAddress: 'x1' })));
    expect(error).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Usage of the 'Session\.add\(\)' operation is not currently supported within the execution stage of the flush process/,
      ),
    ]);
  });

  it('session.merge() from a listener during the flush warns [test_session.py::FlushWarningsTest::test_plain_merge]', async () => {
    let merged: Promise<unknown> | undefined;
    const { warnings, error } = await commitWith((_u, s) => {
      merged = s.merge(make(Address, { emailAddress: 'x1' }));
    });
    await merged;
    expect(error).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(/^Usage of the 'Session\.merge\(\)' operation is not currently supported/),
    ]);
  });

  it('session.delete() of a transient object from a listener during the flush warns, then raises [test_session.py::FlushWarningsTest::test_plain_delete]', async () => {
    const { warnings, error } = await commitWith((_u, s) => s.delete(make(Address, { emailAddress: 'x1' })));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/is not persisted/);
    expect(warnings).toEqual([
      expect.stringMatching(/^Usage of the 'Session\.delete\(\)' operation is not currently supported/),
    ]);
  });

  it('a collection append from a listener during the flush warns [test_session.py::FlushWarningsTest::test_o2m_cascade_add]', async () => {
    const { warnings, error } = await commitWith((u) =>
      u.addresses.push(make(Address, { emailAddress: 'x1' })),
    );
    expect(error).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(/^Usage of the 'collection append' operation is not currently supported/),
      expect.stringMatching(/^Usage of the 'related attribute set' operation is not currently supported/),
    ]);
  });

  it('a collection remove from a listener during the flush warns [test_session.py::FlushWarningsTest::test_o2m_cascade_remove]', async () => {
    const { warnings, error } = await commitWith((u) => void u.addresses.splice(0, 1));
    expect(error).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(/^Usage of the 'collection remove' operation is not currently supported/),
      expect.stringMatching(/^Usage of the 'related attribute delete' operation is not currently supported/),
    ]);
  });

  it('a many-to-one set from a listener during the flush warns, and the commit gives up flushing [test_session.py::FlushWarningsTest::test_m2o_cascade_add]', async () => {
    const { warnings, error } = await commitWith((u) => {
      u.addresses[0]!.user = make(User, { name: 'u2' });
    });
    expect(error).toBeInstanceOf(FlushError);
    expect((error as Error).message).toMatch(/over 100/);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Usage of the 'related attribute set' operation is not currently supported/),
      ]),
    );
  });

  // SQLAlchemy's `del a1.user` is an assignment of null here, which SQLAlchemy names a set too.
  it('a many-to-one cleared from a listener during the flush warns [test_session.py::FlushWarningsTest::test_m2o_cascade_remove]', async () => {
    const { warnings, error } = await commitWith((u) => {
      u.addresses[0]!.user = null;
    });
    expect(error).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(/^Usage of the 'related attribute set' operation is not currently supported/),
      expect.stringMatching(/^Usage of the 'collection remove' operation is not currently supported/),
    ]);
  });
});

conformanceSuite('test_session.py ExecutionTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));

  it('INSERTs run through the session with several rows and with one [test_session.py::ExecutionTest::test_parameter_execute]', async () => {
    const s = c.session();
    const users = tableOf(User);
    await s.execute(
      insert(users).values([
        { id: 7, name: 'u7' },
        { id: 8, name: 'u8' },
      ] as never),
    );
    await s.execute(insert(users).values({ id: 9, name: 'u9' } as never));
    const u = attrs(User);
    expect((await s.execute(select(u.id).orderBy(u.id))).all()).toEqual([[7], [8], [9]]);
  });

  it('a plain string is not a statement [test_session.py::ExecutionTest::test_no_string_execute]', async () => {
    const s = c.session();
    await expect(s.execute('select * from users where id=:id' as never)).rejects.toThrow(ArgumentError);
    await expect(s.scalar('select id from users where id=:id' as never)).rejects.toThrow(ArgumentError);
  });
});

conformanceSuite('test_session.py NewStyleExecutionTest', (c) => {
  const { User } = userAddressModel(c);
  beforeAll(async () => {
    const s = c.session();
    s.addAll([7, 8, 9, 10].map((id) => make(User, { id, name: `u${id}` })));
    await s.commit();
    await s.close();
  });

  for (const dml of ['insert', 'update', 'delete'] as const) {
    it(`Core ${dml} statements run through the session [test_session.py::NewStyleExecutionTest::test_dml_execute] (${dml})`, async () => {
      const s = c.session();
      const users = tableOf(User);
      const u = attrs(User);
      const stmt =
        dml === 'insert'
          ? insert(users).values({ id: 12, name: 'some user' } as never)
          : dml === 'update'
            ? update(users)
                .set({ name: 'sone name' } as never)
                .where(u.id.eq(15))
            : deleteFrom(users).where(u.id.eq(15));
      const result = await s.execute(stmt);
      expect(result.rowCount).toBe(dml === 'insert' ? 1 : 0);
      await s.rollback();
      expect(await c.readBack(`SELECT id FROM ${c.tableOf(User)} WHERE id = 12`)).toEqual([]);
    });
  }

  for (const method of ['close', 'expungeAll'] as const) {
    it(`objects of a result read before ${method}() are detached by it [test_session.py::NewStyleExecutionTest::test_unbuffered_result_before_session_is_closed] (${method})`, async () => {
      const s = c.session();
      const result = await s.execute(select(User).orderBy(attrs(User).id));
      const u1 = result.scalars()[0]!;
      expect(instanceState(u1).status).toBe('persistent');
      expect(instanceState(u1).owner).toBe(s);
      await s[method]();
      expect(instanceState(u1).status).toBe('detached');
      expect(instanceState(u1).owner).toBeUndefined();
    });

    it(`objects of a result read after ${method}() are detached [test_session.py::NewStyleExecutionTest::test_prebuffered_result_session_is_closed] (${method})`, async () => {
      const s = c.session();
      const result = await s.execute(select(User).orderBy(attrs(User).id));
      await s[method]();
      const u1 = result.scalars()[0]!;
      expect(instanceState(u1).status).toBe('detached');
      expect(instanceState(u1).owner).toBeUndefined();
    });
  }
});
