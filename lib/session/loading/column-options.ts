/**
 * `defer()`, `undefer()` and `undeferGroup()`: statement options choosing which column attributes
 * an entity's SELECT loads, over the `deferred` setting of its `@Column`s. A column left out is
 * deferred on the objects loaded (reading it raises until loaded); a deferred column asked for is
 * read with the row. They apply to the statement's entity items (a class, an aliased entity).
 */
import { ArgumentError } from '../../errors';
import { entityMapper, entityVariant, isColumnOf, type ColumnProperty } from '../../mapper';
import {
  ENTITY,
  Expression,
  Select,
  type Column,
  type EntityLike,
  type FromClause,
  type StatementOption,
} from '../../sql';
import { selectNode } from '../../sql/nodes';
import { isEntityLike } from '../../sql/selectable';

export const COLUMN_OPTION_KIND = 'athanor.columnLoad';

/** What a column loading option does to the columns it names. */
export type ColumnLoadMode = 'defer' | 'undefer';

/** A `defer()` / `undefer()` / `undeferGroup()` option for `select(...).options(...)`. */
export class ColumnLoadOption implements StatementOption {
  /** Marks the object as a statement option of this kind. */
  readonly optionKind = COLUMN_OPTION_KIND;

  constructor(
    /** Whether the attributes are deferred or undeferred. */
    readonly mode: ColumnLoadMode,
    /** The column attributes named (`attrs(User).bio`). */
    readonly columns: readonly Column<unknown>[],
    /** `undeferGroup()`: the deferral group, instead of columns. */
    readonly group?: string,
  ) {}

  /** @internal Whether the option names property `p` of select item `item`. */
  applies(item: unknown, p: ColumnProperty): boolean {
    if (this.group !== undefined) return p.deferGroup === this.group;
    return this.columns.some((c) => isColumnOf(item, p, c));
  }

  toString(): string {
    return this.group !== undefined
      ? `undeferGroup('${this.group}')`
      : `${this.mode}(${this.columns.map((c) => c.toString()).join(', ')})`;
  }
}

function columnsOf(what: string, columns: readonly Column<unknown>[]): readonly Column<unknown>[] {
  if (columns.length === 0) throw new ArgumentError(`${what}() needs at least one column attribute`);
  for (const c of columns) {
    if (typeof c !== 'object' || c === null || !('base' in c) || !('table' in c)) {
      throw new ArgumentError(`${what}(): ${String(c)} is not a column attribute (use attrs(Entity).key)`);
    }
  }
  return Object.freeze([...columns]);
}

/**
 * Leaves column attributes out of the SELECT of their entity: the objects loaded have them
 * unloaded (reading one raises `UnloadedAttributeError` until `session.refresh(obj, [key])`).
 *
 * @example select(Book).options(defer(attrs(Book).excerpt))
 */
export function defer(...columns: Column<unknown>[]): ColumnLoadOption {
  return new ColumnLoadOption('defer', columnsOf('defer', columns));
}

/**
 * Loads deferred column attributes (`@Column({ deferred: true })`) with the rows of the query.
 *
 * @example select(Book).options(undefer(attrs(Book).excerpt))
 */
export function undefer(...columns: Column<unknown>[]): ColumnLoadOption {
  return new ColumnLoadOption('undefer', columnsOf('undefer', columns));
}

/**
 * Loads every column of a deferral group (`@Column({ deferred: 'photos' })`) with the rows.
 *
 * @example select(User).options(undeferGroup('photos'))
 */
export function undeferGroup(group: string): ColumnLoadOption {
  if (typeof group !== 'string' || group.length === 0)
    throw new ArgumentError('undeferGroup() needs a group name');
  return new ColumnLoadOption('undefer', [], group);
}

function isColumnLoadOption(o: StatementOption): o is ColumnLoadOption {
  return o.optionKind === COLUMN_OPTION_KIND;
}

/**
 * The statement with each entity item replaced by the variant that loads the columns its column
 * options choose (the statement itself without such options). An option that names no column of
 * a selected entity is an `ArgumentError`.
 * @internal
 */
export function applyColumnOptions<S extends Select<readonly unknown[]>>(statement: S): S {
  const options = statement.statementOptions.filter(isColumnLoadOption);
  if (options.length === 0) return statement;
  const used = new Set<ColumnLoadOption>();
  const columns = [...statement.node.columns];
  let offset = 0;
  let changed = false;
  const items = statement.items.map((item) => {
    if (!isEntityLike(item) || entityMapper(item) === undefined) {
      offset += widthOf(item);
      return item;
    }
    const width = item[ENTITY].columns.length;
    const variant = entityVariant(item, (p) => {
      let loads = p.deferred !== true;
      for (const o of options) {
        if (!o.applies(item, p)) continue;
        used.add(o);
        loads = o.mode === 'undefer';
      }
      return loads;
    }) as EntityLike;
    if (variant !== item) {
      const replaced = variant[ENTITY].columns.map((c) => c.node);
      columns.splice(offset, width, ...replaced);
      offset += replaced.length;
      changed = true;
      return variant;
    }
    offset += width;
    return item;
  });
  for (const o of options) {
    if (!used.has(o)) {
      throw new ArgumentError(`${o.toString()}: names no column of an entity the statement selects`);
    }
  }
  if (!changed) return statement;
  return new Select(
    items,
    selectNode({ ...statement.node, columns }),
    statement.statementOptions,
  ) as unknown as S;
}

function widthOf(item: unknown): number {
  if (item instanceof Expression) return 1;
  if (isEntityLike(item)) return item[ENTITY].columns.length;
  return (item as FromClause).columns.length;
}
