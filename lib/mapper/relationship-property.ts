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
 * A configured relationship between two mappers, made by `Registry.configure()`. Its members are
 * documented on the `RelationshipProperty` interface, where the library and IDEs read them.
 */
export class RelationshipPropertyImpl implements RelationshipProperty {
  backPopulates: RelationshipProperty | undefined = undefined;
  passiveUpdates = true;
  criteria: readonly JoinCriterion[] = [];
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

  readonly tracksParents: boolean;

  get writeOnly(): boolean {
    return this.lazy === 'writeOnly';
  }

  toString(): string {
    return `${this.parent.name}.${this.key}`;
  }

  get joinPairs(): readonly (readonly [Column<unknown>, Column<unknown>])[] {
    return this.direction === 'manyToOne'
      ? this.pairs.map((p) => [p.dest, p.source] as const)
      : this.pairs.map((p) => [p.source, p.dest] as const);
  }

  get secondaryJoinPairs(): readonly (readonly [Column<unknown>, Column<unknown>])[] {
    return this.secondaryPairs.map((p) => [p.dest, p.source] as const);
  }

  criteriaOn(columnFor?: (column: Column<unknown>) => Expression<unknown>): Predicate | undefined {
    if (this.criteria.length === 0) return undefined;
    return and(
      ...this.criteria.map((c) => criterionOn(c, columnFor === undefined ? c.column : columnFor(c.column))),
    );
  }

  get fkOnParent(): boolean {
    return this.direction === 'manyToOne';
  }
}
