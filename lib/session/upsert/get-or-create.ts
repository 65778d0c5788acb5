import { ArgumentError, IntegrityError } from '../../errors';
import { attrs, inspect, type MappedClass } from '../../mapper';
import { and, select, type Column, type Select } from '../../sql';
import type { Session } from '../session';
import { columnProps, givenValues, type EntityValues } from './entity-values';

/**
 * The object of `entity` whose attributes equal `lookup`, or a new one made of `lookup` and
 * `defaults`, inserted now: `[object, created]`.
 *
 * Safe under concurrency when `lookup` covers a unique key: the insert runs in a SAVEPOINT; when a
 * concurrent transaction inserted the same key first, the savepoint is rolled back and the row is
 * read again with a locking read (which sees the other transaction's committed row even under
 * MySQL's REPEATABLE READ) — never a duplicate row, never `created` for a row this call did not
 * insert. Without a unique key covering `lookup`, the database cannot refuse a duplicate.
 *
 * @example
 * const [tag, created] = await getOrCreate(session, Tag, { name: 'orm' }, { color: 'blue' });
 */
export async function getOrCreate<E extends object>(
  session: Session,
  entity: MappedClass<E>,
  lookup: EntityValues<E>,
  defaults: EntityValues<E> = {},
): Promise<[object: E, created: boolean]> {
  const mapper = inspect(entity as MappedClass<object>);
  const where = `getOrCreate(${mapper.name})`;
  const criteria = givenValues(mapper, lookup, where);
  columnProps(mapper, Object.keys(defaults), `${where} defaults`);
  if (criteria.size === 0) throw new ArgumentError(`${where}: lookup names no attribute`);
  const columns = attrs(entity as MappedClass<object>) as unknown as Record<string, Column<unknown>>;
  const query = select(entity as MappedClass<object>).where(
    and(...[...criteria].map(([k, v]) => (v === null ? columns[k]!.isNull() : columns[k]!.eq(v)))),
  );
  const existing = await findOne(session, query);
  if (existing !== null) return [existing as E, false];
  const obj = Object.assign(new (entity as unknown as new () => E)(), defaults, lookup);
  try {
    await session.beginNested(async (s) => {
      s.add(obj);
      await s.flush();
    });
    return [obj, true];
  } catch (e) {
    if (!(e instanceof IntegrityError)) throw e;
    // Another transaction inserted the key first: its row is committed once our insert failed.
    const winner = await findOne(session, query.forUpdate());
    if (winner === null) throw e;
    return [winner as E, false];
  }
}

async function findOne(
  session: Session,
  query: Select<readonly [MappedClass<object>]>,
): Promise<object | null> {
  const result = await session.execute(query);
  return (result.oneOrNull()?.[0] as object | undefined) ?? null;
}
