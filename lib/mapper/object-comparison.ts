import { ArgumentError, emitAthanorWarning, InvalidRequestError } from '../errors';
import { Expression, type Column } from '../sql';
import { deferredBindParam } from '../sql/nodes';
import { instanceState, lastKnownValueOf, NO_VALUE, trackLastKnownValue } from './instance-state';
import type { InstanceState, RelationshipProperty } from './mapper-types';

/**
 * The state of the object a relationship is compared with (`attrs(Address).user.eq(u)`), refused
 * unless it is an instance of the relationship's target.
 */
export function comparedState(prop: RelationshipProperty, other: object): InstanceState {
  let state: InstanceState | undefined;
  if (typeof other === 'object' && other !== null) {
    try {
      state = instanceState(other);
    } catch {
      // Not an instance of a mapped class: refused below with what the relationship expects.
    }
  }
  if (state === undefined || !state.mapper.isa(prop.target)) {
    throw new ArgumentError(`${prop}: can only be compared with a ${prop.target.name} or null`);
  }
  return state;
}

/** The attribute key of the column property of the state's mapper that maps `column`. */
export function keyOf(state: InstanceState, column: Column<unknown>): string {
  const prop = state.mapper.columnProps.find((p) => p.columns.some((c) => c.base === column.base));
  if (prop === undefined)
    throw new InvalidRequestError(`${state.mapper.name} maps no attribute to ${column}`);
  return prop.key;
}

/**
 * The value of `column` on the object, as a bound value read when the statement runs (after the
 * session's autoflush gave a pending object its key), not when the expression is built.
 *
 * The value the object has then is used; if it was expired since, the value it had when it was
 * expired. With neither, the statement fails naming the column (SQLAlchemy would load an expired
 * value of an attached object here; Athanor never does I/O while compiling).
 */
export function deferredObjectValue(state: InstanceState, column: Column<unknown>): Expression<unknown> {
  const key = keyOf(state, column);
  trackLastKnownValue(state, key);
  const read = (): unknown => {
    const current = state.dict[key];
    let value = current;
    if (current === undefined) {
      const lastKnown = lastKnownValueOf(state, key);
      if (lastKnown === NO_VALUE) throw unresolved(state, column, key);
      value = lastKnown;
    }
    if (value === null) {
      emitAthanorWarning(
        `Got NULL for the value of ${column} on a ${state.mapper.name} compared with a relationship; ` +
          `the comparison is '= NULL', which matches no row (compare with null for IS NULL)`,
      );
    }
    return value;
  };
  return new Expression(deferredBindParam(read, column.type), column.type);
}

function unresolved(state: InstanceState, column: Column<unknown>, key: string): InvalidRequestError {
  const where = `Can't resolve value for column ${column} on object ${state.mapper.name}`;
  if (!state.isExpired(key))
    return new InvalidRequestError(`${where}; no value has been set for this column`);
  if (state.status === 'detached') {
    return new InvalidRequestError(`${where}; the object is detached and the value was expired`);
  }
  return new InvalidRequestError(
    `${where}; the value was expired before it was read: refresh the object (await session.refresh(obj)) ` +
      `before running the statement`,
  );
}
