/**
 * The retryable conflicts of the distributed servers that speak the PostgreSQL protocol
 * (CockroachDB, YugabyteDB) and the MySQL protocol (TiDB) reach the application as the same typed
 * errors as PostgreSQL's and MySQL's own, so a retry helper recognises them. The errors are built
 * as the client libraries deliver them (code / errno, SQLSTATE, the servers' message texts); no
 * such server runs here.
 */
import { BUILT_IN_DIALECTS } from '../../lib/dialects';
import type { Driver } from '../../lib/drivers';
import { translateError } from '../../lib/drivers/translate-error';
import {
  CommitOutcomeUnknownError,
  DatabaseError,
  DeadlockError,
  OperationalError,
  SerializationError,
} from '../../lib/errors';
import { retryPolicy } from '../../lib/session/retry/retry-options';

const driver = (name: string): Driver => BUILT_IN_DIALECTS.find((d) => d.driver.name === name)!.driver;

const err = (message: string, props: Record<string, unknown>): Error =>
  Object.assign(new Error(message), props);

const translated = (name: string, e: Error): Error =>
  translateError(
    e,
    driver(name).classify(e),
    { sql: 'UPDATE t SET v = ? WHERE id = ?', params: [1, 2] },
    false,
  );

describe('retryable errors of CockroachDB, YugabyteDB and TiDB', () => {
  it.each([
    [
      'CockroachDB retry error',
      'pg',
      err('restart transaction: TransactionRetryWithProtoRefreshError: WriteTooOldError', { code: '40001' }),
      SerializationError,
    ],
    [
      'CockroachDB retry error without its SQLSTATE',
      'pg',
      err(
        'restart transaction: TransactionRetryWithProtoRefreshError: ReadWithinUncertaintyIntervalError',
        {},
      ),
      SerializationError,
    ],
    [
      'YugabyteDB serialization failure',
      'pg',
      err('could not serialize access due to concurrent update', { code: '40001' }),
      SerializationError,
    ],
    ['YugabyteDB deadlock', 'pg', err('deadlock detected', { code: '40P01' }), DeadlockError],
    [
      'TiDB 8002',
      'mysql2',
      err('can not retry select for update statement', { errno: 8002, sqlState: 'HY000' }),
      SerializationError,
    ],
    [
      'TiDB 8005',
      'mysql2',
      err('Write Conflict, txnStartTS is stale', { errno: 8005, sqlState: 'HY000' }),
      SerializationError,
    ],
    [
      'TiDB 8022',
      'mysql2',
      err('Error: KV error safe to retry', { errno: 8022, sqlState: 'HY000' }),
      SerializationError,
    ],
    [
      'TiDB 8028',
      'mysql2',
      err('Information schema is changed during the execution of the statement', {
        errno: 8028,
        sqlState: 'HY000',
      }),
      SerializationError,
    ],
    [
      'TiDB 9007',
      'mysql2',
      err('Write conflict, txnStartTS=1, conflictStartTS=2, conflictCommitTS=3, key=k', {
        errno: 9007,
        sqlState: 'HY000',
      }),
      SerializationError,
    ],
    [
      'TiDB deadlock',
      'mysql2',
      err('Deadlock found when trying to get lock; try restarting transaction', {
        errno: 1213,
        sqlState: '40001',
      }),
      DeadlockError,
    ],
  ] as const)('%s → %p', (_label, name, e, Class) => {
    const t = translated(name, e);
    expect(t.constructor).toBe(Class);
    expect(t.message).toContain('[SQL: UPDATE t SET v = ? WHERE id = ?]');
    expect(t.cause).toBe(e);
  });

  it('a message that only mentions a restart is not taken for a retry error, nor another HY000 number', () => {
    expect(translated('pg', err('server is restarting', {})).constructor).toBe(DatabaseError);
    expect(
      translated('mysql2', err('TiKV server timeout', { errno: 9002, sqlState: 'HY000' })).constructor,
    ).toBe(DatabaseError);
  });
});

/**
 * CockroachDB's 40003 (statement_completion_unknown, "result is ambiguous"): the commit of the
 * transaction was not acknowledged, so it was either applied or aborted as a whole and the server
 * cannot tell which. CockroachDB raises it for that case only (its AmbiguousResultError;
 * https://github.com/cockroachdb/cockroach/commit/4550dac6c4afced94e484d9da6ba03cfbab9873c moved
 * the one other use, a schema change failing at COMMIT, to its own XXA00).
 */
describe('CockroachDB ambiguous results', () => {
  const ambiguous = (): Error =>
    err('result is ambiguous: error=rpc error: code = Unavailable desc = transport is closing', {
      code: '40003',
    });

  it('40003 at COMMIT is CommitOutcomeUnknownError, which no retry helper retries', () => {
    const e = ambiguous();
    const t = translateError(e, driver('pg').classify(e), { sql: 'COMMIT', params: [] }, false);
    expect(t).toBeInstanceOf(CommitOutcomeUnknownError);
    expect(t).not.toBeInstanceOf(OperationalError);
    expect(t.message).toContain('result is ambiguous');
    expect(t.message).toContain('(40003)');
    expect(t.cause).toBe(e);
    expect(retryPolicy({ retryOn: () => true }, 'spec')!.retryable(t)).toBe(false);
  });

  it('40003 of a single statement (its implicit commit) is CommitOutcomeUnknownError too', () => {
    expect(translated('pg', ambiguous())).toBeInstanceOf(CommitOutcomeUnknownError);
  });

  it('other class 40 codes keep their classes', () => {
    expect(translated('pg', err('transaction rollback', { code: '40000' }))).toBeInstanceOf(OperationalError);
    expect(translated('pg', err('integrity', { code: '40002' }))).toBeInstanceOf(OperationalError);
  });
});
