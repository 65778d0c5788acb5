import { ArgumentError } from '../../errors';
import { Expression } from '../expression/expression';

/**
 * Columns grouped under one name in a select list or a RETURNING list: each row holds them as one
 * nested record (a tuple whose keyed columns also read by key), readable as `row.name` too.
 * Made by `bundle()`.
 */
export class Bundle<
  Name extends string = string,
  Items extends readonly Expression<unknown>[] = readonly Expression<unknown>[],
> {
  /** Phantom: the bundled items' types, for the nested record's type (`RowTuple`). */
  declare readonly __bundled?: Items;
  /** @internal */
  constructor(
    /** The key the nested record is read by in a row. */
    readonly key: Name,
    /** The bundled expressions, in order. */
    readonly columns: Items,
  ) {}

  /** How the bundle shows in messages: `bundle(name)`. */
  toString(): string {
    return `bundle(${this.key})`;
  }
}

/**
 * SQLAlchemy's `Bundle('name', col, …)`: `select(bundle('who', u.id, u.name), u.age)` gives rows
 * `[[id, name], age]` whose first value also reads as `row.who`, with `row.who.id` and `row.who.name`.
 * Also accepted by `returning()` of ORM UPDATE and DELETE.
 * @example const [row] = await session.execute(select(bundle('who', u.id, u.name)).where(u.id.eq(1))); row.who.name
 */
export function bundle<const Name extends string, const Items extends readonly Expression<unknown>[]>(
  key: Name,
  ...columns: Items
): Bundle<Name, Items> {
  if (typeof key !== 'string' || key === '')
    throw new ArgumentError('bundle() needs a name as its first argument');
  if (columns.length === 0) throw new ArgumentError(`bundle(${key}) names no column`);
  columns.forEach((c, i) => {
    if (!(c instanceof Expression))
      throw new ArgumentError(`bundle(${key}): item ${i + 1} is not a column or expression`);
  });
  return new Bundle(key, Object.freeze([...columns]) as unknown as Items);
}
