import {
  STANDARD_TRANSACTION_SQL,
  type IsolationLevel,
  type TransactionSql,
} from '../../drivers/transaction-sql';

/** PostgreSQL's transaction statements: the isolation level goes on BEGIN itself. */
export const postgresqlTransactions: TransactionSql = Object.freeze<TransactionSql>({
  ...STANDARD_TRANSACTION_SQL,
  begin: (iso) => [iso ? `BEGIN ISOLATION LEVEL ${iso}` : 'BEGIN'],
  // Needs max_prepared_transactions > 0 on the server (its default is 0).
  twoPhase: Object.freeze({
    begin: (_xid: string, iso: IsolationLevel | undefined) => [
      iso ? `BEGIN ISOLATION LEVEL ${iso}` : 'BEGIN',
    ],
    end: () => [],
    prepare: (xid: string) => `PREPARE TRANSACTION '${xid}'`,
    commitUnprepared: () => 'COMMIT',
    commitPrepared: (xid: string) => `COMMIT PREPARED '${xid}'`,
    rollbackUnprepared: () => 'ROLLBACK',
    rollbackPrepared: (xid: string) => `ROLLBACK PREPARED '${xid}'`,
    recover: { sql: 'SELECT gid FROM pg_prepared_xacts WHERE database = current_database()', column: 'gid' },
  }),
});
