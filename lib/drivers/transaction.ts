import { InvalidRequestError } from '../errors';

/** The operations a transaction handle needs from its connection. @internal */
export interface TransactionHost {
  commitTransaction(tx: Transaction): Promise<void>;
  rollbackTransaction(tx: Transaction): Promise<void>;
  releaseSavepoint(tx: NestedTransaction): Promise<void>;
  rollbackSavepoint(tx: NestedTransaction): Promise<void>;
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

  get isActive(): boolean {
    return this.active;
  }

  async commit(): Promise<void> {
    this.assertActive('commit');
    await this.host.commitTransaction(this);
  }

  async rollback(): Promise<void> {
    this.assertActive('rollback');
    await this.host.rollbackTransaction(this);
  }

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

  override async commit(): Promise<void> {
    this.assertActive('commit');
    await this.nestedHost.releaseSavepoint(this);
  }

  override async rollback(): Promise<void> {
    this.assertActive('rollback');
    await this.nestedHost.rollbackSavepoint(this);
  }
}
