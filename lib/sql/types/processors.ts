import { ArgumentError } from '../../errors';
import type { BigIntMode, TypeOfKind, ValueProcessor } from './sql-type';

/**
 * The value conversions dialects share. A dialect's type renderer picks, per kind, which of these
 * (or of its own) convert bound values and results; each entry here is a processor factory taking
 * the type, so parameters such as a numeric's scale are read once, not per value.
 */

/** No conversion: values pass as they are. */
export const passThrough = (): undefined => undefined;

/** A factory that always returns `processor`, for conversions that need no type parameter. */
export const always = (processor: ValueProcessor) => (): ValueProcessor => processor;

/** A number, from a driver that may return a string (64-bit and DECIMAL results). */
export const toNumber: ValueProcessor = (v) => (v === null || typeof v === 'number' ? v : Number(v));

/** `bigint` → its decimal string (for clients that take no bigint). */
export const bigintAsString: ValueProcessor = (v) => (typeof v === 'bigint' ? v.toString() : v);

/** A number → its decimal string (exact DECIMAL parameters). */
export const numberAsString: ValueProcessor = (v) => (typeof v === 'number' ? String(v) : v);

/** `true` / `false` → 1 / 0, where booleans are stored as integers. */
export const booleanAsInteger: ValueProcessor = (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** 0 / 1 (or a boolean) → a boolean. */
export const booleanFromInteger: ValueProcessor = (v) =>
  v === null || v === undefined ? null : typeof v === 'boolean' ? v : Number(v) !== 0;

/** A 64-bit integer in the type's mode: `bigint`, an exact `number`, or a decimal string. */
export function bigIntegerResult(type: TypeOfKind<'bigInteger'>): ValueProcessor {
  const mode: BigIntMode = type.mode;
  return (v) => {
    if (v === null || v === undefined) return null;
    if (mode === 'string') return String(v);
    if (mode === 'bigint') return typeof v === 'bigint' ? v : BigInt(String(v));
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isSafeInteger(n)) {
      throw new ArgumentError(
        `bigInteger value ${String(v)} does not fit a JavaScript number exactly; use types.bigInteger({ mode: 'bigint' })`,
      );
    }
    return n;
  };
}

/** A decimal as a string (formatted at the declared scale when the driver gives a number), or a number. */
export function numericResult(type: TypeOfKind<'numeric'>): ValueProcessor {
  if (type.asNumber) return toNumber;
  const scale = type.scale;
  return (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return v;
    // Drivers that return numbers (sqlite3, tedious): format at the declared scale.
    return typeof v === 'number' && scale !== undefined ? v.toFixed(scale) : String(v);
  };
}

/** A JSON document → its text. */
export const jsonAsText: ValueProcessor = (v) => (v === null || v === undefined ? v : JSON.stringify(v));

/** JSON text (or a Buffer of it) → the document; anything else passes. */
export const jsonFromText: ValueProcessor = (v) => {
  if (typeof v === 'string') return JSON.parse(v) as unknown;
  if (Buffer.isBuffer(v)) return JSON.parse(v.toString('utf8')) as unknown;
  return v;
};

/** A Uint8Array that is not a Buffer → a Buffer. */
export const bufferResult: ValueProcessor = (v) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v;

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

/** The number of `len` ASCII digits at `at`, or -1 when one is not a digit. */
function digits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * `YYYY-MM-DD HH:MM:SS[.mmm]` (what Athanor writes to SQLite, read once per row and column) as a
 * UTC Date without building intermediate strings; undefined for any other form, or a value the
 * general parser would treat otherwise (day past 28, year before 100), which it then parses.
 */
function parseWallTime(s: string): Date | undefined {
  const n = s.length;
  if ((n !== 19 && n !== 23) || s.charCodeAt(10) !== 32) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  let ms = 0;
  if (n === 23) {
    if (s.charCodeAt(19) !== 46) return undefined;
    ms = digits(s, 20, 3);
  }
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

/**
 * Parses what a driver returns for a timestamp into a Date. Strings without an offset are UTC:
 * Athanor stores naive timestamps as UTC wall time on every dialect.
 */
export function parseUtcDateTime(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') {
    const fast = parseWallTime(v);
    if (fast !== undefined) return fast;
  }
  const s = String(v).trim().replace(' ', 'T');
  const hasZone = /(Z|[+-]\d\d(:?\d\d)?)$/.test(s) && s.length > 10;
  return new Date(hasZone ? s.replace(/([+-]\d\d)$/, '$1:00') : `${s}Z`);
}

/** A Date → `YYYY-MM-DD` in UTC; strings pass. */
export const dateAsString: ValueProcessor = (v) => (v instanceof Date ? utcDateString(v) : v);

/** Whatever the driver returns for a DATE → `YYYY-MM-DD`. */
export const dateFromDriver: ValueProcessor = (v) => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return utcDateString(v);
  return String(v).slice(0, 10);
};

/** A Date → its UTC wall time `YYYY-MM-DD HH:MM:SS.mmm` (naive timestamps hold UTC). */
export const dateTimeAsUtcWallTime: ValueProcessor = (v) => (v instanceof Date ? utcDateTimeString(v) : v);

/** A Date → an ISO-8601 instant with `Z`, so the server's time zone never shifts it. */
export const dateTimeAsInstant: ValueProcessor = (v) => (v instanceof Date ? v.toISOString() : v);

/** Whatever the driver returns for a TIME → `HH:MM:SS[.fff]`. */
export const timeFromDriver: ValueProcessor = (v) => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const ms = v.getUTCMilliseconds();
    const base = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
    return ms ? `${base}.${pad(ms, 3)}` : base;
  }
  return String(v).replace(/\.0+$/, '');
};
