import type { CompiledQuery } from '../compiled-query';
import { compiledFromTemplate } from './compiled-from-template';
import { bindValue, type BindParamNode, type StatementNode, type TextFragmentNode } from '../nodes';
import { NODE_FIELDS, type KeyMode } from '../nodes/node-fields';
import { isDdlNode, type DdlStatementNode } from './statement-kind';
import { isNullConverting } from './null-binding';

/**
 * The compiled-SQL cache: statements of the same shape compile once per dialect.
 *
 * An ORM repeats a handful of statement shapes with different values (`session.get`, relationship
 * loads, flush batches). Walking a tree to key it is several times cheaper than compiling it
 * (no quoting, FROM inference or text building), and a hit returns the same SQL string object,
 * which drivers key their prepared statements by.
 *
 * The key is the statement tree written out as a sequence of tokens, leaving out only bound values:
 * - primitives are tokens themselves (compared with `===`, so `'1'` and `1` differ), structure is
 *   marked with symbols, so two different trees never give equal sequences;
 * - a node is its kind's marker followed by the fields NODE_FIELDS (lib/sql/nodes/node-fields.ts)
 *   lists for the kind, in that order; that table is checked against the node types at compile
 *   time, so no field can be left out of the key by accident;
 * - a FROM item, CTE or bind node seen before in the same tree is written as a back reference: the
 *   compiler deduplicates and correlates FROM items by identity, and a bind node reused at two
 *   places must stay one value; other nodes are written out each time, as the compiler visits them;
 * - class instances (column types) are written by identity: their behaviour is not inspected, and
 *   two equal-looking types with different processors never share an entry;
 * - a bind node contributes its type but not its value; its position in the walk is where a hit
 *   reads the new value from.
 * The sequence is hashed while it is written; a hit compares the whole sequence, so a hash
 * collision costs a comparison, never a wrong statement. Nodes are frozen plain data, so nothing
 * can change under an entry and nothing needs invalidating; the size is bounded (LRU by entries
 * and by total tokens).
 * @internal
 */

/** Where each parameter of a compiled statement comes from: a bind node, or a `text()` name. */
export type ParamSource = BindParamNode | { readonly fragment: TextFragmentNode; readonly name: string };

/** A value holder in walk order: a bind node, or a `text()` fragment (its params by name). */
type Holder = BindParamNode | TextFragmentNode;

/** Limits of one dialect's cache; a statement beyond `maxParams` is compiled uncached. */
export const CACHE_LIMITS = {
  maxEntries: 1000,
  /** Total key tokens kept across entries (~8 bytes each). */
  maxTotalTokens: 2_000_000,
  /** Bound values per statement: one-off giant batches are not worth keeping. */
  maxParams: 5000,
};

/** A statement's key: its token sequence, their hash, and its value holders in walk order. */
export interface StatementKey {
  readonly tokens: readonly unknown[];
  readonly hash: number;
  readonly holders: readonly Holder[];
}

interface Entry {
  readonly tokens: readonly unknown[];
  readonly template: Omit<CompiledQuery, 'params'>;
  /** Per parameter: the index of its holder in walk order. */
  readonly holders: Int32Array;
  /** Per parameter: the `text()` parameter name, or undefined for a bind node. */
  readonly names: readonly (string | undefined)[];
  /** Per parameter: the bind processor the uncached compile applied (type and dialect are fixed by the key). */
  readonly processors: readonly (((v: unknown) => unknown) | undefined)[];
}

/** How one kind is keyed: NODE_FIELDS's entry, and the marker that opens a node of the kind. */
interface Keying {
  readonly mode: KeyMode;
  readonly fields: readonly string[];
  /** A symbol per kind, so a node's opening never equals a primitive of the tree. */
  readonly marker: symbol;
  readonly hash: number;
}

const KEYING = new Map<string, Keying>(
  Object.entries(NODE_FIELDS).map(([kind, entry], i) => [
    kind,
    { mode: entry.mode, fields: entry.fields, marker: Symbol(kind), hash: 1009 + i * 7919 },
  ]),
);

// Structure markers: symbols never equal a primitive of the tree.
const ARRAY = Symbol('array');
const REF = Symbol('ref');
const IDENTITY = Symbol('identity');
const BIND = Symbol('bind');
const TEXT = Symbol('text');

/**
 * Objects written by identity: class instances (column types), table nodes, and closed nodes met
 * in an earlier statement. A closed node holds no values and no FROM item other than tables, so
 * its identity says everything the compiler would read from it; the ones that recur (a column's
 * node, shared by every statement that names the column) then cost one lookup instead of a walk.
 * Ids only grow, so an id is never reused for another object.
 */
const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function identityOf(obj: object): number {
  let id = identities.get(obj);
  if (id === undefined) identities.set(obj, (id = nextIdentity++));
  return id;
}

/** A cheap string hash (length and three characters): collisions only cost a comparison. */
function stringHash(s: string): number {
  const n = s.length;
  return n === 0 ? 7 : (n * 31 + s.charCodeAt(0) * 17 + s.charCodeAt(n >> 1) * 5 + s.charCodeAt(n - 1)) | 0;
}

/** Thrown inside the walk to stop at something that cannot be keyed. */
const UNCACHEABLE = Symbol('uncacheable');

class KeyWriter {
  readonly tokens: unknown[] = [];
  readonly holders: Holder[] = [];
  hash = 0;
  /** Identity-kind nodes of this tree → their back-reference number. */
  private readonly seen = new Map<object, number>();
  /**
   * Closed nodes met for the first time. They get their identity once the walk ends: giving it
   * during the walk would write one object two ways in one tree.
   */
  readonly closedFound: object[] = [];

  private push(token: unknown, h: number): void {
    this.tokens.push(token);
    this.hash = (Math.imul(this.hash, 0x01000193) ^ h) | 0;
  }

  private pushIdentity(id: number): true {
    this.push(IDENTITY, 19);
    this.push(id, id);
    return true;
  }

  /** Writes a value and says whether it is closed (no values, no FROM item other than tables). */
  write(value: unknown): boolean {
    switch (typeof value) {
      case 'string':
        this.push(value, stringHash(value));
        return true;
      case 'number':
        this.push(value, value | 0);
        return true;
      case 'boolean':
        this.push(value, value ? 3 : 5);
        return true;
      case 'undefined':
        this.push(undefined, 11);
        return true;
      case 'object': {
        if (value === null) {
          this.push(null, 13);
          return true;
        }
        const id = identities.get(value);
        if (id !== undefined) return this.pushIdentity(id);
        return Array.isArray(value) ? this.writeArray(value) : this.writeObject(value);
      }
      default:
        // Functions, symbols, bigints inside a tree: not plain node data.
        throw UNCACHEABLE;
    }
  }

  /** Arrays are rebuilt by every builder call, so they are always written out. */
  private writeArray(items: readonly unknown[]): boolean {
    this.push(ARRAY, 17);
    this.push(items.length, items.length);
    let closed = true;
    for (let i = 0; i < items.length; i++) if (!this.write(items[i])) closed = false;
    return closed;
  }

  private writeObject(obj: object): boolean {
    const kind = (obj as { readonly kind?: unknown }).kind;
    if (typeof kind !== 'string' || Object.getPrototypeOf(obj) !== Object.prototype) {
      // A class instance (a column type): by identity.
      return this.pushIdentity(identityOf(obj));
    }
    const entry = KEYING.get(kind);
    // A node kind the cache does not know (DDL): not cached.
    if (entry === undefined) throw UNCACHEABLE;
    const mode = entry.mode;
    if (mode === 'identity') return this.pushIdentity(identityOf(obj));
    if (mode !== 'tree') {
      const ref = this.seen.get(obj);
      if (ref !== undefined) {
        this.push(REF, 23);
        this.push(ref, ref);
        return false;
      }
      this.seen.set(obj, this.seen.size);
      if (mode === 'bind') {
        if (this.holders.length >= CACHE_LIMITS.maxParams) throw UNCACHEABLE;
        this.holders.push(obj as BindParamNode);
        this.push(BIND, 37);
      } else if (mode === 'text') {
        this.holders.push(obj as TextFragmentNode);
        this.push(TEXT, 41);
        this.write(Object.keys((obj as TextFragmentNode).params));
      }
    }
    this.push(entry.marker, entry.hash);
    const fields = entry.fields;
    let closed = mode === 'tree';
    for (let i = 0; i < fields.length; i++) {
      if (!this.write((obj as Record<string, unknown>)[fields[i]!])) closed = false;
    }
    if (closed) this.closedFound.push(obj);
    return closed;
  }
}

/**
 * The cache key of a statement, or undefined when it is not cached (DDL, too many values).
 * `variant` names what else the SQL text depends on (a schema translation): its string opens the
 * key, where a plain statement's opens with a node marker, so the two never meet.
 */
export function statementKey(
  node: StatementNode | DdlStatementNode,
  variant?: string,
): StatementKey | undefined {
  if (isDdlNode(node)) return undefined;
  const writer = new KeyWriter();
  try {
    if (variant !== undefined) writer.write(variant);
    writer.write(node);
  } catch (e) {
    if (e === UNCACHEABLE) return undefined;
    throw e;
  }
  for (const obj of writer.closedFound) identityOf(obj);
  return { tokens: writer.tokens, hash: writer.hash, holders: writer.holders };
}

function sameTokens(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A bounded LRU of compiled statements of one dialect. @internal */
export class StatementCache {
  /** Hash → the entries with that hash (almost always one), least recently used first. */
  private readonly buckets = new Map<number, Entry[]>();
  private count = 0;
  private totalTokens = 0;

  get size(): number {
    return this.count;
  }

  /** The statement compiled from the cached template with this tree's values, or undefined on a miss. */
  lookup(key: StatementKey): CompiledQuery | undefined {
    const bucket = this.buckets.get(key.hash);
    if (bucket === undefined) return undefined;
    let entry: Entry | undefined;
    for (let i = 0; i < bucket.length; i++) {
      if (sameTokens(bucket[i]!.tokens, key.tokens)) {
        entry = bucket[i];
        break;
      }
    }
    if (entry === undefined) return undefined;
    // Most recently used last.
    this.buckets.delete(key.hash);
    this.buckets.set(key.hash, bucket);
    const n = entry.holders.length;
    const params = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const holder = key.holders[entry.holders[i]!]!;
      const name = entry.names[i];
      let v =
        name === undefined ? bindValue(holder as BindParamNode) : (holder as TextFragmentNode).params[name];
      const proc = entry.processors[i];
      if (proc !== undefined && v !== undefined && (v !== null || isNullConverting(proc))) v = proc(v);
      params[i] = v === undefined ? null : v;
    }
    return compiledFromTemplate(entry.template, params);
  }

  /**
   * Stores a freshly compiled statement. `sources` and `processors` say, per parameter, which
   * holder of the tree it came from and how it was converted; a parameter of unknown source
   * leaves the statement uncached.
   */
  store(
    key: StatementKey,
    compiled: CompiledQuery,
    sources: readonly (ParamSource | undefined)[],
    processors: readonly (((v: unknown) => unknown) | undefined)[],
  ): void {
    const index = new Map<object, number>();
    key.holders.forEach((h, i) => index.set(h, i));
    const holders = new Int32Array(sources.length);
    const names: (string | undefined)[] = [];
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      if (source === undefined) return;
      const isText = 'fragment' in source;
      const at = index.get(isText ? source.fragment : source);
      if (at === undefined) return;
      holders[i] = at;
      names.push(isText ? source.name : undefined);
    }
    const { params: _params, ...template } = compiled;
    const entry: Entry = {
      tokens: key.tokens,
      template: Object.freeze(template),
      holders,
      names,
      processors: [...processors],
    };
    const bucket = this.buckets.get(key.hash);
    if (bucket === undefined) this.buckets.set(key.hash, [entry]);
    else {
      this.buckets.delete(key.hash);
      this.buckets.set(key.hash, [...bucket, entry]);
    }
    this.count++;
    this.totalTokens += key.tokens.length;
    this.evict();
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
    this.totalTokens = 0;
  }

  private evict(): void {
    while (
      this.count > CACHE_LIMITS.maxEntries ||
      (this.totalTokens > CACHE_LIMITS.maxTotalTokens && this.count > 1)
    ) {
      const [hash, bucket] = this.buckets.entries().next().value as [number, Entry[]];
      const oldest = bucket.shift()!;
      if (bucket.length === 0) this.buckets.delete(hash);
      this.count--;
      this.totalTokens -= oldest.tokens.length;
    }
  }
}

/**
 * One cache per dialect object, so the key need not name the dialect. Keyed by the dialect rather
 * than its compiler class: two dialects may share a compiler class and differ in quoting or types.
 */
const caches = new Map<object, StatementCache>();

/** The cache of one dialect. @internal */
export function cacheFor(dialect: object): StatementCache {
  let cache = caches.get(dialect);
  if (cache === undefined) caches.set(dialect, (cache = new StatementCache()));
  return cache;
}

/** Empties every compiler's cache (tests; or after changing a column type in place, which is unsupported). */
export function clearStatementCaches(): void {
  for (const cache of caches.values()) cache.clear();
}
