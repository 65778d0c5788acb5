/**
 * The users / addresses model of SQLAlchemy's test/orm/_fixtures.py as the session and transaction
 * suites use it: `users(id, name NOT NULL)` and `addresses(id, user_id, email_address NOT NULL)`,
 * with `User.addresses` ordered by id and a `user` back-reference.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { types } from '../../lib/sql';
import type { ConformanceContext } from './support';

export interface UserAddressOptions {
  /**
   * The cascade of `User.addresses`: `'all, delete-orphan'` in test_transaction.py's _LocalFixture,
   * SQLAlchemy's default (`'save-update, merge'`) when omitted.
   */
  readonly cascade?: string;
}

/** Declares User and Address for the suite (tables created before its tests, dropped after). */
export function userAddressModel(c: ConformanceContext, options: UserAddressOptions = {}) {
  return c.entities((registry, name) => {
    @Table(name('users'), { registry })
    class User {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.string(30), nullable: false }) name!: string;
      @Relationship(() => Address, {
        backPopulates: 'user',
        orderBy: 'id',
        ...(options.cascade === undefined ? {} : { cascade: options.cascade }),
      })
      addresses!: Address[];
    }
    @Table(name('addresses'), { registry })
    class Address {
      @Column({ primaryKey: true }) id!: number;
      @Column({ type: types.integer(), foreignKey: () => User, nullable: true }) userId!: number | null;
      @Column({ type: types.string(50), nullable: false }) emailAddress!: string;
      @Relationship(() => User, { backPopulates: 'addresses' }) user!: User | null;
    }
    return { User, Address };
  });
}
