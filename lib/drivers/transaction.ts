import { InvalidRequestError } from '../errors';

/** The operations a transaction handle needs from its connection. @internal */
export interface TransactionHost {
  commitTransaction(tx: Transaction): Promise<void>;
  rollbackTransaction(tx: Transaction): Promise<void>;
  releaseSavepoint(tx: NestedTransaction): Promise<void>;
  rollbackSavepoint(tx: NestedTransaction): Promise<void>;
  prepareTwoPhase(tx: TwoPhaseTransaction): Promise<void>;
}

/**
 * A transaction begun with `conn.begin()`. `commit()` / `rollback()` end it; afterwards it is
 * inactive and both throw.
 */
export class Transaction {
  /** @internal */
  active = true;
  /** @internal */
  constructor(private readonly host: TransactionHost) {}

  /** Whether the transaction can still run statements (neither committed nor rolled back). */
  get isActive(): boolean {
    return this.active;
  }

  /**
   * Commits the transaction.
   * @throws InvalidRequestError when it already ended.
   */
  async commit(): Promise<void> {
    this.assertActive('commit');
    await this.host.commitTransaction(this);
  }

  /**
   * Rolls the transaction back.
   * @throws InvalidRequestError when it already ended.
   */
  async rollback(): Promise<void> {
    this.assertActive('rollback');
    await this.host.rollbackTransaction(this);
  }

  /**
   * Refuses `what` on a transaction that already ended.
   *
   * @throws InvalidRequestError naming `what`.
   */
  protected assertActive(what: string): void {
    if (!this.active) throw new InvalidRequestError(`cannot ${what}: this transaction is no longer active`);
  }
}

/**
 * A SAVEPOINT inside a transaction (`conn.beginNested()`): `rollback()` discards only what ran
 * since it began; `commit()` releases it (its work then commits or rolls back with the outer one).
 */
export class NestedTransaction extends Transaction {
  /** @internal */
  constructor(
    private readonly nestedHost: TransactionHost,
    /** The savepoint's name. */
    readonly name: string,
  ) {
    super(nestedHost);
  }

  /**
   * Releases the savepoint: its work joins the enclosing transaction.
   * @throws InvalidRequestError when it already ended.
   */
  override async commit(): Promise<void> {
    this.assertActive('commit');
    await this.nestedHost.releaseSavepoint(this);
  }

  /**
   * Rolls back to the savepoint, undoing only the work done since it was set.
   * @throws InvalidRequestError when it already ended.
   */
  override async rollback(): Promise<void> {
    this.assertActive('rollback');
    await this.nestedHost.rollbackSavepoint(this);
  }
}

/**
 * A transaction that can be prepared for two-phase commit (`conn.beginTwoPhase(xid?)`): PostgreSQL's
 * PREPARE TRANSACTION, MySQL's and MariaDB's XA. `prepare()` makes the server keep the transaction
 * (surviving a lost connection or a restart) until it is committed or rolled back, here or by id
 * from any connection (`conn.commitPrepared(xid)`, `conn.recoverTwoPhase()`). `commit()` without
 * `prepare()` commits in one phase.
 *
 * @example
 * const tx = await conn.beginTwoPhase();
 * await conn.execute(insert(orders).values({ id: 1 }));
 * await tx.prepare(); // PREPARE TRANSACTION '_athanor_…' (PostgreSQL), XA END + XA PREPARE (MySQL)
 * await tx.commit(); // COMMIT PREPARED '_athanor_…', XA COMMIT '_athanor_…'
 */
export class TwoPhaseTransaction extends Transaction {
  /** @internal The branch was ended (MySQL's XA END): it takes no more statements. */
  ended = false;
  /** @internal */
  prepared = false;

  /** @internal */
  constructor(
    private readonly twoPhaseHost: TransactionHost,
    /** The transaction's id on the server (its global transaction id). */
    readonly xid: string,
  ) {
    super(twoPhaseHost);
  }

  /** Whether `prepare()` has succeeded. */
  get isPrepared(): boolean {
    return this.prepared;
  }

  /** The first phase: the server prepares the transaction, to be committed or rolled back later. */
  async prepare(): Promise<void> {
    this.assertActive('prepare');
    if (this.prepared) throw new InvalidRequestError(`transaction '${this.xid}' is already prepared`);
    await this.twoPhaseHost.prepareTwoPhase(this);
  }
}
