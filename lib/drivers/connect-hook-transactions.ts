import type { Transaction } from './transaction';

/**
 * Transactions an `engineConnect` listener began on a connection it was handed. A session that
 * checks such a connection out takes the transaction as its own (as SQLAlchemy does); any other
 * transaction already open on a checked-out connection — a test's shared connection, say — is not
 * the session's to commit.
 */
const begunByConnectHooks = new WeakSet<Transaction>();

/** Records `tx` as begun by an `engineConnect` listener. @internal */
export function markConnectHookTransaction(tx: Transaction): void {
  begunByConnectHooks.add(tx);
}

/** Whether an `engineConnect` listener began `tx`. @internal */
export function isConnectHookTransaction(tx: Transaction | undefined): tx is Transaction {
  return tx !== undefined && begunByConnectHooks.has(tx);
}
