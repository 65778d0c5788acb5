/**
 * Execution options of the session, of a statement and of a call, merged in that order, seen by
 * `doOrmExecute` listeners and by the engine's `beforeExecute` event (flush and eager loads
 * included) — ported from SQLAlchemy's test/orm/test_session.py (SessionStateTest,
 * SessionUtilTest, NewStyleExecutionTest).
 *
 * Adaptations: SQLAlchemy's `before_cursor_execute` engine event is `engine.on('beforeExecute')`,
 * whose payload carries `executionOptions`; `Session.query()` (legacy) and the `compiled_cache`
 * option have no counterpart and are left out of the variations; `get()` has no identity token
 * (a sharded session routes by its own options), so test_get_arguments covers execution options
 * and bind arguments.
 */
import type { BeforeExecuteEvent } from '../../lib/drivers';
import { attrs } from '../../lib/mapper';
import {
  selectinload,
  sessionFactory,
  subqueryload,
  type OrmExecuteState,
  type Session,
} from '../../lib/session';
import { Column, Table } from '../../lib/decorators';
import { select, types, type ExecutionOptions } from '../../lib/sql';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

const TRANSACTION_CONTROL = /^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET)\b/i;

conformanceSuite('test_session.py execution options', (c) => {
  const { User, Address } = userAddressModel(c);
  // SQLAlchemy's flush tests map users alone: no relationship whose loading adds a statement.
  const { Person } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class Person {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
    }
    return { Person };
  });

  /** The execution options of each statement the engine sends while `fn` runs (transaction control left out). */
  async function optionsSent(fn: () => Promise<void>): Promise<ExecutionOptions[]> {
    const seen: ExecutionOptions[] = [];
    const off = c.engine.on('beforeExecute', (e: BeforeExecuteEvent) => {
      if (!TRANSACTION_CONTROL.test(e.sql)) seen.push(e.executionOptions);
    });
    try {
      await fn();
    } finally {
      off();
    }
    return seen;
  }

  const pick = (options: ExecutionOptions, keys: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(keys.filter((k) => k in options).map((k) => [k, options[k]]));

  it('session, statement and call options merge in that order for execute, scalars, scalar and get [test_session.py::SessionStateTest::test_execution_options]', async () => {
    const sessionOptions = { populateExisting: true, autoflush: false, opt1: 'z', opt5: 'q' };
    const statementOptions = { opt2: 'w', opt4: 'y', opt5: 'w' };
    const callOptions = { opt1: 'q', opt2: 'p', opt3: 'r', populateExisting: false };
    for (const sessionType of ['plain', 'factory'] as const) {
      for (const merge of [true, false]) {
        for (const method of ['scalar', 'execute', 'scalars', 'get'] as const) {
          for (const addStatementOptions of [true, false]) {
            const s: Session =
              sessionType === 'plain'
                ? c.session({ executionOptions: sessionOptions })
                : sessionFactory(c.engine, { executionOptions: sessionOptions })();
            const gathered: ExecutionOptions[] = [];
            s.on('doOrmExecute', (state) => {
              gathered.push(state.executionOptions);
            });
            const query = merge ? callOptions : {};
            let stmt = select(User).limit(1);
            if (addStatementOptions) stmt = stmt.executionOptions(statementOptions);
            if (method === 'scalar') await s.scalar(stmt, { executionOptions: query });
            else if (method === 'execute') await s.execute(stmt, { executionOptions: query });
            else if (method === 'scalars') await s.scalars(stmt, { executionOptions: query });
            else
              await s.get(User, 1, {
                executionOptions: addStatementOptions ? { ...statementOptions, ...query } : query,
              });
            await s.close();
            const expected = {
              ...sessionOptions,
              ...(addStatementOptions ? statementOptions : {}),
              ...query,
            };
            const variation = { sessionType, merge, method, addStatementOptions };
            expect({ variation, calls: gathered.length }).toEqual({ variation, calls: 1 });
            expect({ variation, options: pick(gathered[0]!, Object.keys(expected)) }).toEqual({
              variation,
              options: expected,
            });
          }
        }
      }
    }
  });

  it.each(['insert', 'update', 'delete'] as const)(
    "the session's own options reach the engine's beforeExecute for each flush statement [test_session.py::SessionStateTest::test_execution_options_flush_before_cursor_execute] (%s)",
    async (operation) => {
      const keys = ['myCustomOpt', 'myOtherOpt'];
      const s = c.session({ executionOptions: { myCustomOpt: 'my_value', myOtherOpt: 42 } });
      s.add(Object.assign(new Person(), { id: 1, name: 'u1' }));
      let flushed: ExecutionOptions[];
      if (operation === 'insert') {
        flushed = await optionsSent(() => s.flush());
      } else {
        await s.flush();
        const u1 = (await s.scalars(select(Person)))[0]!;
        if (operation === 'update') u1.name = 'u1modified';
        else s.delete(u1);
        flushed = await optionsSent(() => s.flush());
      }
      await s.close();
      expect(flushed.map((o) => pick(o, keys))).toEqual([{ myCustomOpt: 'my_value', myOtherOpt: 42 }]);
    },
  );

  it('flush statements carry the session options without doOrmExecute; an explicit execute fires both [test_session.py::SessionStateTest::test_execution_options_flush_and_execute]', async () => {
    const s = c.session({ executionOptions: { myCustomOpt: 'my_value' } });
    const orm: unknown[] = [];
    s.on('doOrmExecute', (state) => {
      orm.push(state.executionOptions.myCustomOpt);
    });
    s.add(Object.assign(new User(), { id: 1, name: 'u1' }));
    const flushed = await optionsSent(() => s.flush());
    expect(flushed.length).toBeGreaterThan(0);
    expect(flushed.map((o) => o.myCustomOpt)).toEqual(flushed.map(() => 'my_value'));
    expect(orm).toEqual([]);
    const queried = await optionsSent(async () => {
      await s.execute(select(User));
    });
    expect(queried.length).toBeGreaterThan(0);
    expect(queried.map((o) => o.myCustomOpt)).toEqual(queried.map(() => 'my_value'));
    expect(orm).toEqual(['my_value']);
  });

  it.each(['executionOptions', 'bindArguments'] as const)(
    'get() hands its %s to doOrmExecute [test_session.py::SessionUtilTest::test_get_arguments]',
    async (arg) => {
      const s = c.session();
      const seen: OrmExecuteState<Session>[] = [];
      s.on('doOrmExecute', (state) => {
        seen.push(state);
      });
      if (arg === 'executionOptions') await s.get(User, 42, { executionOptions: { foo: 'bar' } });
      else await s.get(User, 42, { bindArguments: { foo: 'bar' } });
      expect(seen).toHaveLength(1);
      if (arg === 'executionOptions') expect(seen[0]!.executionOptions.foo).toBe('bar');
      else expect(seen[0]!.bindArguments).toEqual({ foo: 'bar' });
      expect(seen[0]!.isSelect).toBe(true);
    },
  );

  it.each([
    ['selectinload', 'statement'],
    ['selectinload', 'execute'],
    ['subqueryload', 'statement'],
    ['subqueryload', 'execute'],
  ] as const)(
    "options of the statement or the call reach the eager loader's query (%s, given to the %s) [test_session.py::NewStyleExecutionTest::test_eagerloader_exec_option]",
    async (loader, location) => {
      await c.clear(Address, User);
      const seed = c.session();
      const jack = Object.assign(new User(), { id: 7, name: 'jack' });
      seed.add(jack);
      seed.add(Object.assign(new Address(), { id: 1, emailAddress: 'jack@bean.com', user: jack }));
      await seed.commit();
      await seed.close();

      const s = c.session();
      const opts = { userDefined: 'opt1', anotherOption: { foo: 'bar' } };
      const load =
        loader === 'selectinload' ? selectinload(attrs(User).addresses) : subqueryload(attrs(User).addresses);
      let users: InstanceType<typeof User>[] = [];
      const sent = await optionsSent(async () => {
        users =
          location === 'execute'
            ? await s.scalars(select(User).options(load), { executionOptions: opts })
            : await s.scalars(select(User).options(load).executionOptions(opts));
      });
      expect(users.map((u) => u.addresses.map((a) => a.emailAddress))).toEqual([['jack@bean.com']]);
      // The user query and the loader's query.
      expect(sent).toHaveLength(2);
      for (const options of sent) expect(options).toEqual(opts);
    },
  );
});
