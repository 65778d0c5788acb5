import { ConfigurationError } from '../errors';

/** Transaction isolation levels, as SQL spells them. */
export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const ISOLATION_LEVELS: ReadonlySet<string> = new Set([
  'READ UNCOMMITTED',
  'READ COMMITTED',
  'REPEATABLE READ',
  'SERIALIZABLE',
]);

/**
 * An isolation level, checked: it is written into BEGIN / SET TRANSACTION, so only the four
 * levels get there. `where` names the option for the error.
 * @internal
 */
export function checkIsolationLevel(level: unknown, where: string): IsolationLevel | undefined {
  if (level === undefined || (typeof level === 'string' && ISOLATION_LEVELS.has(level)))
    return level as IsolationLevel | undefined;
  throw new ConfigurationError(
    `${where}: isolationLevel ${JSON.stringify(level) ?? String(level)} is not one of ${[...ISOLATION_LEVELS].join(', ')}`,
  );
}

/** The statements that control transactions on one dialect. */
export interface TransactionSql {
  /** The statements that begin a transaction at `isolation` (the server's default when `undefined`). */
  begin(isolation: IsolationLevel | undefined): string[];
  /** Statements after COMMIT/ROLLBACK of a transaction begun with an isolation level. */
  afterEnd(isolation: IsolationLevel | undefined): string[];
  /** The statement that commits. */
  readonly commit: string;
  /** The statement that rolls back. */
  readonly rollback: string;
  /** The statement that sets a savepoint named `name`. */
  savepoint(name: string): string;
  /** `undefined` where savepoints cannot be released (SQL Server, Oracle). */
  release(name: string): string | undefined;
  /** The statement that rolls back to the savepoint `name`. */
  rollbackTo(name: string): string;
  /** Two-phase commit; absent where the dialect (or its driver) has none. */
  readonly twoPhase?: TwoPhaseSql;
}

/**
 * The statements of two-phase commit on one dialect (PostgreSQL's PREPARE TRANSACTION, MySQL's
 * XA). `xid` is checked before it gets here (letters, digits, `_.:-`), so it is written quoted.
 */
export interface TwoPhaseSql {
  /** Begins the transaction that will be prepared as `xid`. */
  begin(xid: string, isolation: IsolationLevel | undefined): string[];
  /** Ends the branch before it is prepared, committed in one phase or rolled back (MySQL's XA END). */
  end(xid: string): string[];
  /** The statement that prepares the current transaction under the global id `xid`. */
  prepare(xid: string): string;
  /** Commits a transaction that was not prepared (after `end`). */
  commitUnprepared(xid: string): string;
  /** The statement that commits the prepared transaction `xid`. */
  commitPrepared(xid: string): string;
  /** Rolls back a transaction that was not prepared (after `end`). */
  rollbackUnprepared(xid: string): string;
  /** The statement that rolls back the prepared transaction `xid`. */
  rollbackPrepared(xid: string): string;
  /** A query listing the prepared transactions of the database, and the column holding each id. */
  readonly recover: {
    /** The query. */
    readonly sql: string;
    /** The column of its rows holding the transaction id. */
    readonly column: string;
  };
}

/** The SQL-standard statements; a dialect spreads them and adds its `begin`. */
export const STANDARD_TRANSACTION_SQL: Omit<TransactionSql, 'begin'> = Object.freeze({
  afterEnd: () => [],
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  savepoint: (name: string) => `SAVEPOINT ${name}`,
  release: (name: string): string | undefined => `RELEASE SAVEPOINT ${name}`,
  rollbackTo: (name: string) => `ROLLBACK TO SAVEPOINT ${name}`,
});
