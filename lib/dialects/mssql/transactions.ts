import type { TransactionSql } from '../../drivers/transaction-sql';

/** SQL Server's transaction statements: SAVE TRANSACTION, and no release of a savepoint. */
export const mssqlTransactions: TransactionSql = Object.freeze<TransactionSql>({
  begin: (iso) =>
    iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`, 'BEGIN TRANSACTION'] : ['BEGIN TRANSACTION'],
  // SQL Server's SET TRANSACTION lasts for the session: restore the default.
  afterEnd: (iso) => (iso ? ['SET TRANSACTION ISOLATION LEVEL READ COMMITTED'] : []),
  commit: 'COMMIT TRANSACTION',
  rollback: 'ROLLBACK TRANSACTION',
  savepoint: (name) => `SAVE TRANSACTION ${name}`,
  release: () => undefined,
  rollbackTo: (name) => `ROLLBACK TRANSACTION ${name}`,
});
