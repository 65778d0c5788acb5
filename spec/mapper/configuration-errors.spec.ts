import { Column, Relationship, Table } from '../../lib/decorators';
import { ConfigurationError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';
import { column, table, types } from '../../lib/sql';
import { configurationErrorOf } from '../support/configuration-error';

describe('configuration errors name the class, the property and the fix', () => {
  it('unknown relationship target (unmapped class)', () => {
    class NotMapped {}
    const msg = configurationErrorOf((registry) => {
      @Table('a1', { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => NotMapped as never) things!: object[];
      }
      void A;
    });
    expect(msg).toBe(
      'A.things: unknown relationship target (class NotMapped); the thunk must return a class decorated with @Table',
    );
  });

  it('unknown relationship target (undefined: circular import)', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('a2', { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => undefined as never) things!: object[];
      }
      void A;
    });
    expect(msg).toContain('A.things: unknown relationship target (undefined)');
    expect(msg).toContain('circular import');
  });

  it('no candidate foreign key', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('p3', { registry })
      class P {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => C) children!: C[];
      }
      @Table('c3', { registry })
      class C {
        @Column({ primaryKey: true }) id!: number;
      }
      void P;
    });
    expect(msg).toBe(
      "P.children: no foreign key links P (table 'p3') and C (table 'c3'); add @Column({ foreignKey: () => P }) on C " +
        'or @Column({ foreignKey: () => C }) on P, or pass secondary for a many-to-many',
    );
  });

  it('several candidate foreign keys', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('u4', { registry })
      class U {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => D) docs!: D[];
      }
      @Table('d4', { registry })
      class D {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => U }) authorId!: number;
        @Column({ foreignKey: () => U }) editorId!: number;
      }
      void U;
    });
    expect(msg).toBe(
      'U.docs: several foreign keys link U and D (d4.authorId; d4.editorId); ' +
        "pass foreignKey: '<property key>' to say which one this relationship uses",
    );
  });

  it('foreignKey naming a column that is not a foreign key between the two', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('u5', { registry })
      class U {
        @Column({ primaryKey: true }) id!: number;
        @Column() name!: string;
        @Relationship(() => D, { foreignKey: 'name' }) docs!: D[];
      }
      @Table('d5', { registry })
      class D {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => U }) authorId!: number;
      }
      void U;
    });
    expect(msg).toBe(
      "U.docs: foreignKey 'name' is not part of a foreign key between U and D; add foreignKey to that @Column",
    );
  });

  it('backPopulates naming nothing', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('u6', { registry })
      class U {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => D, { backPopulates: 'writer' }) docs!: D[];
      }
      @Table('d6', { registry })
      class D {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => U }) authorId!: number;
      }
      void U;
    });
    expect(msg).toBe(
      "U.docs: backPopulates 'writer' names no relationship of D; declare @Relationship(() => U, { backPopulates: 'docs' }) writer on D, or fix the name",
    );
  });

  it('backPopulates that does not match the other side', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('u7', { registry })
      class U {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => D, { backPopulates: 'author', foreignKey: 'authorId' }) docs!: D[];
        @Relationship(() => D, { backPopulates: 'author', foreignKey: 'reviewerId' }) reviews!: D[];
      }
      @Table('d7', { registry })
      class D {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => U }) authorId!: number;
        @Column({ foreignKey: () => U }) reviewerId!: number;
        @Relationship(() => U, { backPopulates: 'docs', foreignKey: 'authorId' }) author!: U;
      }
      void U;
    });
    expect(msg).toBe(
      "U.reviews: backPopulates 'author' does not match: D.author has backPopulates 'docs', not 'reviews'; make the two relationships name each other",
    );
  });

  it('no primary key', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('n8', { registry })
      class N {
        @Column() name!: string;
      }
      void N;
    });
    expect(msg).toBe(
      'N: no primary key; mark a column with @Column({ primaryKey: true }) (several for a composite key)',
    );
  });

  it.each([
    ['a union or object type (design:type Object)', Object, 'Object'],
    ['an array type', Array, 'Array'],
  ])('a column type that cannot be inferred: %s', (_what, designType, name) => {
    const msg = configurationErrorOf((registry) => {
      class T {
        id!: number;
        value!: unknown;
      }
      Column({ primaryKey: true, type: types.integer() })(T.prototype, 'id');
      Reflect.defineMetadata('design:type', designType, T.prototype, 'value');
      Column()(T.prototype, 'value');
      Table('t9', { registry })(T);
    });
    expect(msg).toBe(
      `T.value: cannot infer the column type from its TypeScript type (design:type is ${name}: unions, object, array and any types do not say); ` +
        'pass one, e.g. @Column({ type: types.string(100) })',
    );
  });

  it('a real union property reports design:type Object', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('t10', { registry })
      class T {
        @Column({ primaryKey: true }) id!: number;
        @Column() value!: string | number;
      }
      void T;
    });
    expect(msg).toContain('T.value: cannot infer the column type');
    expect(msg).toContain('design:type is Object');
  });

  it('duplicate table names', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('same', { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
      }
      @Table('same', { registry })
      class B {
        @Column({ primaryKey: true }) id!: number;
      }
      void [A, B];
    });
    expect(msg).toBe("B: table name 'same' is already used by class A; give @Table a different name");
  });

  it('a table name already taken by a Core table of the metadata', () => {
    const msg = configurationErrorOf((registry) => {
      table('core_t', { id: column(types.integer(), { primaryKey: true }) }, { metadata: registry.metadata });
      @Table('core_t', { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
      }
      void A;
    });
    expect(msg).toBe(
      "A: table name 'core_t' is already used by another table of registry.metadata; give @Table a different name",
    );
  });

  it('unknown cascade, bad orderBy, bad remoteSide', () => {
    const define = (opts: object) => (registry: Registry) => {
      @Table('p11', { registry })
      class P {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => C, opts) children!: C[];
      }
      @Table('c11', { registry })
      class C {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => P }) parentId!: number;
      }
      void P;
    };
    expect(configurationErrorOf(define({ cascade: ['save-update', 'explode'] }))).toBe(
      "P.children: invalid cascade option(s): 'explode'; use any of all, none, save-update, merge, delete, delete-orphan, refresh-expire, expunge",
    );
    expect(configurationErrorOf(define({ orderBy: 'nope' }))).toBe(
      "P.children: orderBy 'nope' must be a column property of C, optionally followed by ' desc'",
    );
    expect(configurationErrorOf(define({ remoteSide: 'nope' }))).toBe(
      "P.children: remoteSide 'nope' is not a column property of C",
    );
  });

  it('delete-orphan on a many-to-one', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('p12', { registry })
      class P {
        @Column({ primaryKey: true }) id!: number;
      }
      @Table('c12', { registry })
      class C {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => P }) parentId!: number;
        @Relationship(() => P, { cascade: 'all, delete-orphan' }) parent!: P;
      }
      void C;
    });
    expect(msg).toBe(
      'C.parent: delete-orphan cascade on a many-to-one relationship needs singleParent: true. It is normally configured ' +
        'only on the "one" side of a one-to-many relationship; singleParent lets a P object be referenced by only a ' +
        'single C object at a time through C.parent, which allows delete-orphan in this direction',
    );
  });

  it('a foreignKey thunk returning something unmapped', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('c13', { registry })
      class C {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => Date }) parentId!: number;
      }
      void C;
    });
    expect(msg).toContain('C.parentId: foreignKey must return a mapped class or a column, got class Date');
  });

  it('a single-table subclass without a discriminator, and a class without a table name', () => {
    const noDisc = configurationErrorOf((registry) => {
      @Table('e14', { registry })
      class E {
        @Column({ primaryKey: true }) id!: number;
      }
      @Table({ registry, polymorphicIdentity: 'm' })
      class M extends E {}
      void M;
    });
    expect(noDisc).toBe(
      "M: E has mapped subclasses but no discriminator; add polymorphicOn: '<column>' to E's @Table and a polymorphicIdentity to each class",
    );
    const noName = configurationErrorOf((registry) => {
      @Table({ registry })
      class Lonely {
        @Column({ primaryKey: true }) id!: number;
      }
      void Lonely;
    });
    expect(noName).toBe(
      "Lonely: @Table needs a table name; only a subclass of a mapped class may share its parent's table",
    );
  });

  it('an unknown polymorphicOn, a missing or duplicate polymorphicIdentity', () => {
    const base = (registry: Registry, on: string) => {
      @Table('e15', { registry, polymorphicOn: on, polymorphicIdentity: 'e' })
      class E {
        @Column({ primaryKey: true }) id!: number;
        @Column() kind!: string;
      }
      return E;
    };
    expect(configurationErrorOf((r) => void base(r, 'nope'))).toBe(
      "E: polymorphicOn 'nope' is not a column property of E; declare it with @Column",
    );
    expect(
      configurationErrorOf((registry) => {
        const E = base(registry, 'kind');
        @Table({ registry })
        class M extends E {}
        void M;
      }),
    ).toBe('M: a class of an inheritance hierarchy needs a polymorphicIdentity in its @Table options');
    expect(
      configurationErrorOf((registry) => {
        const E = base(registry, 'kind');
        @Table({ registry, polymorphicIdentity: 'e' })
        class M extends E {}
        void M;
      }),
    ).toBe('M: polymorphicIdentity "e" is already used by E');
  });

  it('index and unique constraints naming unknown properties', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('i16', { registry, indexes: [{ columns: ['nope'] }] })
      class I {
        @Column({ primaryKey: true }) id!: number;
      }
      void I;
    });
    expect(msg).toBe(
      "I: an index names 'nope', which is not a column of table 'i16'; use property keys of @Column properties",
    );
  });

  it('secondary tables without a usable foreign key', () => {
    const msg = configurationErrorOf((registry) => {
      const links = table(
        'links17',
        { a: column(types.integer()), b: column(types.integer()) },
        { metadata: registry.metadata },
      );
      @Table('a17', { registry })
      class A {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => B, { secondary: links }) bs!: B[];
      }
      @Table('b17', { registry })
      class B {
        @Column({ primaryKey: true }) id!: number;
      }
      void A;
    });
    expect(msg).toBe("A.bs: secondary table 'links17' has no foreign key to A's table 'a17'; add one");
  });

  it('a secondary table the target refers to serves only a view-only relationship', () => {
    const msg = configurationErrorOf((registry) => {
      @Table('g19', { registry })
      class G {
        @Column({ primaryKey: true }) id!: number;
        @Relationship(() => C, { secondary: 'p19' }) grandChildren!: C[];
      }
      @Table('p19', { registry })
      class P {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => G }) gId!: number;
      }
      @Table('c19', { registry })
      class C {
        @Column({ primaryKey: true }) id!: number;
        @Column({ foreignKey: () => P }) pId!: number;
      }
      void G;
    });
    expect(msg).toBe(
      "G.grandChildren: secondary table 'p19' needs exactly one foreign key to C's table 'c19', found 0",
    );
  });

  it('a failed configure keeps nothing, so a fixed mapping configures', () => {
    const registry = new Registry();
    @Table('f18', { registry })
    class F {
      @Column({ primaryKey: true }) id!: number;
      @Column() value!: string | number;
    }
    expect(() => registry.configure()).toThrow(ConfigurationError);
    // Reading the metadata configures first, so it reports the same error instead of half a schema.
    expect(() => registry.metadata).toThrow(ConfigurationError);
    registry.mappers[0]!.declaration.columns.get('value')!.type = types.string();
    registry.configure();
    expect(registry.metadata.tables.get('f18')!.columns.map((c) => c.name)).toEqual(['id', 'value']);
    void F;
  });
});
