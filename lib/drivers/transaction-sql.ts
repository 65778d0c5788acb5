import type { DialectName } from '../sql';

/** Transaction isolation levels, as SQL spells them. */
export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** The statements that control transactions on one dialect. @internal */
export interface TransactionSql {
  begin(isolation: IsolationLevel | undefined): string[];
  /** Statements after COMMIT/ROLLBACK of a transaction begun with an isolation level. */
  afterEnd(isolation: IsolationLevel | undefined): string[];
  readonly commit: string;
  readonly rollback: string;
  savepoint(name: string): string;
  /** `undefined` where savepoints cannot be released (SQL Server, Oracle). */
  release(name: string): string | undefined;
  rollbackTo(name: string): string;
}

const standard = {
  afterEnd: () => [],
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  savepoint: (name: string) => `SAVEPOINT ${name}`,
  release: (name: string): string | undefined => `RELEASE SAVEPOINT ${name}`,
  rollbackTo: (name: string) => `ROLLBACK TO SAVEPOINT ${name}`,
};

const mysql: TransactionSql = {
  ...standard,
  // SET TRANSACTION (without SESSION) applies to the next transaction only.
  begin: (iso) =>
    iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`, 'START TRANSACTION'] : ['START TRANSACTION'],
};

/** Transaction statements by dialect. @internal */
export const TRANSACTION_SQL: Readonly<Record<DialectName, TransactionSql>> = {
  postgresql: { ...standard, begin: (iso) => [iso ? `BEGIN ISOLATION LEVEL ${iso}` : 'BEGIN'] },
  mysql,
  mariadb: mysql,
  // SQLite transactions are serializable; the single-writer pool serializes writers.
  sqlite: { ...standard, begin: () => ['BEGIN'] },
  mssql: {
    begin: (iso) =>
      iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`, 'BEGIN TRANSACTION'] : ['BEGIN TRANSACTION'],
    // SQL Server's SET TRANSACTION lasts for the session: restore the default.
    afterEnd: (iso) => (iso ? ['SET TRANSACTION ISOLATION LEVEL READ COMMITTED'] : []),
    commit: 'COMMIT TRANSACTION',
    rollback: 'ROLLBACK TRANSACTION',
    savepoint: (name) => `SAVE TRANSACTION ${name}`,
    release: () => undefined,
    rollbackTo: (name) => `ROLLBACK TRANSACTION ${name}`,
  },
  // Oracle begins transactions implicitly; the driver stops autocommitting instead.
  oracle: {
    ...standard,
    begin: (iso) => (iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`] : []),
    release: () => undefined,
  },
};
