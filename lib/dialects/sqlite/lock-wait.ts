import { errorCode, type DriverQuery } from '../../drivers/driver';
import type { TransactionMode } from './connect-options';

/** Statements that may wait for another connection's lock with nothing done when they get SQLITE_BUSY. */
const MAY_WAIT = /^\s*(BEGIN|COMMIT|END)\b/i;

/**
 * With a transaction mode set, waiting for locks happens in JS, not in SQLite's busy handler:
 * - `sqlite3` runs statements on libuv's worker threads (4 by default); connections sleeping in the
 *   busy handler can occupy every one, so the holder of the lock never gets a thread to COMMIT and
 *   every writer fails after busy_timeout;
 * - `better-sqlite3` runs them on the main thread; its busy handler sleeps there, so a lock held by
 *   another connection of the same process can never be released while it waits.
 * BEGIN, COMMIT and statements outside a transaction are retried with backoff instead: one that got
 * SQLITE_BUSY did nothing (a COMMIT that got it may be repeated). Other statements run once.
 */
export function waitsForLocks(q: DriverQuery, transactionMode: TransactionMode | undefined): boolean {
  return transactionMode !== undefined && (q.autoCommit || MAY_WAIT.test(q.sql));
}

/** `run` retried while it fails with SQLITE_BUSY, for up to `timeoutMillis`; then its last error. */
export async function retryWhileBusy<T>(run: () => Promise<T>, timeoutMillis: number): Promise<T> {
  const deadline = Date.now() + timeoutMillis;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      return await run();
    } catch (e) {
      if (!/^SQLITE_BUSY/.test(errorCode(e) ?? '') || Date.now() + delay > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The connection's PRAGMAs: foreign keys on, the native busy timeout, the journal mode if asked. */
export function connectPragmas(options: {
  readonly journalMode: string | undefined;
  readonly transactionMode: TransactionMode | undefined;
  readonly busyTimeout: number;
}): string[] {
  // With a transaction mode, waits happen in JS (see waitsForLocks); SQLite's handler only otherwise.
  const nativeBusy = options.transactionMode === undefined ? options.busyTimeout : 0;
  // Foreign keys are off by default in SQLite; an ORM needs them enforced.
  const pragmas = ['foreign_keys = ON', `busy_timeout = ${nativeBusy}`];
  // WAL: readers do not block the writer nor it them (the mode is stored in the file).
  if (options.journalMode !== undefined) pragmas.push(`journal_mode = ${options.journalMode.toUpperCase()}`);
  return pragmas;
}

/** `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE` for a transaction mode; undefined: the dialect's own BEGIN. */
export function beginStatements(transactionMode: TransactionMode | undefined): string[] | undefined {
  // A deferred transaction that reads, then writes while another connection writes, gets
  // SQLITE_BUSY at once (waiting could deadlock); IMMEDIATE takes the write lock at BEGIN, where it
  // can wait.
  return transactionMode === undefined ? undefined : [`BEGIN ${transactionMode.toUpperCase()}`];
}
