import { InvalidRequestError } from '../../errors';
import { attrs, inspect, instanceState, type MappedClass, type Mapper } from '../../mapper';
import { and, or, select, type Column, type Predicate } from '../../sql';
import type { Session } from '../session';
import type { EntityValues } from './entity-values';
import {
  keyString,
  planUpsert,
  upsertStatements,
  type UpsertOptions,
  type UpsertRow,
} from './upsert-statement';

/** Rows read back per SELECT after an upsert (a key of several columns per row). */
const READ_BACK_PAGE = 200;

/**
 * Inserts rows of a mapped class, or updates those whose conflict key (`onConflict`, default the
 * primary key) already exists: ON CONFLICT … DO UPDATE, ON DUPLICATE KEY UPDATE or MERGE per
 * dialect. Runs in the session's transaction after an autoflush, then reads the rows back by their
 * conflict keys, so the session's objects carry the values now in the database (objects already in
 * the identity map are refreshed; a rollback expires them). Returns one object per row, in order.
 *
 * @example
 * const [sandy] = await upsert(session, User, [{ email: 'sandy@example.com', nickname: 'sandy' }], {
 *   onConflict: ['email'],
 * });
 */
export async function upsert<E extends object>(
  session: Session,
  entity: MappedClass<E>,
  rows: EntityValues<E> | readonly EntityValues<E>[],
  options: UpsertOptions<E> = {},
): Promise<E[]> {
  const mapper = inspect(entity as MappedClass<object>);
  const list = (Array.isArray(rows) ? rows : [rows]) as readonly object[];
  const plan = planUpsert(mapper, list, options as unknown as UpsertOptions<object>);
  if (plan.rows.length === 0) return [];
  const host = session.bulkHost;
  await host.autoflush();
  const { maxParams } = await host.capabilities();
  for (const statement of upsertStatements(plan, maxParams)) await host.execute(statement);
  const objects = await readBack(
    session,
    entity,
    plan.target.map((p) => p.key),
    plan.rows,
  );
  host.altered(objects.map((o) => instanceState(o)));
  return objects as E[];
}

/**
 * The objects of `rows` by their conflict keys, refreshed from the database. A key compared
 * case-insensitively by the database (MySQL's default collation) is matched the same way.
 */
async function readBack(
  session: Session,
  entity: MappedClass<object>,
  keys: readonly string[],
  rows: readonly UpsertRow[],
): Promise<object[]> {
  const mapper = inspect(entity) as Mapper<object>;
  const columns = attrs(entity) as unknown as Record<string, Column<unknown>>;
  const exact = new Map<string, object>();
  const folded = new Map<string, object>();
  for (let i = 0; i < rows.length; i += READ_BACK_PAGE) {
    const page = rows.slice(i, i + READ_BACK_PAGE);
    const match: Predicate = or(...page.map((r) => and(...keys.map((k, j) => columns[k]!.eq(r.key[j])))));
    const found = (await session.scalars(select(entity).where(match), {
      populateExisting: true,
    })) as object[];
    for (const obj of found) {
      const key = keys.map((k) => (obj as Record<string, unknown>)[k]);
      exact.set(keyString(key), obj);
      folded.set(keyString(key, true), obj);
    }
  }
  return rows.map((r, i) => {
    const obj = exact.get(keyString(r.key)) ?? folded.get(keyString(r.key, true));
    if (obj === undefined)
      throw new InvalidRequestError(
        `upsert(${mapper.name}): row ${i + 1} was written but cannot be read back by its conflict key`,
      );
    return obj;
  });
}
