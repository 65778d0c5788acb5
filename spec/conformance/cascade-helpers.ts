/**
 * Small helpers shared by the cascade, backref and write-only conformance suites: building
 * objects, counting rows inside the session's transaction, collecting a session's warnings.
 */
import { inspect, type Mapper } from '../../lib/mapper';
import type { Session } from '../../lib/session';
import { func, select, Table } from '../../lib/sql';

type Cls<E> = abstract new (...args: never[]) => E;

/** `new cls()` with `props` assigned through the mapped attributes (SQLAlchemy's `User(name=…)`). */
export function make<E extends object>(cls: new () => E, props: Partial<E> = {}): E {
  return Object.assign(new cls(), props);
}

/** How many rows the entity's (or a Core) table holds, as the session's transaction sees them. */
export async function countRows(s: Session, cls: Cls<object> | Table): Promise<number> {
  const table = cls instanceof Table ? cls : (inspect(cls as never) as Mapper).table;
  return Number(await s.scalar(select(func.count()).from(table)));
}

/** The messages of the warnings `s` emits from now on (its `warning` event). */
export function warningsOf(s: Session): string[] {
  const seen: string[] = [];
  s.on('warning', (w) => {
    seen.push(w.message);
  });
  return seen;
}
