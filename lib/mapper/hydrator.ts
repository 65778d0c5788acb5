import { InvalidRequestError } from '../errors';
import type { Column } from '../sql';
import { encodeKeyValue } from './identity';
import type { InstanceState, Mapper, RowData, RowKey, RowReader } from './mapper-types';

type Compiled<T> = (row: RowData) => T;

function access(key: RowKey): string {
  return `row[${JSON.stringify(key)}]`;
}

/** The columns a row holds for an entity: the mapper's `selectColumns`, or a `defer()`/`undefer()` variant's. */
type Loaded = readonly Column<unknown>[];

/** Position in `loaded` of each column property of `target`. */
function positions(loaded: Loaded, target: Mapper<object>): Map<string, number> {
  const out = new Map<string, number>();
  for (const prop of target.selectProps) {
    const i = loaded.findIndex((c) => prop.columns.includes(c.base));
    if (i >= 0) out.set(prop.key, i);
  }
  return out;
}

/** Column and expression attributes of `target` the row does not hold (deferred): they stay unloaded. */
function missingKeys(loaded: Loaded, target: Mapper<object>): readonly string[] {
  const pos = positions(loaded, target);
  return target.selectProps.filter((p) => !pos.has(p.key)).map((p) => p.key);
}

/**
 * `instantiateState` that marks the columns the row lacks as deferred. A subclass mapper of a
 * polymorphic load makes states of objects of a subclass of `E`.
 */
function instantiating<E extends object>(
  mapper: Mapper<E>,
  missing: readonly string[],
): (dict: Record<string, unknown>) => InstanceState<E> {
  if (missing.length === 0) return (dict) => mapper.instantiateState(dict);
  return (dict) => {
    const state = mapper.instantiateState(dict);
    state.markDeferred(missing);
    return state;
  };
}

function compileDict(
  loaded: Loaded,
  target: Mapper<object>,
  layout: readonly RowKey[],
): Compiled<Record<string, unknown>> {
  const fields = [...positions(loaded, target)].map(
    ([key, i]) => `${JSON.stringify(key)}: ${access(layout[i]!)}`,
  );
  return new Function('row', `return { ${fields.join(', ')} };`) as Compiled<Record<string, unknown>>;
}

function compileKey(
  query: Mapper<object>,
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
function namesAreKeys(query: Mapper<object>, loaded: Loaded, layout: readonly RowKey[]): boolean {
  const pos = positions(loaded, query);
  if (pos.size !== layout.length || pos.size !== query.selectProps.length) return false;
  for (const [key, i] of pos) if (layout[i] !== key) return false;
  return true;
}

/** @internal Builds the reader for `mapper.rowReader()`. */
export function buildRowReader<E extends object>(
  mapper: Mapper<E>,
  layout: readonly RowKey[],
  loaded: Loaded = mapper.selectColumns,
): RowReader<E> {
  const query: Mapper<object> = mapper as unknown as Mapper<object>;
  if (layout.length !== loaded.length) {
    throw new InvalidRequestError(
      `${mapper.name}: a row layout needs ${loaded.length} keys (one per select column), got ${layout.length}`,
    );
  }
  const identityKey = compileKey(query, loaded, layout);
  const pos = positions(loaded, query);
  const keyLayout = query.primaryKeyProps.map((p) => layout[pos.get(p.key)!]!);
  const readOwn = compileDict(loaded, query, layout);
  const make = instantiating<E>(mapper, missingKeys(loaded, query));
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
        ? (row) => mapper.instantiateState(row as Record<string, unknown>)
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
    mapper: Mapper<E>;
    read: Compiled<Record<string, unknown>>;
    make: (dict: Record<string, unknown>) => InstanceState<E>;
  }
  const readers = new Map<unknown, Candidate>();
  for (const [value, sub] of candidates) {
    // The polymorphic map holds mappers of the same class as `mapper`, for subclasses of `E`.
    readers.set(value, {
      mapper: sub as unknown as Mapper<E>,
      read: compileDict(loaded, sub, layout),
      make: instantiating<E>(sub as unknown as Mapper<E>, missingKeys(loaded, sub)),
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
