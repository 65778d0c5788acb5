import { Column, Index, Relationship, Table, Unique } from '../../lib/decorators';
import { inspect, Registry } from '../../lib/mapper';
import { column, sqlDefault, table, types, type Table as CoreTable } from '../../lib/sql';
import { blog, Post, Tag, User } from './fixtures';

describe('@Column options', () => {
  const registry = new Registry();
  @Unique(['tenant', 'code'], { name: 'uq_things_code' })
  @Index(['label', 'code'])
  @Table('things', {
    registry,
    schema: 'app',
    checks: [{ name: 'ck_qty', sql: 'qty >= 0' }],
    comment: 'things',
  })
  class Thing {
    @Column({ primaryKey: true }) id!: number;
    @Column() tenant!: number;
    @Column() code!: string;
    @Column() active!: boolean;
    @Column() seenAt!: Date;
    @Column() big!: bigint;
    @Column({ type: types.string(30), name: 'the_label', index: true, comment: 'shown' }) label!: string;
    @Column({ type: types.integer(), nullable: false, default: 0, serverDefault: 0 }) qty!: number;
    @Column({ type: types.dateTime(), serverDefault: sqlDefault('CURRENT_TIMESTAMP') }) createdAt!: Date;
    @Column({ type: types.string(80), unique: true, nullable: true }) slug!: string | null;
    @Column({ version: true }) version!: number;
  }
  const m = inspect(Thing);
  const c = m.table.c;

  it('takes types from design:type and from options', () => {
    expect(m.columnProps.map((p) => [p.key, p.column.sqlType.name])).toEqual([
      ['id', 'integer'],
      ['tenant', 'integer'],
      ['code', 'string'],
      ['active', 'boolean'],
      ['seenAt', 'dateTime'],
      ['big', 'bigInteger'],
      ['label', 'string(30)'],
      ['qty', 'integer'],
      ['createdAt', 'dateTime'],
      ['slug', 'string(80)'],
      ['version', 'integer'],
    ]);
  });

  it('passes every Core option through', () => {
    expect(m.table.fullName).toBe('app.things');
    expect(m.table.comment).toBe('things');
    expect(c.id.primaryKey && c.id.autoincrement && !c.id.nullable).toBe(true);
    expect(c.label.name).toBe('the_label');
    expect(c.label.index && c.label.comment === 'shown').toBe(true);
    expect([c.qty.nullable, c.qty.default, c.qty.serverDefault]).toEqual([false, 0, 0]);
    expect(c.createdAt.serverDefault).toEqual({ kind: 'SqlDefault', sql: 'CURRENT_TIMESTAMP' });
    expect([c.slug.unique, c.slug.nullable]).toEqual([true, true]);
    expect(m.table.checks).toEqual([{ name: 'ck_qty', sql: 'qty >= 0' }]);
    expect(m.table.indexes.map((ix) => [ix.name, ix.columns.map((col) => col.name), ix.unique])).toEqual([
      ['ix_things_label_code', ['the_label', 'code'], false],
      ['ix_things_the_label', ['the_label'], false],
    ]);
    expect(m.table.uniques.map((u) => [u.name, u.columns.map((col) => col.name)])).toEqual([
      ['uq_things_code', ['tenant', 'code']],
      [undefined, ['slug']],
    ]);
  });

  it('marks the version column: integer, NOT NULL, starting at 1', () => {
    expect(m.versionProp?.key).toBe('version');
    expect(m.versionProp?.isVersion).toBe(true);
    expect([c.version.nullable, c.version.default]).toEqual([false, 1]);
  });

  it('builds the table into registry.metadata', () => {
    expect(registry.metadata.tables.get('app.things')).toBe(m.table);
  });
});

describe('composite keys', () => {
  const registry = new Registry();
  @Table('orders', { registry })
  class Order {
    @Column({ primaryKey: true }) shop!: string;
    @Column({ primaryKey: true }) number!: number;
    @Relationship(() => Line, { backPopulates: 'order' }) lines!: Line[];
  }
  @Table('lines', {
    registry,
    foreignKeys: [{ columns: ['shop', 'orderNumber'], references: () => Order, onDelete: 'CASCADE' }],
  })
  class Line {
    @Column({ primaryKey: true }) id!: number;
    @Column() shop!: string;
    @Column() orderNumber!: number;
    @Relationship(() => Order, { backPopulates: 'lines' }) order!: Order;
  }

  it('maps a composite primary key (no autoincrement) and a composite foreign key', () => {
    const m = inspect(Order);
    expect(m.primaryKeyProps.map((p) => p.key)).toEqual(['shop', 'number']);
    expect(m.table.c.number.autoincrement).toBe(false);
    const rel = inspect(Line).relationship('order')!;
    expect(rel.direction).toBe('manyToOne');
    expect(rel.pairs.map((p) => [p.source.toString(), p.dest.toString()])).toEqual([
      ['orders.shop', 'lines.shop'],
      ['orders.number', 'lines.orderNumber'],
    ]);
    expect(inspect(Line).table.foreignKeys[0]!.onDelete).toBe('CASCADE');
  });

  it('builds composite identity keys', () => {
    expect(inspect(Order).identityKeyFor(['a|b', 7])).toBe('Order|"a|b"|7');
    expect(inspect(Order).identityKeyFor(['x', 7n])).toBe(inspect(Order).identityKeyFor(['x', 7]));
  });
});

describe('@Relationship options', () => {
  it('infers directions, uselist, pairs and back-populates for the blog model', () => {
    blog.configure();
    const posts = inspect(User).relationship('posts')!;
    const author = inspect(Post).relationship('author')!;
    expect([posts.direction, posts.uselist, author.direction, author.uselist]).toEqual([
      'oneToMany',
      true,
      'manyToOne',
      false,
    ]);
    expect(posts.backPopulates).toBe(author);
    expect(author.backPopulates).toBe(posts);
    expect(posts.pairs.map((p) => [p.source.toString(), p.dest.toString()])).toEqual([
      ['users.id', 'posts.authorId'],
    ]);
    expect([...posts.cascade].sort()).toEqual(['delete', 'delete-orphan', 'save-update']);
    expect([...author.cascade].sort()).toEqual(['merge', 'save-update']);
    expect(posts.orderBy.map((o) => [o.key, o.direction])).toEqual([['id', 'ASC']]);
    expect(posts.lazy).toBe('raise');
  });

  it('creates a many-to-many association table by name', () => {
    const tags = inspect(Post).relationship('tags')!;
    const secondary = tags.secondary!;
    expect(secondary).toBe(blog.metadata.tables.get('post_tags'));
    expect(secondary.columns.map((col) => col.name)).toEqual(['posts_id', 'tags_id']);
    expect(secondary.primaryKey.length).toBe(2);
    expect(tags.pairs.map((p) => [p.source.toString(), p.dest.toString()])).toEqual([
      ['posts.id', 'post_tags.posts_id'],
    ]);
    expect(tags.secondaryPairs.map((p) => [p.source.toString(), p.dest.toString()])).toEqual([
      ['tags.id', 'post_tags.tags_id'],
    ]);
    const back = inspect(Tag).relationship('posts')!;
    expect(back.secondary).toBe(secondary);
    expect(back.backPopulates).toBe(tags);
    expect(back.pairs[0]!.dest.name).toBe('tags_id');
  });

  it('uses a Core table or an association entity as secondary', () => {
    const registry = new Registry();
    const memberships: CoreTable = table(
      'memberships',
      {
        personId: column(types.integer(), { primaryKey: true, foreignKey: 'people.id' }),
        clubId: column(types.integer(), { primaryKey: true, foreignKey: 'clubs.id' }),
      },
      { metadata: registry.metadata },
    );
    @Table('people', { registry })
    class Person {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Club, { secondary: memberships, backPopulates: 'members' }) clubs!: Club[];
      @Relationship(() => Club, { secondary: () => Enrollment, viewonly: true }) enrolled!: Club[];
    }
    @Table('clubs', { registry })
    class Club {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Person, { secondary: memberships, backPopulates: 'clubs' }) members!: Person[];
    }
    @Table('enrollments', { registry })
    class Enrollment {
      @Column({ primaryKey: true, foreignKey: () => Person }) personId!: number;
      @Column({ primaryKey: true, foreignKey: () => Club }) clubId!: number;
      @Column() since!: Date;
    }
    const clubs = inspect(Person).relationship('clubs')!;
    expect(clubs.secondary).toBe(memberships);
    expect(clubs.direction).toBe('manyToMany');
    const enrolled = inspect(Person).relationship('enrolled')!;
    expect(enrolled.secondary).toBe(inspect(Enrollment).table);
    expect(enrolled.viewonly).toBe(true);
    expect(enrolled.secondaryPairs[0]!.dest.name).toBe('clubId');
  });

  it('handles one-to-one, self-reference with remoteSide, foreignKey, lazy, postUpdate', () => {
    const registry = new Registry();
    @Table('nodes', { registry })
    class Node {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => Node, nullable: true }) parentId!: number | null;
      @Column({ type: types.integer(), foreignKey: () => Node, nullable: true }) favoriteId!: number | null;
      @Relationship(() => Node, { foreignKey: 'parentId', backPopulates: 'parent', lazy: 'selectin' })
      children!: Node[];
      @Relationship(() => Node, { foreignKey: 'parentId', remoteSide: 'id', backPopulates: 'children' })
      parent!: Node | null;
      @Relationship(() => Node, { foreignKey: 'favoriteId', remoteSide: ['id'], postUpdate: true })
      favorite!: Node | null;
    }
    @Table('profiles', { registry })
    class Profile {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => Node, unique: true }) nodeId!: number;
      @Relationship(() => Node) node!: Node;
    }
    @Table('owners', { registry })
    class Owner {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => Passport, { uselist: false, backPopulates: 'owner' }) passport!: Passport | null;
    }
    @Table('passports', { registry })
    class Passport {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => Owner, unique: true }) ownerId!: number;
      @Relationship(() => Owner, { backPopulates: 'passport' }) owner!: Owner;
    }
    void Owner;
    const m = inspect(Node);
    expect(m.relationship('children')!.direction).toBe('oneToMany');
    expect(m.relationship('children')!.lazy).toBe('selectin');
    expect(m.relationship('parent')!.direction).toBe('manyToOne');
    expect(m.relationship('parent')!.remoteSide.map((col) => col.name)).toEqual(['id']);
    expect(m.relationship('favorite')!.postUpdate).toBe(true);
    expect(m.relationship('favorite')!.pairs[0]!.dest.name).toBe('favoriteId');
    expect(inspect(Profile).relationship('node')!.direction).toBe('manyToOne');
    const profile = inspect(Owner).relationship('passport')!;
    expect([profile.direction, profile.uselist]).toEqual(['oneToMany', false]);
  });

  it("expands cascade 'all'", () => {
    const registry = new Registry();
    @Table('ps', { registry })
    class P {
      @Column({ primaryKey: true }) id!: number;
      @Relationship(() => C, { cascade: 'all, delete-orphan' }) cs!: C[];
    }
    @Table('cs', { registry })
    class C {
      @Column({ primaryKey: true }) id!: number;
      @Column({ foreignKey: () => P }) pId!: number;
    }
    expect([...inspect(P).relationship('cs')!.cascade].sort()).toEqual([
      'delete',
      'delete-orphan',
      'expunge',
      'merge',
      'refresh-expire',
      'save-update',
    ]);
    void C;
  });
});

describe('inspect() and events', () => {
  it('exposes the mapper and fires listeners in order, ancestors first', async () => {
    const m = inspect(User);
    expect(m.table.name).toBe('users');
    const seen: string[] = [];
    const off = blog.listen(User, 'beforeInsert', (u) => void seen.push(`insert ${u.email}`));
    m.on('afterDelete', () => void seen.push('deleted'));
    const u = Object.assign(new User(), { email: 'a@b' });
    await m.dispatch('beforeInsert', u);
    await m.dispatch('afterDelete', u);
    off();
    await m.dispatch('beforeInsert', u);
    expect(seen).toEqual(['insert a@b', 'deleted']);
  });
});

describe('nullability of mapped columns', () => {
  it('is NOT NULL unless the column says nullable: true; single-table subclass columns are nullable', () => {
    const registry = new Registry();
    @Table('nl_people', { registry, polymorphicOn: 'kind', polymorphicIdentity: 'person' })
    class Person {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(20) }) kind!: string;
      @Column({ type: types.string(50) }) name!: string;
      @Column({ type: types.string(50), nullable: true }) nickname!: string | null;
    }
    @Table({ registry, polymorphicIdentity: 'manager' })
    class Manager extends Person {
      @Column({ type: types.string(50) }) budget!: string;
    }
    const t = inspect(Person).table;
    const nullable = Object.fromEntries(t.columns.map((c) => [c.name, c.nullable]));
    expect(nullable).toEqual({ id: false, kind: false, name: false, nickname: true, budget: true });
    void Manager;
  });
});
