import { randomBytes } from 'node:crypto';
import { ArgumentError, InvalidRequestError, NotSupportedError } from '../errors';
import { text, type Executable } from '../sql';
import type { DialectDefinition } from './dialect-definition';
import type { Result } from './result';
import type { TwoPhaseSql } from './transaction-sql';

/**
 * Transaction ids are written into the SQL as quoted literals (PREPARE TRANSACTION and XA take
 * no parameters), so only these characters get there; 64 is MySQL's limit on a global id.
 */
const XID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The two-phase statements of a dialect, or a `NotSupportedError` naming it and `what`. @internal */
export function twoPhaseSqlOf(dialect: DialectDefinition, what: string): TwoPhaseSql {
  const sql = dialect.transactions.twoPhase;
  if (sql === undefined) {
    throw new NotSupportedError(
      `${what}: two-phase commit is not supported on ${dialect.name} (PostgreSQL, MySQL and MariaDB have it)`,
    );
  }
  return sql;
}

/** A transaction id, checked; a new random one when none is given. @internal */
export function checkXid(xid: unknown, what: string): string {
  if (xid === undefined) return `_athanor_${randomBytes(16).toString('hex')}`;
  if (typeof xid === 'string' && XID.test(xid)) return xid;
  throw new ArgumentError(
    `${what}: xid ${JSON.stringify(xid) ?? String(xid)} must be 1 to 64 letters, digits, '_', '.', ':' or '-'`,
  );
}

/** The statements that end a two-phase transaction by committing it, in its present state. @internal */
export function twoPhaseCommit(sql: TwoPhaseSql, xid: string, ended: boolean, prepared: boolean): string[] {
  if (prepared) return [sql.commitPrepared(xid)];
  return [...(ended ? [] : sql.end(xid)), sql.commitUnprepared(xid)];
}

/** The statements that roll a two-phase transaction back, in its present state. @internal */
export function twoPhaseRollback(sql: TwoPhaseSql, xid: string, ended: boolean, prepared: boolean): string[] {
  if (prepared) return [sql.rollbackPrepared(xid)];
  return [...(ended ? [] : sql.end(xid)), sql.rollbackUnprepared(xid)];
}

/** What recovery needs of a connection. @internal */
export interface RecoveryConnection {
  readonly dialect: DialectDefinition;
  readonly inTransaction: boolean;
  execute<Row>(statement: Executable<Row>): Promise<Result<Row>>;
}

/** `conn.recoverTwoPhase()`. @internal */
export async function recoverPrepared(conn: RecoveryConnection): Promise<string[]> {
  const { recover } = twoPhaseSqlOf(conn.dialect, 'recoverTwoPhase()');
  const rows = (await conn.execute(text(recover.sql))).all();
  return rows.map((row) => String(row[recover.column]));
}

/** `conn.commitPrepared(xid)` and `conn.rollbackPrepared(xid)`. @internal */
export async function finishPrepared(
  conn: RecoveryConnection,
  xid: string,
  how: 'commit' | 'rollback',
): Promise<void> {
  const what = `${how}Prepared()`;
  const sql = twoPhaseSqlOf(conn.dialect, what);
  const id = checkXid(xid, what);
  // PostgreSQL refuses COMMIT PREPARED inside a transaction block, MySQL XA COMMIT in an active branch.
  if (conn.inTransaction) {
    throw new InvalidRequestError(`${what}: a transaction is open on this connection; end it first`);
  }
  await conn.execute(text(how === 'commit' ? sql.commitPrepared(id) : sql.rollbackPrepared(id)));
}
