import { and, type Column, type Expression, type Predicate, type Table } from '../sql';
import type { LazyStrategy } from './declaration';
import type {
  CascadeSet,
  JoinCriterion,
  Mapper,
  RelationshipDirection,
  RelationshipOrder,
  RelationshipProperty,
  SyncPair,
} from './mapper-types';
import { criterionOn } from './join-criteria';

/**
 * A configured relationship between two mappers (see the `RelationshipProperty` interface): made
 * by `Registry.configure()`.
 */
export class RelationshipPropertyImpl implements RelationshipProperty {
  /** The relationship on the target that mirrors this one (resolved `backPopulates`). */
  backPopulates: RelationshipProperty | undefined = undefined;
  /**
   * When the key this relationship refers to changes (a natural primary key), the database
   * cascades it (ON UPDATE CASCADE): the flush only brings loaded objects up to date in memory.
   * False: the flush UPDATEs the referring rows itself.
   */
  passiveUpdates = true;
  /** Conditions of target columns with constants, from a custom join condition (`primaryJoin`). */
  criteria: readonly JoinCriterion[] = [];
  /**
   * The target attribute a collection is keyed by: the attribute reads as an object of the members
   * by that attribute's value, while the members are still kept as an array underneath.
   */
  keyedBy: string | undefined = undefined;

  constructor(
    /** The property name on the parent class. */
    readonly key: string,
    /** The mapper of the class that declares it. */
    readonly parent: Mapper<object>,
    /** The mapper of the related class. */
    readonly target: Mapper<object>,
    /** Many-to-one, one-to-many or many-to-many. */
    readonly direction: RelationshipDirection,
    /** Whether the attribute holds a collection (false: one object or `null`). */
    readonly uselist: boolean,
    /**
     * FK sync pairs. manyToOne / oneToMany: between parent and target tables; manyToMany: parent
     * table → secondary table (`source` in the parent, `dest` in the secondary).
     */
    readonly pairs: readonly SyncPair[],
    /** The association table of a many-to-many relationship. */
    readonly secondary: Table | undefined,
    /** manyToMany: target table → secondary table pairs. Empty otherwise. */
    readonly secondaryPairs: readonly SyncPair[],
    /** The cascades the relationship applies (save-update, delete, delete-orphan, …). */
    readonly cascade: CascadeSet,
    /** The order of the collection's members when loaded. */
    readonly orderBy: readonly RelationshipOrder[],
    /** How the relationship is loaded by default. */
    readonly lazy: LazyStrategy,
    /** Whether the relationship is read-only: the flush never writes through it. */
    readonly viewonly: boolean,
    /**
     * Whether the foreign key is written by a second UPDATE after the rows exist (rows that refer to each
     * other).
     */
    readonly postUpdate: boolean,
    /** Target-side columns of a self-referential many-to-one (the `remoteSide` option). */
    readonly remoteSide: readonly Column<unknown>[],
    /** A related object may have one parent at a time through this relationship. */
    readonly singleParent: boolean = false,
    /** Leave children that are not loaded (`true`), or all children (`'all'`), to `ON DELETE`. */
    readonly passiveDeletes: boolean | 'all' = false,
  ) {
    this.tracksParents = cascade.has('delete-orphan') || singleParent;
  }

  /**
   * Whether related objects remember their parent through this relationship (SQLAlchemy's
   * "hasparent"): what orphan detection and `singleParent` read.
   */
  readonly tracksParents: boolean;

  /** A write-only collection: never loaded, changed with add/remove, read with `select()`. */
  get writeOnly(): boolean {
    return this.lazy === 'writeOnly';
  }

  /** `Parent.key`, for messages. */
  toString(): string {
    return `${this.parent.name}.${this.key}`;
  }

  /**
   * Column pairs for the join from parent to target (or to the secondary table for
   * many-to-many): `[parentColumn, otherColumn]`.
   */
  get joinPairs(): readonly (readonly [Column<unknown>, Column<unknown>])[] {
    return this.direction === 'manyToOne'
      ? this.pairs.map((p) => [p.dest, p.source] as const)
      : this.pairs.map((p) => [p.source, p.dest] as const);
  }

  /** For many-to-many: `[secondaryColumn, targetColumn]` pairs. */
  get secondaryJoinPairs(): readonly (readonly [Column<unknown>, Column<unknown>])[] {
    return this.secondaryPairs.map((p) => [p.dest, p.source] as const);
  }

  /**
   * The `criteria` as one predicate, each read from `columnFor(column)` (an alias's column) or the
   * target's own column; undefined when there are none.
   */
  criteriaOn(columnFor?: (column: Column<unknown>) => Expression<unknown>): Predicate | undefined {
    if (this.criteria.length === 0) return undefined;
    return and(
      ...this.criteria.map((c) => criterionOn(c, columnFor === undefined ? c.column : columnFor(c.column))),
    );
  }

  /** True when the foreign key lives in the parent's table (many-to-one). */
  get fkOnParent(): boolean {
    return this.direction === 'manyToOne';
  }
}
