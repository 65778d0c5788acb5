import {
  STANDARD_TRANSACTION_SQL,
  type IsolationLevel,
  type TransactionSql,
} from '../../drivers/transaction-sql';

/** MySQL's and MariaDB's transaction statements. */
export const mysqlTransactions: TransactionSql = Object.freeze<TransactionSql>({
  ...STANDARD_TRANSACTION_SQL,
  // SET TRANSACTION (without SESSION) applies to the next transaction only.
  begin: (iso) =>
    iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`, 'START TRANSACTION'] : ['START TRANSACTION'],
  twoPhase: Object.freeze({
    begin: (xid: string, iso: IsolationLevel | undefined) =>
      iso ? [`SET TRANSACTION ISOLATION LEVEL ${iso}`, `XA START '${xid}'`] : [`XA START '${xid}'`],
    end: (xid: string) => [`XA END '${xid}'`],
    prepare: (xid: string) => `XA PREPARE '${xid}'`,
    commitUnprepared: (xid: string) => `XA COMMIT '${xid}' ONE PHASE`,
    commitPrepared: (xid: string) => `XA COMMIT '${xid}'`,
    rollbackUnprepared: (xid: string) => `XA ROLLBACK '${xid}'`,
    rollbackPrepared: (xid: string) => `XA ROLLBACK '${xid}'`,
    // `data` is the global id followed by the branch qualifier, which Athanor leaves empty.
    recover: { sql: 'XA RECOVER', column: 'data' },
  }),
});
