/**
 * Minimal declarations for client libraries that ship no types, covering only what the adapters
 * use. @internal
 */
declare module 'pg-cursor' {
  import type { CustomTypesConfig, Submittable } from 'pg';
  class Cursor<R = Record<string, unknown>> implements Submittable {
    constructor(text: string, values?: readonly unknown[], config?: { types?: CustomTypesConfig });
    submit: Submittable['submit'];
    read(rows: number): Promise<R[]>;
    close(): Promise<void>;
  }
  export = Cursor;
}

declare module 'mssql' {
  namespace mssql {
    interface IResult {
      recordset?: Record<string, unknown>[];
      recordsets?: Record<string, unknown>[][];
      rowsAffected: number[];
    }
    class Request {
      constructor(pool: ConnectionPool);
      stream: boolean;
      input(name: string, value: unknown): Request;
      query(sql: string): Promise<IResult>;
      pause(): boolean;
      resume(): boolean;
      cancel(): boolean;
      on(event: 'row', listener: (row: Record<string, unknown>) => void): Request;
      on(event: 'error', listener: (error: Error) => void): Request;
      on(event: 'done', listener: (result: unknown) => void): Request;
    }
    class ConnectionPool {
      constructor(config: Record<string, unknown>);
      connect(): Promise<ConnectionPool>;
      close(): Promise<void>;
      request(): Request;
      readonly connected: boolean;
      on(event: 'error', listener: (error: Error) => void): ConnectionPool;
    }
  }
  const mssql: { ConnectionPool: typeof mssql.ConnectionPool; Request: typeof mssql.Request };
  export = mssql;
}

declare module 'oracledb' {
  namespace oracledb {
    interface Result {
      rows?: Record<string, unknown>[];
      rowsAffected?: number;
      outBinds?: unknown;
      resultSet?: ResultSet;
    }
    interface ResultSet {
      getRows(n: number): Promise<Record<string, unknown>[]>;
      close(): Promise<void>;
    }
    interface ExecuteOptions {
      autoCommit?: boolean;
      outFormat?: number;
      resultSet?: boolean;
      fetchArraySize?: number;
      fetchTypeHandler?: (meta: { dbType: number }) => { type: number } | undefined;
      bindDefs?: unknown[];
    }
    interface Connection {
      execute(sql: string, binds: unknown, options: ExecuteOptions): Promise<Result>;
      executeMany(sql: string, binds: unknown[], options: ExecuteOptions): Promise<Result>;
      ping(): Promise<void>;
      close(): Promise<void>;
      isHealthy(): boolean;
      readonly oracleServerVersionString: string;
    }
  }
  const oracledb: {
    getConnection(config: Record<string, unknown>): Promise<oracledb.Connection>;
    readonly OUT_FORMAT_OBJECT: number;
    readonly BIND_OUT: number;
    readonly BIND_IN: number;
    readonly STRING: number;
    readonly NUMBER: number;
    readonly DATE: number;
    readonly BUFFER: number;
    readonly DB_TYPE_CLOB: number;
    readonly DB_TYPE_NCLOB: number;
    readonly DB_TYPE_BLOB: number;
    readonly DB_TYPE_JSON: number;
    readonly DB_TYPE_TIMESTAMP: number;
    readonly DB_TYPE_TIMESTAMP_TZ: number;
    readonly DB_TYPE_TIMESTAMP_LTZ: number;
    readonly DB_TYPE_BINARY_DOUBLE: number;
  };
  export = oracledb;
}
