import { STANDARD_TRANSACTION_SQL, type TransactionSql } from '../../drivers/transaction-sql';

/** SQLite's transaction statements. Its transactions are serializable; the single-writer pool serializes writers. */
export const sqliteTransactions: TransactionSql = Object.freeze<TransactionSql>({
  ...STANDARD_TRANSACTION_SQL,
  begin: () => ['BEGIN'],
});
