import type { Connection, Engine, NestedTransaction, Transaction } from '../drivers';

/**
 * The session's hold on one pooled connection and its database transaction. Reads before the
 * first write run on the connection without BEGIN (each statement sees committed data, as at READ
 * COMMITTED); the first flush, locking read, Core write, savepoint or explicit `begin()` starts
 * the transaction, which lasts until commit or rollback. The connection goes back to the pool at
 * commit, rollback and close. Whether the session may use it is the session transaction's call
 * (see `SessionTransactions`), not this class's.
 * @internal
 */
export class SessionConnection {
  private conn: Connection | undefined;
  private opening: Promise<Connection> | undefined;
  private tx: Transaction | undefined;

  constructor(private readonly engine: Engine) {}

  /** A database transaction is open. */
  get inTransaction(): boolean {
    return this.tx !== undefined;
  }

  /**
   * The connection, checked out on first use. Returned as is (not as a promise) once it is open,
   * so the common path of a query adds no await.
   */
  connection(): Connection | Promise<Connection> {
    if (this.conn !== undefined) return this.conn;
    return this.open();
  }

  /** One `then` between the pool's checkout and the caller (no async wrapper: fewer hops). */
  private open(): Promise<Connection> {
    return (this.opening ??= this.engine.connect().then(
      (conn) => {
        this.opening = undefined;
        this.conn = conn;
        return conn;
      },
      (e: unknown) => {
        this.opening = undefined;
        throw e;
      },
    ));
  }

  /** The connection inside a transaction (begun now if needed). */
  async transactional(): Promise<Connection> {
    const conn = await this.connection();
    if (this.tx === undefined) this.tx = await conn.begin();
    return conn;
  }

  /** A SAVEPOINT in the transaction (begun now if needed). */
  async savepoint(): Promise<NestedTransaction> {
    const conn = await this.transactional();
    return conn.beginNested();
  }

  /**
   * COMMITs the transaction (if any) and returns the connection. When COMMIT fails the
   * transaction is over all the same (the driver rolled it back, or lost the connection and
   * raised `CommitOutcomeUnknownError`): the connection goes back and the error propagates.
   */
  async commit(): Promise<void> {
    const tx = this.tx;
    try {
      if (tx !== undefined && tx.isActive) await tx.commit();
    } finally {
      this.tx = undefined;
      await this.release();
    }
  }

  /** Rolls back the transaction (if any) and returns the connection; never throws for a lost one. */
  async rollback(): Promise<void> {
    const tx = this.tx;
    this.tx = undefined;
    try {
      if (tx !== undefined && tx.isActive) await tx.rollback();
    } catch {
      // The connection is gone (the driver layer discards it); there is nothing left to undo.
    } finally {
      await this.release();
    }
  }

  async release(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.tx = undefined;
    if (conn !== undefined && !conn.closeIdle()) await conn.close();
  }

  /**
   * Returns the connection at once when nothing needs rolling back or waiting for (the end of a
   * read-only session); false when `rollback()` is needed.
   */
  releaseIdle(): boolean {
    if (this.tx !== undefined || this.opening !== undefined) return false;
    const conn = this.conn;
    if (conn !== undefined && !conn.closeIdle()) return false;
    this.conn = undefined;
    return true;
  }
}
