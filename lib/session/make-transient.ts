import { instanceState } from '../mapper';
import { Session } from './session';
import { UnitOfWork } from './unit-of-work';

/**
 * Sends an object back to the transient state, as if it had just been constructed: it leaves its
 * session (if any) and forgets its identity key; loaded values stay, expired ones become unset.
 * Also the way to add an object again after its row was deleted (SQLAlchemy's `make_transient`).
 *
 * @example
 * session.delete(user); await session.commit();
 * makeTransient(user); other.add(user); // INSERTed again at the next flush
 */
export function makeTransient(obj: object): void {
  const state = instanceState(obj);
  const owner = state.owner;
  UnitOfWork.makeTransient(state, owner instanceof Session ? owner.uow : undefined);
}

/**
 * Makes a transient object detached, as if a session had loaded it and been closed: it gets the
 * identity key of its primary key values, the values it holds count as loaded and unchanged, and
 * the column attributes it does not hold are expired. `session.add()` then attaches it as
 * persistent without a SELECT (SQLAlchemy's `make_transient_to_detached`).
 *
 * @example
 * const u = Object.assign(new User(), { id: 7, name: 'ed' });
 * makeTransientToDetached(u); session.add(u); u.name = 'edward'; await session.commit(); // UPDATE
 */
export function makeTransientToDetached(obj: object): void {
  UnitOfWork.makeTransientToDetached(instanceState(obj));
}

/**
 * The session an object belongs to (pending, persistent, or deleted in its open transaction), or
 * undefined (SQLAlchemy's `object_session`). Throws `ArgumentError` for an unmapped object.
 *
 * @example objectSession(user)?.delete(user);
 */
export function objectSession(obj: object): Session | undefined {
  const owner = instanceState(obj).owner;
  return owner instanceof Session ? owner : undefined;
}
