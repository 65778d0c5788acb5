import { ConfigurationError, MappedSelectableError } from '../errors';
import { MetaData, type ForeignKey, type Table } from '../sql';
import { buildRelationship, linkBackPopulates, type RelationshipContext } from './build-relationships';
import { buildTable } from './build-tables';
import type { EntityDeclaration, MappedClass, VersionOption } from './declaration';
import { deferral } from './deferred';
import { buildEntity } from './entity-descriptor';
import { buildDiscriminator, buildExpressionProps } from './expression-property';
import { forgetAttrs } from './attributes';
import { inheritPairsOf } from './inherit-condition';
import { instrumentClass } from './instrumentation';
import { configureMappedSelectable } from './mapped-selectable';
import { MapperImpl } from './mapper';
import { declaredMapper, registerPrototype } from './mapper-lookup';
import { declaredMapperKey } from './mapper-key';
import { originalClass, registerDeclaredFields } from './own-fields';
import type {
  ColumnProperty,
  Mapper,
  MapperEvent,
  MapperListener,
  MapperRegistry,
  RelationshipProperty,
  Versioning,
} from './mapper-types';

const identityNames = new Set<string>();

function uniqueIdentityName(name: string): string {
  let candidate = name;
  for (let i = 2; identityNames.has(candidate); i++) candidate = `${name}#${i}`;
  identityNames.add(candidate);
  return candidate;
}

/**
 * A set of mapped classes and the MetaData of their tables. `configure()` runs once, lazily,
 * before first use (attrs, inspect, select, instances): it resolves `() => Target` thunks, builds
 * the Core tables, infers relationships and checks everything.
 *
 * @example
 * const reg = new Registry();
 * @Table('users', { registry: reg }) class User { … }
 * reg.configure();
 * await reg.metadata.createAll(engine);
 */
export class Registry implements MapperRegistry {
  private readonly metadata_: MetaData;
  private readonly all: Mapper<object>[] = [];
  private configuring = false;
  private dirty = false;

  /**
   * An empty registry; classes join it through `@Table(…, { registry })`.
   *
   * @param options - `metadata`: the MetaData the mapped tables join (a new one by default).
   */
  constructor(options: { metadata?: MetaData } = {}) {
    this.metadata_ = options.metadata ?? new MetaData();
  }

  /**
   * The Core tables of the mapped classes. Reading it configures the registry first, so
   * `registry.metadata.createAll(engine)` creates every mapped table even before the first query.
   */
  get metadata(): MetaData {
    this.configure();
    return this.metadata_;
  }

  /** Every mapper declared in this registry. */
  get mappers(): readonly Mapper<object>[] {
    return this.all;
  }

  /**
   * Maps a class (what `@Table` calls). Installs instrumented attributes on the prototype at once;
   * tables and relationships wait for `configure()`.
   */
  map<E extends object>(cls: MappedClass<E>, declaration: EntityDeclaration): Mapper<E> {
    if (declaredMapper(cls) !== undefined || declaredMapper(originalClass(cls)) !== undefined) {
      throw new ConfigurationError(`${cls.name}: the class is mapped twice; keep one @Table`);
    }
    const mapper = new MapperImpl<E>(cls, this, declaration);
    this.all.push(mapper as unknown as Mapper<object>);
    registerPrototype(cls.prototype, mapper as unknown as Mapper<object>);
    registerDeclaredFields(cls.prototype, declaration);
    instrumentClass(mapper as unknown as Mapper<object>);
    this.dirty = true;
    return mapper;
  }

  /** The mapper of `cls` in this registry (configured). Throws for an unmapped class. */
  mapperFor<E extends object>(cls: MappedClass<E>): Mapper<E> {
    const mapper = declaredMapper(cls);
    if (mapper === undefined || mapper.registry !== this) {
      throw new ConfigurationError(
        `${cls.name ?? String(cls)} is not a mapped class of this registry; decorate it with @Table`,
      );
    }
    this.configure();
    return mapper as Mapper<object> as unknown as Mapper<E>;
  }

  /** Adds a mapper event listener. @example registry.listen(User, 'beforeUpdate', (u) => { u.updatedAt = new Date(); }) */
  listen<E extends object>(cls: MappedClass<E>, event: MapperEvent, listener: MapperListener<E>): () => void {
    return this.mapperFor(cls).on(event, listener);
  }

  /**
   * Configures every mapper declared since the last call. Idempotent and cheap when nothing is new.
   * Throws a ConfigurationError naming the class, the property and the fix; nothing is kept from a
   * failed run, so a corrected mapping can configure again.
   */
  configure(): void {
    if (!this.dirty || this.configuring) return;
    this.configuring = true;
    const pending = this.all.filter((m) => !m.configured);
    const tablesBefore = new Set(this.metadata_.tables.values());
    try {
      this.configureMappers(pending);
      for (const m of pending) m.configured = true;
      this.dirty = false;
    } catch (e) {
      for (const t of [...this.metadata_.tables.values()]) if (!tablesBefore.has(t)) this.metadata_.remove(t);
      for (const m of pending) {
        m.subMappers.length = 0;
        m.polymorphicMap.clear();
        m.polymorphicOn = undefined;
        m.discriminator = undefined;
        m.columnPropsByKey.clear();
        m.expressionPropsByKey.clear();
        m.relationshipsByKey.clear();
        m.inheritPairs = [];
      }
      for (const m of this.all) {
        if (m.configured) {
          const keep = m.subMappers.filter((s) => s.configured);
          m.subMappers.length = 0;
          m.subMappers.push(...keep);
        }
      }
      throw e;
    } finally {
      this.configuring = false;
    }
  }

  private configureMappers(pending: Mapper<object>[]): void {
    // 1. Inheritance links, parents before children.
    for (const m of pending) this.linkInheritance(m);
    const ordered = [...pending].sort((a, b) => a.ancestry.length - b.ancestry.length);
    // 2. Tables and column properties.
    const owners = new Map<string, Mapper<object>>();
    for (const m of this.all.filter((x) => x.configured))
      if (m.inheritance !== 'single' && m.selectable === undefined) owners.set(m.table.fullName, m);
    for (const m of ordered) {
      if (m.declaration.table.mappedTo !== undefined) {
        const version = configureMappedSelectable(m);
        m.versionProp = version;
        m.versioning =
          version === undefined
            ? undefined
            : versioningOf(m.declaration.columns.get(version.key)!.version as Exclude<VersionOption, false>);
        continue;
      }
      this.refuseMapsTo(m);
      if (m.inheritance === 'single') {
        m.table = m.inherits!.table;
        m.tables = m.inherits!.tables;
      } else {
        m.table = buildTable(m, this.metadata_, owners);
        m.tables = m.inheritance === 'joined' ? [...m.inherits!.tables, m.table] : [m.table];
        if (m.inheritance === 'joined') m.inheritPairs = inheritPairsOf(m);
      }
      this.columnProps(m);
    }
    for (const m of ordered) this.polymorphism(m);
    // Resolve every new foreign key now, so a bad target fails configure() and not a later query.
    for (const m of ordered)
      if (m.inheritance !== 'single' && m.selectable === undefined)
        m.table.foreignKeys.forEach((fk) => fk.referredColumns);
    // 3. Relationships, then their mirrors.
    const inheritanceFks = new Set<ForeignKey>();
    for (const m of this.all) {
      if (m.inheritance !== 'joined' || m.table === undefined) continue;
      const joining = m.inheritPairs.map((p) => p.sub);
      for (const fk of m.table.foreignKeys) {
        if (!m.inherits!.tables.includes(fk.referredTable)) continue;
        if (
          m.declaration.table.inheritCondition === undefined
            ? fk.columns.every((c) => c.primaryKey)
            : fk.columns.every((c) => joining.includes(c))
        )
          inheritanceFks.add(fk);
      }
    }
    const ctx: RelationshipContext = {
      metadata: this.metadata_,
      createdSecondaries: new Map<Table, { owner: string; parentFk: ForeignKey }>(),
      isInheritanceFk: (fk) => inheritanceFks.has(fk),
    };
    for (const m of ordered) {
      const own = [...m.declaration.relationships].map(([key, decl]) => {
        if (m.columnPropsByKey.has(key)) {
          throw new ConfigurationError(
            `${m.name}.${key}: declared both as a column and as a relationship; keep one`,
          );
        }
        return buildRelationship(m, key, decl, ctx);
      });
      const inherited: readonly RelationshipProperty[] = m.inherits?.relationships ?? [];
      m.relationships = [...inherited, ...own];
      for (const rel of m.relationships) m.relationshipsByKey.set(rel.key, rel);
    }
    for (const m of ordered) {
      for (const [key, decl] of m.declaration.relationships) {
        const name = decl.options.backPopulates;
        if (name !== undefined) linkBackPopulates(m.relationshipsByKey.get(key)!, name);
      }
    }
    for (const m of this.all) {
      if (m.relationships === undefined) continue;
      m.deleteOrphanParents = this.all.flatMap((owner) =>
        (owner.relationships ?? []).filter(
          (rel) => rel.parent === owner && rel.cascade.has('delete-orphan') && m.isa(rel.target),
        ),
      );
    }
    // 4. Expression attributes (over columns and relationships; one may read another class's
    // columns), then what select(Entity) loads.
    for (const m of ordered) m.selectProps = m.columnProps;
    for (const m of ordered) buildExpressionProps(m);
    for (const m of ordered) buildDiscriminator(m);
    for (const m of ordered) forgetAttrs(m);
    for (const m of ordered) buildEntity(m);
    for (const m of this.all) if (m.configured && pending.some((p) => p.isa(m))) buildEntity(m);
  }

  private linkInheritance(m: Mapper<object>): void {
    // The class @Table returns extends the declared class: the mapped parent is that class's parent.
    const parentClass = Object.getPrototypeOf(originalClass(m.class_)) as unknown;
    const parent = typeof parentClass === 'function' ? declaredMapper(parentClass) : undefined;
    if (parent !== undefined && parent.registry !== this) {
      throw new ConfigurationError(
        `${m.name}: its parent class ${parent.name} is mapped in another registry`,
      );
    }
    m.inherits = parent;
    if (
      parent !== undefined &&
      (parent.declaration.table.mappedTo !== undefined || m.declaration.table.mappedTo !== undefined)
    ) {
      throw new MappedSelectableError(
        `${m.name}: inheritance from or into a class mapped to a select or join (${parent.declaration.table.mappedTo !== undefined ? parent.name : m.name}) is not supported`,
        m.name,
        undefined,
      );
    }
    if (m.declaration.table.mappedTo !== undefined && m.declaration.table.name !== undefined) {
      throw new MappedSelectableError(
        `${m.name}: @Table takes a table name or mappedTo, not both`,
        m.name,
        undefined,
      );
    }
    if (parent === undefined) {
      if (m.declaration.table.name === undefined && m.declaration.table.mappedTo === undefined) {
        throw new ConfigurationError(
          `${m.name}: @Table needs a table name; only a subclass of a mapped class may share its parent's table`,
        );
      }
      m.inheritance = 'none';
      m.base = m;
      if (!m.identityName) m.identityName = uniqueIdentityName(m.name);
    } else {
      m.inheritance = m.declaration.table.name === undefined ? 'single' : 'joined';
      m.base = parent.base ?? parent;
      m.identityName = m.base.identityName;
      if (!parent.subMappers.includes(m)) parent.subMappers.push(m);
    }
  }

  /** `mapsTo` is for a class mapped to a select or join: a table of its own declares its columns. */
  private refuseMapsTo(m: Mapper<object>): void {
    for (const [key, decl] of m.declaration.columns) {
      if (decl.mapsTo !== undefined) {
        throw new MappedSelectableError(
          `${m.name}.${key}: mapsTo is for a class mapped to a select or join (@Table({ mappedTo })); ${m.name} has a table of its own`,
          m.name,
          key,
        );
      }
    }
  }

  private columnProps(m: Mapper<object>): void {
    const props: ColumnProperty[] = [];
    const inherited = m.inherits?.columnProps ?? [];
    const ownKey = m.declaration.table.inheritCondition !== undefined;
    for (const p of inherited) {
      const extra = m.inheritance === 'joined' && p.isPrimaryKey && !ownKey ? m.table.c[p.key] : undefined;
      props.push(extra !== undefined ? { ...p, columns: [...p.columns, extra] } : p);
    }
    let version: ColumnProperty | undefined = m.inherits?.versionProp;
    const mapperKey = declaredMapperKey(m, [...inherited.map((p) => p.key), ...m.declaration.columns.keys()]);
    for (const [key, decl] of m.declaration.columns) {
      const col = m.table.c[key];
      if (col === undefined) throw missingColumn(m, key);
      const index = props.findIndex((p) => p.key === key);
      if (index >= 0) {
        const inheritedProp = props[index]!;
        if (m.inheritance === 'joined' && inheritedProp.isPrimaryKey && !ownKey) continue;
        if (m.inheritance === 'joined' && !inheritedProp.isPrimaryKey) {
          // A joined subclass repeating an attribute stores it in its own table too: one value,
          // written to each table (SQLAlchemy combines same-named columns of the two tables).
          if (decl.primaryKey === true || (decl.version !== undefined && decl.version !== false)) {
            throw new ConfigurationError(
              `${m.name}.${key}: repeats ${inheritedProp.declaredBy.name}.${key} in table '${m.table.fullName}', so it takes ` +
                `its primary key and version options from ${inheritedProp.declaredBy.name}; leave primaryKey and version out`,
            );
          }
          props[index] = { ...inheritedProp, columns: [...inheritedProp.columns, col] };
          continue;
        }
        if (ownKey && inheritedProp.isPrimaryKey) {
          throw new ConfigurationError(
            `${m.name}.${key}: ${inheritedProp.declaredBy.name}.${key} is the key that identifies ${m.name}; ` +
              `give the column of table '${m.table.fullName}' another property key, e.g. @Column({ name: '${col.name}' }) own${key[0]!.toUpperCase()}${key.slice(1)}`,
          );
        }
        throw new ConfigurationError(
          `${m.name}.${key}: already mapped by ${props[index]!.declaredBy.name}; remove the duplicate @Column`,
        );
      }
      const prop: ColumnProperty = {
        key,
        column: col,
        columns: [col],
        isPrimaryKey: mapperKey === undefined ? col.primaryKey : mapperKey.includes(key),
        isVersion: decl.version !== undefined && decl.version !== false,
        default: col.default,
        declaredBy: m,
        ...deferral(m, key, col, decl.deferred, decl.version !== undefined && decl.version !== false),
      };
      if (prop.isVersion) {
        if (version !== undefined) {
          throw new ConfigurationError(
            `${m.name}.${key}: ${version.declaredBy.name}.${version.key} is already the version column; keep one`,
          );
        }
        version = prop;
        m.versioning = versioningOf(decl.version as Exclude<VersionOption, false>);
      }
      props.push(prop);
    }
    m.columnProps = props;
    for (const p of props) m.columnPropsByKey.set(p.key, p);
    // An inherited version a joined subclass repeats in its table is the widened attribute.
    m.versionProp = version === undefined ? undefined : m.columnPropsByKey.get(version.key);
    if (version === undefined) m.versioning = undefined;
    else if (version.declaredBy !== m) m.versioning = version.declaredBy.versioning;
    const pkTable = m.tables[0]!;
    m.primaryKeyProps =
      mapperKey === undefined
        ? props.filter((p) => p.isPrimaryKey && p.columns.some((c) => c.table === pkTable))
        : mapperKey.map((k) => m.columnPropsByKey.get(k)!);
    if (m.primaryKeyProps.length === 0) {
      throw new ConfigurationError(
        `${m.name}: no primary key; mark a column with @Column({ primaryKey: true }) (several for a composite key)`,
      );
    }
  }

  private polymorphism(m: Mapper<object>): void {
    const on = m.base.declaration.table.polymorphicOn;
    if (m.declaration.table.polymorphicOn !== undefined && m.inherits !== undefined) {
      throw new ConfigurationError(
        `${m.name}: polymorphicOn belongs on the base class ${m.base.name}'s @Table`,
      );
    }
    if (typeof on === 'string') {
      const prop = m.base.columnPropsByKey.get(on);
      if (prop === undefined) {
        throw new ConfigurationError(
          `${m.base.name}: polymorphicOn '${on}' is not a column property of ${m.base.name}; declare it with @Column`,
        );
      }
      m.polymorphicOn = prop;
      m.discriminator = prop.column;
    } else if (on !== undefined && typeof on !== 'function') {
      throw new ConfigurationError(
        `${m.base.name}: polymorphicOn must be a column's property key or a function returning an SQL expression, got ${typeof on}`,
      );
    }
    // An SQL expression is built with the expression attributes (buildDiscriminator).
    m.polymorphicIdentity = m.declaration.table.polymorphicIdentity;
    if (m.inherits !== undefined && on === undefined) {
      throw new ConfigurationError(
        `${m.name}: ${m.base.name} has mapped subclasses but no discriminator; add polymorphicOn: '<column>' to ${m.base.name}'s @Table ` +
          `and a polymorphicIdentity to each class`,
      );
    }
    if (on !== undefined) {
      if (m.polymorphicIdentity === undefined && (m.inherits !== undefined || m.subMappers.length > 0)) {
        throw new ConfigurationError(
          `${m.name}: a class of an inheritance hierarchy needs a polymorphicIdentity in its @Table options`,
        );
      }
      for (const a of m.ancestry) {
        const clash = a.polymorphicMap.get(m.polymorphicIdentity);
        if (clash !== undefined && clash !== m) {
          throw new ConfigurationError(
            `${m.name}: polymorphicIdentity ${JSON.stringify(m.polymorphicIdentity)} is already used by ${clash.name}`,
          );
        }
        if (m.polymorphicIdentity !== undefined) a.polymorphicMap.set(m.polymorphicIdentity, m);
      }
    }
  }
}

/** The default registry, used by decorators unless told otherwise. */
export const registry = new Registry();

const increment = (current: unknown): number => (typeof current === 'number' ? current : 0) + 1;

/** The versioning of a `version` option (true: an integer counter). */
function versioningOf(option: Exclude<VersionOption, false>): Versioning {
  if (option === true) return { kind: 'counter', next: increment };
  if (typeof option === 'function')
    return { kind: 'generator', next: option as (current: unknown) => unknown };
  return { kind: option, next: undefined };
}

/**
 * The table has no column for an attribute: a single-table subclass declared after its base was
 * configured finds the shared table already built without its columns.
 */
function missingColumn(m: Mapper<object>, key: string): ConfigurationError {
  const base = m.inheritance === 'single' ? m.inherits : undefined;
  return new ConfigurationError(
    base === undefined
      ? `${m.name}.${key}: table '${m.table.fullName}' has no column for it`
      : `${m.name}.${key}: ${base.name}'s table '${m.table.fullName}' was built when the registry was configured, ` +
          `before ${m.name} was declared, so it has no column for ${m.name}'s attributes; declare single-table ` +
          `subclasses before the first configure() (import them with ${base.name})`,
  );
}
