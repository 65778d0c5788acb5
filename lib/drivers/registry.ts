import type { Driver } from './driver';
import type { DriverName } from './url';
import { mssqlDriver } from './adapters/mssql';
import { mysqlDriver } from './adapters/mysql';
import { oracleDriver } from './adapters/oracle';
import { pgDriver } from './adapters/pg';
import { sqliteDriver } from './adapters/sqlite';

/** The adapter of each client library. Client modules load lazily, on first connect. @internal */
export const DRIVERS: Readonly<Record<DriverName, Driver>> = Object.freeze({
  pg: pgDriver,
  mysql2: mysqlDriver,
  sqlite3: sqliteDriver,
  mssql: mssqlDriver,
  oracledb: oracleDriver,
});
