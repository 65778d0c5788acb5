/**
 * Collections keyed by an attribute of their members (`keyedBy`): setting, replacing and deleting
 * a key change the members as push / splice do (backref, save-update and delete-orphan cascades,
 * the foreign key written by the flush), checked on three databases with rows read back on a
 * separate connection.
 */
import { inspect } from 'node:util';
import { Column, Relationship, Table } from '../../lib/decorators';
import { ArgumentError, ConfigurationError } from '../../lib/errors';
import { attrs, instanceState, Registry } from '../../lib/mapper';
import { selectinload } from '../../lib/session';
import { types } from '../../lib/sql';
import { make } from '../conformance/cascade-helpers';
import { conformanceSuite, type ConformanceContext } from '../conformance/support';
import { ident } from '../conformance/uow-helpers';

conformanceSuite('keyed collections (keyedBy)', (c) => {
  const { Doc, Tag } = c.entities((registry, name) => {
    @Table(name('docs'), { registry })
    class Doc {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) title!: string;
      @Relationship(() => Tag, { backPopulates: 'doc', keyedBy: 'label', cascade: 'all, delete-orphan' })
      tags: Record<string, Tag> = {};
    }
    @Table(name('tags'), { registry })
    class Tag {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Doc, nullable: true }) docId!: number | null;
      @Column({ type: types.string(30), nullable: false }) label!: string;
      @Column({ type: types.string(30), nullable: true }) note!: string | null;
      @Relationship(() => Doc, { backPopulates: 'tags' }) doc!: Doc | null;
    }
    return { Doc, Tag };
  });
  afterEach(() => c.clear(Tag, Doc));

  const tagRows = () =>
    c.readBack(`SELECT id, ${ident(c, 'docId')} AS doc, label, note FROM ${c.tableOf(Tag)} ORDER BY id`);

  async function saved(c2: ConformanceContext) {
    const s = c2.session();
    const d = make(Doc, { id: 1, title: 'a' });
    d.tags.red = make(Tag, { id: 1, label: 'red', note: 'r1' });
    d.tags.blue = make(Tag, { id: 2, label: 'blue', note: 'b1' });
    s.add(d);
    await s.commit();
    const loaded = await s.get(Doc, 1, { options: [selectinload(attrs(Doc).tags)] });
    return { s, d: loaded! };
  }

  it('setting keys adds members: the backref points at the parent, the save-update cascade inserts them with the foreign key', async () => {
    const s = c.session();
    const d = make(Doc, { id: 1, title: 'a' });
    const red = make(Tag, { id: 1, label: 'red' });
    d.tags.red = red;
    expect(red.doc).toBe(d);
    expect(d.tags).toBe(d.tags);
    expect(Object.keys(d.tags)).toEqual(['red']);
    expect('red' in d.tags).toBe(true);
    expect(d.tags.blue).toBeUndefined();
    s.add(d);
    // The other side adds to the keyed view too (a backref does not cascade the save-update, as
    // in SQLAlchemy 2.0: the new member is added to the session by hand).
    const blue = make(Tag, { id: 2, label: 'blue' });
    blue.doc = d;
    s.add(blue);
    expect(Object.entries(d.tags)).toEqual([
      ['red', red],
      ['blue', blue],
    ]);
    await s.commit();
    expect(await tagRows()).toEqual([
      { id: 1, doc: 1, label: 'red', note: null },
      { id: 2, doc: 1, label: 'blue', note: null },
    ]);
  });

  it('a loaded keyed collection reads as an object by the key attribute, in JSON too', async () => {
    const { s, d } = await saved(c);
    expect(Object.keys(d.tags)).toEqual(['red', 'blue']);
    expect(d.tags.blue!.note).toBe('b1');
    expect(inspect(d.tags, { depth: 0, breakLength: Infinity })).toBe(
      "{ red: Tag { id: 1, docId: 1, label: 'red', note: 'r1', doc: [Object] }, blue: Tag { id: 2, docId: 1, label: 'blue', note: 'b1', doc: [Object] } }",
    );
    expect(JSON.parse(JSON.stringify(d)).tags).toEqual({
      red: { id: 1, docId: 1, label: 'red', note: 'r1' },
      blue: { id: 2, docId: 1, label: 'blue', note: 'b1' },
    });
    s.expungeAll();
    const again = (await s.get(Doc, 1))!;
    const tags = await s.load(again, 'tags');
    expect(Object.keys(tags)).toEqual(['red', 'blue']);
    expect(tags).toBe(again.tags);
  });

  it('replacing a key swaps the member: the new one is inserted, the old one deleted as an orphan', async () => {
    const { s, d } = await saved(c);
    const old = d.tags.red!;
    d.tags.red = make(Tag, { id: 3, label: 'red', note: 'r2' });
    expect(old.doc).toBeNull();
    expect(Object.keys(d.tags)).toEqual(['red', 'blue']);
    await s.commit();
    expect(await tagRows()).toEqual([
      { id: 2, doc: 1, label: 'blue', note: 'b1' },
      { id: 3, doc: 1, label: 'red', note: 'r2' },
    ]);
  });

  it('deleting a key removes the member, deleted as an orphan', async () => {
    const { s, d } = await saved(c);
    const blue = d.tags.blue!;
    expect(delete d.tags.blue).toBe(true);
    expect(blue.doc).toBeNull();
    expect(Object.keys(d.tags)).toEqual(['red']);
    await s.commit();
    expect(await tagRows()).toEqual([{ id: 1, doc: 1, label: 'red', note: 'r1' }]);
  });

  it('assigning an object, a Map or an array replaces the members; keys must match', async () => {
    const { s, d } = await saved(c);
    const green = make(Tag, { id: 4, label: 'green' });
    expect(() => {
      d.tags = { red: d.tags.red!, wrong: green };
    }).toThrow(ArgumentError);
    expect(Object.keys(d.tags)).toEqual(['red', 'blue']);
    d.tags = new Map([['green', green]]) as unknown as Record<string, typeof green>;
    expect(Object.keys(d.tags)).toEqual(['green']);
    d.tags = [green, d.tags.green!] as unknown as Record<string, typeof green>;
    await s.commit();
    expect(await tagRows()).toEqual([{ id: 4, doc: 1, label: 'green', note: null }]);
  });

  it('a member stored under a key that is not its attribute is refused, naming the relationship, and nothing changes', async () => {
    const { s, d } = await saved(c);
    const stray = make(Tag, { id: 5, label: 'purple' });
    expect(() => {
      d.tags.red = stray;
    }).toThrow(
      `${instanceState(d).mapper.name}.tags is keyed by Tag.label: a member stored under 'red' must have label 'red', got 'purple'`,
    );
    expect(() => {
      (d.tags as Record<string, unknown>).red = make(Doc, { id: 9, title: 'x' });
    }).toThrow(ArgumentError);
    expect(stray.doc).toBeNull();
    expect(instanceState(stray).status).toBe('transient');
    expect(Object.keys(d.tags)).toEqual(['red', 'blue']);
    expect(s.dirty).toEqual([]);
    await s.commit();
    expect((await tagRows()).map((r) => r.id)).toEqual([1, 2]);
  });
});

describe('keyedBy configuration', () => {
  function configureWith(options: { keyedBy: string; uselist?: boolean }, onManyToOne = false) {
    const registry = new Registry();
    @Table('kp', { registry })
    class P {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => C, onManyToOne ? {} : options) cs!: Record<string, C>;
    }
    @Table('kc', { registry })
    class C {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => P }) pId!: number;
      @Column({ type: types.string(10) }) label!: string;
      @Relationship(() => P, onManyToOne ? options : {}) p!: P;
    }
    return () => registry.configure();
  }

  it('refuses a key that is not a column attribute of the target, and a keyed single object', () => {
    expect(configureWith({ keyedBy: 'nope' })).toThrow(
      new ConfigurationError(`P.cs: keyedBy 'nope' must be a column property of C`),
    );
    expect(configureWith({ keyedBy: 'id' }, true)).toThrow(
      'C.p: keyedBy needs a loaded collection; it cannot be used with a single object or a write-only collection',
    );
    expect(configureWith({ keyedBy: 'label' })).not.toThrow();
  });
});
