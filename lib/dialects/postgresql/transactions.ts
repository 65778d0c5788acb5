import { STANDARD_TRANSACTION_SQL, type TransactionSql } from '../../drivers/transaction-sql';

/** PostgreSQL's transaction statements: the isolation level goes on BEGIN itself. */
export const postgresqlTransactions: TransactionSql = Object.freeze<TransactionSql>({
  ...STANDARD_TRANSACTION_SQL,
  begin: (iso) => [iso ? `BEGIN ISOLATION LEVEL ${iso}` : 'BEGIN'],
});
