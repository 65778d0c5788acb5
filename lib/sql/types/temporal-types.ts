import type { DialectName } from '../dialect-name';
import { SqlType, type TypeAffinity, type ValueProcessor } from './sql-type';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a Date, read in UTC. */
export function utcDateString(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` of a Date in UTC: sortable, and understood by SQLite's functions. */
export function utcDateTimeString(d: Date): string {
  return (
    `${utcDateString(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:` +
    `${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/**
 * Parses what a driver returns for a timestamp into a Date. Strings without an offset are UTC:
 * Athanor stores naive timestamps as UTC wall time on every dialect.
 */
export function parseUtcDateTime(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  const s = String(v).trim().replace(' ', 'T');
  const hasZone = /(Z|[+-]\d\d(:?\d\d)?)$/.test(s) && s.length > 10;
  return new Date(hasZone ? s.replace(/([+-]\d\d)$/, '$1:00') : `${s}Z`);
}

/**
 * A point in time; values are `Date`. With `timezone: true` the column keeps the instant
 * (`TIMESTAMP WITH TIME ZONE`, `DATETIMEOFFSET`); without, the UTC wall time is stored.
 * Precision is milliseconds, as JavaScript's Date.
 */
export class DateTimeType extends SqlType<Date> {
  readonly name: string;
  constructor(
    readonly timezone = false,
    /** Fractional-second digits; the default is the database's (PostgreSQL) or 3 (the others). */
    readonly precision?: number,
  ) {
    super();
    this.name = (timezone ? 'dateTime(tz)' : 'dateTime') + (precision === undefined ? '' : `(${precision})`);
  }
  ddl(dialect: DialectName): string {
    const tz = this.timezone;
    const p = this.precision;
    switch (dialect) {
      case 'postgresql': {
        const base = p === undefined ? 'TIMESTAMP' : `TIMESTAMP(${p})`;
        return tz ? `${base} WITH TIME ZONE` : base;
      }
      case 'mysql':
      case 'mariadb':
        return `DATETIME(${p ?? 3})`;
      case 'sqlite':
        return 'DATETIME';
      case 'mssql':
        return tz ? `DATETIMEOFFSET(${p ?? 3})` : `DATETIME2(${p ?? 3})`;
      case 'oracle':
        return tz ? `TIMESTAMP(${p ?? 3}) WITH TIME ZONE` : `TIMESTAMP(${p ?? 3})`;
    }
  }
  override bindProcessor(dialect: DialectName): ValueProcessor | undefined {
    switch (dialect) {
      case 'sqlite':
        return (v) => (v instanceof Date ? utcDateTimeString(v) : v);
      case 'postgresql':
        // Send an explicit UTC instant, so the server's TimeZone setting never shifts values.
        return this.timezone
          ? (v) => (v instanceof Date ? v.toISOString() : v)
          : (v) => (v instanceof Date ? utcDateTimeString(v) : v);
      default:
        return undefined; // mysql2 (timezone 'Z'), tedious (useUTC) and oracledb bind Dates as UTC
    }
  }
  override resultProcessor(): ValueProcessor {
    return parseUtcDateTime;
  }
  override get affinity(): TypeAffinity {
    return 'datetime';
  }
}

/** A calendar date as a `YYYY-MM-DD` string: no time zone can shift it. Dates are accepted on input. */
export class DateType extends SqlType<string> {
  readonly name = 'date';
  ddl(dialect: DialectName): string {
    return dialect === 'sqlite' ? 'DATE' : 'DATE';
  }
  override bindProcessor(): ValueProcessor {
    return (v) => (v instanceof Date ? utcDateString(v) : v);
  }
  override resultProcessor(): ValueProcessor {
    return (v) => {
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return utcDateString(v);
      return String(v).slice(0, 10);
    };
  }
  override get affinity(): TypeAffinity {
    return 'date';
  }
}

/** A time of day as `HH:MM:SS[.fff]`. Oracle has no TIME type: it is stored as text there. */
export class TimeType extends SqlType<string> {
  readonly name = 'time';
  ddl(dialect: DialectName): string {
    if (dialect === 'oracle') return 'VARCHAR2(18)';
    return dialect === 'mssql' || dialect === 'mysql' || dialect === 'mariadb' ? 'TIME(3)' : 'TIME';
  }
  override resultProcessor(): ValueProcessor {
    return (v) => {
      if (v === null || v === undefined) return null;
      if (v instanceof Date) {
        const ms = v.getUTCMilliseconds();
        const base = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
        return ms ? `${base}.${pad(ms, 3)}` : base;
      }
      return String(v).replace(/\.0+$/, '');
    };
  }
  override get affinity(): TypeAffinity {
    return 'time';
  }
}
