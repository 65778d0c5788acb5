import type { Connection, IsolationLevel } from '../drivers';
import { FlushError, InvalidRequestError, PendingRollbackError } from '../errors';
import type { SessionConnection } from './session-connection';
import { SessionTransaction, type TransactionOwner } from './session-transaction';
import type { UnitOfWork } from './unit-of-work';

/** What the transaction stack needs from its session. @internal */
export interface TransactionsHost {
  readonly conn: SessionConnection;
  readonly uow: UnitOfWork;
  readonly expireOnCommit: boolean;
  /** False: a transaction begins only with `begin()` (SQLAlchemy's `autobegin=False`). */
  readonly autobegin: boolean;
  /** Commit prepares the transaction first (two-phase commit); `prepare()` is allowed. */
  readonly twoPhase: boolean;
  /** Flushes the unit of work (the session's `flush()`). */
  flush(): Promise<void>;
  /** Runs the session's listeners of a transaction event. */
  emit(event: 'afterCommit' | 'afterRollback'): Promise<void>;
  /** Emits an `AthanorWarning` through the session. */
  warn(message: string): void;
}

/** Commit gives up after this many flushes in a row (a listener that keeps adding objects). */
const MAX_COMMIT_FLUSHES = 100;

/**
 * A session's stack of transactions: the outermost one (begun on first use) and SAVEPOINTs
 * inside it. It decides what commit and rollback do at each level and when the session may be
 * used — after a flush or COMMIT fails, the transaction is rolled back at once and every further
 * use raises `PendingRollbackError` until `rollback()`, as in SQLAlchemy. Object states move only
 * through the unit of work, which records the moves in the current transaction.
 * @internal
 */
export class SessionTransactions implements TransactionOwner {
  /** The innermost open transaction. */
  current: SessionTransaction | undefined = undefined;
  /** Transactions whose `begin(fn)` / `beginNested(fn)` callback is running, innermost last. */
  private contexts: SessionTransaction[] | undefined = undefined;

  constructor(private readonly host: TransactionsHost) {}

  /** The outermost open transaction. */
  get root(): SessionTransaction | undefined {
    let tx = this.current;
    while (tx?.parent !== undefined) tx = tx.parent;
    return tx;
  }

  /** The innermost open SAVEPOINT. */
  get nested(): SessionTransaction | undefined {
    let tx = this.current;
    while (tx !== undefined && !tx.nested) tx = tx.parent;
    return tx;
  }

  /** The current transaction, begun (logically: no SQL yet) when there is none. */
  autobegin(): SessionTransaction {
    if (this.current !== undefined) return this.current;
    this.checkContext();
    if (!this.host.autobegin) {
      throw new InvalidRequestError(
        'autobegin is disabled on this session; call session.begin() to start a new transaction',
      );
    }
    return (this.current = new SessionTransaction(this, undefined, 'autobegin'));
  }

  /** `session.begin()`: the outermost transaction, refused when one is already begun. */
  begin(): SessionTransaction {
    this.checkContext();
    if (this.current !== undefined)
      throw new InvalidRequestError('a transaction is already begun on this session');
    return (this.current = new SessionTransaction(this, undefined, 'begin'));
  }

  /** `session.beginNested()`: flushes, then emits a SAVEPOINT. */
  async beginNested(): Promise<SessionTransaction> {
    this.checkContext();
    const parent = this.autobegin();
    this.assertActive();
    await this.host.flush();
    const tx = new SessionTransaction(this, parent, 'nested');
    tx.savepoint = await this.host.conn.savepoint();
    this.current = tx;
    return tx;
  }

  /**
   * Raises when the session may not emit SQL: its transaction failed (PendingRollbackError),
   * was rolled back or committed while a listener runs, or closed inside a `begin(fn)` callback.
   */
  assertActive(): void {
    this.checkContext();
    const tx = this.current;
    if (tx === undefined || tx.phase === 'active') return;
    throw this.inactiveError(tx);
  }

  /**
   * `session.connection()`: the connection of the session's transaction, begun now if needed
   * (at `isolationLevel` when the database transaction has not begun yet; ignored, with a
   * warning, once it has).
   */
  connection(isolationLevel: IsolationLevel | undefined): Promise<Connection> {
    this.autobegin();
    this.assertActive();
    const conn = this.host.conn;
    if (isolationLevel === undefined) return conn.transactional();
    if (conn.inTransaction) {
      this.host.warn(`the session's transaction has already begun; isolationLevel ${isolationLevel} ignored`);
      return conn.transactional();
    }
    return conn.transactional({ isolationLevel });
  }

  /** Runs `fn` in a transaction that commits when it resolves and rolls back when it throws. */
  async run<T>(tx: SessionTransaction, fn: () => Promise<T>): Promise<T> {
    (this.contexts ??= []).push(tx);
    let result: T;
    try {
      result = await fn();
    } catch (e) {
      this.popContext(tx);
      if (this.isOpen(tx)) {
        if (tx.phase === 'active') await this.rollbackTransaction(tx);
        else this.closeThrough(tx);
      }
      throw e;
    }
    this.popContext(tx);
    if (this.isOpen(tx)) {
      if (tx.phase !== 'active') {
        this.closeThrough(tx);
      } else {
        try {
          await this.commitTransaction(tx);
        } catch (e) {
          if (this.isOpen(tx)) await this.rollbackTransaction(tx);
          throw e;
        }
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- commit

  /** `session.commit()`: commits every level up to the outermost, which COMMITs. */
  async commitAll(): Promise<void> {
    const tx = this.autobegin();
    await this.commitTransaction(this.root ?? tx);
  }

  /**
   * `session.prepare()`: flushes, then the first phase of two-phase commit. Afterwards the session
   * emits no SQL; `commit()` or `rollback()` ends the prepared transaction.
   */
  async prepare(tx: SessionTransaction): Promise<void> {
    this.checkContext();
    if (!this.host.twoPhase || tx.parent !== undefined) {
      throw new InvalidRequestError("'twoPhase' mode not enabled, or not root transaction; can't prepare");
    }
    if (tx.phase !== 'active') throw this.inactiveError(tx);
    while (this.current !== undefined && this.current !== tx) await this.commitTransaction(this.current);
    await this.flushAll();
    try {
      await this.host.conn.prepare();
    } catch (e) {
      tx.failedAtCommit = true;
      await this.failRoot(e);
      throw e;
    }
    tx.phase = 'prepared';
  }

  /** Commits `tx` (SAVEPOINTs inside it first): a SAVEPOINT is released, the outermost COMMITs. */
  async commitTransaction(tx: SessionTransaction): Promise<void> {
    this.checkContext();
    if (tx.phase === 'prepared') return this.commitRoot(tx);
    if (tx.phase !== 'active') throw this.inactiveError(tx);
    while (this.current !== undefined && this.current !== tx) await this.commitTransaction(this.current);
    await this.flushAll();
    if (!tx.nested && this.host.twoPhase) await this.prepare(tx);
    await this.commitRoot(tx);
  }

  /** Releases a SAVEPOINT or COMMITs the outermost transaction (flushed, and prepared if two-phase). */
  private async commitRoot(tx: SessionTransaction): Promise<void> {
    if (tx.nested) {
      try {
        await tx.savepoint?.commit();
      } catch (e) {
        await this.failRoot(e);
        throw e;
      }
    } else {
      try {
        await this.host.conn.commit();
      } catch (e) {
        tx.failedAtCommit = true;
        await this.failRoot(e);
        throw e;
      }
    }
    tx.phase = 'committed';
    try {
      // Listeners run in the 'committed' phase: SQL from them is refused.
      await this.host.emit('afterCommit');
    } finally {
      this.host.uow.removeSnapshot(tx, !tx.nested && this.host.expireOnCommit);
      this.close(tx);
    }
  }

  /** Flushes until nothing is left (flush listeners may add objects). */
  private async flushAll(): Promise<void> {
    for (let i = 0; i < MAX_COMMIT_FLUSHES; i++) {
      if (this.host.uow.isClean) return;
      await this.host.flush();
    }
    throw new FlushError(
      `over ${MAX_COMMIT_FLUSHES} flushes in a row within commit(); is an afterFlush listener adding new objects?`,
    );
  }

  // ---------------------------------------------------------------- rollback

  /** `session.rollback()`: rolls back every level up to the outermost (a no-op without a transaction). */
  async rollbackAll(): Promise<void> {
    const root = this.root;
    if (root !== undefined) await this.rollbackTransaction(root);
  }

  /**
   * Rolls `tx` back (SAVEPOINTs inside it with it): ROLLBACK TO SAVEPOINT for a SAVEPOINT,
   * ROLLBACK for the outermost; what it touched is restored. A transaction already deactivated by
   * a failure is simply closed.
   */
  async rollbackTransaction(tx: SessionTransaction): Promise<void> {
    const uow = this.host.uow;
    // Inner SAVEPOINTs go with it: their snapshots are restored, the database work is undone by
    // the rollback of `tx` itself.
    while (this.current !== undefined && this.current !== tx) {
      const inner = this.current;
      if (inner.phase === 'active') {
        this.savepointKept(inner);
        uow.restoreSnapshot(inner, true);
      }
      this.close(inner);
    }
    let failure: unknown = undefined;
    if (tx.phase === 'active' || tx.phase === 'prepared') {
      tx.phase = 'deactive';
      try {
        if (!tx.nested) await this.host.conn.rollback();
        else if (this.savepointKept(tx)) await tx.savepoint?.rollback();
      } catch (e) {
        failure = e;
      }
      uow.restoreSnapshot(tx, tx.nested);
      if (failure !== undefined && tx.nested) {
        // The savepoint could not be rolled back: the connection (and the transaction) is gone.
        await this.failRoot(failure);
      }
      try {
        // Listeners run in the 'deactive' phase: SQL from them is refused.
        await this.host.emit('afterRollback');
      } catch (e) {
        this.close(tx);
        throw e;
      }
    } else if (!tx.nested) {
      // Deactivated by a failure: the database transaction is already over; return the connection.
      await this.host.conn.rollback();
    }
    if (!uow.isClean) {
      this.host.warn(
        "Session's state has been changed on a non-active transaction - this state will be discarded.",
      );
      uow.restoreSnapshot(tx, tx.nested);
    }
    this.close(tx);
    if (failure !== undefined) throw failure;
  }

  /**
   * Whether the driver's SAVEPOINT of `tx` is still there; when it was released or rolled back
   * behind the session's back (on its connection), says so: the session's level still ends.
   */
  private savepointKept(tx: SessionTransaction): boolean {
    if (tx.savepoint === undefined || tx.savepoint.isActive) return true;
    this.host.warn('nested transaction already deassociated from connection');
    return false;
  }

  // ---------------------------------------------------------------- failures

  /**
   * A flush failed: its transaction — the innermost SAVEPOINT, or the whole transaction — is
   * rolled back now, what it touched is restored, and the session refuses further use with
   * `PendingRollbackError` until that transaction (or the session) is rolled back.
   */
  async flushFailed(error: unknown): Promise<void> {
    const tx = this.current;
    if (tx === undefined || tx.phase !== 'active') return;
    if (!tx.nested) {
      await this.failRoot(error);
      return;
    }
    tx.phase = 'deactive';
    tx.rollbackError = error;
    try {
      await tx.savepoint?.rollback();
    } catch {
      // The connection is gone with the whole transaction.
      this.host.uow.restoreSnapshot(tx, true);
      await this.failRoot(error);
      return;
    }
    this.host.uow.restoreSnapshot(tx, true);
    await this.host.emit('afterRollback');
  }

  /**
   * The outermost transaction is lost (a failed flush or COMMIT, a connection gone): ROLLBACK,
   * restore everything it touched, and deactivate every level with the error.
   */
  private async failRoot(error: unknown): Promise<void> {
    const root = this.root;
    if (root === undefined) return;
    for (let tx: SessionTransaction | undefined = this.current; tx !== undefined; tx = tx.parent) {
      if (tx.phase === 'active') {
        tx.phase = 'deactive';
        tx.rollbackError = error;
        if (tx !== root) this.host.uow.restoreSnapshot(tx, true);
      }
    }
    root.phase = 'deactive';
    root.rollbackError ??= error;
    await this.host.conn.rollback();
    this.host.uow.restoreSnapshot(root, false);
    await this.host.emit('afterRollback');
  }

  // ---------------------------------------------------------------- closing

  /** `session.close()`: every level ends without restoring anything (the session expunges all). */
  closeAll(): void {
    while (this.current !== undefined) this.close(this.current);
  }

  private close(tx: SessionTransaction): void {
    if (this.current === tx) this.current = tx.parent;
    tx.phase = 'closed';
  }

  /** Closes `tx` and what is inside it, without rolling anything back (it is already over). */
  private closeThrough(tx: SessionTransaction): void {
    while (this.current !== undefined && this.current !== tx) this.close(this.current);
    this.close(tx);
  }

  private isOpen(tx: SessionTransaction): boolean {
    for (let t = this.current; t !== undefined; t = t.parent) if (t === tx) return true;
    return false;
  }

  private popContext(tx: SessionTransaction): void {
    const contexts = this.contexts;
    const i = contexts === undefined ? -1 : contexts.lastIndexOf(tx);
    if (i >= 0) contexts!.splice(i, 1);
  }

  /** Inside a `begin(fn)` callback whose transaction was committed or rolled back: refuse. */
  private checkContext(): void {
    const contexts = this.contexts;
    const ctx = contexts === undefined ? undefined : contexts[contexts.length - 1];
    if (ctx === undefined || ctx.phase === 'active') return;
    const cause = ctx.rollbackError;
    throw new InvalidRequestError(
      `can't operate on a closed transaction inside a begin() callback. ${cause !== undefined ? `The transaction was rolled back due to an error: ${messageOf(cause)}. ` : ''}Let the callback finish before using the session again`,
      cause !== undefined ? { cause } : undefined,
    );
  }

  private inactiveError(tx: SessionTransaction): Error {
    const failed = tx.rollbackError;
    if (tx.phase === 'deactive' && failed !== undefined) {
      const where = tx.failedAtCommit ? 'its COMMIT failed' : 'of an error during flush';
      return new PendingRollbackError(
        `this session's transaction has been rolled back because ${where}; to begin a new transaction with this session, first call session.rollback(). Original error: ${messageOf(failed)}`,
        { cause: failed },
      );
    }
    if (tx.phase === 'deactive') {
      return new InvalidRequestError(
        "this session is in 'inactive' state, due to the SQL transaction being rolled back; no further SQL can be emitted within this transaction",
      );
    }
    return new InvalidRequestError(
      `this session is in '${tx.phase}' state; no further SQL can be emitted within this transaction`,
    );
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
