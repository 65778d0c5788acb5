/**
 * `eq()` / `ne()` of single-object relationships with an object or null, on every database: the
 * SQL they compile to, the rows they find, and the bad comparisons they refuse.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { ArgumentError } from '../../lib/errors';
import { attrs } from '../../lib/mapper';
import { compile, select, types } from '../../lib/sql';
import { conformanceSuite } from '../conformance/support';

conformanceSuite('relationship comparisons with objects', (c) => {
  const { Account, Profile, Note } = c.entities((registry, name) => {
    @Table(name('accounts'), { registry })
    class Account {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
      /** One-to-one whose foreign key is on the other side. */
      @Relationship(() => Profile, { uselist: false, backPopulates: 'account' }) profile!: Profile | null;
      @Relationship(() => Note, { backPopulates: 'author' }) notes!: Note[];
    }
    @Table(name('profiles'), { registry })
    class Profile {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Account, nullable: true }) accountId!: number | null;
      @Column({ type: types.string(30), nullable: false }) bio!: string;
      @Relationship(() => Account, { backPopulates: 'profile' }) account!: Account | null;
    }
    @Table(name('notes'), { registry })
    class Note {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Account, nullable: true }) authorId!: number | null;
      @Column({ type: types.string(30), nullable: false }) body!: string;
      @Relationship(() => Account, { backPopulates: 'notes' }) author!: Account | null;
    }
    return { Account, Profile, Note };
  });
  const make = <T extends object>(cls: new () => T, values: Partial<T>): T =>
    Object.assign(new cls(), values);

  /** ann (profile p1, notes n1 n2), bob (profile p2, note n3), cy (nothing); note n4 and profile p3 have no account. */
  async function seed() {
    const s = c.session({ expireOnCommit: false });
    const ann = make(Account, { name: 'ann' });
    const bob = make(Account, { name: 'bob' });
    const cy = make(Account, { name: 'cy' });
    ann.profile = make(Profile, { bio: 'p1' });
    bob.profile = make(Profile, { bio: 'p2' });
    ann.notes = [make(Note, { body: 'n1' }), make(Note, { body: 'n2' })];
    bob.notes = [make(Note, { body: 'n3' })];
    s.addAll([ann, bob, cy, make(Note, { body: 'n4' }), make(Profile, { bio: 'p3' })]);
    await s.commit();
    return { s, ann, bob, cy };
  }
  afterEach(() => c.clear(Note, Profile, Account));

  const bodies = (notes: { body: string }[]) => notes.map((n) => n.body).sort();
  const names = (accounts: { name: string }[]) => accounts.map((a) => a.name).sort();

  it('many-to-one: eq(obj) compares the foreign key with a bound key, eq(null) is IS NULL', async () => {
    const { s, ann } = await seed();
    const n = attrs(Note);
    const q = compile(select(Note).where(n.author.eq(ann)), c.dialect);
    expect(q.sql).toMatch(/ WHERE [`"]notes_\w+[`"]\.[`"]authorId[`"] = (\?|\$1)$/);
    expect(q.params).toEqual([ann.id]);
    expect(bodies(await s.scalars(select(Note).where(n.author.eq(ann))))).toEqual(['n1', 'n2']);
    expect(compile(select(Note).where(n.author.eq(null)), c.dialect).sql).toMatch(
      / WHERE [`"]notes_\w+[`"]\.[`"]authorId[`"] IS NULL$/,
    );
    expect(bodies(await s.scalars(select(Note).where(n.author.eq(null))))).toEqual(['n4']);
  });

  it('many-to-one: ne(obj) includes rows with no related object, ne(null) is IS NOT NULL', async () => {
    const { s, ann } = await seed();
    const n = attrs(Note);
    expect(bodies(await s.scalars(select(Note).where(n.author.ne(ann))))).toEqual(['n3', 'n4']);
    expect(bodies(await s.scalars(select(Note).where(n.author.ne(null))))).toEqual(['n1', 'n2', 'n3']);
  });

  it('one-to-one held by the other side: eq / ne with an object and with null', async () => {
    const { s, ann, bob } = await seed();
    const a = attrs(Account);
    const p1 = ann.profile!;
    expect(names(await s.scalars(select(Account).where(a.profile.eq(p1))))).toEqual(['ann']);
    expect(names(await s.scalars(select(Account).where(a.profile.eq(null))))).toEqual(['cy']);
    expect(names(await s.scalars(select(Account).where(a.profile.ne(null))))).toEqual(['ann', 'bob']);
    expect(names(await s.scalars(select(Account).where(a.profile.ne(bob.profile!))))).toEqual(['ann', 'cy']);
  });

  it('reads the key when the statement runs: a statement built for a pending object finds its rows', async () => {
    const s = c.session({ expireOnCommit: false });
    const dee = make(Account, { name: 'dee', notes: [make(Note, { body: 'n5' })] });
    const stmt = select(Note).where(attrs(Note).author.eq(dee));
    s.add(dee); // autoflush before the SELECT gives dee its key
    expect(bodies(await s.scalars(stmt))).toEqual(['n5']);
    await s.commit();
    expect(await c.readBack(`SELECT body FROM ${c.tableOf(Note)}`)).toEqual([{ body: 'n5' }]);
  });

  it('refuses a collection, a relationship to another class and a value that is not a mapped object', () => {
    const a = attrs(Account);
    const n = attrs(Note);
    const other = make(Note, { body: 'x' });
    expect(() => (a.notes as unknown as { eq(o: unknown): unknown }).eq(other)).toThrow(ArgumentError);
    expect(() => (a.notes as unknown as { eq(o: unknown): unknown }).eq(other)).toThrow(/notes.*any\(\)/);
    expect(() => n.author.eq(other as never)).toThrow(/can only be compared with a Account or null/);
    expect(() => n.author.eq({ id: 1 } as never)).toThrow(ArgumentError);
  });
});
