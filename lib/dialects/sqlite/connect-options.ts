import type { EngineUrl } from '../../drivers/engine-url';
import type { PoolOptions } from '../../drivers/pool';
import { ArgumentError } from '../../errors';

const JOURNAL_MODES = ['delete', 'truncate', 'persist', 'memory', 'wal', 'off'] as const;
const TRANSACTION_MODES = ['deferred', 'immediate', 'exclusive'] as const;

/** A connection option from `connectArgs` (camelCase) or the URL (snake_case), checked against its values. */
function choice<T extends string>(
  url: EngineUrl,
  connectArgs: Readonly<Record<string, unknown>>,
  arg: string,
  query: string,
  values: readonly T[],
): T | undefined {
  const raw = connectArgs[arg] ?? url.query[query];
  if (raw === undefined) return undefined;
  const value = String(raw).toLowerCase();
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new ArgumentError(
    `sqlite ${query} (${arg}) must be one of ${values.join(', ')}, not ${JSON.stringify(raw)}`,
  );
}

/** `busy_timeout` in ms: how long a connection waits for another's lock before SQLITE_BUSY. */
function busyTimeout(url: EngineUrl, connectArgs: Readonly<Record<string, unknown>>): number {
  const raw = connectArgs['busyTimeout'] ?? url.query['busy_timeout'] ?? 5000;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new ArgumentError(
    `sqlite busy_timeout (busyTimeout) must be a whole number of milliseconds >= 0, not ${JSON.stringify(raw)}`,
  );
}

export type JournalMode = (typeof JOURNAL_MODES)[number];
export type TransactionMode = (typeof TRANSACTION_MODES)[number];

/** The concurrency options of a SQLite connection, checked (they are written into PRAGMAs and BEGIN). */
export interface SqliteConnectOptions {
  /** `PRAGMA journal_mode`; undefined leaves the file's mode alone. */
  readonly journalMode: JournalMode | undefined;
  /** The BEGIN of every transaction; undefined is SQLite's deferred `BEGIN`. */
  readonly transactionMode: TransactionMode | undefined;
  /** `PRAGMA busy_timeout`, ms. */
  readonly busyTimeout: number;
}

/**
 * `journal_mode`, `transaction_mode` and `busy_timeout` from the URL's query, or `journalMode`,
 * `transactionMode`, `busyTimeout` from `connectArgs`; a wrong value is an ArgumentError naming it.
 * Shared by the SQLite drivers.
 */
export function sqliteConnectOptions(
  url: EngineUrl,
  connectArgs: Readonly<Record<string, unknown>>,
): SqliteConnectOptions {
  return {
    journalMode: choice(url, connectArgs, 'journalMode', 'journal_mode', JOURNAL_MODES),
    transactionMode: choice(url, connectArgs, 'transactionMode', 'transaction_mode', TRANSACTION_MODES),
    busyTimeout: busyTimeout(url, connectArgs),
  };
}

/**
 * What a database file shared by several pooled connections needs so that concurrent writers all
 * succeed: WAL (readers never block the writer) and `BEGIN IMMEDIATE` (a transaction takes the write
 * lock when it begins, so two transactions that read first cannot deadlock upgrading). Only where
 * the URL says nothing of them; a pool of one connection keeps SQLite's own defaults.
 */
export function concurrentFileDefaults(url: EngineUrl, pool: PoolOptions): Readonly<Record<string, unknown>> {
  const shared = (pool.max ?? 1) > 1 && url.database !== undefined && url.database !== ':memory:';
  if (!shared || url.query['mode'] === 'ro') return {};
  return {
    ...(url.query['journal_mode'] === undefined ? { journalMode: 'wal' } : {}),
    ...(url.query['transaction_mode'] === undefined ? { transactionMode: 'immediate' } : {}),
  };
}
