/**
 * "Subtransaction" recipes — helpers that begin a transaction only when none is in progress —
 * ported from SQLAlchemy's test/orm/test_transaction.py (SubtransactionRecipeTest), each scenario
 * once per recipe. SQLAlchemy's context managers become async helpers around a callback; recipe
 * two uses `session.begin(fn)`, Athanor's `with session.begin():`.
 *
 * Not applicable: test_recipe_subtransaction_on_external_subtrans (a session joining an external
 * connection's transaction; Athanor sessions are bound to an engine).
 */
import type { Session } from '../../lib/session';
import { inspect } from '../../lib/mapper';
import { insert } from '../../lib/sql';
import { countRows, make } from './cascade-helpers';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

type Recipe = (s: Session, fn: () => Promise<unknown>) => Promise<void>;

/** Begins (and commits) only when outermost; rolls back whatever is open on error, and re-raises. */
const recipeOne: Recipe = async (s, fn) => {
  const outermost = !s.inTransaction();
  if (outermost) s.begin();
  try {
    await fn();
  } catch (e) {
    if (s.inTransaction()) await s.rollback();
    throw e;
  }
  if (outermost && s.inTransaction()) await s.commit();
};

/** `begin(fn)` when outermost, else just `fn`. */
const recipeTwo: Recipe = async (s, fn) => {
  if (!s.inTransaction()) await s.begin(fn);
  else await fn();
};

/** Like one, but the outermost level swallows the error after rolling back. */
const recipeThree: Recipe = async (s, fn) => {
  if (!s.inTransaction()) {
    s.begin();
    try {
      await fn();
    } catch {
      if (s.inTransaction()) await s.rollback();
      return;
    }
    await s.commit();
  } else {
    try {
      await fn();
    } catch (e) {
      if (s.inTransaction()) await s.rollback();
      throw e;
    }
  }
};

const RECIPES: readonly [string, Recipe, boolean][] = [
  ['subtransaction_recipe_one', recipeOne, true],
  ['subtransaction_recipe_two', recipeTwo, false],
  ['subtransaction_recipe_three', recipeThree, true],
];

conformanceSuite('test_transaction.py SubtransactionRecipeTest', (c) => {
  const { User, Address } = userAddressModel(c);
  afterEach(() => c.clear(Address, User));
  const users = () => inspect(User as never).table;
  const insertUser = async (s: Session, name: string): Promise<void> => {
    await (await s.connection()).execute(insert(users()).values({ name } as never));
  };

  describe.each(RECIPES)('%s', (_name, recipe, rollsBackEarly) => {
    it('savepoints and nested recipes see each other’s rows [test_transaction.py::SubtransactionRecipeTest::test_recipe_heavy_nesting]', async () => {
      const s = c.session();
      await recipe(s, async () => {
        await insertUser(s, 'user1');
        await recipe(s, async () => {
          const savepoint = await s.beginNested();
          await insertUser(s, 'user2');
          expect(await countRows(s, User)).toBe(2);
          await savepoint.rollback();
        });
        await recipe(s, async () => {
          expect(await countRows(s, User)).toBe(1);
          await insertUser(s, 'user3');
        });
        expect(await countRows(s, User)).toBe(2);
      });
      await s.close();
    });

    it('the outermost recipe commits [test_transaction.py::SubtransactionRecipeTest::test_recipe_commit_one]', async () => {
      const s = c.session();
      await recipe(s, async () => s.add(make(User, { name: 'u1' })));
      await s.close();
      expect(await countRows(s, User)).toBe(1);
    });

    it('inside a transaction begun explicitly the recipe does not commit [test_transaction.py::SubtransactionRecipeTest::test_recipe_subtransaction_on_noautocommit]', async () => {
      const s = c.session();
      s.begin();
      await recipe(s, async () => {
        s.add(make(User, { name: 'u1' }));
        await s.flush();
      });
      await s.rollback();
      expect(await countRows(s, User)).toBe(0);
      await s.close();
    });

    it('a recipe inside a savepoint, then commits and transaction objects [test_transaction.py::SubtransactionRecipeTest::test_recipe_mixed_transaction_control]', async () => {
      const s = c.session();
      s.begin();
      await s.beginNested();
      await recipe(s, async () => s.add(make(User, { name: 'u1' })));
      await s.commit();
      await s.commit();
      expect(await countRows(s, User)).toBe(1);
      await s.close();
      const t1 = s.begin();
      const t2 = await s.beginNested();
      s.add(make(User, { name: 'u2' }));
      await t2.commit();
      expect(s.getTransaction()).toBe(t1);
      await s.close();
    });

    it('an error in the recipe rolls back (or not) as the recipe decides [test_transaction.py::SubtransactionRecipeTest::test_recipe_error_on_using_inactive_session_commands]', async () => {
      const s = c.session();
      s.begin();
      await recipe(s, async () => {
        s.add(make(User, { name: 'u1' }));
        await s.flush();
        throw new Error('force rollback');
      }).catch(() => undefined);
      if (rollsBackEarly) {
        expect(s.inTransaction()).toBe(false);
        expect(s.getTransaction()).toBeUndefined();
      } else {
        expect(s.inTransaction()).toBe(true);
      }
      await s.close();
      expect(s.inTransaction()).toBe(false);
    });

    it('an error in a nested recipe [test_transaction.py::SubtransactionRecipeTest::test_recipe_multi_nesting]', async () => {
      const s = c.session();
      await recipe(s, async () => {
        expect(s.inTransaction()).toBe(true);
        await recipe(s, async () => {
          expect(s.getTransaction()).toBeDefined();
          throw new Error('force rollback');
        }).catch(() => undefined);
        expect(s.inTransaction()).toBe(!rollsBackEarly);
      });
      expect(s.inTransaction()).toBe(false);
      await s.close();
    });

    it('rollback() inside the recipe ends the transaction; commit() afterwards is fine [test_transaction.py::SubtransactionRecipeTest::test_recipe_deactive_status_check]', async () => {
      const s = c.session();
      s.begin();
      await recipe(s, () => s.rollback());
      expect(s.inTransaction()).toBe(false);
      await s.commit();
      await s.close();
    });
  });
});
