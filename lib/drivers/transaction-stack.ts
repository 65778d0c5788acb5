import { CommitOutcomeUnknownError, InvalidRequestError } from '../errors';
import type { StatementRunner } from './connection-runner';
import type { DialectDefinition } from './dialect-definition';
import type { PooledConnection } from './pool';
import { NestedTransaction, Transaction, TwoPhaseTransaction, type TransactionHost } from './transaction';
import { checkIsolationLevel, type IsolationLevel, type TransactionSql } from './transaction-sql';
import { checkXid, twoPhaseCommit, twoPhaseRollback, twoPhaseSqlOf } from './two-phase';

/** Options of `conn.begin()` and `engine.transaction()`. */
export interface BeginOptions {
  /** Overrides the engine's `isolationLevel` for this transaction. */
  isolationLevel?: IsolationLevel;
}

/**
 * The transaction open on one connection and the savepoints inside it: which statements begin,
 * commit and roll them back, and the bookkeeping that marks handles inactive when they end.
 * The connection owns one and delegates its transaction methods here. @internal
 */
export class TransactionStack implements TransactionHost {
  private readonly txSql: TransactionSql;
  /** The open transaction (begun by `begin()` or by an `engineConnect` listener). */
  current: Transaction | undefined;
  private isolation: IsolationLevel | undefined;
  private savepoints: NestedTransaction[] = [];
  private savepointCounter = 0;

  constructor(
    private readonly dialect: DialectDefinition,
    private readonly pooled: PooledConnection,
    private readonly runner: StatementRunner,
    private readonly defaultIsolation: IsolationLevel | undefined,
  ) {
    this.txSql = dialect.transactions;
  }

  /** The innermost open SAVEPOINT, if any. */
  get innermostSavepoint(): NestedTransaction | undefined {
    return this.savepoints[this.savepoints.length - 1];
  }

  async begin(options: BeginOptions): Promise<Transaction> {
    const isolation = this.checkBegin(options, 'begin()');
    const statements = this.pooled.driver.beginStatements?.(isolation) ?? this.txSql.begin(isolation);
    return this.beginWith(new Transaction(this), isolation, statements);
  }

  async beginTwoPhase(xid: string | undefined, options: BeginOptions): Promise<TwoPhaseTransaction> {
    const sql = twoPhaseSqlOf(this.dialect, 'beginTwoPhase()');
    const id = checkXid(xid, 'beginTwoPhase()');
    const isolation = this.checkBegin(options, 'beginTwoPhase()');
    return this.beginWith(new TwoPhaseTransaction(this, id), isolation, sql.begin(id, isolation));
  }

  /** A SAVEPOINT, beginning the outer transaction first if none is open. */
  async beginNested(): Promise<NestedTransaction> {
    if (this.current === undefined) await this.begin({});
    const sp = new NestedTransaction(this, `sa_savepoint_${++this.savepointCounter}`);
    await this.runner.control(this.txSql.savepoint(sp.name));
    this.savepoints.push(sp);
    return sp;
  }

  private checkBegin(options: BeginOptions, what: string): IsolationLevel | undefined {
    this.runner.assertOpen();
    if (this.current !== undefined) {
      throw new InvalidRequestError(
        `${what}: a transaction is already begun on this connection; use beginNested()`,
      );
    }
    return checkIsolationLevel(options.isolationLevel, what) ?? this.defaultIsolation;
  }

  private async beginWith<T extends Transaction>(
    tx: T,
    isolation: IsolationLevel | undefined,
    statements: readonly string[],
  ): Promise<T> {
    this.current = tx; // set first, so the BEGIN statements run with autocommit off
    this.isolation = isolation;
    try {
      for (const sql of statements) await this.runner.control(sql);
    } catch (e) {
      this.end();
      throw e;
    }
    return tx;
  }

  /**
   * COMMIT. When it fails the transaction is over either way: a refused COMMIT (a deferred
   * constraint, a serialization failure) is followed by a ROLLBACK, so that no database keeps the
   * transaction open (SQLite does after SQLITE_BUSY); a connection lost while COMMIT was in flight
   * raises `CommitOutcomeUnknownError`, since the server may have committed.
   */
  async commitTransaction(tx: Transaction): Promise<void> {
    this.assertCurrent(tx);
    const lostBefore = this.pooled.invalid || this.pooled.driver.broken;
    try {
      if (tx instanceof TwoPhaseTransaction) await this.endTwoPhase(tx, twoPhaseCommit);
      else await this.runner.control(this.txSql.commit);
    } catch (e) {
      if (!lostBefore && (this.pooled.invalid || this.pooled.driver.broken)) {
        this.finish();
        throw new CommitOutcomeUnknownError(
          `the connection was lost while COMMIT was in flight; the transaction may or may not have been committed (${e instanceof Error ? e.message : String(e)})`,
          { cause: e },
        );
      }
      if (!this.pooled.invalid) {
        await this.rollbackStatements(tx).catch(() => {
          this.pooled.invalid = true;
        });
      }
      throw e;
    } finally {
      if (this.current === tx) {
        const after = this.finish();
        if (after.length) await this.runControls(after);
      }
    }
  }

  async rollbackTransaction(tx: Transaction): Promise<void> {
    this.assertCurrent(tx);
    try {
      // On a lost connection the server has already discarded the transaction.
      if (!this.pooled.invalid) await this.rollbackStatements(tx);
    } finally {
      const after = this.finish();
      if (after.length) await this.runControls(after);
    }
  }

  async releaseSavepoint(sp: NestedTransaction): Promise<void> {
    const i = this.savepointIndex(sp);
    const sql = this.txSql.release(sp.name);
    if (sql !== undefined) await this.runner.control(sql);
    this.dropSavepoints(i);
  }

  async rollbackSavepoint(sp: NestedTransaction): Promise<void> {
    const i = this.savepointIndex(sp);
    if (!this.pooled.invalid) await this.runner.control(this.txSql.rollbackTo(sp.name));
    this.dropSavepoints(i);
  }

  async prepareTwoPhase(tx: TwoPhaseTransaction): Promise<void> {
    this.assertCurrent(tx);
    const sql = twoPhaseSqlOf(this.dialect, 'prepare()');
    if (!tx.ended) {
      for (const statement of sql.end(tx.xid)) await this.runner.control(statement);
      tx.ended = true;
    }
    await this.runner.control(sql.prepare(tx.xid));
    tx.prepared = true;
  }

  /** Ends a two-phase transaction with the statements `choose` gives for its state. */
  private async endTwoPhase(tx: TwoPhaseTransaction, choose: typeof twoPhaseCommit): Promise<void> {
    const sql = twoPhaseSqlOf(this.dialect, 'commit()');
    const statements = choose(sql, tx.xid, tx.ended, tx.prepared);
    for (const statement of statements) await this.runner.control(statement);
  }

  private rollbackStatements(tx: Transaction): Promise<unknown> {
    return tx instanceof TwoPhaseTransaction
      ? this.endTwoPhase(tx, twoPhaseRollback)
      : this.runner.control(this.txSql.rollback);
  }

  /**
   * Ends the transaction's bookkeeping; returns the statements to run after it (SQL Server's
   * isolation reset), usually none, so the common commit awaits nothing more.
   */
  private finish(): string[] {
    const isolation = this.isolation;
    this.end();
    return this.pooled.invalid ? [] : this.txSql.afterEnd(isolation);
  }

  private async runControls(statements: readonly string[]): Promise<void> {
    for (const sql of statements) await this.runner.control(sql);
  }

  /** Marks the transaction and its savepoints inactive, with no statement sent. */
  end(): void {
    if (this.current !== undefined) this.current.active = false;
    this.dropSavepoints(0);
    this.current = undefined;
    this.isolation = undefined;
  }

  private savepointIndex(sp: NestedTransaction): number {
    const i = this.savepoints.indexOf(sp);
    if (i < 0) throw new InvalidRequestError(`savepoint ${sp.name} is no longer active`);
    return i;
  }

  /** Ends savepoint `i` and every savepoint begun inside it. */
  private dropSavepoints(i: number): void {
    for (const sp of this.savepoints.splice(i)) sp.active = false;
  }

  private assertCurrent(tx: Transaction): void {
    if (tx !== this.current || !tx.active)
      throw new InvalidRequestError('this transaction is no longer active');
  }
}
