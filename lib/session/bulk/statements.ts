import { ArgumentError } from '../../errors';
import {
  inspect,
  resolveAttributeKey,
  type AliasedEntity,
  type Mapper,
  type MappedClass,
} from '../../mapper';
import { requireCriteria } from '../../sql/expression/arguments';
import { toNode } from '../../sql/expression/expression';
import {
  and,
  Bundle,
  deleteFrom,
  Delete,
  ENTITY,
  Expression as ExpressionClass,
  update,
  Update,
  type Column,
  type EntityLike,
  type Executable,
  type Expression,
  type Predicate,
  mergeExecutionOptions,
  NO_EXECUTION_OPTIONS,
  type ExecutionOptions,
  type StatementOption,
  type Table,
} from '../../sql';
import { ownExecutionOptions } from '../../sql/execution-options';
import { criteriaForEntity, loaderCriteriaOf } from '../loading/loader-criteria';
import {
  deleteNode,
  updateNode,
  type ColumnNode,
  type DmlDialectOption,
  type TableAliasNode,
} from '../../sql/nodes';
import { isEntityLike } from '../../sql/selectable';
import {
  dialectOptionEntries,
  mergeDialectOptions,
  type DmlDialectOptions,
} from '../../sql/statements/dml-options';

type Scalar = string | number | boolean | bigint | Date | Uint8Array | null;
/** The column attributes of `E` and the values an ORM UPDATE may set them to. */
export type BulkValues<E> = {
  [K in keyof E as NonNullable<E[K]> extends Scalar ? K : never]?: E[K] | Expression<E[K]>;
};

/**
 * A column and its new value, for `ormUpdate().values([...])`: a column of the updated entity,
 * or (MySQL and MariaDB, whose UPDATE can set several tables) of another table the statement reads.
 */
export type SetPair = readonly [Expression<unknown>, unknown];

/** A mapped class or an `aliased()` one: what an ORM UPDATE or DELETE writes. */
export type BulkTarget<E extends object> = MappedClass<E> | AliasedEntity<E>;

/** What `returning()` takes: mapped classes (or aliases) and column expressions. */
export type ReturningItem =
  | (abstract new (...args: never[]) => object)
  | EntityLike
  | Expression<unknown>
  | Bundle<string, readonly Expression<unknown>[]>;

/** @internal The parts of an ORM UPDATE/DELETE besides its entity. */
export interface BulkParts<E> {
  readonly criteria: readonly Predicate[];
  /** The RETURNING items: entities come back through the identity map, columns as values. */
  readonly returningItems: readonly unknown[];
  readonly dialectOptions: readonly DmlDialectOption[];
  /** `options()`: loader criteria for the WHERE clause, loader options for RETURNING entities. */
  readonly statementOptions: readonly StatementOption[];
  /** `executionOptions()`, merged. */
  readonly executionOptions: ExecutionOptions;
  /** UPDATE only: values by attribute name of the updated entity. */
  readonly changes: BulkValues<E>;
  /** UPDATE only: columns of other tables and their values (MySQL's multi-table UPDATE). */
  readonly otherValues: readonly (readonly [ColumnNode, ExprNodeOf])[];
}
type ExprNodeOf = ReturnType<typeof toNode>;

const NO_PARTS: BulkParts<object> = Object.freeze({
  criteria: [],
  returningItems: [],
  dialectOptions: [],
  statementOptions: [],
  executionOptions: NO_EXECUTION_OPTIONS,
  changes: {},
  otherValues: [],
});

abstract class OrmBulk<E extends object, Items extends readonly unknown[]> {
  /** Phantom member for the RETURNING items' types; never set. */
  declare readonly __items?: Items;
  protected constructor(
    /** The target class, or an `aliased()` one. */
    readonly entity: BulkTarget<E>,
    /** @internal */
    readonly parts: BulkParts<E>,
  ) {}
  /** The WHERE criteria, combined with AND. */
  get criteria(): readonly Predicate[] {
    return this.parts.criteria;
  }
  /** The RETURNING items: entities come back through the identity map, columns as values. */
  get returningItems(): readonly unknown[] {
    return this.parts.returningItems;
  }
  /** The mapper of the target class. */
  get mapper(): Mapper<object> {
    return inspect(this.entity as MappedClass<object>);
  }
  /** @internal The alias the statement writes its table by, for an `aliased()` entity. */
  targetAlias(): TableAliasNode | undefined {
    const from = (this.entity as unknown as EntityLike)[ENTITY].from.fromNode;
    return from.kind === 'TableAlias' ? from : undefined;
  }
  /** @internal The entity's column `col` as the statement names it (through its alias). */
  targetColumn(col: Column<unknown>): Column<unknown> {
    const from = (this.entity as unknown as EntityLike)[ENTITY].from;
    if (from.fromNode.kind !== 'TableAlias') return col;
    return (from as unknown as { c: Record<string, Column<unknown>> }).c[col.key]!;
  }
  /** The options given to `options()`. */
  get statementOptions(): readonly StatementOption[] {
    return this.parts.statementOptions;
  }
  /** The WHERE clause with a single-table subclass's discriminator and the loader criteria. @internal */
  allCriteria(): Predicate {
    const loaderCriteria = loaderCriteriaOf(this.parts.statementOptions);
    return and(
      ...this.criteria,
      (this.entity as unknown as EntityLike)[ENTITY].criteria,
      loaderCriteria.length ? criteriaForEntity(loaderCriteria, this.entity, false) : undefined,
    );
  }
  /** The execution options given to `executionOptions()`, merged. */
  getExecutionOptions(): ExecutionOptions {
    return this.parts.executionOptions;
  }
  /**
   * The statement's parts with `options` merged over its execution options.
   *
   * @throws ArgumentError naming `method` when an option is unknown.
   */
  protected withExecutionOptions(method: string, options: ExecutionOptions): BulkParts<E> {
    const own = ownExecutionOptions(method, options);
    return { ...this.parts, executionOptions: mergeExecutionOptions(this.parts.executionOptions, own) };
  }
  /**
   * The statement's parts with `options` added.
   *
   * @throws ArgumentError naming `method` when an item is not a statement option.
   */
  protected withOptions(method: string, options: readonly StatementOption[]): BulkParts<E> {
    options.forEach((o, i) => {
      if (typeof o !== 'object' || o === null || typeof o.optionKind !== 'string')
        throw new ArgumentError(`${method}: item ${i + 1} is not a statement option`);
    });
    return { ...this.parts, statementOptions: Object.freeze([...this.parts.statementOptions, ...options]) };
  }
  /**
   * @internal The Core statement with the RETURNING items' columns (an entity's loaded columns)
   * and then `extra` columns.
   */
  toReturningCore(extra: readonly Expression<unknown>[] = []): Executable {
    const columns: Expression<unknown>[] = [];
    for (const item of this.returningItems) {
      if (item instanceof ExpressionClass) columns.push(item);
      else if (item instanceof Bundle) columns.push(...item.columns);
      else columns.push(...(item as EntityLike)[ENTITY].columns);
    }
    columns.push(...extra);
    const core = this.toCore() as Executable & { returning(...cols: Expression<unknown>[]): Executable };
    return columns.length ? core.returning(...columns) : core;
  }
  /** @internal */
  abstract toCore(): Executable;
  /** @internal */
  table(): Table {
    return bulkTableOf(this.mapper);
  }
  /** The statement's parts with dialect-specific options for `method` added. */
  protected withDialectOptions(method: string, options: DmlDialectOptions): BulkParts<E> {
    const added = dialectOptionEntries(method, options);
    return { ...this.parts, dialectOptions: mergeDialectOptions(this.parts.dialectOptions, added) };
  }
}

/**
 * An ORM-enabled UPDATE of a mapped class (or an `aliased()` one): `where()` on its attributes,
 * `values()` by attribute name. Run it with `executeBulk(session, statement, { synchronizeSession })`.
 *
 * @example
 * await executeBulk(session, ormUpdate(User).where(u.nickname.isNull()).values({ nickname: 'anon' }));
 */
export class OrmUpdate<E extends object, Items extends readonly unknown[] = readonly []> extends OrmBulk<
  E,
  Items
> {
  /** @internal */
  constructor(entity: BulkTarget<E>, parts: BulkParts<E> = NO_PARTS as BulkParts<E>) {
    super(entity, parts);
  }
  /** The values by attribute name of the updated entity. */
  get changes(): BulkValues<E> {
    return this.parts.changes;
  }
  /**
   * Adds WHERE criteria (combined with AND).
   * @throws ArgumentError when none is given.
   */
  where(...criteria: Predicate[]): OrmUpdate<E, Items> {
    requireCriteria(`ormUpdate(${this.mapper.name}).where()`, criteria);
    return new OrmUpdate(this.entity, { ...this.parts, criteria: [...this.criteria, ...criteria] });
  }
  /**
   * Rows to return for the updated rows: entities (refreshed through the identity map with the
   * new values), columns or expressions. `executeBulk()` then gives an `OrmResult`.
   * @example executeBulk(s, ormUpdate(User).where(u.age.gt(29)).values({ age: u.age.sub(10) }).returning(User, u.name))
   */
  returning<const R extends readonly ReturningItem[]>(...items: R): OrmUpdate<E, R> {
    const returningItems = checkReturning(`ormUpdate(${this.mapper.name}).returning()`, items);
    return new OrmUpdate<E, R>(this.entity, { ...this.parts, returningItems });
  }
  /**
   * Statement options: `withLoaderCriteria()` adds its criteria for the updated entity to the
   * WHERE clause; loader options (`selectinload(…)`) load relationships of the entities `returning()` gives.
   * @example ormUpdate(User).options(withLoaderCriteria(User, (u) => u.active.isTrue())).values({ age: 1 })
   */
  options(...options: StatementOption[]): OrmUpdate<E, Items> {
    return new OrmUpdate(this.entity, this.withOptions(`ormUpdate(${this.mapper.name}).options()`, options));
  }
  /**
   * Execution options of this statement (see `ExecutionOptions`), merged over the session's; those
   * of an `executeBulk()` call are merged over them. Every statement it runs has them.
   * @example executeBulk(s, ormUpdate(User).where(u.id.eq(1)).executionOptions({ audit: 'admin' }))
   */
  executionOptions(options: ExecutionOptions): OrmUpdate<E, Items> {
    return new OrmUpdate(
      this.entity,
      this.withExecutionOptions(`ormUpdate(${this.mapper.name}).executionOptions()`, options),
    );
  }
  /**
   * Options one dialect reads and the others ignore (SQLAlchemy's `update_args={"mysql_limit": …}`).
   * @example ormUpdate(Data).values({ cnt: d.cnt.add(1) }).dialectOptions({ mysql: { limit: 1 } })
   */
  dialectOptions(options: DmlDialectOptions): OrmUpdate<E, Items> {
    return new OrmUpdate(
      this.entity,
      this.withDialectOptions(`ormUpdate(${this.mapper.name}).dialectOptions()`, options),
    );
  }
  /**
   * The values to set: by attribute name, or as `[column, value]` pairs in SET order. A pair may
   * name a column of another table the WHERE clause reads: MySQL and MariaDB set both tables in
   * one multi-table UPDATE; other dialects refuse it with a CompileError.
   * @example ormUpdate(Document).where(u.id.eq(d.userId)).values([[d.samename, 'x'], [u.samename, 'y']])
   */
  values(changes: BulkValues<E> | readonly SetPair[]): OrmUpdate<E, Items> {
    const name = `ormUpdate(${this.mapper.name}).values()`;
    if (typeof changes !== 'object' || changes === null) {
      throw new ArgumentError(
        `${name} takes one object of values by attribute name or a list of [column, value] pairs; an UPDATE does not take several parameter sets`,
      );
    }
    const named: Record<string, unknown> = {};
    const others: (readonly [ColumnNode, ExprNodeOf])[] = [...this.parts.otherValues];
    if (Array.isArray(changes) && !changes.every((pair) => Array.isArray(pair))) {
      throw new ArgumentError(
        `${name} takes one object of values by attribute name; an UPDATE does not take several parameter sets`,
      );
    }
    if (Array.isArray(changes)) {
      const target = (this.entity as unknown as EntityLike)[ENTITY].from.fromNode;
      const table = this.table();
      (changes as readonly unknown[]).forEach((pair, i) => {
        const col = Array.isArray(pair) && pair.length === 2 ? (pair[0] as unknown) : undefined;
        if (!(col instanceof ExpressionClass) || col.node.kind !== 'Column')
          throw new ArgumentError(
            `${name}: item ${i + 1} is not a [column, value] pair; values by attribute name are given as one object`,
          );
        const node = col.node;
        const value = (pair as SetPair)[1];
        if (node.from === target || node.from === table.node) {
          const prop = this.mapper.columnProps.find((p) => p.column.name === node.name);
          if (prop === undefined)
            throw new ArgumentError(`${name}: ${node.name} is not a column attribute of ${this.mapper.name}`);
          named[prop.key] = value;
        } else others.push(Object.freeze([node, toNode(value, col.type)] as const));
      });
    } else {
      // A synonym sets the column attribute it names.
      for (const [key, value] of Object.entries(changes))
        named[resolveAttributeKey(this.mapper, key)] = value;
    }
    return new OrmUpdate(this.entity, {
      ...this.parts,
      changes: { ...this.parts.changes, ...(named as BulkValues<E>) },
      otherValues: others,
    });
  }
  /** @internal The Core UPDATE (tables its WHERE clause or values read join as UPDATE … FROM). */
  toCore() {
    const m = this.mapper;
    const table = this.table();
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.changes)) {
      const prop = m.columnPropsByKey.get(key);
      if (prop === undefined)
        throw new ArgumentError(`ormUpdate(${m.name}).values(): ${key} is not a column attribute`);
      values[prop.column.key] = value;
    }
    if (Object.keys(values).length === 0 && this.parts.otherValues.length === 0)
      throw new ArgumentError(`ormUpdate(${m.name}): values() sets nothing`);
    const core = update(table)
      .values(values as never)
      .where(this.allCriteria());
    return new Update(
      table,
      updateNode({
        ...core.node,
        target: this.targetAlias(),
        setOther: this.parts.otherValues,
        dialectOptions: this.parts.dialectOptions,
      }),
    );
  }
}

/**
 * An ORM-enabled DELETE of a mapped class (or an `aliased()` one); other tables its WHERE clause
 * reads join as DELETE … USING (see `deleteFrom()`).
 * @example await executeBulk(session, ormDelete(Post).where(p.title.like('draft%')))
 */
export class OrmDelete<E extends object, Items extends readonly unknown[] = readonly []> extends OrmBulk<
  E,
  Items
> {
  /** @internal */
  constructor(entity: BulkTarget<E>, parts: BulkParts<E> = NO_PARTS as BulkParts<E>) {
    super(entity, parts);
  }
  /**
   * Adds WHERE criteria (combined with AND).
   * @throws ArgumentError when none is given.
   */
  where(...criteria: Predicate[]): OrmDelete<E, Items> {
    requireCriteria(`ormDelete(${this.mapper.name}).where()`, criteria);
    return new OrmDelete(this.entity, { ...this.parts, criteria: [...this.criteria, ...criteria] });
  }
  /**
   * Rows to return for the deleted rows (their values before the DELETE): entities, which the
   * session then counts as deleted, columns or expressions. Not on SQL Server's OUTPUT-less paths.
   * @example executeBulk(s, ormDelete(User).where(u.age.gt(29)).returning(u.id, u.name))
   */
  returning<const R extends readonly ReturningItem[]>(...items: R): OrmDelete<E, R> {
    const returningItems = checkReturning(`ormDelete(${this.mapper.name}).returning()`, items);
    return new OrmDelete<E, R>(this.entity, { ...this.parts, returningItems });
  }
  /**
   * Statement options: `withLoaderCriteria()` adds its criteria for the deleted entity to the
   * WHERE clause; loader options (`selectinload(…)`) load relationships of the entities `returning()` gives.
   * @example ormDelete(User).options(withLoaderCriteria(User, (u) => u.active.isFalse()))
   */
  options(...options: StatementOption[]): OrmDelete<E, Items> {
    return new OrmDelete(this.entity, this.withOptions(`ormDelete(${this.mapper.name}).options()`, options));
  }
  /**
   * Execution options of this statement (see `ExecutionOptions`), merged over the session's; those
   * of an `executeBulk()` call are merged over them. Every statement it runs has them.
   * @example executeBulk(s, ormDelete(User).where(u.id.eq(1)).executionOptions({ audit: 'admin' }))
   */
  executionOptions(options: ExecutionOptions): OrmDelete<E, Items> {
    return new OrmDelete(
      this.entity,
      this.withExecutionOptions(`ormDelete(${this.mapper.name}).executionOptions()`, options),
    );
  }
  /**
   * Options one dialect reads and the others ignore (SQLAlchemy's `delete_args={"mysql_limit": …}`).
   * @example ormDelete(Log).where(l.old.eq(true)).dialectOptions({ mysql: { limit: 1000 } })
   */
  dialectOptions(options: DmlDialectOptions): OrmDelete<E, Items> {
    return new OrmDelete(
      this.entity,
      this.withDialectOptions(`ormDelete(${this.mapper.name}).dialectOptions()`, options),
    );
  }
  /** @internal */
  toCore() {
    const table = this.table();
    const core = deleteFrom(table).where(this.allCriteria());
    return new Delete(
      table,
      deleteNode({ ...core.node, target: this.targetAlias(), dialectOptions: this.parts.dialectOptions }),
    );
  }
}

/** @internal The one table an ORM bulk statement of `mapper` writes; joined inheritance is refused. */
export function bulkTableOf(m: Mapper<object>): Table {
  if (m.tables.length > 1)
    throw new ArgumentError(`ORM bulk statements on ${m.name} (joined-table inheritance) are not supported`);
  return m.table;
}

/** @internal */
export function checkReturning(method: string, items: readonly unknown[]): readonly unknown[] {
  if (items.length === 0) throw new ArgumentError(`${method} names nothing to return`);
  items.forEach((item, i) => {
    if (!(item instanceof ExpressionClass) && !(item instanceof Bundle) && !isEntityLike(item))
      throw new ArgumentError(
        `${method}: item ${i + 1} is not a mapped class, alias, bundle or column expression`,
      );
  });
  return Object.freeze([...items]);
}

/** `ormUpdate(User)`: an ORM bulk UPDATE. @example ormUpdate(User).where(u.id.lt(10)).values({ nickname: null }) */
export const ormUpdate = <E extends object>(entity: BulkTarget<E>): OrmUpdate<E> => new OrmUpdate(entity);
/** `ormDelete(User)`: an ORM bulk DELETE. @example ormDelete(User).where(u.email.like('%@spam.test')) */
export const ormDelete = <E extends object>(entity: BulkTarget<E>): OrmDelete<E> => new OrmDelete(entity);
