import type { Column, EntityDescriptor, FromClause, Table } from '../sql';
import type { EntityDeclaration, MappedClass } from './declaration';
import type {
  ColumnProperty,
  InheritanceKind,
  InheritPair,
  InstanceState,
  Mapper,
  MapperEvent,
  MapperListener,
  MapperRegistry,
  RelationshipProperty,
  RowKey,
  RowReader,
  Versioning,
} from './mapper-types';
import { buildRowReader } from './hydrator';
import { attachState, instanceState, InstanceStateImpl } from './instance-state';
import { encodeKeyValue } from './identity';

/**
 * A constructor that runs no code and makes objects whose prototype is `proto`: what
 * `Object.create(proto)` gives, but V8 sizes its objects to the fields they get (the state slot)
 * after a few instances, where `Object.create` objects keep room for four properties.
 */
function blankConstructor<E>(proto: object): new () => E {
  const Blank = function (this: object) {} as unknown as { prototype: object };
  Blank.prototype = proto;
  return Blank as unknown as new () => E;
}

/** How many listeners each event has, over every mapper: lets hot paths skip the lookup. */
const listenerCounts = new Map<MapperEvent, number>();

/**
 * The mapper of a class (see the `Mapper` interface): the registry makes one per mapped class.
 * Keeps its caches (row readers, the blank constructor) and its own listeners private.
 */
export class MapperImpl<E extends object = object> implements Mapper<E> {
  /** The class name, for messages. */
  readonly name: string;
  /** Whether `Registry.configure()` has completed this mapper. */
  configured = false;

  /** The table this class's own columns live in (the parent's for single-table inheritance). */
  table!: Table;
  /** Every table of the class, base first (several for joined-table inheritance or a mapped join). */
  tables!: readonly Table[];
  /**
   * The subquery or join the class is mapped to (`@Table({ mappedTo })`): queries read from it,
   * the flush writes `tables`. Undefined for a class mapped to a table.
   */
  selectable: FromClause | undefined;
  /** All column attributes, inherited first. */
  columnProps!: readonly ColumnProperty[];
  /** Column attributes by property key. */
  columnPropsByKey = new Map<string, ColumnProperty>();
  /** The primary key's attributes, in key order. */
  primaryKeyProps!: readonly ColumnProperty[];
  /**
   * Expression attributes (`@ExpressionProperty`), inherited first: read by the entity SELECT,
   * never written. Their `column` is the labelled expression.
   */
  expressionProps: readonly ColumnProperty[] = [];
  /** Expression attributes by property key. */
  expressionPropsByKey = new Map<string, ColumnProperty>();
  /** What an entity row can hold: `columnProps`, then `expressionProps`. */
  selectProps: readonly ColumnProperty[] = [];
  /** The version counter attribute, when the mapper is versioned. */
  versionProp: ColumnProperty | undefined;
  /**
   * Joined inheritance: the database cascades a primary key change from the base table to the
   * subclass tables (the base class's `passiveUpdates`, default true).
   */
  get passiveUpdates(): boolean {
    return this.base.declaration.table.passiveUpdates ?? true;
  }
  /** Whether the flush reports a DELETE that matches fewer rows than it names (the base class's `confirmDeletedRows`). */
  get confirmDeletedRows(): boolean {
    return this.base.declaration.table.confirmDeletedRows ?? true;
  }

  /** Whether a primary key with some (not all) parts NULL may name a row (the base class's `allowPartialPks`). */
  get allowPartialPks(): boolean {
    return this.base.declaration.table.allowPartialPks ?? true;
  }
  /** How `versionProp` gets its values; undefined when the mapper is not versioned. */
  versioning: Versioning | undefined;
  /** All relationships, inherited included. */
  relationships!: readonly RelationshipProperty[];
  /** Relationships by property key. */
  relationshipsByKey = new Map<string, RelationshipProperty>();
  /**
   * The delete-orphan relationships (of any mapper) whose targets include this class: an object
   * that lacks a parent through one of them is an orphan.
   */
  deleteOrphanParents: readonly RelationshipProperty[] = [];

  /** The mapped parent class's mapper. */
  inherits: Mapper<object> | undefined;
  /** The root of the hierarchy (itself when it inherits nothing); shares the identity-map namespace. */
  base!: Mapper<object>;
  /** Which inheritance the class takes part in: none, single-table or joined. */
  inheritance: InheritanceKind = 'none';
  /**
   * Joined inheritance: the columns of this mapper's table held equal to its parent's tables'
   * (its key columns and the base's, or those of `inheritCondition`); empty otherwise.
   */
  inheritPairs: readonly InheritPair[] = [];
  /** Mapped direct subclasses. */
  readonly subMappers: Mapper<object>[] = [];
  /**
   * The discriminator attribute (inherited from the base), which a flush writes; undefined when
   * `polymorphicOn` is an SQL expression.
   */
  polymorphicOn: ColumnProperty | undefined;
  /**
   * What a load reads to pick the class of a row: the discriminator attribute's column, or the
   * column of the `polymorphicOn` expression (selected with every entity, mapped to no attribute).
   */
  discriminator: Column<unknown> | undefined;
  /** The discriminator value of this class's rows. */
  polymorphicIdentity: string | number | undefined;
  /** Discriminator value → mapper, for this mapper and every descendant. */
  polymorphicMap = new Map<unknown, Mapper<object>>();

  /** The columns a SELECT of this entity loads, in order (descendants' columns too when polymorphic). */
  selectColumns!: readonly Column<unknown>[];
  /** What `select(User)` expands to. */
  entity!: EntityDescriptor;
  /** The name identity keys start with: the base class name, made unique per process. */
  identityName!: string;

  private readonly listeners = new Map<MapperEvent, MapperListener<never>[]>();
  private readonly readers = new Map<string, RowReader<object>>();
  private lastReader:
    { layout: readonly RowKey[]; loaded: readonly Column<unknown>[]; reader: RowReader<object> } | undefined;
  private blank: (new () => E) | undefined;

  constructor(
    /** The mapped class. */
    readonly class_: MappedClass<E>,
    /** The registry the class belongs to. */
    readonly registry: MapperRegistry,
    /** What the decorators declared about the class. */
    readonly declaration: EntityDeclaration,
  ) {
    this.name = class_.name;
  }

  /** Every descendant mapper (depth first), not including this one. */
  get descendants(): Mapper<object>[] {
    return this.subMappers.flatMap((m) => [m, ...m.descendants]);
  }

  /** This mapper and its ancestors, nearest first. */
  get ancestry(): Mapper<object>[] {
    const out: Mapper<object>[] = [];
    for (let m: Mapper<object> | undefined = this as unknown as Mapper<object>; m; m = m.inherits)
      out.push(m);
    return out;
  }

  /** True when `other` is this mapper or one of its ancestors. */
  isa(other: Mapper<object>): boolean {
    return this.ancestry.includes(other);
  }

  /** The column attribute `key`, or undefined. */
  columnProp(key: string): ColumnProperty | undefined {
    return this.columnPropsByKey.get(key);
  }

  /** The column or expression attribute `key` (what a row of the entity can hold), or undefined. */
  selectProp(key: string): ColumnProperty | undefined {
    return this.columnPropsByKey.get(key) ?? this.expressionPropsByKey.get(key);
  }

  /** The relationship `key`, or undefined. */
  relationship(key: string): RelationshipProperty | undefined {
    return this.relationshipsByKey.get(key);
  }

  // ---------------------------------------------------------------- identity

  /**
   * The identity key for primary key values (in `primaryKeyProps` order): `User|1`, `Pair|1|"a"`.
   * Numbers and bigints share a form (`1` and `1n` are the same key); strings are JSON-quoted.
   */
  identityKeyFor(pkValues: readonly unknown[]): string {
    let key = this.base.identityName;
    for (const value of pkValues) key += '|' + encodeKeyValue(value);
    return key;
  }

  /** The primary key values of `obj` in `primaryKeyProps` order (undefined where not set). */
  primaryKeyOf(obj: E): unknown[] {
    const dict = instanceState(obj).dict;
    return this.primaryKeyProps.map((p) => dict[p.key]);
  }

  /** The identity key of `obj`, or undefined while part of its primary key is null / unset. */
  identityKeyOf(obj: E): string | undefined {
    const values = this.primaryKeyOf(obj);
    return values.some((v) => v === null || v === undefined) ? undefined : this.identityKeyFor(values);
  }

  // ---------------------------------------------------------------- hydration

  /**
   * A row reader for rows whose values for `loaded[i]` (by default `selectColumns[i]`) are at
   * `layout[i]` (a property name of object rows, or an index of array rows). Built once per
   * layout and cached. Column attributes the row lacks are deferred on the objects it makes.
   */
  rowReader(
    layout: readonly RowKey[],
    loaded: readonly Column<unknown>[] = this.selectColumns,
  ): RowReader<E> {
    // The same layout array as last time (callers keep one per compiled statement): no key to build.
    const last = this.lastReader;
    if (last !== undefined && last.layout === layout && last.loaded === loaded)
      return last.reader as unknown as RowReader<E>;
    let signature = layout.join('\u0000');
    // A defer()/undefer() variant loads other columns: its readers are cached apart.
    if (loaded !== this.selectColumns) signature += '\u0001' + loaded.map((c) => c.toString()).join('\u0000');
    let reader = this.readers.get(signature) as RowReader<E> | undefined;
    if (reader === undefined) {
      reader = buildRowReader<E>(this, layout, loaded);
      this.readers.set(signature, reader as unknown as RowReader<object>);
    }
    this.lastReader = { layout, loaded, reader: reader as unknown as RowReader<object> };
    return reader;
  }

  /**
   * Creates an instance without running the constructor, with `dict` as its values (not copied).
   * The state is 'transient' until the session says otherwise.
   */
  instantiate(dict: Record<string, unknown>): E {
    return this.instantiateState(dict).obj;
  }

  /** `instantiate()`, returning the new object's state (`state.obj` is the object). @internal */
  instantiateState(dict: Record<string, unknown>): InstanceState<E> {
    const Blank = (this.blank ??= blankConstructor<E>(this.class_.prototype as object));
    const obj = new Blank();
    return attachState(obj, new InstanceStateImpl<E>(this, obj, dict));
  }

  // ---------------------------------------------------------------- events

  /**
   * Adds a listener for a flush event of this mapper (and of its subclasses).
   * @example inspect(User).on('beforeInsert', (user) => { user.createdAt = new Date(); });
   */
  on(event: MapperEvent, listener: MapperListener<E>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as unknown as MapperListener<never>);
    this.listeners.set(event, list);
    listenerCounts.set(event, (listenerCounts.get(event) ?? 0) + 1);
    return () => {
      const i = list.indexOf(listener as unknown as MapperListener<never>);
      if (i >= 0) {
        list.splice(i, 1);
        listenerCounts.set(event, listenerCounts.get(event)! - 1);
      }
    };
  }

  /** Whether `event` has a listener on this mapper or an ancestor. */
  hasListeners(event: MapperEvent): boolean {
    return (listenerCounts.get(event) ?? 0) > 0 && this.listenersFor(event).length > 0;
  }

  /** The listeners added to this mapper itself for `event`, in the order they were added. */
  ownListeners(event: MapperEvent): readonly MapperListener<E>[] {
    return (this.listeners.get(event) ?? []) as unknown as MapperListener<E>[];
  }

  /** The listeners for `event`: this mapper's ancestors' first, then its own. */
  listenersFor(event: MapperEvent): MapperListener<E>[] {
    const out: MapperListener<E>[] = [];
    for (const m of this.ancestry.reverse()) {
      out.push(...(m.ownListeners(event) as unknown as readonly MapperListener<E>[]));
    }
    return out;
  }

  /** Runs the listeners for `event` in order, awaiting each. */
  async dispatch(event: MapperEvent, obj: E, keys: readonly string[] | null = null): Promise<void> {
    for (const listener of this.listenersFor(event)) await listener(obj, this, keys);
  }

  /** Runs the listeners for `event` without waiting for them (events raised in synchronous code). */
  dispatchNow(event: MapperEvent, obj: E, keys: readonly string[] | null): void {
    if (!this.hasListeners(event)) return;
    for (const listener of this.listenersFor(event)) void listener(obj, this, keys);
  }

  /** `Mapper(User)`, for messages. */
  toString(): string {
    return `Mapper(${this.name})`;
  }
}
