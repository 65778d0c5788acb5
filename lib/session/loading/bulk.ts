import { ArgumentError } from '../../errors';
import { inspect, type InstanceState, type Mapper, type MappedClass } from '../../mapper';
import {
  and,
  deleteFrom,
  ENTITY,
  Expression,
  select,
  update,
  type EntityLike,
  type nodes,
  type Predicate,
  type Table,
} from '../../sql';
import { requireCriteria } from '../../sql/expression/arguments';
import { sameValue } from '../column-keys';
import type { Session } from '../session';

type Scalar = string | number | boolean | bigint | Date | Uint8Array | null;
/** The column attributes of `E` and the values an ORM UPDATE may set them to. */
export type BulkValues<E> = {
  [K in keyof E as NonNullable<E[K]> extends Scalar ? K : never]?: E[K] | Expression<E[K]>;
};

/** How an ORM bulk UPDATE/DELETE keeps the session's objects in step with the database. */
export type SynchronizeSession = 'evaluate' | 'fetch' | false;

abstract class OrmBulk<E extends object> {
  protected constructor(
    readonly entity: MappedClass<E>,
    readonly criteria: readonly Predicate[],
  ) {}
  get mapper(): Mapper<object> {
    return inspect(this.entity as MappedClass<object>);
  }
  /** The WHERE clause with a single-table subclass's discriminator. @internal */
  allCriteria(): Predicate {
    return and(...this.criteria, (this.entity as unknown as EntityLike)[ENTITY].criteria);
  }
  /** @internal */
  table(): Table {
    const m = this.mapper;
    if (m.tables.length > 1)
      throw new ArgumentError(
        `ORM bulk statements on ${m.name} (joined-table inheritance) are not supported`,
      );
    return m.table;
  }
}

/**
 * An ORM-enabled UPDATE of a mapped class: `where()` on its attributes, `values()` by attribute
 * name. Run it with `executeBulk(session, statement, { synchronizeSession })`.
 *
 * @example
 * await executeBulk(session, ormUpdate(User).where(u.nickname.isNull()).values({ nickname: 'anon' }));
 */
export class OrmUpdate<E extends object> extends OrmBulk<E> {
  constructor(
    entity: MappedClass<E>,
    criteria: readonly Predicate[] = [],
    readonly changes: BulkValues<E> = {},
  ) {
    super(entity, criteria);
  }
  where(...criteria: Predicate[]): OrmUpdate<E> {
    requireCriteria(`ormUpdate(${this.mapper.name}).where()`, criteria);
    return new OrmUpdate(this.entity, [...this.criteria, ...criteria], this.changes);
  }
  values(changes: BulkValues<E>): OrmUpdate<E> {
    return new OrmUpdate(this.entity, this.criteria, { ...this.changes, ...changes });
  }
  /** @internal The Core UPDATE. */
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
    if (Object.keys(values).length === 0)
      throw new ArgumentError(`ormUpdate(${m.name}): values() sets nothing`);
    return update(table)
      .values(values as never)
      .where(this.allCriteria());
  }
}

/** An ORM-enabled DELETE of a mapped class. @example await executeBulk(session, ormDelete(Post).where(p.title.like('draft%'))) */
export class OrmDelete<E extends object> extends OrmBulk<E> {
  constructor(entity: MappedClass<E>, criteria: readonly Predicate[] = []) {
    super(entity, criteria);
  }
  where(...criteria: Predicate[]): OrmDelete<E> {
    requireCriteria(`ormDelete(${this.mapper.name}).where()`, criteria);
    return new OrmDelete(this.entity, [...this.criteria, ...criteria]);
  }
  /** @internal */
  toCore() {
    return deleteFrom(this.table()).where(this.allCriteria());
  }
}

/** `ormUpdate(User)`: an ORM bulk UPDATE. @example ormUpdate(User).where(u.id.lt(10)).values({ nickname: null }) */
export const ormUpdate = <E extends object>(entity: MappedClass<E>): OrmUpdate<E> => new OrmUpdate(entity);
/** `ormDelete(User)`: an ORM bulk DELETE. @example ormDelete(User).where(u.email.like('%@spam.test')) */
export const ormDelete = <E extends object>(entity: MappedClass<E>): OrmDelete<E> => new OrmDelete(entity);

class CannotEvaluate extends Error {}

/** Evaluates a WHERE clause against an object's current values, as SQL would (NULL → unknown). */
function evaluate(node: nodes.ExprNode, state: InstanceState, columns: Map<nodes.ExprNode, string>): unknown {
  const ev = (n: nodes.ExprNode): unknown => evaluate(n, state, columns);
  switch (node.kind) {
    case 'Column': {
      const key = columns.get(node);
      if (key === undefined || !state.isLoaded(key)) throw new CannotEvaluate();
      return state.dict[key];
    }
    case 'BindParam':
      return node.value;
    case 'Null':
      return null;
    case 'Logical': {
      const values = node.operands.map(ev);
      if (node.op === 'AND')
        return values.includes(false) ? false : values.every((v) => v === true) ? true : null;
      return values.includes(true) ? true : values.every((v) => v === false) ? false : null;
    }
    case 'Not': {
      const v = ev(node.operand);
      return v === null || v === undefined ? null : !v;
    }
    case 'IsNull': {
      const v = ev(node.operand);
      return (v === null || v === undefined) !== node.negated;
    }
    case 'In': {
      if (!Array.isArray(node.values)) throw new CannotEvaluate();
      const v = ev(node.operand);
      if (v === null || v === undefined) return null;
      const hit = (node.values as readonly nodes.ExprNode[]).some((x) => sameValue(ev(x), v));
      return hit !== node.negated;
    }
    case 'Binary': {
      const a = ev(node.left) as number | string | Date | null;
      const b = ev(node.right) as number | string | Date | null;
      if (a === null || a === undefined || b === null || b === undefined) return null;
      switch (node.op) {
        case '=':
          return sameValue(a, b);
        case '<>':
          return !sameValue(a, b);
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        default:
          throw new CannotEvaluate();
      }
    }
    default:
      throw new CannotEvaluate();
  }
}

function columnKeys(mapper: Mapper<object>): Map<nodes.ExprNode, string> {
  const out = new Map<nodes.ExprNode, string>();
  for (const p of mapper.columnProps) for (const c of p.columns) out.set(c.node, p.key);
  return out;
}

function candidates(session: Session, mapper: Mapper<object>): InstanceState[] {
  return [...session.identityMap.states()].filter((s) => s.mapper.isa(mapper) && s.status === 'persistent');
}

/**
 * Runs an ORM bulk UPDATE or DELETE in the session's transaction (after an autoflush) and keeps
 * the identity map honest: `'evaluate'` (default) tests the WHERE clause in memory against the
 * session's objects (an `ArgumentError` before anything runs when it cannot: use `'fetch'`);
 * `'fetch'` selects the matching primary keys first; `false` leaves the objects as they are.
 * Matched objects get the new values (SQL expressions expire the attribute); deleted ones are
 * expunged. Returns the number of rows the database reports.
 *
 * @example
 * const n = await executeBulk(session, ormUpdate(User).where(u.id.in([1, 2])).values({ nickname: 'x' }), { synchronizeSession: 'fetch' });
 */
export async function executeBulk<E extends object>(
  session: Session,
  statement: OrmUpdate<E> | OrmDelete<E>,
  options: { synchronizeSession?: SynchronizeSession } = {},
): Promise<number> {
  const sync = options.synchronizeSession ?? 'evaluate';
  const mapper = statement.mapper;
  const core = statement.toCore();
  let matched: InstanceState[] = [];
  if (sync === 'evaluate') {
    if (session.autoflush) await session.flush();
    const where = statement.allCriteria().node;
    const keys = columnKeys(mapper);
    try {
      matched = candidates(session, mapper).filter((s) => evaluate(where, s, keys) === true);
    } catch (e) {
      if (!(e instanceof CannotEvaluate)) throw e;
      throw new ArgumentError(
        `synchronizeSession 'evaluate' cannot evaluate the WHERE clause of this ${mapper.name} statement in memory; use 'fetch' or false`,
      );
    }
  } else if (sync === 'fetch') {
    const pk = mapper.primaryKeyProps.map((p) => p.column);
    const rows = (await session.execute(select(...pk).where(statement.allCriteria()))).all();
    const found = new Set(rows.map((r) => mapper.identityKeyFor(r as unknown[])));
    matched = candidates(session, mapper).filter((s) => s.key !== undefined && found.has(s.key));
  }
  const result = await session.execute(core);
  if (statement instanceof OrmUpdate) {
    for (const s of matched) {
      for (const [key, value] of Object.entries(statement.changes)) {
        if (value instanceof Expression) s.expire([key]);
        else if (!s.hasCommitted(key)) s.dict[key] = value;
      }
    }
  } else {
    for (const s of matched) session.expunge(s.obj);
  }
  return result.rowCount ?? 0;
}
