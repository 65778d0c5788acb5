import type { DialectDefinition } from '../../drivers/dialect-definition';
import { STANDARD_PREPARER } from '../../sql/compiler/identifier-preparer';
import { sqliteInspector } from './inspector';
import type { EngineUrl } from '../../drivers/engine-url';
import type { PoolOptions } from '../../drivers/pool';
import { sqliteCapabilities } from './capabilities';
import { concurrentFileDefaults } from './connect-options';
import { SqliteCompiler } from './compiler';
import { SqliteDdlCompiler } from './ddl-compiler';
import { sqliteDriver } from './driver';
import { betterSqliteDriver } from './better-sqlite3-driver';
import { sqliteTransactions } from './transactions';
import { sqliteTypes } from './types';
import { SqliteMigrationDdl } from './migration-ddl';

/** One writer at a time; an in-memory database lives and dies with its only connection. */
function adjustPool(url: EngineUrl, options: PoolOptions): PoolOptions {
  const memory = url.database === ':memory:';
  const adjusted = { ...options, max: memory ? 1 : (options.max ?? 1) };
  if (memory) {
    adjusted.min = 1;
    adjusted.recycleMillis = undefined;
  }
  return adjusted;
}

/**
 * SQLite through `sqlite3`: `sqlite://` (in memory), `sqlite:///relative.db`, `sqlite:////absolute.db`;
 * through `better-sqlite3` with the same paths after `sqlite+better-sqlite3://`.
 */
export const sqliteDialect: DialectDefinition<'sqlite'> = Object.freeze({
  name: 'sqlite',
  schemes: Object.freeze(['sqlite']),
  urlStyle: 'file',
  telemetryName: 'sqlite',
  capabilities: sqliteCapabilities,
  types: sqliteTypes,
  preparer: STANDARD_PREPARER,
  statementCompiler: SqliteCompiler,
  ddlCompiler: SqliteDdlCompiler,
  migrationDdlCompiler: SqliteMigrationDdl,
  driver: sqliteDriver,
  drivers: Object.freeze({ 'better-sqlite3': betterSqliteDriver }),
  transactions: sqliteTransactions,
  inspector: sqliteInspector,
  adjustPool,
  connectDefaults: concurrentFileDefaults,
  singleConnection: (url: EngineUrl) => url.database === ':memory:',
});

export { SqliteCompiler, SqliteDdlCompiler };
