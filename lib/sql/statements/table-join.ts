import { ArgumentError } from '../../errors';
import type { Predicate } from '../expression/expression';
import * as n from '../nodes';
import { Column, type Table } from '../schema/table';

/**
 * Tables joined by an ON clause, as one FROM item: `joinTables(users, addresses,
 * users.c.id.eq(addresses.c.userId))`. A class can be mapped to it (`@Table({ mappedTo })`), and
 * `select().from()` reads from it.
 */
export class TableJoin {
  /** The node a FROM clause writes for the join. */
  readonly fromNode: n.FromNode;
  /** The joined tables, left to right. */
  readonly tables: readonly Table[];
  /** The columns of every table, left to right. */
  readonly columns: readonly Column<unknown>[];

  constructor(
    /** The left side: a table, or a join of tables. */
    readonly left: Table | TableJoin,
    /** The table joined to it. */
    readonly right: Table,
    /** The join condition. */
    readonly on: Predicate,
    /** INNER JOIN or LEFT OUTER JOIN. */
    readonly type: 'INNER' | 'LEFT',
  ) {
    const leftTables = left instanceof TableJoin ? left.tables : [left];
    if (leftTables.includes(right)) {
      throw new ArgumentError(`joinTables(): table '${right.fullName}' is joined twice; alias one`);
    }
    this.tables = Object.freeze([...leftTables, right]);
    this.columns = Object.freeze(this.tables.flatMap((t) => t.columns));
    this.fromNode = n.join(type, left.fromNode, right.fromNode, on.node);
  }

  /** This join joined to one more table. */
  join(right: Table, on: Predicate): TableJoin {
    return new TableJoin(this, right, on, 'INNER');
  }
}

/**
 * `left JOIN right ON on` as a FROM item (INNER, or LEFT OUTER with `{ outer: true }`).
 *
 * @example
 * const usersAddresses = joinTables(users, addresses, users.c.id.eq(addresses.c.userId));
 * select(users.c.name, addresses.c.email).from(usersAddresses);
 */
export function joinTables(
  left: Table | TableJoin,
  right: Table,
  on: Predicate,
  options: { outer?: boolean } = {},
): TableJoin {
  return new TableJoin(left, right, on, options.outer === true ? 'LEFT' : 'INNER');
}
