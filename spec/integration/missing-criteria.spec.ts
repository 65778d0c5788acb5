import { Column, Table } from '../../lib/decorators';
import { ArgumentError } from '../../lib/errors';
import { attrs, Registry } from '../../lib/mapper';
import { executeBulk, ormDelete, ormUpdate, Session } from '../../lib/session';
import {
  column,
  deleteFrom,
  func,
  insert,
  select,
  table,
  types,
  update,
  type Predicate,
} from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';

/** A filter that arrived undefined at run time, as `findOne({ id: req.query.id })` would make it. */
const missing = undefined as unknown as Predicate;

describeEachDialect(
  'a missing WHERE criterion against a live database',
  (d) => {
    const { items } = d.defineTables((metadata, name) => ({
      items: table(
        name('crit_items'),
        {
          id: column(types.integer(), { primaryKey: true }),
          label: column(types.string(20), { nullable: false }),
        },
        { metadata },
      ),
    }));
    const registry = new Registry();
    @Table(d.uniqueName('crit_users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) name!: string;
    }
    const u = attrs(User);
    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
      await d.engine.execute(insert(items).values([1, 2, 3].map((id) => ({ id, label: `item${id}` }))));
      const s = new Session(d.engine);
      s.addAll([1, 2, 3].map((id) => Object.assign(new User(), { id, name: `u${id}` })));
      await s.commit();
      await s.close();
    });
    afterAll(() => registry.metadata.dropAll(d.engine));

    // Counted on a second engine: its own connection sees only what was committed.
    const observer = d.newEngine();
    const countItems = async (): Promise<number> =>
      Number((await observer.execute(select(func.count()).from(items))).scalar());
    const userNames = async (): Promise<unknown[]> =>
      (await observer.execute(select(u.name).orderBy(u.id))).scalars();

    it('deleteFrom(items).where(undefined) raises ArgumentError and deletes nothing', async () => {
      await expect(
        d.engine.transaction(async (conn) => conn.execute(deleteFrom(items).where(missing))),
      ).rejects.toThrow(ArgumentError);
      expect(await countItems()).toBe(3);
    });

    it('update(items).set(…).where(undefined) raises ArgumentError and changes nothing', async () => {
      await expect(
        (async () => d.engine.execute(update(items).set({ label: 'gone' }).where(missing)))(),
      ).rejects.toThrow(ArgumentError);
      const labels = (await observer.execute(select(items.c.label).orderBy(items.c.id))).scalars();
      expect(labels).toEqual(['item1', 'item2', 'item3']);
    });

    it('select(…).where(undefined).limit(1) raises instead of returning an arbitrary first row', async () => {
      const s = new Session(d.engine);
      try {
        await expect((async () => s.scalars(select(User).where(missing).limit(1)))()).rejects.toThrow(
          ArgumentError,
        );
      } finally {
        await s.close();
      }
    });

    it.each([
      ['ormDelete', () => ormDelete(User).where(missing)],
      ['ormUpdate', () => ormUpdate(User).where(missing).values({ name: 'gone' })],
    ] as const)(
      '%s(User).where(undefined) raises ArgumentError and the table is intact',
      async (_name, build) => {
        const s = new Session(d.engine);
        try {
          await expect(
            (async () => executeBulk(s, build(), { synchronizeSession: false }))(),
          ).rejects.toThrow(ArgumentError);
          await s.commit();
        } finally {
          await s.close();
        }
        expect(await userNames()).toEqual(['u1', 'u2', 'u3']);
      },
    );
  },
  { sqliteFile: true },
);
