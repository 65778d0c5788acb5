/**
 * A write-only collection's insert() / update() / delete() statements, bound to the parent, from
 * SQLAlchemy's test/orm/test_dynamic.py (WriteOnlyBulkTest). The parent may still be pending when
 * the statement is made: its key is read after the autoflush.
 */
import { CompileError } from '../../lib/errors';
import { attrs, inspect, instanceState } from '../../lib/mapper';
import { executeBulk } from '../../lib/session';
import { userAddressFixture } from './write-only-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_dynamic.py WriteOnlyBulkTest', (c) => {
  const { User, Address } = userAddressFixture(c, { backPopulates: 'user' });
  const a = attrs(Address);
  afterEach(() => c.clear(Address, User));
  const plain = (sql: string): string =>
    sql
      .replace(/`/g, '"')
      .replace(/\$\d+/g, '?')
      .split(inspect(User).table.name)
      .join('users')
      .split(inspect(Address).table.name)
      .join('addresses');
  const updateReturning = (): boolean => c.dialect !== 'mariadb' && c.dialect !== 'mysql';

  for (const flushUserFirst of [true, false]) {
    it(`insert() of members RETURNING them, the parent ${flushUserFirst ? 'flushed' : 'pending'} [test_dynamic.py::WriteOnlyBulkTest::test_bulk_insert]`, async () => {
      const s = c.session();
      const u1 = Object.assign(new User(), { name: 'x' });
      s.add(u1);
      expect(instanceState(u1).status).toBe('pending');
      if (flushUserFirst) await s.flush();
      c.sql.start();
      const addresses = (
        await executeBulk(s, u1.addresses.insert().returning(Address), {
          parameters: [{ emailAddress: 'e1' }, { emailAddress: 'e2' }, { emailAddress: 'e3' }],
        })
      ).scalars();
      expect(addresses.map((x) => [x.userId, x.emailAddress])).toEqual([
        [u1.id, 'e1'],
        [u1.id, 'e2'],
        [u1.id, 'e3'],
      ]);
      const dml = c.sql.dml().map(plain);
      expect(dml.slice(flushUserFirst ? 0 : 1)).toEqual([
        'INSERT INTO "addresses" ("user_id", "email_address") VALUES (?, ?), (?, ?), (?, ?) RETURNING "id", "user_id" AS "userId", "email_address" AS "emailAddress"',
      ]);
      if (!flushUserFirst) expect(dml[0]).toMatch(/^INSERT INTO "users"/);
      await s.commit();
      expect(
        await c.readBack(`SELECT user_id, email_address FROM ${c.tableOf(Address)} ORDER BY email_address`),
      ).toEqual(['e1', 'e2', 'e3'].map((e) => ({ user_id: u1.id, email_address: e })));
    });

    it(`update() of the members RETURNING them, the parent ${flushUserFirst ? 'flushed' : 'pending'} [test_dynamic.py::WriteOnlyBulkTest::test_bulk_update]`, async () => {
      const s = c.session();
      const u1 = Object.assign(new User(), { name: 'x' });
      u1.addresses = ['e1', 'e2', 'e3'].map((e) =>
        Object.assign(new Address(), { emailAddress: e }),
      ) as never;
      s.add(u1);
      if (flushUserFirst) await s.flush();
      const stmt = u1.addresses
        .update()
        .values({ emailAddress: a.emailAddress.concat('@foo.com') })
        .returning(Address);
      if (!updateReturning()) {
        await expect(executeBulk(s, stmt)).rejects.toThrow(CompileError);
        return;
      }
      c.sql.start();
      const addresses = (await executeBulk(s, stmt)).scalars();
      expect(addresses.map((x) => x.emailAddress).sort()).toEqual(['e1@foo.com', 'e2@foo.com', 'e3@foo.com']);
      expect(addresses.every((x) => x.userId === u1.id)).toBe(true);
      expect(c.sql.dml().map(plain).slice(-1)).toEqual([
        'UPDATE "addresses" SET "email_address" = "addresses"."email_address" || ? WHERE "addresses"."user_id" = ? RETURNING "id", "user_id" AS "userId", "email_address" AS "emailAddress"',
      ]);
      await s.commit();
      expect(
        await c.readBack(`SELECT email_address FROM ${c.tableOf(Address)} ORDER BY email_address`),
      ).toEqual(['e1@foo.com', 'e2@foo.com', 'e3@foo.com'].map((e) => ({ email_address: e })));
    });

    it(`delete() of the members RETURNING them, the parent ${flushUserFirst ? 'flushed' : 'pending'} [test_dynamic.py::WriteOnlyBulkTest::test_bulk_delete]`, async () => {
      const s = c.session();
      const u1 = Object.assign(new User(), { name: 'x' });
      u1.addresses = ['e1', 'e2', 'e3'].map((e) =>
        Object.assign(new Address(), { emailAddress: e }),
      ) as never;
      s.add(u1);
      if (flushUserFirst) await s.flush();
      c.sql.start();
      const addresses = (await executeBulk(s, u1.addresses.delete().returning(Address))).scalars();
      expect(addresses.map((x) => x.emailAddress).sort()).toEqual(['e1', 'e2', 'e3']);
      for (const x of addresses) expect(instanceState(x).status).toBe('deleted');
      expect(c.sql.dml().map(plain).slice(-1)).toEqual([
        'DELETE FROM "addresses" WHERE "addresses"."user_id" = ? RETURNING "id", "user_id" AS "userId", "email_address" AS "emailAddress"',
      ]);
      await s.commit();
      expect(await c.readBack(`SELECT id FROM ${c.tableOf(Address)}`)).toEqual([]);
    });
  }
});
