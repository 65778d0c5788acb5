import { InvalidRequestError } from '../errors';
import type { Column } from '../sql';
import { encodeKeyValue } from './identity';

/** Where a value sits in a result row: a property name (object rows) or an index (array rows). */
export type RowKey = string | number;

/** A result row as drivers return it: an object keyed by result name, or an array. */
export type RowData = { readonly [key: string]: unknown } | readonly unknown[];

/** An attribute as a row reader sees it: its key and the columns that hold its value. */
interface ReadableProp {
  readonly key: string;
  readonly columns: readonly Column<unknown>[];
}

/** The state a row reader makes for each entity: the object, and the attributes left unloaded. */
export interface ReadState<E extends object> {
  readonly obj: E;
  markDeferred(keys: Iterable<string>): void;
}

/**
 * The mapper as a row reader sees it. Readers take it as a parameter rather than importing the
 * mapper, which builds them: the `Mapper` class satisfies it, and `Mapper.rowReader()` gives its
 * readers the mapper's own types (see `RowReader` there).
 */
export interface ReadableMapper {
  readonly name: string;
  readonly selectProps: readonly ReadableProp[];
  readonly primaryKeyProps: readonly ReadableProp[];
  readonly allowPartialPks: boolean;
  readonly base: { readonly identityName: string };
  readonly discriminator: Column<unknown> | undefined;
  readonly polymorphicOn: ReadableProp | undefined;
  readonly polymorphicMap: ReadonlyMap<unknown, ReadableMapper>;
  readonly selectColumns: readonly Column<unknown>[];
  instantiateState(dict: Record<string, unknown>): ReadState<object>;
}

/**
 * Turns rows of one result layout into entity values, for a mapper of type `M` whose states are
 * of type `S`. Built once per (mapper, layout) by `mapper.rowReader(layout)`; each function is
 * compiled for the layout, so a row costs a few property reads and one object literal.
 */
export interface RowReaderOf<E extends object, M extends ReadableMapper, S extends ReadState<E>> {
  readonly mapper: M;
  /** The identity key of the row's entity; undefined when its primary key is NULL (outer joins). */
  identityKey(row: RowData): string | undefined;
  /**
   * Where the primary key values sit in the row, in primary key order: a caller reading many rows
   * can tell that a row repeats the previous row's entity (a joined collection) by comparing them,
   * without building the identity key.
   */
  readonly keyLayout: readonly RowKey[];
  /** The mapper of the row's entity: a subclass's when the discriminator says so. */
  mapperOf(row: RowData): M;
  /** A new dict of the entity's column values (keys of `mapperOf(row).selectProps`). */
  read(row: RowData): Record<string, unknown>;
  /** `mapperOf(row).instantiate(read(row))`. */
  hydrate(row: RowData): E;
  /** `hydrate()`, returning the new object's (transient) state. */
  hydrateState(row: RowData): S;
  /**
   * Like `hydrateState()`, but the row object itself becomes the entity's dict (no copy). Defined
   * only when the layout names are exactly the attribute keys of a non-polymorphic mapper; the
   * caller must also know the row holds nothing else and is a plain object it may hand over.
   */
  readonly adoptState: ((row: RowData) => S) | undefined;
}

type Compiled<T> = (row: RowData) => T;

function access(key: RowKey): string {
  return `row[${JSON.stringify(key)}]`;
}

/** The columns a row holds for an entity: the mapper's `selectColumns`, or a `defer()`/`undefer()` variant's. */
type Loaded = readonly Column<unknown>[];

/** Position in `loaded` of each column property of `target`. */
function positions(loaded: Loaded, target: ReadableMapper): Map<string, number> {
  const out = new Map<string, number>();
  for (const prop of target.selectProps) {
    const i = loaded.findIndex((c) => prop.columns.includes(c.base));
    if (i >= 0) out.set(prop.key, i);
  }
  return out;
}

/** Column and expression attributes of `target` the row does not hold (deferred): they stay unloaded. */
function missingKeys(loaded: Loaded, target: ReadableMapper): readonly string[] {
  const pos = positions(loaded, target);
  return target.selectProps.filter((p) => !pos.has(p.key)).map((p) => p.key);
}

/**
 * `instantiateState` that marks the columns the row lacks as deferred. `S` is the state type of
 * the reader's mapper; a subclass mapper of a polymorphic load makes states of the same class.
 */
function instantiating<S extends ReadState<object>>(
  mapper: ReadableMapper,
  missing: readonly string[],
): (dict: Record<string, unknown>) => S {
  if (missing.length === 0) return (dict) => mapper.instantiateState(dict) as S;
  return (dict) => {
    const state = mapper.instantiateState(dict) as S;
    state.markDeferred(missing);
    return state;
  };
}

function compileDict(
  loaded: Loaded,
  target: ReadableMapper,
  layout: readonly RowKey[],
): Compiled<Record<string, unknown>> {
  const fields = [...positions(loaded, target)].map(
    ([key, i]) => `${JSON.stringify(key)}: ${access(layout[i]!)}`,
  );
  return new Function('row', `return { ${fields.join(', ')} };`) as Compiled<Record<string, unknown>>;
}

function compileKey(
  query: ReadableMapper,
  loaded: Loaded,
  layout: readonly RowKey[],
): Compiled<string | undefined> {
  const pos = positions(loaded, query);
  const lines: string[] = [];
  const parts: string[] = [];
  // A composite key with some parts NULL still names a row when partial keys are allowed; a key
  // that is NULL throughout never does (an outer join's missing side).
  const partial = query.allowPartialPks && query.primaryKeyProps.length > 1;
  query.primaryKeyProps.forEach((prop, n) => {
    const i = pos.get(prop.key);
    if (i === undefined)
      throw new InvalidRequestError(`${query.name}: the select does not load primary key ${prop.key}`);
    lines.push(
      partial
        ? `const v${n} = ${access(layout[i]!)};`
        : `const v${n} = ${access(layout[i]!)}; if (v${n} === null || v${n} === undefined) return undefined;`,
    );
    parts.push(`(typeof v${n} === 'number' ? '' + v${n} : enc(v${n}))`);
  });
  if (partial) {
    const vs = query.primaryKeyProps.map((_p, n) => `v${n}`);
    lines.push(
      `if (${vs.map((v) => `(${v} === null || ${v} === undefined)`).join(' && ')}) return undefined;`,
    );
  }
  // One literal prefix ("User|"), then the values joined by '|': `identityKeyFor()`'s format.
  const prefix = JSON.stringify(query.base.identityName + '|');
  const body = `return function identityKey(row) { ${lines.join(' ')} return ${prefix} + ${parts.join(" + '|' + ")}; };`;
  return (new Function('enc', body) as (enc: typeof encodeKeyValue) => Compiled<string | undefined>)(
    encodeKeyValue,
  );
}

/** Whether the row keys of `layout` are exactly the attribute keys, each at its own attribute. */
function namesAreKeys(query: ReadableMapper, loaded: Loaded, layout: readonly RowKey[]): boolean {
  const pos = positions(loaded, query);
  if (pos.size !== layout.length || pos.size !== query.selectProps.length) return false;
  for (const [key, i] of pos) if (layout[i] !== key) return false;
  return true;
}

/**
 * @internal Builds the reader for `mapper.rowReader()`. `S` must be the class of the states
 * `mapper` and its subclass mappers make.
 */
export function buildRowReader<E extends object, M extends ReadableMapper, S extends ReadState<E>>(
  mapper: M,
  layout: readonly RowKey[],
  loaded: Loaded = mapper.selectColumns,
): RowReaderOf<E, M, S> {
  const query: ReadableMapper = mapper;
  if (layout.length !== loaded.length) {
    throw new InvalidRequestError(
      `${mapper.name}: a row layout needs ${loaded.length} keys (one per select column), got ${layout.length}`,
    );
  }
  const identityKey = compileKey(query, loaded, layout);
  const pos = positions(loaded, query);
  const keyLayout = query.primaryKeyProps.map((p) => layout[pos.get(p.key)!]!);
  const readOwn = compileDict(loaded, query, layout);
  const make = instantiating<S>(mapper, missingKeys(loaded, query));
  const disc = query.discriminator;
  const candidates = [...query.polymorphicMap.entries()];
  if (disc === undefined || candidates.length <= 1) {
    return {
      mapper,
      identityKey,
      keyLayout,
      mapperOf: () => mapper,
      read: readOwn,
      hydrate: (row) => make(readOwn(row)).obj,
      hydrateState: (row) => make(readOwn(row)),
      adoptState: namesAreKeys(query, loaded, layout)
        ? (row) => mapper.instantiateState(row as Record<string, unknown>) as S
        : undefined,
    };
  }
  // An attribute's column sits where its attribute does; an expression's, where it was selected.
  const on = query.polymorphicOn;
  const discIndex = on !== undefined ? pos.get(on.key) : loaded.findIndex((c) => c.base === disc.base);
  if (discIndex === undefined || discIndex < 0) {
    throw new InvalidRequestError(`${mapper.name}: the select does not load the discriminator`);
  }
  const discKey = layout[discIndex]!;
  const discName = on !== undefined ? on.key : 'the polymorphicOn expression';
  interface Candidate {
    mapper: M;
    read: Compiled<Record<string, unknown>>;
    make: (dict: Record<string, unknown>) => S;
  }
  const readers = new Map<unknown, Candidate>();
  for (const [value, sub] of candidates) {
    // The polymorphic map holds mappers of the same class as `mapper`, for subclasses of `E`.
    readers.set(value, {
      mapper: sub as M,
      read: compileDict(loaded, sub, layout),
      make: instantiating<S>(sub, missingKeys(loaded, sub)),
    });
  }
  const own: Candidate = { mapper, read: readOwn, make };
  const pick = (row: RowData): Candidate => {
    const value = (row as Record<string, unknown>)[discKey as string];
    const found = readers.get(value);
    if (found !== undefined) return found;
    if (value === null || value === undefined) return own;
    throw new InvalidRequestError(
      `${mapper.name}: no mapped class has polymorphicIdentity ${JSON.stringify(value)} (discriminator ${discName})`,
    );
  };
  return {
    mapper,
    identityKey,
    keyLayout,
    mapperOf: (row) => pick(row).mapper,
    read: (row) => pick(row).read(row),
    hydrate: (row) => {
      const found = pick(row);
      return found.make(found.read(row)).obj;
    },
    hydrateState: (row) => {
      const found = pick(row);
      return found.make(found.read(row));
    },
    adoptState: undefined,
  };
}
