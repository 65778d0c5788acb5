import { InvalidRequestError } from '../errors';
import { and, Expression, select, type Column, type Predicate, type Select } from '../sql';
import { deferredBindParam } from '../sql/nodes';
import { checkJoining, pendingAdded, pendingRemoved } from './backref';
import type { InstanceState, RelationshipProperty } from './mapper-types';
import { keyOf } from './object-comparison';

/**
 * A bound value read when the statement runs, not when it is built (SQLAlchemy's callable bind
 * parameter): a statement made for a pending parent uses the key its INSERT (by autoflush) gives.
 */
function deferredValue(state: InstanceState, key: string, column: Column<unknown>): Expression<unknown> {
  return new Expression(
    deferredBindParam(() => state.dict[key] ?? null, column.type),
    column.type,
  );
}

/** The message SQLAlchemy gives for reading or replacing a write-only collection in place. */
export function noIterationError(prop: RelationshipProperty): InvalidRequestError {
  return new InvalidRequestError(
    `Collection "${prop}" does not support implicit iteration; it is a write-only collection: add and remove ` +
      `members with add() / remove(), query them with session.scalars(${prop.parent.name.toLowerCase()}.${prop.key}.select())`,
  );
}

/**
 * The value of a relationship mapped with `lazy: 'writeOnly'`, as far as this layer knows it:
 * members added and removed without loading the collection, and the SELECT that reads them. The
 * session layer's `WriteOnlyCollection` extends it with the bulk statements (they are session
 * statements), and makes the attribute values through `setWriteOnlyCollectionClass()`.
 */
export class WriteOnlyCollectionBase<T extends object> {
  /** @internal */
  constructor(
    private readonly state: InstanceState,
    private readonly prop: RelationshipProperty,
  ) {}

  /** Adds an object: it joins the session with its parent (save-update) and is saved by the flush. */
  add(item: T): void {
    checkJoining(this.state, this.prop, [item]);
    pendingAdded(this.state, this.prop, item);
  }

  /** Adds each object. */
  addAll(items: Iterable<T>): void {
    const list = [...items];
    checkJoining(this.state, this.prop, list);
    for (const item of list) pendingAdded(this.state, this.prop, item);
  }

  /** Removes an object: the flush clears its foreign key (or deletes it, with delete-orphan). */
  remove(item: T): void {
    pendingRemoved(this.state, this.prop, item);
  }

  /**
   * The SELECT of the members in the database, in the relationship's `orderBy` (drop it with
   * `.orderBy(null)`). Members added since the last flush appear once a flush (autoflush) wrote
   * them.
   */
  select(): Select<readonly [abstract new () => T]> {
    const { state, prop } = this;
    const target = prop.target.class_ as unknown as abstract new () => T;
    const criteria: Predicate[] = [];
    for (const pair of prop.pairs) {
      const value = deferredValue(state, keyOf(state, pair.source), pair.source);
      criteria.push(pair.dest.eq(value as Expression<never>));
    }
    for (const pair of prop.secondaryPairs) criteria.push(pair.dest.eq(pair.source as Column<never>));
    let stmt = select(target).where(and(...criteria, prop.criteriaOn()));
    if (prop.orderBy.length) {
      stmt = stmt.orderBy(
        ...prop.orderBy.map((o) => (o.direction === 'DESC' ? o.column.desc() : o.column.asc())),
      );
    }
    return stmt;
  }

  /** @internal The criteria naming the members: the parent's key, read when the statement runs. */
  memberCriteria(): Predicate[] {
    const { state, prop } = this;
    const keys = prop.pairs.map((pair) =>
      pair.dest.eq(deferredValue(state, keyOf(state, pair.source), pair.source) as Expression<never>),
    );
    const extra = prop.criteriaOn();
    return extra === undefined ? keys : [...keys, extra];
  }

  /**
   * @internal For a one-to-many collection, each member attribute holding the parent's key and
   * its value read when the statement runs (a pending parent has a key only once flushed).
   * An InvalidRequestError for a many-to-many collection (its members are association rows).
   */
  parentValues(method: string): (readonly [string, () => unknown])[] {
    const { state, prop } = this;
    if (prop.secondary !== undefined) {
      throw new InvalidRequestError(
        `${method} is available for one-to-many write-only collections only; ${prop} goes through an association table`,
      );
    }
    return prop.pairs.map((pair) => {
      const member = prop.target.columnProps.find((p) => p.columns.includes(pair.dest));
      if (member === undefined)
        throw new InvalidRequestError(
          `${method}: ${pair.dest.name} is not a column attribute of ${prop.target.name}`,
        );
      const parentKey = keyOf(state, pair.source);
      return [member.key, () => state.dict[parentKey] ?? null] as const;
    });
  }

  /** @internal The mapped class of the members. */
  get memberClass(): abstract new () => T {
    return this.prop.target.class_ as unknown as abstract new () => T;
  }

  /** Write-only collections cannot be iterated: query with `select()`. */
  [Symbol.iterator](): Iterator<T> {
    throw new TypeError(
      `WriteOnly collections don't support iteration in-place; to query for collection items, use the select() ` +
        `method to produce a SQL statement and execute it with session.scalars() (${this.prop})`,
    );
  }

  /** The relationship, for messages, e.g. `User.posts (write-only)`. */
  toString(): string {
    return `WriteOnlyCollection(${this.prop})`;
  }
}

/** A class of write-only collections: `WriteOnlyCollectionBase` or a subclass of it. */
export type WriteOnlyCollectionClass = new (
  state: InstanceState,
  prop: RelationshipProperty,
) => WriteOnlyCollectionBase<object>;

/** What write-only attributes hold: this layer's class until a higher layer names its subclass. */
let collectionClass: WriteOnlyCollectionClass = WriteOnlyCollectionBase;

/**
 * @internal Makes write-only attribute values of class `cls` from now on: the session layer
 * names its `WriteOnlyCollection`, which adds the bulk statements, when it loads.
 */
export function setWriteOnlyCollectionClass(cls: WriteOnlyCollectionClass): void {
  collectionClass = cls;
}

/** @internal The write-only attribute's value: a collection object over the state. */
export function writeOnlyCollection(
  state: InstanceState,
  prop: RelationshipProperty,
): WriteOnlyCollectionBase<object> {
  return new collectionClass(state, prop);
}

/**
 * @internal Assigning a write-only attribute: allowed while the parent was never flushed (its
 * members so far are replaced), refused afterwards (that would need the members from the
 * database).
 */
export function assignWriteOnly(state: InstanceState, prop: RelationshipProperty, value: unknown): void {
  if (state.key !== undefined) throw noIterationError(prop);
  const items = value === null || value === undefined ? [] : [...(value as Iterable<object>)];
  checkJoining(state, prop, items);
  const current = state.pendingMutations(prop.key)?.added.slice() ?? [];
  for (const item of current) if (!items.includes(item)) pendingRemoved(state, prop, item);
  for (const item of items) if (!current.includes(item)) pendingAdded(state, prop, item);
}
