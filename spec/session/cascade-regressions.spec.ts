/**
 * Regressions: cascade, orphan and mirror defects that lost or corrupted rows in ordinary
 * workflows, each reproduced as a user met it. (The SQLAlchemy scenarios behind them run in
 * spec/conformance/cascade-*.spec.ts.)
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { inspect, Registry } from '../../lib/mapper';
import { Session } from '../../lib/session';
import { text, types } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { UnloadedAttributeError } from '../../lib/errors';

describeEachDialect(
  'cascade regressions',
  (d) => {
    const registry = new Registry();
    const n = (base: string): string => d.uniqueName(base);

    @Table(n('parents'), { registry })
    class Parent {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Child, { uselist: false, cascade: 'all, delete-orphan' }) child!: Child | null;
    }
    @Table(n('children'), { registry })
    class Child {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Parent, nullable: true, name: 'parent_id' })
      parentId!: number | null;
    }

    @Table(n('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Relationship(() => Address, { cascade: 'all, delete-orphan', backPopulates: 'user' })
      addresses!: Address[];
      @Relationship(() => Note, {}) notes!: Note[];
      @Relationship(() => Profile, { uselist: false, backPopulates: 'user' }) profile!: Profile | null;
    }
    @Table(n('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: false, name: 'user_id' })
      userId!: number;
      @Column({ type: types.string(50) }) email!: string;
      @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
    }
    /** Notes belong to a user without any delete cascade. */
    @Table(n('notes'), { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true, name: 'user_id' })
      userId!: number | null;
    }
    @Table(n('profiles'), { registry })
    class Profile {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Relationship(() => User, { backPopulates: 'profile' }) user!: User | null;
    }
    /** Two delete-orphan parents. */
    @Table(n('shelves'), { registry })
    class Shelf {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Book, { cascade: 'all, delete-orphan' }) books!: Book[];
    }
    @Table(n('owners'), { registry })
    class Owner {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Book, { cascade: 'all, delete-orphan' }) books!: Book[];
    }
    @Table(n('books'), { registry })
    class Book {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Shelf, nullable: false }) shelfId!: number;
      @Column({ type: types.integer(), foreignKey: () => Owner, nullable: false }) ownerId!: number;
    }

    /** Lines keyed by their order's key: the flush copies it into the key before the INSERT. */
    @Table(n('orders'), { registry })
    class Order {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => OrderLine, { cascade: 'all, delete-orphan' }) lines!: OrderLine[];
    }
    @Table(n('order_lines'), { registry })
    class OrderLine {
      @Column({ type: types.integer(), primaryKey: true, foreignKey: () => Order, name: 'order_id' })
      orderId!: number;
      @Column({ type: types.integer(), primaryKey: true, name: 'line_no' }) lineNo!: number;
    }

    beforeAll(async () => {
      registry.configure();
      await registry.metadata.createAll(d.engine);
    });
    afterAll(() => registry.metadata.dropAll(d.engine));
    const open: Session[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });
    const session = (): Session => {
      const s = new Session(d.engine, { expireOnCommit: false });
      open.push(s);
      return s;
    };
    const table = (name: string): string =>
      d.dialect === 'mysql' || d.dialect === 'mariadb' ? `\`${name}\`` : `"${name}"`;
    const rows = async (sql: string): Promise<Record<string, unknown>[]> =>
      (await d.engine.execute(text(sql))).all() as Record<string, unknown>[];
    const mk = <E extends object>(cls: new () => E, props: Partial<E> = {}): E =>
      Object.assign(new cls(), props);

    it('a one-to-one child moved to a new parent survives the delete of its old parent', async () => {
      const s = session();
      const [p1, p2, c1] = [mk(Parent), mk(Parent), mk(Child)];
      p1.child = c1;
      s.add(p1);
      await s.flush();
      s.delete(p1);
      p2.child = c1;
      s.add(p2);
      await s.commit();
      expect(await rows(`SELECT id, parent_id FROM ${table(inspect(Child).table.name)}`)).toEqual([
        { id: c1.id, parent_id: p2.id },
      ]);
    });

    it('replacing a delete-orphan collection before the first flush never inserts the replaced members', async () => {
      const s = session();
      const u = mk(User, {
        name: 'u',
        addresses: [mk(Address, { email: 'a1' }), mk(Address, { email: 'a2' })],
      });
      s.add(u);
      u.addresses = [mk(Address, { email: 'a3' })];
      await s.commit(); // a1 and a2 would fail on user_id NOT NULL
      const left = await s.execute(
        text(`SELECT email FROM ${table(inspectName(Address))} WHERE user_id = ${u.id}`),
      );
      expect(left.all()).toEqual([{ email: 'a3' }]);
    });

    it('a member added to the session by itself and then replaced in a delete-orphan collection is not inserted', async () => {
      const s = session();
      const u = mk(User, { name: 'u' });
      const a1 = mk(Address, { email: 'b1' });
      s.add(u);
      s.add(a1);
      u.addresses = [a1, mk(Address, { email: 'b2' })];
      u.addresses = [mk(Address, { email: 'b3' })];
      await s.commit(); // b1 and b2 would fail on user_id NOT NULL
      expect(s.new).toEqual([]);
      const left = await rows(`SELECT email FROM ${table(inspectName(Address))} WHERE user_id = ${u.id}`);
      expect(left).toEqual([{ email: 'b3' }]);
    });

    it('a pending child removed from one of its two delete-orphan parents is not inserted', async () => {
      const s = session();
      const shelf = mk(Shelf, { books: [] });
      const owner = mk(Owner, { books: [] });
      s.addAll([shelf, owner]);
      await s.flush();
      const book = mk(Book);
      shelf.books.push(book);
      owner.books.push(book);
      shelf.books.splice(0, 1);
      await s.commit(); // inserting the book would fail on shelfId NOT NULL
      expect(await rows(`SELECT id FROM ${table(inspectName(Book))}`)).toEqual([]);
    });

    it('an object reached only through the mirror of a session object is not inserted', async () => {
      const s = session();
      const u = mk(User, { name: 'u' });
      s.add(u);
      const a = mk(Address, { email: 'stray' });
      a.user = u; // only the mirror u.addresses holds it
      await s.commit();
      expect(await rows(`SELECT id FROM ${table(inspectName(Address))} WHERE email = 'stray'`)).toEqual([]);
    });

    it('deleting a parent without a delete cascade nulls the keys of its children, loading them first', async () => {
      const s = session();
      const u = mk(User, { name: 'owner', notes: [mk(Note), mk(Note)] });
      s.add(u);
      await s.commit();
      const s2 = session();
      const again = (await s2.get(User, u.id))!;
      s2.delete(again); // notes not loaded
      await s2.commit();
      const notes = await rows(`SELECT user_id FROM ${table(inspectName(Note))}`);
      expect(notes).toEqual([{ user_id: null }, { user_id: null }]);
    });

    it("giving a one-to-one user to a second profile leaves the first profile's reference alone in memory", () => {
      const u1 = mk(User, { name: 'u1' });
      const p1 = mk(Profile, { user: u1 });
      const p2 = mk(Profile);
      p2.user = u1;
      expect(u1.profile).toBe(p2);
      expect(p1.user).toBe(u1);
    });

    it('delete-orphan without delete warns at configure', () => {
      const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        const other = new Registry();
        @Table(n('w_parents'), { registry: other })
        class WParent {
          @Column({ primaryKey: true }) id!: number;
          @Relationship(() => WChild, { cascade: 'save-update, delete-orphan' }) children!: WChild[];
        }
        @Table(n('w_children'), { registry: other })
        class WChild {
          @Column({ primaryKey: true }) id!: number;
          @Column({ type: types.integer(), foreignKey: () => WParent, nullable: true }) parentId!:
            number | null;
        }
        other.configure();
        expect(spy.mock.calls.map((call) => String(call[0]))).toEqual([
          expect.stringContaining("the 'delete-orphan' cascade option requires 'delete'"),
        ]);
      } finally {
        spy.mockRestore();
      }
    });

    it("new rows keyed by a new parent's generated key are inserted with it", async () => {
      const s = session();
      const order = mk(Order, { lines: [mk(OrderLine, { lineNo: 1 }), mk(OrderLine, { lineNo: 2 })] });
      s.add(order);
      await s.commit();
      expect(
        await rows(`SELECT order_id, line_no FROM ${table(inspectName(OrderLine))} ORDER BY line_no`),
      ).toEqual([
        { order_id: order.id, line_no: 1 },
        { order_id: order.id, line_no: 2 },
      ]);
    });

    it('replacing a collection that was never loaded is refused until it is loaded, then detaches the rows it drops', async () => {
      const seed = session();
      const u = mk(User, { id: 90, name: 'kim' });
      u.addresses = [mk(Address, { id: 901, email: 'a@x' }), mk(Address, { id: 902, email: 'b@x' })];
      u.notes = [mk(Note, { id: 903 })];
      seed.add(u);
      await seed.commit();

      const s = session();
      const user = (await s.get(User, 90))!;
      // Without the old members, the addresses left out would keep pointing at the user.
      expect(() => {
        user.addresses = [mk(Address, { id: 904, email: 'c@x' })];
      }).toThrow(UnloadedAttributeError);
      expect(() => {
        user.notes = [];
      }).toThrow(/User\.notes is not loaded.*session\.load\(user, 'notes'\)/);
      expect(s.dirty).toEqual([]);

      await s.load(user, 'addresses');
      await s.load(user, 'notes');
      user.addresses = [mk(Address, { id: 904, email: 'c@x' })];
      user.notes = [];
      await s.commit();
      const addresses = table(inspectName(Address));
      expect(
        await rows(`SELECT id, user_id FROM ${addresses} WHERE id IN (901, 902, 904) ORDER BY id`),
      ).toEqual([{ id: 904, user_id: 90 }]);
      expect(await rows(`SELECT id, user_id FROM ${table(inspectName(Note))} WHERE id = 903`)).toEqual([
        { id: 903, user_id: null },
      ]);
    });

    function inspectName(cls: abstract new () => object): string {
      return inspect(cls as never).table.name;
    }
  },
  { only: ['sqlite', 'postgresql', 'mysql'] },
);
