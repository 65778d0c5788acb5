import { STANDARD_TRANSACTION_SQL, type TransactionSql } from '../../drivers/transaction-sql';

/** MySQL's and MariaDB's transaction statements. */
export const mysqlTransactions: TransactionSql = Object.freeze<TransactionSql>({
  ...STANDARD_TRANSACTION_SQL,
  // SET TRANSACTION (without SESSION) applies to the next transaction only.
  begin: (iso) =>
    iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`, 'START TRANSACTION'] : ['START TRANSACTION'],
});
