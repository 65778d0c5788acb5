import { ArgumentError } from '../../errors';
import { func, Select, select, type ItemValue } from '../../sql';
import { selectNode } from '../../sql/nodes';
import type { Session } from '../session';

/** One page of an ORM query and the total count. */
export interface Page<T> {
  /** The objects of this page. */
  readonly items: T[];
  /** Rows the query has without LIMIT/OFFSET. */
  readonly total: number;
  /** The page's number, from 1. */
  readonly page: number;
  /** Objects per page. */
  readonly perPage: number;
  /** How many pages there are. */
  readonly pages: number;
  /** Whether a page follows this one. */
  readonly hasNext: boolean;
  /** Whether a page precedes this one. */
  readonly hasPrevious: boolean;
}

/**
 * Runs page `page` (1-based) of `statement` and a `count(*)` of the whole query (ORDER BY, LIMIT,
 * OFFSET and loader options left out). Loader options apply to the page; a `joinedload` of a
 * collection still pages parents, not joined rows. Give the statement an ORDER BY for stable pages.
 *
 * @example
 * const page = await paginate(session, select(User).orderBy(u.id).options(selectinload(u.posts)), { page: 2, perPage: 20 });
 * page.items; page.total; page.pages;
 */
export async function paginate<Items extends readonly unknown[]>(
  session: Session,
  statement: Select<Items>,
  { page, perPage }: { page: number; perPage: number },
): Promise<Page<ItemValue<Items[0]>>> {
  if (!Number.isInteger(page) || page < 1)
    throw new ArgumentError(`paginate(): page must be an integer ≥ 1, got ${page}`);
  if (!Number.isInteger(perPage) || perPage < 1)
    throw new ArgumentError(`paginate(): perPage must be an integer ≥ 1, got ${perPage}`);
  const bare = new Select(
    [...statement.items],
    selectNode({ ...statement.node, orderBy: Object.freeze([]), limit: undefined, offset: undefined }),
  );
  const counted = await session.scalar(select(func.count().as('total')).from(bare.subquery('page_count')));
  const total = Number(counted ?? 0);
  const items = await session.scalars(statement.limit(perPage).offset((page - 1) * perPage));
  const pages = Math.ceil(total / perPage);
  return { items, total, page, perPage, pages, hasNext: page < pages, hasPrevious: page > 1 };
}
