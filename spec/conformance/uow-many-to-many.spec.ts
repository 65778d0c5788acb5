/**
 * Many-to-many rows, association objects, parents inserted before their children and boolean
 * columns, from SQLAlchemy's test/orm/test_unitofwork.py (ManyToManyTest, SaveTest2, SaveTest3,
 * BooleanColTest). SQLAlchemy's executemany of N rows is one multi-row statement here (`×N`).
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs } from '../../lib/mapper';
import { column, select, Table as SqlTable, types } from '../../lib/sql';
import { flushShape } from './flush-shape';
import { conformanceSuite } from './support';
import { exec, ident, make } from './uow-helpers';

/** `INSERT item_keywords (items_x1y2_id, …) ×1` → `INSERT item_keywords ×1`: the association's column names carry the tables' unique suffixes. */
const withoutColumns = (shape: readonly string[]): string[] => shape.map((l) => l.replace(/ \([^)]*\)/, ''));

conformanceSuite('test_unitofwork.py ManyToManyTest', (c) => {
  const joined = c.entities((registry, name) => {
    const itemKeywords = name('item_keywords');
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) description!: string;
      @Relationship(() => Keyword, { secondary: itemKeywords, lazy: 'joined', orderBy: 'name' })
      keywords!: Keyword[];
    }
    @Table(name('keywords'), { registry })
    class Keyword {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    return { Item, Keyword, itemKeywords };
  });

  // items.keyword: a many-to-many seen as one object (uselist=False).
  const scalar = c.entities((registry, name) => {
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) description!: string;
      @Relationship(() => Keyword, { secondary: name('item_keywords'), uselist: false })
      keyword!: Keyword | null;
    }
    @Table(name('keywords'), { registry })
    class Keyword {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    return { Item, Keyword };
  });

  // item_keywords mapped as an association object with a joined many-to-one to the keyword.
  const assoc = c.entities((registry, name) => {
    @Table(name('items'), { registry })
    class Item {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) description!: string;
      @Relationship(() => IKAssociation, { lazy: 'joined', orderBy: 'keywordId' }) keywords!: IKAssociation[];
    }
    @Table(name('keywords'), { registry })
    class Keyword {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    @Table(name('item_keywords'), { registry })
    class IKAssociation {
      @Column({ type: types.integer(), primaryKey: true, autoincrement: false, foreignKey: () => Item })
      itemId!: number;
      @Column({ type: types.integer(), primaryKey: true, autoincrement: false, foreignKey: () => Keyword })
      keywordId!: number;
      @Relationship(() => Keyword, { lazy: 'joined', uselist: false }) keyword!: Keyword;
    }
    return { Item, Keyword, IKAssociation };
  });

  afterEach(async () => {
    for (const { Item, Keyword } of [joined, scalar]) {
      await c.clear(Item, Keyword);
    }
    await c.clear(assoc.IKAssociation, assoc.Item, assoc.Keyword);
  });

  const links = async (): Promise<number> => {
    const [row] = await c.readBack(`SELECT COUNT(*) AS n FROM ${ident(c, joined.itemKeywords)}`);
    return Number(row!['n']);
  };

  it('items with shared keywords: save, load, update, link and unlink [test_unitofwork.py::ManyToManyTest::test_many_to_many]', async () => {
    const { Item, Keyword } = joined;
    const data: [string, string[]][] = [
      ['mm_item1', ['big', 'green', 'purple', 'round']],
      ['mm_item2', ['blue', 'imnew', 'round', 'small']],
      ['mm_item3', []],
      ['mm_item4', ['big', 'blue']],
      ['mm_item5', ['big', 'exacting', 'green']],
      ['mm_item6', ['red', 'round', 'small']],
    ];
    const s = c.session();
    const known = new Map((await s.scalars(select(Keyword))).map((k) => [k.name, k]));
    const objects = data.map(([description, names]) => {
      const item = make(Item, { description });
      for (const n of names) {
        let kw = known.get(n);
        if (kw === undefined) known.set(n, (kw = make(Keyword, { name: n })));
        item.keywords.push(kw);
      }
      return item;
    });
    s.addAll(objects);
    await s.flush();
    s.expungeAll();
    const loaded = await s.scalars(
      select(Item)
        .where(attrs(Item).description.in(data.map(([d]) => d)))
        .orderBy(attrs(Item).description),
    );
    expect(loaded.map((i) => [i.description, i.keywords.map((k) => k.name)])).toEqual(data);
    s.expungeAll();
    const [o2, o4, o5] = await Promise.all([2, 4, 5].map((i) => s.getOrThrow(Item, objects[i]!.id)));
    o4!.description = 'item4updated';
    const k = make(Keyword, { name: 'yellow' });
    o5!.keywords.push(k);
    c.sql.start();
    await s.flush();
    // items and keywords do not depend on each other: SQLAlchemy happens to update items first,
    // Athanor inserts keywords first; the association row comes after both.
    const shape = withoutColumns(flushShape(c.sql.stop()));
    expect(shape.slice(0, 2).sort()).toEqual(['INSERT keywords ×1', 'UPDATE items SET description ×1']);
    expect(shape.slice(2)).toEqual(['INSERT item_keywords ×1']);
    o2!.keywords.push(k);
    o5!.keywords.splice(1, 1); // 'round'
    c.sql.start();
    await s.flush();
    expect(withoutColumns(flushShape(c.sql.stop()))).toEqual([
      'DELETE item_keywords ×1',
      'INSERT item_keywords ×1',
    ]);
    s.delete(await s.getOrThrow(Item, objects[3]!.id));
    await s.flush();
    await s.commit();
    const names = await c.readBack(
      `SELECT i.description AS d, k.name AS k FROM ${c.tableOf(Item)} i JOIN ${ident(c, joined.itemKeywords)} x ON x.${ident(c, `${c.tableOf(Item).slice(1, -1)}_id`)} = i.id JOIN ${c.tableOf(Keyword)} k ON x.${ident(c, `${c.tableOf(Keyword).slice(1, -1)}_id`)} = k.id WHERE i.description IN ('mm_item3', 'item4updated', 'mm_item5', 'mm_item6') ORDER BY i.description, k.name`,
    );
    expect(names).toEqual([
      { d: 'item4updated', k: 'big' },
      { d: 'item4updated', k: 'exacting' },
      { d: 'item4updated', k: 'green' },
      { d: 'mm_item3', k: 'yellow' },
      { d: 'mm_item6', k: 'red' },
      { d: 'mm_item6', k: 'small' },
      { d: 'mm_item6', k: 'yellow' },
    ]);
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Item)} WHERE description = 'mm_item4'`)).toEqual([]);
  });

  it('assigning an empty collection deletes the association rows [test_unitofwork.py::ManyToManyTest::test_many_to_many_remove]', async () => {
    const { Item, Keyword } = joined;
    const i = make(Item, { description: 'i1' });
    i.keywords.push(make(Keyword, { name: 'k1' }), make(Keyword, { name: 'k2' }));
    const s = c.session({ expireOnCommit: false }); // SQLAlchemy flushes and counts in the transaction
    s.add(i);
    await s.commit();
    expect(await links()).toBe(2);
    i.keywords = [];
    await s.commit();
    expect(await links()).toBe(0);
  });

  it('deleting an item whose scalar many-to-many is None deletes no association row [test_unitofwork.py::ManyToManyTest::test_scalar]', async () => {
    const { Item } = scalar;
    const i = make(Item, { description: 'x' });
    const s = c.session();
    s.add(i);
    await s.flush();
    s.delete(i);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual(['DELETE items ×1']);
    await s.commit();
    expect(await c.readBack(`SELECT id FROM ${c.tableOf(Item)}`)).toEqual([]);
  });

  it('emptying then refilling a collection keeps the members added back [test_unitofwork.py::ManyToManyTest::test_many_to_many_update]', async () => {
    const { Item, Keyword } = joined;
    const [k1, k2, k3] = ['keyword 1', 'keyword 2', 'keyword 3'].map((name) => make(Keyword, { name }));
    const item = make(Item, { description: 'item 1' });
    item.keywords.push(k1!, k2!, k3!);
    const s = c.session();
    s.add(item);
    await s.flush();
    item.keywords = [];
    item.keywords.push(k1!);
    item.keywords.push(k2!);
    await s.flush();
    s.expungeAll();
    const loaded = await s.getOrThrow(Item, item.id);
    expect(loaded.keywords.map((k) => [k.id, k.name])).toEqual([
      [k1!.id, 'keyword 1'],
      [k2!.id, 'keyword 2'],
    ]);
  });

  it('items with association objects to keywords are saved and loaded back equal [test_unitofwork.py::ManyToManyTest::test_association]', async () => {
    const { Item, Keyword, IKAssociation } = assoc;
    const s = c.session();
    const fixture = async (): Promise<InstanceType<typeof Item>[]> => {
      const kw = new Map((await s.scalars(select(Keyword))).map((k) => [k.name, k]));
      for (const n of ['big', 'green', 'purple', 'round', 'huge', 'violet', 'yellow', 'blue'])
        if (!kw.has(n)) kw.set(n, make(Keyword, { name: n }));
      const assocs = (...names: string[]): InstanceType<typeof IKAssociation>[] =>
        names.map((n) => make(IKAssociation, { keyword: kw.get(n)! }));
      return [
        make(Item, { description: 'a_item1', keywords: assocs('big', 'green', 'purple', 'round') }),
        make(Item, { description: 'a_item2', keywords: assocs('huge', 'violet', 'yellow') }),
        make(Item, { description: 'a_item3', keywords: assocs('big', 'blue') }),
      ];
    };
    s.addAll(await fixture());
    await s.flush();
    const expected = (await fixture()).map((i) => [i.description, i.keywords.map((a) => a.keyword.name)]);
    s.expungeAll();
    const loaded = await s.scalars(select(Item).orderBy(attrs(Item).description));
    expect(loaded.map((i) => [i.description, i.keywords.map((a) => a.keyword.name)])).toEqual(expected);
  });
});

conformanceSuite('test_unitofwork.py SaveTest2', (c) => {
  const { User, Address } = c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), nullable: true, foreignKey: () => User }) userId!: number | null;
      @Column({ type: types.string(50) }) emailAddress!: string;
      @Relationship(() => User, { uselist: false }) user!: User | null;
    }
    return { User, Address };
  });
  afterEach(() => c.clear(Address, User));

  it("parents of many-to-ones are inserted first, each child gets its own parent's key [test_unitofwork.py::SaveTest2::test_m2o_nonmatch]", async () => {
    const s = c.session();
    const a1 = make(Address, { emailAddress: 'a1', user: make(User, { name: 'u1' }) });
    const a2 = make(Address, { emailAddress: 'a2', user: make(User, { name: 'u2' }) });
    s.addAll([a1, a2]);
    c.sql.start();
    await s.flush();
    expect(flushShape(c.sql.stop())).toEqual([
      'INSERT users (name) ×2',
      'INSERT addresses (emailAddress, userId) ×2',
    ]);
    const [u1, u2] = [a1.user!.id, a2.user!.id];
    await s.commit();
    expect(
      await c.readBack(
        `SELECT a.${ident(c, 'emailAddress')} AS email, u.id AS uid, u.name FROM ${c.tableOf(Address)} a JOIN ${c.tableOf(User)} u ON u.id = a.${ident(c, 'userId')} ORDER BY a.id`,
      ),
    ).toEqual([
      { email: 'a1', uid: u1, name: 'u1' },
      { email: 'a2', uid: u2, name: 'u2' },
    ]);
  });
});

conformanceSuite('test_unitofwork.py SaveTest3', (c) => {
  const { Item, Keyword, Assoc } = c.entities((registry, name) => {
    const assocName = name('assoc');
    const itemsName = name('items');
    const keywordsName = name('keywords');
    // The association table (declared before the relationship that names it) has a third column,
    // with a default, that the relationship never names.
    const Assoc = new SqlTable(
      assocName,
      {
        itemId: column(types.integer(), { nullable: true, foreignKey: `${itemsName}.itemId` }),
        keywordId: column(types.integer(), { nullable: true, foreignKey: `${keywordsName}.keywordId` }),
        foo: column(types.boolean(), { nullable: true, default: true }),
      },
      registry.metadata,
    );
    @Table(itemsName, { registry })
    class Item {
      @Column({ primaryKey: true }) itemId!: number;
      @Column({ type: types.string(50), nullable: true }) itemName!: string | null;
      @Relationship(() => Keyword, { secondary: assocName, lazy: 'joined' }) keywords!: Keyword[];
    }
    @Table(keywordsName, { registry })
    class Keyword {
      @Column({ primaryKey: true }) keywordId!: number;
      @Column({ type: types.string(50), nullable: true }) name!: string | null;
    }
    return { Item, Keyword, Assoc };
  });
  afterEach(async () => {
    await exec(c, `DELETE FROM ${ident(c, Assoc.name)}`);
    await c.clear(Item, Keyword);
  });

  it('a many-to-many over a table with an extra column deletes its rows [test_unitofwork.py::SaveTest3::test_manytomany_xtracol_delete]', async () => {
    const i = new Item();
    i.keywords.push(new Keyword(), new Keyword());
    const s = c.session({ expireOnCommit: false }); // SQLAlchemy flushes and counts in the transaction
    s.add(i);
    await s.commit();
    expect(await c.readBack(`SELECT foo FROM ${ident(c, Assoc.name)}`)).toHaveLength(2);
    i.keywords = [];
    await s.commit();
    expect(await c.readBack(`SELECT foo FROM ${ident(c, Assoc.name)}`)).toEqual([]);
  });
});

conformanceSuite('test_unitofwork.py BooleanColTest', (c) => {
  const { T } = c.entities((registry, name) => {
    @Table(name('t1_t'), { registry })
    class T {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30) }) name!: string;
      @Column({ type: types.boolean() }) value!: boolean;
    }
    return { T };
  });
  afterEach(() => c.clear(T));

  it('true and false are written, compared and updated [test_unitofwork.py::BooleanColTest::test_boolean]', async () => {
    const s = c.session();
    const t1 = make(T, { value: true, name: 't1' });
    const t2 = make(T, { value: false, name: 't2' });
    const t3 = make(T, { value: true, name: 't3' });
    s.addAll([t1, t2, t3]);
    await s.flush();
    const rows = async (where?: boolean): Promise<[string, boolean][]> => {
      const q = select(T).orderBy(attrs(T).id);
      const found = await s.scalars(where === undefined ? q : q.where(attrs(T).value.eq(where)));
      return found.map((t) => [t.name, t.value]);
    };
    for (const clear of [false, true]) {
      if (clear) s.expungeAll();
      expect(await rows()).toEqual([
        ['t1', true],
        ['t2', false],
        ['t3', true],
      ]);
      if (clear) s.expungeAll();
      expect(await rows(true)).toEqual([
        ['t1', true],
        ['t3', true],
      ]);
      if (clear) s.expungeAll();
      expect(await rows(false)).toEqual([['t2', false]]);
    }
    const t2b = await s.getOrThrow(T, t2.id);
    t2b.value = true;
    await s.flush();
    expect(await rows(true)).toEqual([
      ['t1', true],
      ['t2', true],
      ['t3', true],
    ]);
    t2b.value = false;
    await s.flush();
    expect(await rows(true)).toEqual([
      ['t1', true],
      ['t3', true],
    ]);
  });
});
