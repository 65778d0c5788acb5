import type { Connection, Engine, NestedTransaction, Transaction } from '../drivers';
import { InvalidRequestError } from '../errors';

/**
 * The session's hold on one pooled connection and its transaction. Reads before the first write
 * run on the connection without BEGIN (each statement sees committed data, as at READ COMMITTED);
 * the first flush, locking read or explicit `begin()` starts the transaction, which lasts until
 * commit or rollback. The connection goes back to the pool at commit, rollback and close.
 * @internal
 */
export class SessionConnection {
  private conn: Connection | undefined;
  private opening: Promise<Connection> | undefined;
  private tx: Transaction | undefined;
  /**
   * The transaction holds work worth keeping (a flush, a Core write, a locking read, a savepoint),
   * so a failing flush must roll back to a savepoint instead of rolling the transaction back.
   */
  hasWrites = false;
  /** Set when the transaction was lost; the user must call rollback(). */
  failure: Error | undefined;

  constructor(private readonly engine: Engine) {}

  get inTransaction(): boolean {
    return this.tx !== undefined;
  }

  /**
   * The connection, checked out on first use. Returned as is (not as a promise) once it is open,
   * so later statements of the session do not go through the pool's awaits.
   */
  connection(): Connection | Promise<Connection> {
    this.assertUsable();
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

  async savepoint(): Promise<NestedTransaction> {
    const conn = await this.transactional();
    // The enclosing transaction now holds work worth keeping when a flush inside fails.
    this.hasWrites = true;
    return conn.beginNested();
  }

  async commit(): Promise<void> {
    this.assertUsable();
    const tx = this.tx;
    this.tx = undefined;
    try {
      if (tx !== undefined) await tx.commit();
    } finally {
      await this.release();
    }
  }

  /** Rolls back the transaction (if any) and returns the connection; never throws for a lost one. */
  async rollback(): Promise<void> {
    const tx = this.tx;
    this.tx = undefined;
    this.failure = undefined;
    try {
      if (tx !== undefined && tx.isActive) await tx.rollback();
    } catch {
      // The connection is gone (the driver layer discards it); there is nothing left to undo.
    } finally {
      await this.release();
    }
  }

  /** After a failure that lost the transaction: later use raises until `rollback()`. */
  markFailed(error: Error): void {
    this.failure = error;
  }

  async release(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.tx = undefined;
    this.hasWrites = false;
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
    this.hasWrites = false;
    this.failure = undefined;
    return true;
  }

  private assertUsable(): void {
    if (this.failure !== undefined) {
      throw new InvalidRequestError(
        `this session's transaction was rolled back after an error during flush (${this.failure.message}); call session.rollback() before using it again`,
        { cause: this.failure },
      );
    }
  }
}
