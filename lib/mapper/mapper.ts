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
 * The mapper of a class: the registry makes one per mapped class. Its public members are
 * documented on the `Mapper` interface, where the library and IDEs read them; it keeps its caches
 * (row readers, the blank constructor) and its own listeners private.
 */
export class MapperImpl<E extends object = object> implements Mapper<E> {
  readonly name: string;
  configured = false;

  table!: Table;
  tables!: readonly Table[];
  selectable: FromClause | undefined;
  columnProps!: readonly ColumnProperty[];
  columnPropsByKey = new Map<string, ColumnProperty>();
  primaryKeyProps!: readonly ColumnProperty[];
  expressionProps: readonly ColumnProperty[] = [];
  expressionPropsByKey = new Map<string, ColumnProperty>();
  selectProps: readonly ColumnProperty[] = [];
  versionProp: ColumnProperty | undefined;
  get passiveUpdates(): boolean {
    return this.base.declaration.table.passiveUpdates ?? true;
  }
  get confirmDeletedRows(): boolean {
    return this.base.declaration.table.confirmDeletedRows ?? true;
  }

  get allowPartialPks(): boolean {
    return this.base.declaration.table.allowPartialPks ?? true;
  }
  versioning: Versioning | undefined;
  relationships!: readonly RelationshipProperty[];
  relationshipsByKey = new Map<string, RelationshipProperty>();
  deleteOrphanParents: readonly RelationshipProperty[] = [];

  inherits: Mapper<object> | undefined;
  base!: Mapper<object>;
  inheritance: InheritanceKind = 'none';
  inheritPairs: readonly InheritPair[] = [];
  readonly subMappers: Mapper<object>[] = [];
  polymorphicOn: ColumnProperty | undefined;
  discriminator: Column<unknown> | undefined;
  polymorphicIdentity: string | number | undefined;
  polymorphicMap = new Map<unknown, Mapper<object>>();

  selectColumns!: readonly Column<unknown>[];
  entity!: EntityDescriptor;
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

  get descendants(): Mapper<object>[] {
    return this.subMappers.flatMap((m) => [m, ...m.descendants]);
  }

  get ancestry(): Mapper<object>[] {
    const out: Mapper<object>[] = [];
    for (let m: Mapper<object> | undefined = this as unknown as Mapper<object>; m; m = m.inherits)
      out.push(m);
    return out;
  }

  isa(other: Mapper<object>): boolean {
    return this.ancestry.includes(other);
  }

  columnProp(key: string): ColumnProperty | undefined {
    return this.columnPropsByKey.get(key);
  }

  selectProp(key: string): ColumnProperty | undefined {
    return this.columnPropsByKey.get(key) ?? this.expressionPropsByKey.get(key);
  }

  relationship(key: string): RelationshipProperty | undefined {
    return this.relationshipsByKey.get(key);
  }

  // ---------------------------------------------------------------- identity

  identityKeyFor(pkValues: readonly unknown[]): string {
    let key = this.base.identityName;
    for (const value of pkValues) key += '|' + encodeKeyValue(value);
    return key;
  }

  primaryKeyOf(obj: E): unknown[] {
    const dict = instanceState(obj).dict;
    return this.primaryKeyProps.map((p) => dict[p.key]);
  }

  identityKeyOf(obj: E): string | undefined {
    // `identityKeyFor(primaryKeyOf(obj))` without the array: called for every object a flush saves.
    const dict = instanceState(obj).dict;
    let key = this.base.identityName;
    for (const p of this.primaryKeyProps) {
      const value = dict[p.key];
      if (value === null || value === undefined) return undefined;
      key += '|' + encodeKeyValue(value);
    }
    return key;
  }

  // ---------------------------------------------------------------- hydration

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

  instantiate(dict: Record<string, unknown>): E {
    return this.instantiateState(dict).obj;
  }

  instantiateState(dict: Record<string, unknown>): InstanceState<E> {
    const Blank = (this.blank ??= blankConstructor<E>(this.class_.prototype as object));
    const obj = new Blank();
    return attachState(obj, new InstanceStateImpl<E>(this, obj, dict));
  }

  // ---------------------------------------------------------------- events

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

  hasListeners(event: MapperEvent): boolean {
    return (listenerCounts.get(event) ?? 0) > 0 && this.listenersFor(event).length > 0;
  }

  ownListeners(event: MapperEvent): readonly MapperListener<E>[] {
    return (this.listeners.get(event) ?? []) as unknown as MapperListener<E>[];
  }

  listenersFor(event: MapperEvent): MapperListener<E>[] {
    const out: MapperListener<E>[] = [];
    for (const m of this.ancestry.reverse()) {
      out.push(...(m.ownListeners(event) as unknown as readonly MapperListener<E>[]));
    }
    return out;
  }

  async dispatch(event: MapperEvent, obj: E, keys: readonly string[] | null = null): Promise<void> {
    for (const listener of this.listenersFor(event)) await listener(obj, this, keys);
  }

  dispatchNow(event: MapperEvent, obj: E, keys: readonly string[] | null): void {
    if (!this.hasListeners(event)) return;
    for (const listener of this.listenersFor(event)) void listener(obj, this, keys);
  }

  toString(): string {
    return `Mapper(${this.name})`;
  }
}
