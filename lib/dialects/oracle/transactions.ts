import { STANDARD_TRANSACTION_SQL, type TransactionSql } from '../../drivers/transaction-sql';

/**
 * Oracle's transaction statements. Oracle begins transactions implicitly (the driver stops
 * autocommitting instead), and savepoints cannot be released.
 */
export const oracleTransactions: TransactionSql = Object.freeze<TransactionSql>({
  ...STANDARD_TRANSACTION_SQL,
  begin: (iso) => (iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`] : []),
  release: () => undefined,
});
